import {
  type AnalyzedText,
  analyzeArticle,
  analyzeText,
  type TopicArticle,
} from "./analyze-text.js";
import { AnchorFiling, listIn, NO_ANCHOR } from "./anchor-filing.js";
import { type CompiledTopic, compileTopic } from "./compile-topic.js";
import type { TopicLibrary } from "./compile-topic-library.js";
import type { ConceptHits } from "./concept-hits.js";
import type { TopicMatch } from "./evaluate-topic.js";
import { TermDictionary } from "./term-dictionary.js";
import { anchorsOf, topicRequirements } from "./topic-requirements.js";
import { compileProgram, exclusionHolds } from "./verdict-program.js";
import { VerdictTable } from "./verdict-table.js";

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
  verdict: number;
}

/** Topics that differ only in spacing are one topic. */
const topicKey = (text: string): string => text.trim().replace(/\s+/g, " ");

class Index implements SubscriptionIndex {
  /** Subscription id -> its topic's entry. */
  private readonly subscriptions = new Map<string, Entry>();
  /** Topic key -> entry. */
  private readonly entries = new Map<string, Entry>();
  private readonly slots: Array<Entry | undefined> = [];
  private readonly freeSlots: number[] = [];
  // What an article reads per matching slot, kept flat and out of the entries.
  private readonly texts: Array<string | undefined> = [];
  private readonly subscribers: Array<string[] | undefined> = [];
  /** Per slot: the last article stamp whose hits exclude the topic. */
  private excludedAt = new Int32Array(1024);
  /** Concept id -> (slot, flags) pairs of the topics that exclude it. */
  private readonly excluders = new Map<number, number[]>();
  /** Per slot: its exclusions as (concept id, flags) pairs, for removal. */
  private readonly exclusions: Array<number[] | undefined> = [];
  /** Verdict id -> where the reverse index filed it. */
  private readonly filed = new Map<number, Array<[number, number]>>();
  private stamp = 0;
  private readonly terms = new TermDictionary();
  /** Anchor concepts -> verdict ids. */
  private readonly filing = new AnchorFiling();
  private readonly verdicts = new VerdictTable();

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
    const program = compileProgram(topic);
    const { id: verdict, created } = this.verdicts.join(topic, program, slot);
    const entry: Entry = { key, topic, subscribers: [], slot, verdict };
    this.slots[slot] = entry;
    this.texts[slot] = topic.text;
    this.subscribers[slot] = entry.subscribers;
    if (slot >= this.excludedAt.length) this.excludedAt = grow(this.excludedAt);
    this.excludedAt[slot] = 0;
    const exclusions = program?.exclusions ?? [];
    this.exclusions[slot] = exclusions.length > 0 ? exclusions : undefined;
    for (let k = 0; k < exclusions.length; k += 2) {
      listIn(this.excluders, exclusions[k] as number).push(slot, exclusions[k + 1] as number);
    }
    this.entries.set(key, entry);
    for (const concept of topic.concepts) this.terms.ref(concept);
    if (created) {
      // One verdict, one place in the reverse index: its requirements are
      // those of every topic that shares it (exclusions require nothing).
      const filed: Array<[number, number]> = [];
      const alternatives = topicRequirements(topic.root);
      if (!alternatives) filed.push([NO_ANCHOR, NO_ANCHOR]);
      else {
        for (const alternative of alternatives) {
          const [a, b] = anchorsOf(alternative);
          filed.push([a.id, b ? b.id : NO_ANCHOR]);
        }
      }
      for (const [a, b] of filed) this.filing.file(verdict, a, b);
      this.filed.set(verdict, filed);
    }
    return entry;
  }

  private unfile(entry: Entry): void {
    const { slot, verdict } = entry;
    if (this.verdicts.leave(verdict, slot)) {
      for (const [a, b] of this.filed.get(verdict) ?? []) this.filing.unfile(verdict, a, b);
      this.filed.delete(verdict);
    }
    for (const concept of entry.topic.concepts) this.terms.unref(concept);
    this.entries.delete(entry.key);
    this.slots[slot] = undefined;
    this.texts[slot] = undefined;
    this.subscribers[slot] = undefined;
    const exclusions = this.exclusions[slot] ?? [];
    for (let k = 0; k < exclusions.length; k += 2) {
      dropPair(this.excluders, exclusions[k] as number, slot);
    }
    this.exclusions[slot] = undefined;
    this.freeSlots.push(slot);
  }

  matchTopics(article: TopicArticle): TopicMatchGroup[] {
    const text = analyzeArticle(article);
    const feed = article.feed ? analyzeText(article.feed, "") : undefined;
    const hits = this.terms.findHits(text, feed);
    const stamp = ++this.stamp;
    this.markExcluded(hits, text, stamp);
    const { verdicts, texts, subscribers, excludedAt } = this;
    const ids: number[] = [];
    const found: TopicMatch[] = [];
    for (const list of this.filing.listsFor(hits)) {
      for (let k = 0; k < list.length; k++) {
        const id = list[k] as number;
        if (!verdicts.visit(id, stamp)) continue;
        const verdict = verdicts.evaluate(id, hits, text);
        if (!verdict) continue;
        ids.push(id);
        found.push(verdict);
      }
    }
    // Best first: verdicts are fewer than the topics that share them, so
    // they are what gets sorted; each one's topics follow it.
    const groups: TopicMatchGroup[] = [];
    for (const at of byScore(found)) {
      const verdict = found[at] as TopicMatch;
      for (const slot of verdicts.members[ids[at] as number] as number[]) {
        if (excludedAt[slot] === stamp) continue;
        groups.push({
          topic: texts[slot] as string,
          subscriptionIds: subscribers[slot] as string[],
          score: verdict.score,
          reasons: verdict.reasons,
        });
      }
    }
    return groups;
  }

  /** Stamps every topic that one of the article's concepts excludes. */
  private markExcluded(hits: ConceptHits, text: AnalyzedText, stamp: number): void {
    for (const [id, hit] of hits) {
      const pairs = this.excluders.get(id);
      if (!pairs) continue;
      // By flags (title-only, feed): at most four answers per concept.
      let known = 0;
      let holds = 0;
      for (let k = 0; k < pairs.length; k += 2) {
        const flags = pairs[k + 1] as number;
        const bit = 1 << flags;
        if ((known & bit) === 0) {
          known |= bit;
          if (exclusionHolds(hit, flags, text)) holds |= bit;
        }
        if ((holds & bit) !== 0) this.excludedAt[pairs[k] as number] = stamp;
      }
    }
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
}

