import { analyzeArticle, analyzeText, type TopicArticle } from "./analyze-text.js";
import { type CompiledTopic, compileTopic } from "./compile-topic.js";
import type { TopicLibrary } from "./compile-topic-library.js";
import type { ConceptHits } from "./concept-hits.js";
import { evaluateTopic, type VerdictMemo } from "./evaluate-topic.js";
import { TermDictionary } from "./term-dictionary.js";
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
  /**
   * The same verdicts, one per distinct topic with its subscribers: what a
   * worker writing matches in bulk wants, without one object per subscription.
   */
  matchTopics(article: TopicArticle): TopicMatchGroup[];
}

export interface TopicMatchGroup {
  /** The topic as first typed. */
  topic: string;
  subscriptionIds: readonly string[];
  score: number;
  reasons: string[];
}

/**
 * One distinct topic and everyone subscribed to it. Thousands of channels
 * follow "oil prices": the topic is filed and evaluated once per article,
 * and its verdict handed to each subscriber.
 */
interface Entry {
  key: string;
  topic: CompiledTopic;
  /** Subscription ids; an array because match() walks it for every article. */
  subscribers: string[];
  slot: number;
  /** Where it is filed: [anchor, second anchor or -1]; [-1, -1] means "check always". */
  filed: Array<[number, number]>;
}

/** Topics that differ only in spacing are one topic. */
const topicKey = (text: string): string => text.trim().replace(/\s+/g, " ");

const NO_ANCHOR = -1;

class Index implements SubscriptionIndex {
  /** Subscription id -> its topic's entry. */
  private readonly subscriptions = new Map<string, Entry>();
  /** Topic key -> entry. */
  private readonly entries = new Map<string, Entry>();
  private readonly slots: Array<Entry | undefined> = [];
  private readonly freeSlots: number[] = [];
  private seen = new Int32Array(1024);
  private stamp = 0;
  private readonly terms = new TermDictionary();
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
    entry.subscribers.push(id);
    this.subscriptions.set(id, entry);
    return topic;
  }

  remove(id: string): boolean {
    const entry = this.subscriptions.get(id);
    if (!entry) return false;
    this.subscriptions.delete(id);
    const at = entry.subscribers.indexOf(id);
    // Swap-remove: order among one topic's subscribers carries no meaning.
    entry.subscribers[at] = entry.subscribers[entry.subscribers.length - 1] as string;
    entry.subscribers.pop();
    if (entry.subscribers.length === 0) this.unfile(entry);
    return true;
  }

  private file(key: string, topic: CompiledTopic): Entry {
    const slot = this.freeSlots.pop() ?? this.slots.length;
    if (slot >= this.seen.length) {
      const grown = new Int32Array(this.seen.length * 2);
      grown.set(this.seen);
      this.seen = grown;
    }
    const entry: Entry = { key, topic, subscribers: [], slot, filed: [] };
    this.slots[slot] = entry;
    this.entries.set(key, entry);
    for (const concept of topic.concepts) this.terms.ref(concept);
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
    for (const concept of entry.topic.concepts) this.terms.unref(concept);
    this.entries.delete(entry.key);
    this.slots[entry.slot] = undefined;
    this.freeSlots.push(entry.slot);
  }

  matchTopics(article: TopicArticle): TopicMatchGroup[] {
    const text = analyzeArticle(article);
    const feed = article.feed ? analyzeText(article.feed, "") : undefined;
    const hits = this.terms.findHits(text, feed);
    const groups: TopicMatchGroup[] = [];
    const memo: VerdictMemo = new Map();
    for (const slot of this.candidates(hits)) {
      const entry = this.slots[slot] as Entry;
      const verdict = evaluateTopic(entry.topic, hits, text, memo);
      if (!verdict) continue;
      groups.push({
        topic: entry.topic.text,
        subscriptionIds: entry.subscribers,
        score: verdict.score,
        reasons: verdict.reasons,
      });
    }
    return groups.sort((x, y) => y.score - x.score);
  }

  match(article: TopicArticle): SubscriptionMatch[] {
    const groups = this.matchTopics(article);
    let total = 0;
    for (const g of groups) total += g.subscriptionIds.length;
    const matches = new Array<SubscriptionMatch>(total);
    let n = 0;
    for (const { subscriptionIds, score, reasons } of groups) {
      for (const subscriptionId of subscriptionIds)
        matches[n++] = { subscriptionId, score, reasons };
    }
    return matches;
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
}

/** Builds an empty subscription index over the library's vocabulary. */
export function createSubscriptionIndex(library: TopicLibrary): SubscriptionIndex {
  return new Index(library);
}
