import { removeBoilerplate } from "./boilerplate.js";
import { createFocusMatcher, tokenizeWords } from "./focus-matcher.js";
import { splitSentences } from "./sentences.js";

/**
 * The extractive, query-focused summarizer: one or two of the article's own
 * sentences, chosen for carrying the subscription's concepts, at most
 * `maxChars` long and never cut mid-word.
 */
export interface SummarizeOptions {
  title: string;
  /** The words that made the article match (concept terms), matched by word form. */
  focusTerms: readonly string[];
  maxChars?: number;
}

export const DEFAULT_SUMMARY_CHARS = 280;

interface Candidate {
  index: number;
  text: string;
  score: number;
  hits: number;
}

export function summarize(text: string, options: SummarizeOptions): string {
  const maxChars = options.maxChars ?? DEFAULT_SUMMARY_CHARS;
  const body = removeBoilerplate(text, { title: options.title });
  const sentences = splitSentences(body);
  if (sentences.length === 0) return truncateAtWord(options.title.trim(), maxChars);
  const match = createFocusMatcher(options.focusTerms);
  const titleWords = new Set(tokenizeWords(options.title).filter((w) => w.length > 3));
  const candidates: Candidate[] = sentences.map((sentence, index) => {
    const words = tokenizeWords(sentence);
    const hits = match(words);
    const titleOverlap =
      titleWords.size === 0 ? 0 : words.filter((w) => titleWords.has(w)).length / titleWords.size;
    // Distinct concepts weigh most; repeats, title overlap and an early position break ties.
    let score = hits.distinct * 2 + (hits.total - hits.distinct) * 0.25;
    score += Math.min(titleOverlap, 1) * 0.75 + 0.5 / (1 + index);
    score *= proseFactor(sentence, maxChars);
    return { index, text: sentence, score, hits: hits.distinct };
  });
  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.index - b.index);
  const best = ranked[0] as Candidate;
  if (best.text.length > maxChars) return truncateAtWord(best.text, maxChars);
  const chosen = [best];
  // A second sentence only when it adds a concept of its own and still fits.
  for (const other of ranked.slice(1)) {
    if (other.hits === 0 || other.score < best.score * 0.5) break;
    if (best.text.length + 1 + other.text.length <= maxChars) {
      chosen.push(other);
      break;
    }
  }
  return chosen
    .sort((a, b) => a.index - b.index)
    .map((c) => c.text)
    .join(" ");
}

/**
 * Prefers real sentences: fragments (no terminal punctuation, few words) and
 * sentences too long to quote whole are pushed down, not excluded.
 */
function proseFactor(sentence: string, maxChars: number): number {
  let factor = 1;
  if (!/[.!?]["'”’)]*$/.test(sentence)) factor *= 0.4;
  const words = sentence.split(" ").length;
  if (words < 6) factor *= 0.5;
  if (sentence.length > maxChars) factor *= 0.6;
  return factor;
}

/** Cuts at the last whole word that fits with an ellipsis; never mid-word. */
export function truncateAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // One character is kept for the ellipsis.
  const cut = text.slice(0, maxChars - 1);
  const endsOnWord = /\s/.test(text[maxChars - 1] as string);
  const lastSpace = cut.lastIndexOf(" ");
  const whole = endsOnWord || lastSpace <= 0 ? cut : cut.slice(0, lastSpace);
  return `${whole.replace(/[\s,;:–—-]+$/u, "")}…`;
}
