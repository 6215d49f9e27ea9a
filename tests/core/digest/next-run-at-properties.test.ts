import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextRunAt } from "../../../src/core/digest/next-run-at.js";
import { WEEKDAYS, type Weekday } from "../../../src/core/digest/schedule.js";
import { wallTimeAt } from "../../../src/core/digest/zoned-time.js";

const zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"];
// 2024-2028 covers several DST changes in each hemisphere.
const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) });
const at = fc.tuple(fc.integer({ min: 4, max: 23 }), fc.integer({ min: 0, max: 59 }));

describe("nextRunAt (properties)", () => {
  it("daily: the next local HH:MM, strictly after now and within a day and an hour", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), at, (ms, timeZone, [h, m]) => {
        const hhmm = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
        const now = new Date(ms);
        const run = nextRunAt({ every: "daily", at: hhmm, day: "mon", timeZone }, now);
        expect(run.getTime()).toBeGreaterThan(ms);
        expect(run.getTime() - ms).toBeLessThanOrEqual(25 * 3_600_000);
        const wall = wallTimeAt(run, timeZone);
        expect([wall.hour, wall.minute]).toEqual([h, m]);
      }),
      { numRuns: 400 },
    );
  });

  it("weekly: on the right local day, within a week", () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...zones),
        fc.constantFrom<Weekday>("mon", "wed", "sun"),
        (ms, timeZone, day) => {
          const run = nextRunAt({ every: "weekly", at: "08:00", day, timeZone }, new Date(ms));
          expect(run.getTime()).toBeGreaterThan(ms);
          expect(run.getTime() - ms).toBeLessThanOrEqual(7 * 86_400_000 + 3_600_000);
          expect(WEEKDAYS[wallTimeAt(run, timeZone).weekday]).toBe(day);
        },
      ),
      { numRuns: 300 },
    );
  });
});
