import { type AnalyzedText, wordGeneration } from "./analyze-text.js";
import { type Concept, isExactKey, type Term } from "./concept.js";
import { type ConceptHits, tryFeed, tryPrefixAt, tryTermAt } from "./concept-hits.js";

interface TermEntry {
  concept: Concept;
  term: Term;
}

/**
 * What one written word can be part of. One-word terms are tried directly;
 * phrases are split by their neighbouring key (the word after the anchor, or
 * before it when the anchor ends the phrase), so "Mitor statement" is tried
 * only where "statement" follows "Mitor", not at every "Mitor".
 */
interface WordEntries {
  single: TermEntry[];
  next: Neighbours | undefined;
  prev: Neighbours | undefined;
  prefixes: Concept[];
}

/** Phrases by their neighbouring key: a stem, or an exact word ("=ties" filed as "ties"). */
interface Neighbours {
  byStem: Map<string, TermEntry[]>;
  byWord: Map<string, TermEntry[]>;
}

const NOTHING: WordEntries = { single: [], next: undefined, prev: undefined, prefixes: [] };

function split(terms: TermEntry[], prefixes: Concept[]): WordEntries {
  if (terms.length === 0 && prefixes.length === 0) return NOTHING;
  const single: TermEntry[] = [];
  let next: Neighbours | undefined;
  let prev: Neighbours | undefined;
  const fileUnder = (side: Neighbours, key: string, e: TermEntry): void => {
    if (isExactKey(key)) pushTo(side.byWord, key.slice(1), e);
    else pushTo(side.byStem, key, e);
  };
  for (const e of terms) {
    const { keys, anchor } = e.term;
    if (keys.length === 1) single.push(e);
    else if (anchor + 1 < keys.length) {
      next ??= { byStem: new Map(), byWord: new Map() };
      fileUnder(next, keys[anchor + 1] as string, e);
    } else {
      prev ??= { byStem: new Map(), byWord: new Map() };
      fileUnder(prev, keys[anchor - 1] as string, e);
    }
  }
  return { single, next, prev, prefixes };
}
/** Tries each phrase whose anchor is token i and whose neighbour key matched. */
function tryAt(list: TermEntry[], text: AnalyzedText, i: number, hits: ConceptHits): void {
  for (const e of list) {
    const start = i - e.term.anchor;
    // The anchor's key and its neighbour's are compared: all of a two-word phrase's.
    if (start >= 0) tryTermAt(e.concept, e.term, text, start, hits, e.term.keys.length === 2);
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function removeFrom<K, V>(map: Map<K, V[]>, key: K, keep: (v: V) => boolean): void {
  const list = map.get(key)?.filter(keep);
  if (!list || list.length === 0) map.delete(key);
  else map.set(key, list);
}

/**
 * Every term of every concept some subscription names, by its first word.
 * Finding an article's concepts is one array read per token (by the word's
 * number, see AnalyzedText.wordIds): the cost of reading the article,
 * whatever the number of subscriptions.
 */
export class TermDictionary {
  private readonly refs = new Map<number, number>();
  private readonly byStem = new Map<string, TermEntry[]>();
  private readonly byWord = new Map<string, TermEntry[]>();
  /** First three letters -> prefix concepts. */
  private readonly byPrefix = new Map<string, Concept[]>();
  private readonly byFeedKey = new Map<string, Concept[]>();
  /**
   * Word number (AnalyzedText.wordIds, in the numbering `byIdGeneration`) ->
   * what the word can start; emptied whenever the dictionary changes.
   */
  private byId: Array<WordEntries | undefined> = [];
  private byIdGeneration = -1;

  ref(concept: Concept): void {
    const count = this.refs.get(concept.id) ?? 0;
    this.refs.set(concept.id, count + 1);
    if (count > 0) return;
    this.forget();
    if (concept.kind === "prefix") {
      pushTo(this.byPrefix, (concept.prefix ?? "").slice(0, 3), concept);
    } else if (concept.kind === "feed") {
      for (const term of concept.terms) pushTo(this.byFeedKey, term.keys[0] as string, concept);
    } else {
      for (const term of concept.terms) {
        const key = term.keys[term.anchor] as string;
        if (isExactKey(key)) pushTo(this.byWord, key.slice(1), { concept, term });
        else pushTo(this.byStem, key, { concept, term });
      }
    }
  }

  unref(concept: Concept): void {
    const count = (this.refs.get(concept.id) ?? 1) - 1;
    if (count > 0) {
      this.refs.set(concept.id, count);
      return;
    }
    this.refs.delete(concept.id);
    this.forget();
    const other = (e: TermEntry | Concept): boolean =>
      ("concept" in e ? e.concept : e).id !== concept.id;
    if (concept.kind === "prefix") {
      removeFrom(this.byPrefix, (concept.prefix ?? "").slice(0, 3), other);
    } else if (concept.kind === "feed") {
      for (const term of concept.terms) removeFrom(this.byFeedKey, term.keys[0] as string, other);
    } else {
      for (const term of concept.terms) {
        const key = term.keys[term.anchor] as string;
        if (isExactKey(key)) removeFrom(this.byWord, key.slice(1), other);
        else removeFrom(this.byStem, key, other);
      }
    }
  }

  /** The dictionary changed: what words can start must be looked up again. */
  private forget(): void {
    this.byId = [];
  }

  /** The entries of token i, by its word number when the numbering is current. */
  private entriesAt(text: AnalyzedText, i: number, numbered: boolean): WordEntries {
    // A text numbered before the word cache started again (rare) is looked up word by word.
    if (!numbered) return this.entriesFor(text, i);
    const id = text.wordIds[i] as number;
    const byId = this.byId;
    // Grown one by one, the array stays a fast (not a dictionary) array.
    while (byId.length <= id) byId.push(undefined);
    let entries = byId[id];
    if (entries === undefined) {
      entries = this.entriesFor(text, i);
      byId[id] = entries;
    }
    return entries;
  }

  /** What the word at token i can start. */
  private entriesFor(text: AnalyzedText, i: number): WordEntries {
    const word = text.words[i] as string;
    const stem = text.stems[i] as string;
    const terms = [...(this.byStem.get(stem) ?? []), ...(this.byWord.get(word) ?? [])];
    const prefixes =
      word.length >= 3
        ? (this.byPrefix.get(word.slice(0, 3)) ?? []).filter((c) =>
            word.startsWith(c.prefix ?? "\u0000"),
          )
        : [];
    return split(terms, prefixes);
  }

  /** Tries the phrases filed under the neighbour at token j (by its stem and its word). */
  private tryPhrases(
    side: Neighbours,
    text: AnalyzedText,
    j: number,
    i: number,
    hits: ConceptHits,
  ): void {
    if (j < 0 || j >= text.words.length) return;
    const byStem = side.byStem.get(text.stems[j] as string);
    if (byStem) tryAt(byStem, text, i, hits);
    const byWord = side.byWord.size > 0 ? side.byWord.get(text.words[j] as string) : undefined;
    if (byWord) tryAt(byWord, text, i, hits);
  }

  /** Every concept the article's text (and feed name) holds, with where. */
  findHits(text: AnalyzedText, feed: AnalyzedText | undefined): ConceptHits {
    const hits: ConceptHits = new Map();
    const words = text.words;
    const numbered = text.wordGeneration >= 0 && text.wordGeneration === wordGeneration();
    if (numbered && this.byIdGeneration !== text.wordGeneration) {
      this.byId = [];
      this.byIdGeneration = text.wordGeneration;
    }
    for (let i = 0; i < words.length; i++) {
      const entries = this.entriesAt(text, i, numbered);
      if (entries === NOTHING) continue;
      for (const e of entries.single) tryTermAt(e.concept, e.term, text, i, hits, true);
      if (entries.next) this.tryPhrases(entries.next, text, i + 1, i, hits);
      if (entries.prev) this.tryPhrases(entries.prev, text, i - 1, i, hits);
      for (const c of entries.prefixes) tryPrefixAt(c, text, i, hits);
    }
    if (feed && this.byFeedKey.size > 0) {
      for (const stem of feed.stems) {
        for (const c of this.byFeedKey.get(stem) ?? []) tryFeed(c, feed, hits);
      }
    }
    return hits;
  }
}
