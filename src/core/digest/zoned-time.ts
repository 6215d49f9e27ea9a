/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl: the offset
 * of a zone at an instant, and the instant of a local wall time, with the
 * DST gap and overlap resolved the way people expect.
 */
export interface WallTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone ("Europe/Berlin", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling ("europe/berlin" → "Europe/Berlin"). */
export function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
}

export function wallTimeAt(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const year = parts.year as number;
  const month = parts.month as number;
  const day = parts.day as number;
  return {
    year,
    month,
    day,
    hour: parts.hour as number,
    minute: parts.minute as number,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** Offset of local time from UTC at `ms`, in milliseconds (Berlin in winter: +3,600,000). */
export function offsetAt(ms: number, timeZone: string): number {
  const w = wallTimeAt(new Date(ms), timeZone);
  const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return local - Math.floor(ms / 60_000) * 60_000;
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall time happens in a zone. In the autumn overlap (01:30
 * happens twice) the first one wins; in the spring gap (02:30 never happens
 * in New York) the time moves forward by the gap (03:30), as cron does.
 */
export function instantOfWallTime(
  date: { year: number; month: number; day: number },
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter(
    (t) => offsetAt(t, timeZone) === wall - t,
  );
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In the gap: read the wall time with the offset from before the change.
  return new Date(wall - before);
}

/** Calendar arithmetic on a local date (no time zone involved). */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
