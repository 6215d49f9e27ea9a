/**
 * An article's raw text as the topic prefilter searches it: what analyzeText
 * would make of each word, written in place, without tokenizing.
 *
 * For every token analyzeText yields (a lowercased, accent-folded word w), the
 * prefilter text holds the characters of w, ASCII case aside, at the place the
 * token was written, possibly with "." (acronyms: "U.S."), "'" or "’" (inside
 * words: "O'Brien") between them, and right after a character that is not an
 * ASCII letter or digit. Why:
 * - ASCII characters stay as written (a copy of the text in lower case would
 *   cost more than searching it case-insensitively).
 * - A non-ASCII letter or digit becomes its lowercased NFKD form without marks
 *   ("É" → "e", "ﬁ" → "fi"). analyzeText folds whole words the same way, and
 *   folding a word is folding each character in turn: lowercasing is per
 *   character but for the Greek final sigma (not ASCII either way), and NFKD's
 *   reordering only moves marks, which are dropped (checked over every code
 *   point in tests/core/topics/prefilter-text.test.ts).
 * - Any other non-ASCII character but "’" separates words in analyzeText
 *   (it tests UTF-16 units, so a letter outside the BMP is one too): it
 *   becomes a space, never a letter ("™" would otherwise read "tm").
 * - A token starts at the start of a field or after a character that is not a
 *   letter or digit, and that character's image here is never empty and never
 *   an ASCII letter or digit.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range
const NON_ASCII = /[^\x00-\x7f]/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARKS = /\p{M}/gu;
const RIGHT_QUOTE = "\u2019";

// At most one entry per UTF-16 code unit: bounded by 65,536, in practice a few hundred.
const images = new Map<string, string>();

function image(unit: string): string {
  let result = images.get(unit);
  if (result === undefined) {
    if (unit === RIGHT_QUOTE) result = unit;
    else if (LETTER_OR_DIGIT.test(unit))
      result = unit.toLowerCase().normalize("NFKD").replace(MARKS, "").toLowerCase();
    else result = " ";
    images.set(unit, result);
  }
  return result;
}

/** The text in the form topic prefilters search (see above). */
export function prefilterText(text: string): string {
  return text.replace(NON_ASCII, image);
}
