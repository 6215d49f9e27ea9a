import { analyzeArticle, analyzeText, type TopicArticle } from "./analyze-text.js";
import { type CompiledTopic, compileTopic } from "./compile-topic.js";
import type { TopicLibrary } from "./compile-topic-library.js";
import { type Concept, isExactKey, type Term } from "./concept.js";
import { type ConceptHits, tryFeed, tryPrefixAt, tryTermAt } from "./concept-hits.js";
import { evaluateTopic } from "./evaluate-topic.js";
import { anchorsOf, topicRequirements } from "./topic-requirements.js";

export interface SubscriptionMatch {
  subscriptionId: string;
  score: number;
  reasons: string[];
}

/**
 * Every subscription's topic, compiled once and filed in a reverse index
 * (a percolator): an article visits only the topics whose required concepts
 * it contains. `add` and `remove` patch the index in place.
 */
export interface SubscriptionIndex {
  /** Adds or replaces a subscription; a malformed topic is a UserError. */
  add(id: string, topic: string): CompiledTopic;
  remove(id: string): boolean;
  has(id: string): boolean;
  readonly size: number;
  /**
   * The subscriptions the article matches, best score first. Subscriptions to
   * the same topic share one `reasons` array: treat it as read-only.
   */
  match(article: TopicArticle): SubscriptionMatch[];
}

/**
 * One distinct topic and everyone subscribed to it. Thousands of channels
 * follow "oil prices": the topic is filed and evaluated once per article,
 * and its verdict handed to each subscriber.
 */
interface Entry {
  key: string;
  topic: CompiledTopic;
  subscribers: Set<string>;
  slot: number;
  /** Where it is filed: [anchor, second anchor or -1]; [-1, -1] means "check always". */
  filed: Array<[number, number]>;
}

/** Topics that differ only in spacing are one topic. */
const topicKey = (text: string): string => text.trim().replace(/\s+/g, " ");

interface TermEntry {
  concept: Concept;
  term: Term;
}

const NO_ANCHOR = -1;

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

class Index implements SubscriptionIndex {
  /** Subscription id -> its topic's entry. */
  private readonly subscriptions = new Map<string, Entry>();
  /** Topic key -> entry. */
  private readonly entries = new Map<string, Entry>();
  private readonly slots: Array<Entry | undefined> = [];
  private readonly freeSlots: number[] = [];
  private seen = new Int32Array(1024);
  private stamp = 0;
  /** Concept id -> number of topics naming it; its terms are indexed while > 0. */
  private readonly conceptRefs = new Map<number, number>();
  /** First stem of a term -> the terms starting with it. */
  private readonly byStem = new Map<string, TermEntry[]>();
  /** First exact word ("=ties" as "ties") -> the terms starting with it. */
  private readonly byWord = new Map<string, TermEntry[]>();
  /** First three letters -> prefix concepts. */
  private readonly byPrefix = new Map<string, Concept[]>();
  private readonly byFeedKey = new Map<string, Concept[]>();
  /** Anchor concept -> slots filed under it alone. */
  private readonly single = new Map<number, Set<number>>();
  /** Anchor concept -> second concept -> slots filed under both. */
  private readonly pairs = new Map<number, Map<number, Set<number>>>();
  private readonly always = new Set<number>();

  constructor(private readonly library: TopicLibrary) {}

  get size(): number {
    return this.subscriptions.size;
  }

  has(id: string): boolean {
    return this.subscriptions.has(id);
  }

  add(id: string, text: string): CompiledTopic {
    const key = topicKey(text);
    const shared = this.entries.get(key);
    const topic = shared?.topic ?? compileTopic(text, this.library);
    this.remove(id);
    const entry = this.entries.get(key) ?? this.file(key, topic);
    entry.subscribers.add(id);
    this.subscriptions.set(id, entry);
    return topic;
  }

  remove(id: string): boolean {
    const entry = this.subscriptions.get(id);
    if (!entry) return false;
    this.subscriptions.delete(id);
    entry.subscribers.delete(id);
    if (entry.subscribers.size === 0) this.unfile(entry);
    return true;
  }

  private file(key: string, topic: CompiledTopic): Entry {
    const slot = this.freeSlots.pop() ?? this.slots.length;
    if (slot >= this.seen.length) {
      const grown = new Int32Array(this.seen.length * 2);
      grown.set(this.seen);
      this.seen = grown;
    }
    const entry: Entry = { key, topic, subscribers: new Set(), slot, filed: [] };
    this.slots[slot] = entry;
    this.entries.set(key, entry);
    for (const concept of topic.concepts) this.ref(concept);
    const alternatives = topicRequirements(topic.root);
    if (!alternatives) {
      entry.filed.push([NO_ANCHOR, NO_ANCHOR]);
      this.always.add(slot);
      return entry;
    }
    for (const alternative of alternatives) {
      const [a, b] = anchorsOf(alternative);
      if (!b) {
        this.slotSet(this.single, a.id).add(slot);
        entry.filed.push([a.id, NO_ANCHOR]);
      } else {
        let inner = this.pairs.get(a.id);
        if (!inner) {
          inner = new Map();
          this.pairs.set(a.id, inner);
        }
        this.slotSet(inner, b.id).add(slot);
        entry.filed.push([a.id, b.id]);
      }
    }
    return entry;
  }

