/**
 * Discord's message and embed limits (docs: "Embed Limits" and "Create Message"
 * in the Channel resource; DESIGN.md §5). Lengths are counted in UTF-16 code
 * units here, which is never fewer than the characters Discord counts, so a
 * payload within these limits is within Discord's.
 */
export const discordLimits = {
  content: 2_000,
  embedsPerMessage: 10,
  /** Sum of every embed's title, description, field names and values, footer text and author name. */
  embedCharsPerMessage: 6_000,
  embedTitle: 256,
  embedDescription: 4_096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  author: 256,
  /** The `nonce` field of Create Message: an integer or a string of at most 25 characters. */
  nonce: 25,
  /** Autocomplete: at most 25 choices, names and values at most 100 characters. */
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/**
 * Cut `text` to at most `max` UTF-16 units, ending with "…" when cut, never
 * splitting a surrogate pair and never leaving a dangling backslash (which
 * would escape the ellipsis).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  let cut = text.slice(0, end);
  while (cut.endsWith("\\")) cut = cut.slice(0, -1);
  return `${cut}…`;
}
