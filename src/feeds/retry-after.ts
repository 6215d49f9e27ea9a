/**
 * Retry-After (RFC 9110 §10.2.3) is either a number of seconds or an HTTP
 * date. Returns the wait in ms from `now` (never negative), or null when the
 * header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10) * 1000;
  // An HTTP-date always names a day or month (RFC 9110 §5.6.7); Date.parse alone would take "-5".
  if (!/[a-z]{3}/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
