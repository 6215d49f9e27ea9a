import { describe, expect, it } from "vitest";
import type { Schedule } from "../../../src/core/digest/schedule.js";
import { digestCron, digestSchedulerId } from "../../../src/queue/workers/digest-schedules.js";

const base: Schedule = { every: "daily", at: "08:00", day: "mon", timeZone: "UTC" };

describe("digestCron", () => {
  const cases: Array<[string, Partial<Schedule>, string | null]> = [
    ["realtime has no scheduler", { every: "realtime" }, null],
    ["hourly at :00", { every: "hourly", at: "08:00" }, "0 * * * *"],
    ["hourly keeps only the minutes", { every: "hourly", at: "17:45" }, "45 * * * *"],
    ["daily at 08:00", { every: "daily", at: "08:00" }, "0 8 * * *"],
    ["daily at 23:59", { every: "daily", at: "23:59" }, "59 23 * * *"],
    ["daily with a one-digit hour", { every: "daily", at: "7:05" }, "5 7 * * *"],
    ["weekly on Monday", { every: "weekly", at: "09:30", day: "mon" }, "30 9 * * 1"],
    ["weekly on Sunday is day 0", { every: "weekly", at: "00:00", day: "sun" }, "0 0 * * 0"],
    ["weekly on Saturday is day 6", { every: "weekly", at: "18:15", day: "sat" }, "15 18 * * 6"],
  ];
  it.each(cases)("%s", (_name, schedule, cron) => {
    expect(digestCron({ ...base, ...schedule })).toBe(cron);
  });

  it("refuses a time that is not a time of day", () => {
    expect(() => digestCron({ ...base, at: "24:00" })).toThrow(RangeError);
    expect(() => digestCron({ ...base, at: "8am" })).toThrow(RangeError);
  });
});

describe("digestSchedulerId", () => {
  const id = (channel: string, schedule: Partial<Schedule>) =>
    digestSchedulerId({ channel, schedule: { ...base, ...schedule } });

  const same: Array<[string, Partial<Schedule>, Partial<Schedule>]> = [
    ["daily ignores the weekday", { day: "mon" }, { day: "fri" }],
    ["hourly ignores the hour", { every: "hourly", at: "08:15" }, { every: "hourly", at: "11:15" }],
    ["7:05 and 07:05 are one time", { at: "7:05" }, { at: "07:05" }],
  ];
  it.each(same)("shared: %s", (_name, a, b) => {
    expect(id("slack:T1/C1", a)).toBe(id("slack:T1/C1", b));
  });

  const different: Array<[string, Partial<Schedule>, Partial<Schedule>]> = [
    ["another time", { at: "08:00" }, { at: "09:00" }],
    ["another zone", { timeZone: "UTC" }, { timeZone: "Europe/Berlin" }],
    ["daily vs weekly", { every: "daily" }, { every: "weekly" }],
    ["weekly on another day", { every: "weekly", day: "mon" }, { every: "weekly", day: "tue" }],
    [
      "hourly at another minute",
      { every: "hourly", at: "08:15" },
      { every: "hourly", at: "08:30" },
    ],
  ];
  it.each(different)("separate: %s", (_name, a, b) => {
    expect(id("slack:T1/C1", a)).not.toBe(id("slack:T1/C1", b));
  });

  it("is per channel, and a valid BullMQ id (no ':')", () => {
    expect(id("slack:T1/C1", {})).not.toBe(id("slack:T1/C2", {}));
    expect(id("slack:T1/C1", {})).not.toContain(":");
  });
});
