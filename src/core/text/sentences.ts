/**
 * Sentence splitting for news prose. A period ends a sentence unless it ends a
 * known abbreviation (Mr., Jan., e.g.) or an initialism (U.S., U.N.) that runs
 * on into the sentence; a full stop inside a quotation does not split the
 * quotation, so a summary never starts halfway through someone's words.
 */

/** Abbreviations after which a period almost never ends a sentence (lower case, no dot). */
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "sr",
  "jr",
  "st",
  "mt",
  "gen",
  "lt",
  "col",
  "capt",
  "cmdr",
  "adm",
  "sgt",
  "gov",
  "sen",
  "rep",
  "rev",
  "hon",
  "pres",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "vs",
  "v",
  "etc",
  "approx",
  "est",
  "dept",
  "e.g",
  "i.e",
]);

/** Abbreviations that only hold before a number ("No. 5", "Fig. 2"): "no." also ends sentences. */
const NUMBER_ABBREVIATIONS = new Set(["no", "nos", "fig", "vol", "art", "p", "pp"]);

/**
 * Words that start a new sentence after an initialism ("… in the U.S. The
 * report …"); any other capitalised word is taken as the initialism's
 * continuation ("U.N. Security Council").
 */
const SENTENCE_STARTERS = new Set([
  "the",
  "a",
  "an",
  "in",
  "on",
  "at",
  "it",
  "its",
  "he",
  "she",
  "they",
  "we",
  "i",
  "but",
  "and",
  "this",
  "that",
  "these",
  "those",
  "there",
  "his",
  "her",
  "their",
  "our",
  "as",
  "if",
  "when",
  "while",
  "after",
  "before",
  "since",
  "for",
  "however",
  "meanwhile",
  "still",
  "yet",
  "so",
  "officials",
]);

// Single quotes are not tracked: ’ is also the apostrophe in "Zarif’s".
const OPEN_QUOTES = new Set(["“", "«"]);
const CLOSE_QUOTES = new Set(["”", "»"]);
const CLOSERS = /["'”’»)\]]/;

/** Splits plain text into sentences; line breaks always end a sentence (captions, datelines). */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const trimmed = line.replace(/\s+/g, " ").trim();
    if (trimmed === "") continue;
    let parts = splitLine(trimmed, true);
    // An unbalanced quote would swallow the whole paragraph: split it as if unquoted.
    if (parts === null) parts = splitLine(trimmed, false) ?? [trimmed];
    out.push(...parts);
  }
  return out;
}

/** Returns null when quote tracking finds an unclosed quotation. */
function splitLine(line: string, trackQuotes: boolean): string[] | null {
  const parts: string[] = [];
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (trackQuotes) {
      if (ch === '"') inQuote = !inQuote;
      else if (OPEN_QUOTES.has(ch)) inQuote = true;
      else if (CLOSE_QUOTES.has(ch)) inQuote = false;
    }
    if (ch !== "." && ch !== "!" && ch !== "?") continue;
    // Take a run of terminators and closing quotes/brackets with the sentence.
    let end = i + 1;
    while (end < line.length && /[.!?]/.test(line[end] as string)) end++;
    let closedQuote = false;
    while (end < line.length && CLOSERS.test(line[end] as string)) {
      const c = line[end] as string;
      if (trackQuotes && (c === '"' || CLOSE_QUOTES.has(c)) && inQuote) {
        inQuote = false;
        closedQuote = true;
      }
      end++;
    }
    if (end >= line.length) break;
    if (line[end] !== " ") continue;
    if (inQuote && !closedQuote) continue;
    const next = line.slice(end + 1);
    if (!startsSentence(next)) continue;
    if (ch === "." && !closedQuote && isNonTerminalPeriod(line, start, i, next)) continue;
    parts.push(line.slice(start, end).trim());
    start = end + 1;
    i = end;
  }
  if (trackQuotes && inQuote) return null;
  const rest = line.slice(start).trim();
  if (rest !== "") parts.push(rest);
  return parts;
}

function startsSentence(next: string): boolean {
  return /^["'“‘«([]?[\p{Lu}\p{Lt}\d]/u.test(next);
}

/** True when the period at `dot` belongs to an abbreviation or a run-on initialism. */
function isNonTerminalPeriod(line: string, from: number, dot: number, next: string): boolean {
  let wordStart = dot;
  while (wordStart > from && !/[\s("“‘]/.test(line[wordStart - 1] as string)) wordStart--;
  const word = line.slice(wordStart, dot).toLowerCase();
  if (word === "") return false;
  if (ABBREVIATIONS.has(word)) return true;
  if (NUMBER_ABBREVIATIONS.has(word)) return /^\d/.test(next);
  // A single capital ("John F. Kennedy") is an initial.
  if (/^\p{Lu}$/u.test(line.slice(wordStart, dot))) return true;
  // Initialisms: U.S, U.N, U.K (the final dot is the one being judged).
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) {
    const nextWord = (next.match(/^["'“‘(]?([\p{L}']+)/u)?.[1] ?? "").toLowerCase();
    return !SENTENCE_STARTERS.has(nextWord);
  }
  return false;
}
