import { type Schedule, WEEKDAYS } from "./schedule.js";
import { addDays, instantOfWallTime, wallTimeAt } from "./zoned-time.js";

/**
 * When a subscription's next digest is due, strictly after `now`. Daily and
 * weekly digests keep their local wall time across DST changes (08:00 stays
 * 08:00); a realtime subscription is due now.
 */
export function nextRunAt(schedule: Schedule, now: Date): Date {
  const [hour, minute] = parseHhmm(schedule.at);
  switch (schedule.every) {
    case "realtime":
      return now;
    case "hourly":
      return nextHourly(minute, now, schedule.timeZone);
    case "daily":
    case "weekly": {
      const today = wallTimeAt(now, schedule.timeZone);
      const target = schedule.every === "weekly" ? WEEKDAYS.indexOf(schedule.day) : today.weekday;
      let ahead = (target - today.weekday + 7) % 7;
      let run = instantOfWallTime(addDays(today, ahead), hour, minute, schedule.timeZone);
      if (run.getTime() <= now.getTime()) {
        ahead += schedule.every === "weekly" ? 7 : 1;
        run = instantOfWallTime(addDays(today, ahead), hour, minute, schedule.timeZone);
      }
      return run;
    }
  }
}

/** At the given minute of every local hour (zones with half-hour offsets shift it in UTC). */
function nextHourly(minute: number, now: Date, timeZone: string): Date {
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  const local = wallTimeAt(new Date(start), timeZone).minute;
  let run = start + ((minute - local + 60) % 60) * 60_000;
  if (run <= now.getTime()) run += 3_600_000;
  return new Date(run);
}

export function parseHhmm(at: string): [number, number] {
  const match = /^(\d{1,2}):(\d{2})$/.exec(at);
  if (match === null) throw new RangeError(`schedule: expected HH:MM, got "${at}"`);
  return [Number(match[1]), Number(match[2])];
}
