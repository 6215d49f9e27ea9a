import { type Concept, isExactKey, type Term } from "./concept.js";

/**
 * What the start of a word must look like for it to carry a key: a list of
 * atoms, each one character ("r") or a class ("[ei]"). A needle is a
 * necessary condition: every word (lowercased and folded, as analyzeText
 * writes it) whose key it was made from begins with it.
 */
export type Needle = readonly string[];

/**
 * Where a Porter stem may differ from a word that stems to it: only in its
 * last character, and only as follows (the stem ends in the first letter, the
 * word has the second there):
 * - "e", word "i": step 1b adds an "e" after removing "ing" (hoping → hope);
 * - "i", word "y": step 1c (happy → happi);
 * - "l", word "i": step 2 then 5 (mobility → mobiliti → moble → mobl).
 * Every other step only removes a suffix or keeps what it replaces, so the
 * rest of the stem is always where the word begins. Checked over 15 million
 * words (a 300,000-word dictionary with common suffixes added), and in
 * tests/core/topics/key-needle.test.ts over the words of the fixtures and the
 * feed corpus so inflected, and by a property test on made-up words.
 */
const STEM_ENDINGS: Readonly<Record<string, string>> = { e: "[ei]", i: "[iy]", l: "[li]" };

/** The leading run of [a-z0-9]: the part of a key the prefilter can look for. */
const PLAIN = /^[a-z0-9]*/;

/** The needle of a word's key ("sanction", "=ties"); empty when nothing plain can be required. */
export function keyNeedle(key: string): Needle {
  if (isExactKey(key)) return [...(PLAIN.exec(key.slice(1)) as RegExpExecArray)[0]];
  const plain = (PLAIN.exec(key) as RegExpExecArray)[0];
  if (plain.length < key.length) return [...plain];
  const atoms = [...key];
  const ending = STEM_ENDINGS[key.charAt(key.length - 1)];
  if (ending !== undefined) atoms[atoms.length - 1] = ending;
  return atoms;
}

/** True when every word that `b` starts also starts with `a`: `a`'s atoms begin `b`'s. */
export function covers(a: Needle, b: Needle): boolean {
  return a.length <= b.length && a.every((atom, i) => b[i] === atom);
}

/** A phrase's needles beyond its longest two add little, and each costs search hits. */
const MAX_TERM_NEEDLES = 2;

/**
 * The needles of a term: those of its longest words (a phrase holds them all;
 * keys whose needle is empty require nothing).
 */
function termNeedles(term: Term): Needle[] {
  const needles: Needle[] = [];
  for (const key of term.keys) {
    const needle = keyNeedle(key);
    if (needle.length > 0 && !needles.some((n) => n.join("") === needle.join("")))
      needles.push(needle);
  }
  return needles.sort((a, b) => b.length - a.length).slice(0, MAX_TERM_NEEDLES);
}

/**
 * What an article holding the concept must contain: for one of the returned
 * sets, every needle of it at the start of a word. One set per term (a
 * phrase's words are all there when it is), less the sets another one already
 * implies ("sanction" implies "sanction relief"). `undefined` when the concept
 * gives nothing to look for: a feed (matched against the feed's name, not the
 * text), or a prefix or term with nothing plain in it.
 */
export function conceptNeedleSets(concept: Concept): Needle[][] | undefined {
  let sets: Needle[][];
  if (concept.kind === "feed") return undefined;
  if (concept.kind === "prefix") {
    const prefix = concept.prefix ?? "";
    if (prefix === "" || (PLAIN.exec(prefix) as RegExpExecArray)[0] !== prefix) return undefined;
    sets = [[[...prefix]]];
  } else {
    sets = concept.terms.map(termNeedles);
    if (sets.length === 0 || sets.some((set) => set.length === 0)) return undefined;
  }
  // Set a implies set b when each needle of a is covered by one of b: every
  // article holding b's needles holds a's. Fewest needles first, so the
  // implying sets (shorter needles, more general) are kept.
  const atoms = (set: Needle[]): number => set.reduce((sum, n) => sum + n.length, 0);
  sets.sort((a, b) => a.length - b.length || atoms(a) - atoms(b));
  const kept: Needle[][] = [];
  for (const set of sets) {
    const implied = kept.some((k) => k.every((a) => set.some((b) => covers(a, b))));
    if (!implied) kept.push(set);
  }
  return kept;
}
