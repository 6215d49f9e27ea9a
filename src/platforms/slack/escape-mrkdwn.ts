/**
 * Making feed text inert in Slack mrkdwn. Slack's formatting guide says the
 * only characters to escape are `&`, `<` and `>` ("Escaping text",
 * https://docs.slack.dev/messaging/formatting-message-text#escaping): with
 * them encoded, no feed title can spell `<!channel>`, `<!here>`, `<@U123>` or
 * a `<http://evil|harmless label>` link. `*bold*` and `_italic_` stay possible
 * but harmless, so we leave them rather than mangle titles with zero-width
 * characters.
 */
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Escapes `text` and cuts it so the escaped form is at most `max` characters,
 * ending with "…" when cut. It cuts between characters of the source, never in
 * the middle of an `&amp;` entity or a surrogate pair, so a cut can never
 * leave a half-entity or a stray `<` behind.
 */
export function escapeMrkdwnClamped(text: string, max: number): string {
  const whole = escapeMrkdwn(text);
  if (whole.length <= max) return whole;
  let out = "";
  for (const ch of text) {
    const piece = ESCAPES[ch] ?? ch;
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** Longest URL we put inside `<url|label>`: longer ones would eat a section's 3,000 characters. */
export const MAX_LINK_URL_LENGTH = 1_500;

/**
 * A URL that is safe inside Slack's `<url|label>` link syntax, or null. Only
 * http(s) is linked (no `javascript:`, `slack://` or mailto tricks). The URL is
 * re-serialized by WHATWG URL (which percent-encodes spaces, quotes and `<>`);
 * then `|` (which would end the URL and start an attacker's label) and any
 * remaining `<`, `>` are percent-encoded, and `&` is escaped as Slack asks.
 */
export function safeLinkUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const serialized = url.href
    .replace(/\|/g, "%7C")
    .replace(/</g, "%3C")
    .replace(/>/g, "%3E")
    .replace(/\s/g, (c) => encodeURIComponent(c))
    .replace(/&/g, "&amp;");
  return serialized.length <= MAX_LINK_URL_LENGTH ? serialized : null;
}

/**
 * `<url|label>` with an escaped label, or just the escaped label when the URL
 * is missing or unsafe. The label is escaped so a `>` inside it cannot close
 * the link early (a `|` after the first one is just label text to Slack).
 */
export function mrkdwnLink(url: string | null | undefined, label: string, maxLabel = 300): string {
  const safeLabel = escapeMrkdwnClamped(label, maxLabel);
  const safeUrl = safeLinkUrl(url);
  return safeUrl === null ? safeLabel : `<${safeUrl}|${safeLabel}>`;
}
