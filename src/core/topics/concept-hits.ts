import { type AnalyzedText, FLAG_CAPITALIZED, FLAG_UPPERCASE } from "./analyze-text.js";
import { type Concept, isExactKey, type Term } from "./concept.js";

/**
 * Where one concept occurs in one article. Spans are recorded in whatever
 * order the caller finds them (the index goes token by token, the naive path
 * term by term); `summarizeHit` sorts them, so both paths explain alike.
 */
export interface ConceptHit {
  concept: Concept;
  /** Flattened [startToken, endToken, weak 0/1] triples. */
  spans: number[];
  summary: HitSummary | undefined;
}

export interface HitSummary {
  /** Distinct starts of strong (not weak) evidence. */
  strongCount: number;
  /** Distinct starts of every hit, ascending. */
  starts: number[];
  /** Starts of weak evidence, ascending. */
  weakStarts: number[];
  titleCount: number;
  bodyCount: number;
  /** Distinct sentence numbers, ascending (0 is the title). */
  sentences: number[];
  /** The hit's [start, end, weak] triples in text order (strong before weak at one start). */
  ordered: number[];
  /** Memo: the concept's weight in this article. */
  score: number | undefined;
  /** Memo: "label: word, word". */
  reason: string | undefined;
  /** Memo: whether the concept holds alone (strong evidence, or weak evidence that supports itself). */
  alone: boolean | undefined;
}

/** Concept id -> where it occurs, for one article. */
export type ConceptHits = Map<number, ConceptHit>;

/** The same hits as an array indexed by concept id: what the index's programs read. */
export type HitLookup = ReadonlyArray<ConceptHit | undefined>;

/** An article's text plus its feed name, both analyzed. */
export interface ArticleText {
  text: AnalyzedText;
  feed: AnalyzedText | undefined;
}

function keyMatches(key: string, text: AnalyzedText, i: number): boolean {
  if (!isExactKey(key)) return text.stems[i] === key;
  // Compares "=ties" with "ties" without building a string per comparison.
  const word = text.words[i] as string;
  return key.length === word.length + 1 && key.startsWith(word, 1);
}

function caseMatches(term: Term, flags: number): boolean {
  if (term.case === "any") return true;
  if (term.case === "uppercase") return (flags & FLAG_UPPERCASE) !== 0;
  return (flags & FLAG_CAPITALIZED) !== 0;
}

/**
 * The end token of `term` starting at token i, or -1. Phrases stay within a
 * sentence. `keysKnown`: the caller found the term by comparing every one of
 * its keys already (a word, or a two-word phrase by its anchor and neighbour).
 */
export function termEndAt(term: Term, text: AnalyzedText, i: number, keysKnown = false): number {
  const keys = term.keys;
  const end = i + keys.length;
  if (end > text.words.length) return -1;
  if (!caseMatches(term, text.flags[i] ?? 0)) return -1;
  for (let k = 0; k < keys.length && !keysKnown; k++) {
    if (!keyMatches(keys[k] as string, text, i + k)) return -1;
  }
  if (keys.length > 1 && text.sentences[i] !== text.sentences[end - 1]) return -1;
  return end;
}

/** True when an exception phrase ("fish oil") covers token i. */
function excepted(concept: Concept, text: AnalyzedText, i: number): boolean {
  // A phrase that covers token i has the token's key at some position k, and
  // starts at i - k: only those phrases and starts are tried.
  const { byStem, byWord } = concept.exceptAt;
  return (
    coveredAt(byStem.get(text.stems[i] as string), text, i) ||
    (byWord.size > 0 && coveredAt(byWord.get(text.words[i] as string), text, i))
  );
}

function coveredAt(
  candidates: Array<[Term, number]> | undefined,
  text: AnalyzedText,
  i: number,
): boolean {
  if (!candidates) return false;
  for (const [term, k] of candidates) {
    if (i - k >= 0 && termEndAt(term, text, i - k) >= 0) return true;
  }
  return false;
}

/** Records the hit of `term` at token i when it matches and no exception covers it (see termEndAt). */
export function tryTermAt(
  concept: Concept,
  term: Term,
  text: AnalyzedText,
  i: number,
  hits: ConceptHits,
  keysKnown = false,
): void {
  const end = termEndAt(term, text, i, keysKnown);
  if (end < 0) return;
  if (concept.except.length > 0 && excepted(concept, text, i)) return;
  addSpan(hits, concept, i, end, term.weak);
}

/** Records a prefix concept's hit at token i when the word starts with the prefix. */
export function tryPrefixAt(
  concept: Concept,
  text: AnalyzedText,
  i: number,
  hits: ConceptHits,
): void {
  const prefix = concept.prefix ?? "";
  if (prefix !== "" && (text.words[i] as string).startsWith(prefix))
    addSpan(hits, concept, i, i + 1, false);
}

/** Feed concepts match the feed's name, not the article's text; they carry no spans. */
export function tryFeed(concept: Concept, feed: AnalyzedText | undefined, hits: ConceptHits): void {
  if (!feed) return;
  for (const term of concept.terms) {
    for (let i = 0; i < feed.words.length; i++) {
      if (termEndAt(term, feed, i) >= 0) {
        if (!hits.has(concept.id)) hits.set(concept.id, newHit(concept, []));
        return;
      }
    }
  }
}