  private unfile(entry: Entry): void {
    for (const [a, b] of entry.filed) {
      if (a === NO_ANCHOR) this.always.delete(entry.slot);
      else if (b === NO_ANCHOR) this.dropSlot(this.single, a, entry.slot);
      else {
        const inner = this.pairs.get(a);
        if (inner) {
          this.dropSlot(inner, b, entry.slot);
          if (inner.size === 0) this.pairs.delete(a);
        }
      }
    }
    for (const concept of entry.topic.concepts) this.unref(concept);
    this.entries.delete(entry.key);
    this.slots[entry.slot] = undefined;
    this.freeSlots.push(entry.slot);
  }

  match(article: TopicArticle): SubscriptionMatch[] {
    const text = analyzeArticle(article);
    const hits: ConceptHits = new Map();
    const { stems, words } = text;
    const checkWords = this.byWord.size > 0;
    const checkPrefixes = this.byPrefix.size > 0;
    for (let i = 0; i < stems.length; i++) {
      const list = this.byStem.get(stems[i] as string);
      if (list) for (const e of list) tryTermAt(e.concept, e.term, text, i, hits);
      if (checkWords) {
        const exact = this.byWord.get(words[i] as string);
        if (exact) for (const e of exact) tryTermAt(e.concept, e.term, text, i, hits);
      }
      if (checkPrefixes && (words[i] as string).length >= 3) {
        const prefixed = this.byPrefix.get((words[i] as string).slice(0, 3));
        if (prefixed) for (const c of prefixed) tryPrefixAt(c, text, i, hits);
      }
    }
    if (article.feed && this.byFeedKey.size > 0) {
      const feed = analyzeText(article.feed, "");
      for (const stem of feed.stems) {
        for (const c of this.byFeedKey.get(stem) ?? []) tryFeed(c, feed, hits);
      }
    }
    return this.verify(this.candidates(hits), hits, text);
  }

  private candidates(hits: ConceptHits): number[] {
    const stamp = ++this.stamp;
    const out: number[] = [];
    const take = (slot: number): void => {
      if (this.seen[slot] === stamp) return;
      this.seen[slot] = stamp;
      out.push(slot);
    };
    const hitIds = [...hits.keys()];
    for (const a of hitIds) {
      const alone = this.single.get(a);
      if (alone) for (const slot of alone) take(slot);
      const inner = this.pairs.get(a);
      if (!inner) continue;
      // Walk whichever side is shorter: the pairs filed under `a`, or the hits.
      if (inner.size <= hitIds.length) {
        for (const [b, slots] of inner) if (hits.has(b)) for (const slot of slots) take(slot);
      } else {
        for (const b of hitIds) {
          const slots = inner.get(b);
          if (slots) for (const slot of slots) take(slot);
        }
      }
    }
    for (const slot of this.always) take(slot);
    return out;
  }

  private verify(
    slots: number[],
    hits: ConceptHits,
    text: ReturnType<typeof analyzeArticle>,
  ): SubscriptionMatch[] {
    const verdicts: Array<{ entry: Entry; score: number; reasons: string[] }> = [];
    for (const slot of slots) {
      const entry = this.slots[slot] as Entry;
      const result = evaluateTopic(entry.topic, hits, text);
      if (result) verdicts.push({ entry, ...result });
    }
    // Sort the distinct topics, not the subscriptions: far fewer of them.
    verdicts.sort((x, y) => y.score - x.score);
    const matches: SubscriptionMatch[] = [];
    for (const { entry, score, reasons } of verdicts) {
      for (const subscriptionId of entry.subscribers) {
        matches.push({ subscriptionId, score, reasons });
      }
    }
    return matches;
  }

  private slotSet(map: Map<number, Set<number>>, key: number): Set<number> {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    return set;
  }

  private dropSlot(map: Map<number, Set<number>>, key: number, slot: number): void {
    const set = map.get(key);
    if (!set) return;
    set.delete(slot);
    if (set.size === 0) map.delete(key);
  }

  private ref(concept: Concept): void {
    const count = this.conceptRefs.get(concept.id) ?? 0;
    this.conceptRefs.set(concept.id, count + 1);
    if (count > 0) return;
    if (concept.kind === "prefix") {
      pushTo(this.byPrefix, (concept.prefix ?? "").slice(0, 3), concept);
    } else if (concept.kind === "feed") {
      for (const term of concept.terms) pushTo(this.byFeedKey, term.keys[0] as string, concept);
    } else {
      for (const term of concept.terms) {
        const first = term.keys[0] as string;
        if (isExactKey(first)) pushTo(this.byWord, first.slice(1), { concept, term });
        else pushTo(this.byStem, first, { concept, term });
      }
    }
  }

  private unref(concept: Concept): void {
    const count = (this.conceptRefs.get(concept.id) ?? 1) - 1;
    if (count > 0) {
      this.conceptRefs.set(concept.id, count);
      return;
    }
    this.conceptRefs.delete(concept.id);
    const other = (e: { concept: Concept } | Concept): boolean =>
      ("concept" in e ? e.concept : e).id !== concept.id;
    if (concept.kind === "prefix") {
      removeFrom(this.byPrefix, (concept.prefix ?? "").slice(0, 3), other);
    } else if (concept.kind === "feed") {
      for (const term of concept.terms) removeFrom(this.byFeedKey, term.keys[0] as string, other);
    } else {
      for (const term of concept.terms) {
        const first = term.keys[0] as string;
        if (isExactKey(first)) removeFrom(this.byWord, first.slice(1), other);
        else removeFrom(this.byStem, first, other);
      }
    }
  }
}

/** Builds an empty subscription index over the library's vocabulary. */
export function createSubscriptionIndex(library: TopicLibrary): SubscriptionIndex {
  return new Index(library);
}
