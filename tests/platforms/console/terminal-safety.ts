/**
 * Test helpers: what a terminal would act on in rendered output. Only newline
 * and our own SGR styling codes (ESC [ n m) may appear; anything else could
 * move the cursor, clear the screen or retitle the window.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ESC is the point: these are our own SGR codes
const sgr = /\x1b\[\d+m/g;

export function unsafeCharacters(output: string): string[] {
  const found: string[] = [];
  for (const char of output.replace(sgr, "")) {
    const code = char.codePointAt(0) ?? 0;
    const control = (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
    const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    if (control || bidi) found.push(`U+${code.toString(16).padStart(4, "0")}`);
  }
  return found;
}

export function stripStyles(output: string): string {
  return output.replace(sgr, "");
}
