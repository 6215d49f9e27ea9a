/**
 * Times as a person reads them in a terminal: "30 Nov 08:00" in the channel's
 * time zone, or "2 h ago" when there is a moment to count from (the digest's
 * own creation time, so rendering stays a pure function).
 */
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export function formatClockTime(date: Date, timeZone: string, withYear = false): string {
  if (Number.isNaN(date.getTime())) return "";
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  const dayMonth = `${part("day")} ${part("month")}${withYear ? ` ${part("year")}` : ""}`;
  return `${dayMonth} ${part("hour")}:${part("minute")}`;
}

/** "just now", "5 min ago", "3 h ago" within a day before `now`; the clock time otherwise. */
export function formatItemTime(date: Date, now: Date | null, timeZone: string): string {
  if (Number.isNaN(date.getTime())) return "";
  if (now === null) return formatClockTime(date, timeZone);
  const age = now.getTime() - date.getTime();
  if (age >= 0 && age < minute) return "just now";
  if (age >= 0 && age < hour) return `${Math.floor(age / minute)} min ago`;
  if (age >= 0 && age < day) return `${Math.floor(age / hour)} h ago`;
  return formatClockTime(date, timeZone, yearIn(date, timeZone) !== yearIn(now, timeZone));
}

function yearIn(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric" }).format(date);
}
