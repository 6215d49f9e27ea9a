import { describe, expect, it } from "vitest";
import { describeSchedule } from "../../../src/core/digest/describe-schedule.js";
import { nextRunAt } from "../../../src/core/digest/next-run-at.js";
import type { Schedule } from "../../../src/core/digest/schedule.js";
import { instantOfWallTime, isValidTimeZone } from "../../../src/core/digest/zoned-time.js";

const s = (over: Partial<Schedule>): Schedule => ({
  every: "daily",
  at: "08:00",
  day: "mon",
  timeZone: "UTC",
  ...over,
});

describe("nextRunAt", () => {
  // 2026: London springs forward Mar 29 01:00 UTC and falls back Oct 25 01:00 UTC;
  // New York springs forward Mar 8 07:00 UTC and falls back Nov 1 06:00 UTC.
  const cases: Array<{ name: string; schedule: Schedule; now: string; expected: string }> = [
    {
      name: "London daily 08:00 into BST keeps 08:00 local",
      schedule: s({ timeZone: "Europe/London" }),
      now: "2026-03-28T09:00:00Z",
      expected: "2026-03-29T07:00:00.000Z",
    },
    {
      name: "London daily 08:00 back to GMT keeps 08:00 local",
      schedule: s({ timeZone: "Europe/London" }),
      now: "2026-10-24T08:00:00Z",
      expected: "2026-10-25T08:00:00.000Z",
    },
    {
      name: "London 01:30 in the March gap moves forward to 02:30 BST",
      schedule: s({ timeZone: "Europe/London", at: "01:30" }),
      now: "2026-03-28T12:00:00Z",
      expected: "2026-03-29T01:30:00.000Z",
    },
    {
      name: "London 01:30 in the October overlap runs at the first one (BST)",
      schedule: s({ timeZone: "Europe/London", at: "01:30" }),
      now: "2026-10-24T12:00:00Z",
      expected: "2026-10-25T00:30:00.000Z",
    },
    {
      name: "New York 02:30 in the March gap moves forward to 03:30 EDT",
      schedule: s({ timeZone: "America/New_York", at: "02:30" }),
      now: "2026-03-07T12:00:00Z",
      expected: "2026-03-08T07:30:00.000Z",
    },
    {
      name: "New York 01:30 in the November overlap runs at the first one (EDT)",
      schedule: s({ timeZone: "America/New_York", at: "01:30" }),
      now: "2026-10-31T12:00:00Z",
      expected: "2026-11-01T05:30:00.000Z",
    },
    {
      name: "New York daily 08:00 on the fall-back day is 08:00 EST",
      schedule: s({ timeZone: "America/New_York" }),
      now: "2026-11-01T11:00:00Z",
      expected: "2026-11-01T13:00:00.000Z",
    },
    {
      name: "New York weekly Monday 09:00 after spring-forward Sunday",
      schedule: s({ timeZone: "America/New_York", every: "weekly", day: "mon", at: "09:00" }),
      now: "2026-03-08T12:00:00Z",
      expected: "2026-03-09T13:00:00.000Z",
    },
    {
      name: "weekly on the day, after the time: next week",
      schedule: s({ every: "weekly", day: "mon", timeZone: "Europe/London" }),
      now: "2026-11-30T09:00:00Z",
      expected: "2026-12-07T08:00:00.000Z",
    },
    {
      name: "weekly on the day, before the time: today",
      schedule: s({ every: "weekly", day: "mon", timeZone: "Europe/London" }),
      now: "2026-11-30T07:00:00Z",
      expected: "2026-11-30T08:00:00.000Z",
    },
    {
      name: "exactly at the time: the next day (strictly after now)",
      schedule: s({}),
      now: "2026-11-30T08:00:00Z",
      expected: "2026-12-01T08:00:00.000Z",
    },
    {
      name: "Berlin winter daily 08:00",
      schedule: s({ timeZone: "Europe/Berlin" }),
      now: "2026-11-30T06:00:00Z",
      expected: "2026-11-30T07:00:00.000Z",
    },
    {
      name: "local date differs from UTC date (Tokyo)",
      schedule: s({ timeZone: "Asia/Tokyo" }),
      now: "2026-11-30T20:00:00Z",
      expected: "2026-11-30T23:00:00.000Z",
    },
    {
      name: "hourly at :15",
      schedule: s({ every: "hourly", at: "00:15" }),
      now: "2026-11-30T10:20:00Z",
      expected: "2026-11-30T11:15:00.000Z",
    },
    {
      name: "hourly at :00 in a half-hour zone (Kolkata)",
      schedule: s({ every: "hourly", at: "00:00", timeZone: "Asia/Kolkata" }),
      now: "2026-11-30T10:20:00Z",
      expected: "2026-11-30T10:30:00.000Z",
    },
    {
      name: "realtime is due now",
      schedule: s({ every: "realtime" }),
      now: "2026-11-30T10:20:00Z",
      expected: "2026-11-30T10:20:00.000Z",
    },
  ];
  for (const { name, schedule, now, expected } of cases) {
    it(name, () => {
      expect(nextRunAt(schedule, new Date(now)).toISOString()).toBe(expected);
    });
  }
});

describe("instantOfWallTime", () => {
  it("round-trips ordinary times", () => {
    const t = instantOfWallTime({ year: 2026, month: 7, day: 1 }, 12, 0, "America/New_York");
    expect(t.toISOString()).toBe("2026-07-01T16:00:00.000Z");
  });
});

describe("isValidTimeZone", () => {
  const cases = [
    { zone: "Europe/Berlin", valid: true },
    { zone: "UTC", valid: true },
    { zone: "Mars/Olympus", valid: false },
    { zone: "Europe/Berln", valid: false },
  ];
  for (const { zone, valid } of cases) it(zone, () => expect(isValidTimeZone(zone)).toBe(valid));
});

describe("describeSchedule", () => {
  const cases = [
    { schedule: s({ timeZone: "Europe/Berlin" }), expected: "daily at 08:00 Europe/Berlin" },
    {
      schedule: s({ every: "weekly", day: "fri", at: "17:30" }),
      expected: "weekly on Friday at 17:30 UTC",
    },
    { schedule: s({ every: "hourly", at: "00:15" }), expected: "hourly at :15" },
    { schedule: s({ every: "realtime" }), expected: "in real time, as articles arrive" },
  ];
  for (const { schedule, expected } of cases) {
    it(expected, () => expect(describeSchedule(schedule)).toBe(expected));
  }
});
