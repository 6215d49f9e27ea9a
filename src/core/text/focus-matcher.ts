import { stemmer } from "stemmer";

/**
 * Finds a subscription's focus terms in text, case-insensitively and by word
 * form (same Porter stem) or as a word's beginning: "sanctions" finds
 * "sanctioned", "Iran" finds "Iranian". A term of
 * several words ("oil prices") must appear as consecutive words.
 */
export interface FocusHits {
  /** Distinct focus terms found. */
  distinct: number;
  /** All occurrences of any focus term. */
  total: number;
}

export type FocusMatcher = (words: readonly string[]) => FocusHits;

/** Word tokens, lower-cased, possessive 's dropped. */
export function tokenizeWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  return words.map((w) => w.replace(/['’]s$/u, ""));
}

/** A term short enough to be a prefix of unrelated words ("war" in "warn") must match whole. */
const MIN_PREFIX = 4;

export function createFocusMatcher(terms: readonly string[]): FocusMatcher {
  const phrases = terms
    .map((term) => tokenizeWords(term).map((w) => ({ word: w, stem: stemmer(w) })))
    .filter((phrase) => phrase.length > 0);
  const stemCache = new Map<string, string>();
  const stemOf = (word: string): string => {
    let stem = stemCache.get(word);
    if (stem === undefined) {
      stem = stemmer(word);
      stemCache.set(word, stem);
    }
    return stem;
  };
  const wordMatches = (word: string, part: { word: string; stem: string }): boolean => {
    if (word === part.word) return true;
    const stem = stemOf(word);
    if (stem === part.stem) return true;
    // The prefix is the term as typed, not its stem: Porter cuts "relations" to
    // "relat", which would also find "relatively".
    return part.word.length >= MIN_PREFIX && word.startsWith(part.word);
  };
  return (words) => {
    let distinct = 0;
    let total = 0;
    for (const phrase of phrases) {
      let count = 0;
      for (let i = 0; i + phrase.length <= words.length; i++) {
        let all = true;
        for (let j = 0; j < phrase.length && all; j++) {
          all = wordMatches(words[i + j] as string, phrase[j] as { word: string; stem: string });
        }
        if (all) count++;
      }
      if (count > 0) {
        distinct++;
        total += count;
      }
    }
    return { distinct, total };
  };
}
