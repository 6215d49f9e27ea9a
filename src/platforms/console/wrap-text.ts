import { displayWidth, graphemes } from "./display-width.js";

/**
 * Greedy word wrap to `width` columns (display width, so CJK counts double).
 * Whitespace runs collapse; a word longer than a whole line is cut across
 * lines rather than left to overflow. Returns at least one line.
 */
export function wrapText(text: string, width: number): string[] {
  const max = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = "";
  let lineWidth = 0;
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const wordWidth = displayWidth(word);
    if (lineWidth > 0 && lineWidth + 1 + wordWidth <= max) {
      line += ` ${word}`;
      lineWidth += 1 + wordWidth;
      continue;
    }
    if (lineWidth > 0) lines.push(line);
    if (wordWidth <= max) {
      line = word;
      lineWidth = wordWidth;
      continue;
    }
    // Too long for any line: fill lines with its grapheme clusters.
    line = "";
    lineWidth = 0;
    for (const piece of graphemes(word)) {
      const pieceWidth = displayWidth(piece);
      if (lineWidth + pieceWidth > max && lineWidth > 0) {
        lines.push(line);
        line = "";
        lineWidth = 0;
      }
      line += piece;
      lineWidth += pieceWidth;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Join phrases with `separator`, starting a new line between phrases rather
 * than inside one ("2 h ago" stays whole); a phrase wider than a line is
 * word-wrapped by itself. The separator never starts or ends a line.
 */
export function wrapPhrases(phrases: string[], separator: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const phrase of phrases.filter((p) => p !== "")) {
    const joined = line === "" ? phrase : `${line}${separator}${phrase}`;
    if (displayWidth(joined) <= width) {
      line = joined;
      continue;
    }
    if (line !== "") lines.push(line);
    const parts = wrapText(phrase, width);
    line = parts.pop() ?? "";
    lines.push(...parts);
  }
  lines.push(line);
  return lines;
}
