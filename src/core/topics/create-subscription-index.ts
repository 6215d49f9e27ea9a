import { analyzeArticle, analyzeText, type TopicArticle } from "./analyze-text.js";
import { AnchorFiling, ENTRY, type Filing, guardsHold, NO_ANCHOR } from "./anchor-filing.js";
import { type CompiledTopic, compileTopic } from "./compile-topic.js";
import type { TopicLibrary } from "./compile-topic-library.js";
import type { ConceptHit } from "./concept-hits.js";
import { TermDictionary } from "./term-dictionary.js";
import { idsRarestFirst, rarestFirst, topicRequirements } from "./topic-requirements.js";
import { compileProgram, ruledOut } from "./verdict-program.js";
import { type TopicMember, VerdictTable } from "./verdict-table.js";

export type { TopicMember } from "./verdict-table.js";

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
   * The same verdicts, best first, each with the topics that share it and
   * their subscribers: what a worker writing matches in bulk wants, without
   * one object per subscription, nor one per topic. The arrays in it are the
   * index's own: read them before the next add or remove, never change them.
   */
  matchTopics(article: TopicArticle): TopicMatchGroup[];
}

/** One verdict on an article: the topics that share it (and hold), their score and reasons. */
export interface TopicMatchGroup {
  topics: readonly TopicMember[];
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
  /** Its verdict's cell in the verdict table. */
  cell: number;
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
  /** Verdict cell -> where the reverse index filed it. */
  private readonly filed = new Map<number, Filing[]>();
  private stamp = 0;
  private readonly terms = new TermDictionary();
  /** Anchor concepts -> verdict cells. */
  private readonly filing = new AnchorFiling();
  private readonly verdicts = new VerdictTable();
  /** Scratch: the verdict cells an article must evaluate, written by index and never shrunk. */
  private readonly candidates: number[] = [];
  /** Scratch, by concept id: the hits of the article being matched, else empty. */
  private readonly hitsById: Array<ConceptHit | undefined> = [];

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
    const subscribers: string[] = [];
    const exclusions = program?.exclusions ?? [];
    const { cell, created } = this.verdicts.join(topic, program, {
      slot,
      topic: topic.text,
      subscriptionIds: subscribers,
      exclusions: exclusions.length > 0 ? Int32Array.from(exclusions) : null,
    });
    const entry: Entry = { key, topic, subscribers, slot, cell };
    this.slots[slot] = entry;
    this.entries.set(key, entry);
    for (const concept of topic.concepts) this.terms.ref(concept);
    if (created) {
      // One verdict, one place in the reverse index: its requirements are
      // those of every topic that shares it (exclusions require nothing).
      const alternatives = topicRequirements(topic.root);
      const filed: Filing[] = alternatives
        ? alternatives.map((alternative) => {
            const [a, b, g1, g2] = rarestFirst(alternative).map((c) => c.id);
            return [a as number, b ?? NO_ANCHOR, g1 ?? NO_ANCHOR, g2 ?? NO_ANCHOR];
          })
        : [[NO_ANCHOR, NO_ANCHOR, NO_ANCHOR, NO_ANCHOR]];
      for (const where of filed) this.filing.file(cell, where);
      this.filed.set(cell, filed);
    }
    return entry;
  }

  private unfile(entry: Entry): void {
    const { slot, cell } = entry;
    if (this.verdicts.leave(cell, slot)) {
      for (const where of this.filed.get(cell) ?? []) this.filing.unfile(cell, where);
      this.filed.delete(cell);
    }
    for (const concept of entry.topic.concepts) this.terms.unref(concept);
    this.entries.delete(entry.key);
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
  }

  matchTopics(article: TopicArticle): TopicMatchGroup[] {
    const text = analyzeArticle(article);
    const feed = article.feed ? analyzeText(article.feed, "") : undefined;
    const hits = this.terms.findHits(text, feed);
    // The hits by concept id too: a program reads a few of them per verdict.
    const byId = this.hitsById;
    for (const [id, hit] of hits) {
      // Grown one by one, the array stays a fast (not a dictionary) array.
      while (byId.length <= id) byId.push(undefined);
      byId[id] = hit;
    }
    try {
      const stamp = ++this.stamp;
      const { verdicts } = this;
      const found: TopicMatchGroup[] = [];
      // First every candidate is stamped, in a tight loop whose memory reads
      // (one cell each, scattered over the table) the processor overlaps;
      // then the candidates, now in the cache, are evaluated.
      const candidates = this.candidates;
      let count = 0;
      for (const list of this.filing.listsFor(idsRarestFirst(hits), byId)) {
        for (let k = 0; k < list.length; k += ENTRY) {
          const cell = list[k] as number;
          if (guardsHold(list, k, byId) && verdicts.visit(cell, stamp)) candidates[count++] = cell;
        }
      }
      for (let k = 0; k < count; k++) {
        const cell = candidates[k] as number;
        const verdict = verdicts.evaluate(cell, hits, byId, text);
        if (!verdict) continue;
        // Most members exclude nothing the article holds: then all of them
        // hold, and the verdict's own array (never empty) is handed on as it
        // is, unread here.
        const members = verdicts.membersOf(cell);
        const excluding = verdicts.excludingOf(cell);
        const out = excluding ? ruledOut(excluding, byId, text) : null;
        const topics = out ? without(members, out) : members;
        if (out && topics.length === 0) continue;
        found.push({ topics, score: verdict.score, reasons: verdict.reasons });
      }
      // Best first.
      const order = byScore(found);
      const groups = new Array<TopicMatchGroup>(order.length);
      for (let k = 0; k < order.length; k++)
        groups[k] = found[order[k] as number] as TopicMatchGroup;
      return groups;
    } finally {
      for (const id of hits.keys()) byId[id] = undefined;
    }
  }

  match(article: TopicArticle): SubscriptionMatch[] {
    const matches: SubscriptionMatch[] = [];
    for (const { topics, score, reasons } of this.matchTopics(article)) {
      for (const { subscriptionIds } of topics) {
        for (const subscriptionId of subscriptionIds)
          matches.push({ subscriptionId, score, reasons });
      }
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

function byScore(found: readonly TopicMatchGroup[]): Float64Array | number[] {
  const n = found.length;
  if (n >= POSITIONS) {
    return [...found.keys()].sort((x, y) => (found[y]?.score ?? 0) - (found[x]?.score ?? 0));
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = (SCORES - Math.round((found[i] as TopicMatchGroup).score * 1000)) * POSITIONS + i;
  }
  keys.sort();
  for (let i = 0; i < n; i++) keys[i] = (keys[i] as number) % POSITIONS;
  return keys;
}

/**
 * A copy of `members` without those at the `out` indexes (ascending), in
 * one pass: a filter would call a function per member, and a verdict may
 * have thousands of members.
 */
function without<T>(members: readonly T[], out: readonly number[]): T[] {
  const kept = new Array<T>(members.length - out.length);
  let next = 0;
  let o = 0;
  for (let i = 0; i < members.length; i++) {
    if (out[o] !== i) kept[next++] = members[i] as T;
    else while (out[o] === i) o++;
  }
  return kept;
}

/** Builds an empty subscription index over the library's vocabulary. */
export function createSubscriptionIndex(library: TopicLibrary): SubscriptionIndex {
  return new Index(library);
}
