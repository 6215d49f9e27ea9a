/**
 * Query parameters that only track a click (campaigns, ad clicks, mailing
 * lists) and never change the page: dropped so one story shared with several
 * campaign tags dedups to one URL.
 */
const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "twclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "rb_clickid",
  "s_cid",
  "ncid",
  "cmpid",
  "ocid",
  "spm",
  "ref_src",
  "ref_url",
]);
const TRACKING_PREFIXES = ["utm_", "__hs", "pk_", "mtm_", "at_"];

function isTracking(name: string): boolean {
  const key = name.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((p) => key.startsWith(p));
}

/**
 * The canonical form of an article URL, used to dedup: fragment and tracking
 * parameters removed, scheme and host lowercased (WHATWG URL does both), default
 * ports dropped (RFC 3986 §6.2.3), remaining parameters kept in their order.
 * Returns null for what is not an absolute http(s) URL.
 */
export function canonicalUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  parsed.hash = "";
  if (parsed.search.length > 1) {
    const all = [...parsed.searchParams];
    const kept = all.filter(([name]) => !isTracking(name));
    // Re-serialize only when something went: URLSearchParams re-encodes (%20 → +).
    if (kept.length !== all.length) {
      parsed.search = kept.length === 0 ? "" : new URLSearchParams(kept).toString();
    }
  } else {
    parsed.search = "";
  }
  if (parsed.hostname.endsWith(".")) parsed.hostname = parsed.hostname.slice(0, -1);
  return parsed.href;
}
