import { stripVTControlCharacters } from "node:util";

/**
 * Feed text is data, never terminal commands. A title carrying `\x1b[2J`
 * (clear screen), an OSC title change or a bare `\r` (return to column 0 and
 * overwrite the line) must print as harmless text.
 *
 * Escape sequences are removed whole first (CSI, OSC, DCS, also their 8-bit
 * C1 forms such as U+009B); then every remaining control character goes, so a
 * sequence Node's pattern does not know still loses its ESC and cannot act.
 */
export interface SanitizeOptions {
  /** Keep line breaks (normalised to `\n`); otherwise they become spaces. */
  multiline?: boolean;
}

export function sanitizeTerminalText(text: string, options: SanitizeOptions = {}): string {
  const stripped = stripVTControlCharacters(text);
  let out = "";
  for (const char of stripped.replace(/\r\n/g, "\n")) {
    const code = char.codePointAt(0) ?? 0;
    if (isLineBreak(code)) out += options.multiline ? "\n" : " ";
    else if (code === 0x09) out += " ";
    else if (!isUnsafe(code)) out += char;
  }
  if (options.multiline) return out.replace(/[ ]+$/gm, "");
  return out.replace(/ {2,}/g, " ").trim();
}

/** LF, VT, FF, CR, NEL and the Unicode line and paragraph separators. */
function isLineBreak(code: number): boolean {
  return (code >= 0x0a && code <= 0x0d) || code === 0x85 || code === 0x2028 || code === 0x2029;
}

function isUnsafe(code: number): boolean {
  return (
    code < 0x20 || // C0 controls, ESC among them
    (code >= 0x7f && code <= 0x9f) || // DEL and C1 controls (U+009B is an 8-bit CSI)
    // Bidirectional overrides and isolates reorder the text after them on the
    // line ("Trojan Source", CVE-2021-42574); a title must not rearrange its neighbours.
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}