/** A hit with its memo in place from the start, so that every hit has one shape. */
const newHit = (concept: Concept, spans: number[]): ConceptHit => ({
  concept,
  spans,
  summary: undefined,
});

function addSpan(
  hits: ConceptHits,
  concept: Concept,
  start: number,
  end: number,
  weak: boolean,
): void {
  const hit = hits.get(concept.id);
  if (hit) hit.spans.push(start, end, weak ? 1 : 0);
  else hits.set(concept.id, newHit(concept, [start, end, weak ? 1 : 0]));
}

/** Counts, sentences and words of a hit; computed once, when a topic needs them. */
export function summarizeHit(hit: ConceptHit, text: AnalyzedText): HitSummary {
  if (hit.summary) return hit.summary;
  // Strong before weak at one start, so a start is weak only when nothing
  // strong begins there. The index finds spans token by token, nearly always
  // in this order already: then they are read as they are.
  const spans = inOrder(hit.spans) ? hit.spans : sortedSpans(hit.spans);
  let strongCount = 0;
  const starts: number[] = [];
  const weakStarts: number[] = [];
  let titleCount = 0;
  let bodyCount = 0;
  let lastStart = -1;
  const sentences: number[] = [];
  for (let k = 0; k < spans.length; k += 3) {
    const start = spans[k] as number;
    const weak = spans[k + 2] as number;
    if (start !== lastStart) {
      starts.push(start);
      if (weak) weakStarts.push(start);
      else strongCount++;
      if (start < text.titleLength) titleCount++;
      else bodyCount++;
      const sentence = text.sentences[start] as number;
      if (sentences[sentences.length - 1] !== sentence) sentences.push(sentence);
      lastStart = start;
    }
  }
  hit.summary = {
    strongCount,
    starts,
    weakStarts,
    titleCount,
    bodyCount,
    sentences,
    ordered: spans,
    // The memos are there from the start: every summary has one shape, and
    // the hundreds of verdicts that read summaries per article stay fast.
    score: undefined,
    reason: undefined,
    alone: undefined,
  };
  return hit.summary;
}

/** Compares the (start, end, weak) triples at j and k: by start, strong first, then end. */
function compareAt(spans: number[], j: number, k: number): number {
  return (
    (spans[j] as number) - (spans[k] as number) ||
    (spans[j + 2] as number) - (spans[k + 2] as number) ||
    (spans[j + 1] as number) - (spans[k + 1] as number)
  );
}

function inOrder(spans: number[]): boolean {
  for (let k = 3; k < spans.length; k += 3) if (compareAt(spans, k - 3, k) > 0) return false;
  return true;
}

function sortedSpans(spans: number[]): number[] {
  const order: number[] = [];
  for (let k = 0; k < spans.length; k += 3) order.push(k);
  order.sort((j, k) => compareAt(spans, j, k));
  return order.flatMap((k) => spans.slice(k, k + 3));
}

/**
 * Distinct matched words, as first written, in order of appearance, the
 * first `limit` of them: only for hits that explain a match. One word is
 * told apart by its number (AnalyzedText.wordIds): "Iran", "IRAN" and "iran"
 * are one, and a concept named fifty times costs no string work for the
 * repeats. Phrases, and words of a text numbered twice, by their lowercase.
 */
export function hitWords(summary: HitSummary, text: AnalyzedText, limit: number): string[] {
  const words: string[] = [];
  const seenIds: number[] = [];
  const seenKeys: string[] = [];
  const numbered = text.wordGeneration >= 0;
  for (let k = 0; k < summary.ordered.length && words.length < limit; k += 3) {
    const start = summary.ordered[k] as number;
    const end = summary.ordered[k + 1] as number;
    if (numbered && end - start === 1) {
      const id = text.wordIds[start] as number;
      if (seenIds.includes(id)) continue;
      seenIds.push(id);
    } else {
      const key = text.source.slice(text.starts[start], text.ends[end - 1]).toLowerCase();
      if (seenKeys.includes(key)) continue;
      seenKeys.push(key);
    }
    words.push(text.source.slice(text.starts[start], text.ends[end - 1]));
  }
  return words;
}

/** token key ("stem" or "=word") -> positions, so the naive path can find a term's starts. */
export type KeyPositions = Map<string, number[]>;

export function keyPositions(text: AnalyzedText): KeyPositions {
  const map: KeyPositions = new Map();
  const add = (key: string, i: number): void => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  for (let i = 0; i < text.words.length; i++) {
    add(text.stems[i] as string, i);
    add(`=${text.words[i]}`, i);
  }
  return map;
}

/** The naive path: finds one concept's hits by looking up each of its terms. */
export function scanConcept(
  concept: Concept,
  article: ArticleText,
  positions: KeyPositions,
  hits: ConceptHits,
): void {
  if (hits.has(concept.id)) return;
  if (concept.kind === "feed") {
    tryFeed(concept, article.feed, hits);
    return;
  }
  if (concept.kind === "prefix") {
    for (let i = 0; i < article.text.words.length; i++) tryPrefixAt(concept, article.text, i, hits);
    return;
  }
  for (const term of concept.terms) {
    for (const i of positions.get(term.keys[term.anchor] as string) ?? []) {
      if (i >= term.anchor) tryTermAt(concept, term, article.text, i - term.anchor, hits);
    }
  }
}
