/** The response headers freshness depends on (lower-case names, first value). */
export interface FreshnessHeaders {
  cacheControl: string | null;
  expires: string | null;
  date: string | null;
  age: string | null;
}

/**
 * How long the server says its answer stays fresh, in ms: a hint for when to
 * poll again. Computed as RFC 9111 §4.2: max-age wins over Expires (§5.3),
 * Expires counts from the server's Date (§4.2.1), and Age already spent is
 * subtracted (§4.2.3). no-store / no-cache give 0. Null when nothing says.
 */
export function freshnessLifetimeMs(headers: FreshnessHeaders, now: Date): number | null {
  const directives = parseCacheControl(headers.cacheControl);
  const ageMs = (seconds(headers.age) ?? 0) * 1000;
  if (directives.has("no-store") || directives.has("no-cache")) return 0;
  const maxAge = seconds(directives.get("max-age"));
  if (maxAge !== null) return Math.max(0, maxAge * 1000 - ageMs);
  if (headers.expires !== null) {
    const expires = Date.parse(headers.expires);
    // An unreadable Expires means "already expired" (RFC 9111 §5.3).
    if (Number.isNaN(expires)) return 0;
    const dated = headers.date === null ? Number.NaN : Date.parse(headers.date);
    const base = Number.isNaN(dated) ? now.getTime() : dated;
    return Math.max(0, expires - base - ageMs);
  }
  return null;
}

function parseCacheControl(value: string | null): Map<string, string | undefined> {
  const directives = new Map<string, string | undefined>();
  if (value === null) return directives;
  for (const part of value.split(",")) {
    const [rawName, ...rest] = part.split("=");
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    const raw = rest.join("=").trim().replace(/^"|"$/g, "");
    directives.set(name, rest.length > 0 ? raw : undefined);
  }
  return directives;
}

function seconds(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  return Number.parseInt(value, 10);
}