/**
 * Positions of `found`, best score first. Sorting numbers is native and fast
 * where a comparator is not: each key is the score (explain rounds it to
 * 0.001) above the position, so equal scores keep their order.
 */
const POSITIONS = 2 ** 21;
const SCORES = 2 ** 31;

function byScore(found: readonly TopicMatch[]): Float64Array | number[] {
  const n = found.length;
  if (n >= POSITIONS) {
    return [...found.keys()].sort((x, y) => (found[y]?.score ?? 0) - (found[x]?.score ?? 0));
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = (SCORES - Math.round((found[i] as TopicMatch).score * 1000)) * POSITIONS + i;
  }
  keys.sort();
  for (let i = 0; i < n; i++) keys[i] = (keys[i] as number) % POSITIONS;
  return keys;
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** Removes the (slot, flags) pair of `slot` from the list under `key`. */
function dropPair(map: Map<number, number[]>, key: number, slot: number): void {
  const list = map.get(key);
  if (!list) return;
  for (let k = 0; k < list.length; k += 2) {
    if (list[k] !== slot) continue;
    list.splice(k, 2);
    break;
  }
  if (list.length === 0) map.delete(key);
}

/** Builds an empty subscription index over the library's vocabulary. */
export function createSubscriptionIndex(library: TopicLibrary): SubscriptionIndex {
  return new Index(library);
}
