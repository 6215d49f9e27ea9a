import { WEEKDAYS } from "../digest/schedule.js";
import { addDays, instantOfWallTime, wallTimeAt } from "../digest/zoned-time.js";
import { parseWeekday } from "./parse-schedule-options.js";

/**
 * "24h", "3 days", "1w", "monday", "yesterday", "this week", "2026-11-01":
 * the start of a time window, in the asker's time zone. Null if not a time.
 */
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  wk: 604_800_000,
  wks: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
  month: 30 * 86_400_000,
  months: 30 * 86_400_000,
};

export const DEFAULT_WINDOW_MS = 86_400_000;

export function parseSince(text: string, now: Date, timeZone: string): Date | null {
  const phrase = text.trim().toLowerCase().replace(/\s+/g, " ");
  const duration = /^(?:(?:the )?(?:last|past) )?(\d+|an?|one)? ?([a-z]+)$/.exec(phrase);
  if (duration !== null) {
    const unit = UNIT_MS[duration[2] as string];
    if (unit !== undefined) {
      const count = /^\d+$/.test(duration[1] ?? "") ? Number(duration[1]) : 1;
      return count > 0 ? new Date(now.getTime() - count * unit) : null;
    }
  }
  const today = wallTimeAt(now, timeZone);
  const midnight = (daysBack: number) =>
    instantOfWallTime(addDays(today, -daysBack), 0, 0, timeZone);
  if (phrase === "today" || phrase === "this morning") return midnight(0);
  if (phrase === "yesterday") return midnight(1);
  if (phrase === "this week") return midnight((today.weekday + 6) % 7);
  if (phrase === "this month") return midnight(today.day - 1);
  const weekday = parseWeekday(phrase.replace(/^last /, ""));
  if (weekday !== undefined) {
    // The most recent such day, today included: "since Monday" on a Monday means this morning.
    return midnight((today.weekday - WEEKDAYS.indexOf(weekday) + 7) % 7);
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(phrase);
  if (iso !== null) {
    const date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return null;
    return instantOfWallTime(date, 0, 0, timeZone);
  }
  return null;
}
