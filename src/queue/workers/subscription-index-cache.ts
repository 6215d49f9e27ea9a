import type { Logger } from "pino";
import { isUserError } from "../../core/errors.js";
import {
  createSubscriptionIndex,
  type TopicArticle,
  type TopicLibrary,
} from "../../core/topics/index.js";
import type {
  SubscriptionRecord,
  SubscriptionRepository,
} from "../../store/subscription-repository.js";

export interface IndexedMatch {
  subscription: SubscriptionRecord;
  score: number;
  reasons: string[];
}

/**
 * The subscription index a worker keeps in memory (DESIGN.md §1): compiled
 * once, patched when the `subscriptions` version counter moves (any process
 * may have changed them), never recompiled per article.
 */
export function createSubscriptionIndexCache(options: {
  subscriptions: SubscriptionRepository;
  library: TopicLibrary;
  logger: Logger;
}) {
  const index = createSubscriptionIndex(options.library);
  const known = new Map<string, SubscriptionRecord>();
  let version: string | null = null;

  async function refresh(): Promise<void> {
    const current = await options.subscriptions.version();
    if (current === version) return;
    const all = await options.subscriptions.listAll();
    const seen = new Set<string>();
    for (const sub of all) {
      seen.add(sub.id);
      const before = known.get(sub.id);
      known.set(sub.id, sub);
      if (before?.topic === sub.topic && index.has(sub.id)) continue;
      try {
        index.add(sub.id, sub.topic);
      } catch (error) {
        // A stored topic the engine no longer accepts (library changed): skip it, say so once.
        if (!isUserError(error)) throw error;
        options.logger.warn(
          { subscription_id: sub.id, topic: sub.topic, error: error.message },
          "match: topic no longer compiles",
        );
      }
    }
    for (const id of [...known.keys()]) {
      if (seen.has(id)) continue;
      known.delete(id);
      index.remove(id);
    }
    version = current;
  }

  return {
    refresh,
    get size() {
      return index.size;
    },
    /** Active subscriptions the article matches; a subscription only gets articles first seen after it was created. */
    match(article: TopicArticle, firstSeenAt: Date): IndexedMatch[] {
      const out: IndexedMatch[] = [];
      // One verdict per distinct topic, handed to its subscribers here: no
      // intermediate object per subscription that matched.
      for (const { topics, score, reasons } of index.matchTopics(article)) {
        for (const { subscriptionIds } of topics) {
          for (const id of subscriptionIds) {
            const sub = known.get(id);
            if (!sub || sub.paused || sub.createdAt.getTime() > firstSeenAt.getTime()) continue;
            out.push({ subscription: sub, score, reasons });
          }
        }
      }
      return out;
    },
  };
}

export type SubscriptionIndexCache = ReturnType<typeof createSubscriptionIndexCache>;
