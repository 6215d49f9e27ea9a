import { focusTermsOf } from "../../core/commands/match-articles.js";
import { buildDigestAsync } from "../../core/digest/build-digest-async.js";
import type { Digest } from "../../core/digest/digest-model.js";
import type { DigestRepository } from "../../store/digest-repository.js";
import type {
  SubscriptionRecord,
  SubscriptionRepository,
} from "../../store/subscription-repository.js";

export interface BuildChannelDigestDeps {
  subscriptions: SubscriptionRepository;
  digests: DigestRepository;
  maxItemsPerTopic: number;
  /** Summaries (the LLM summarizer with its extractive fallback, or extractive only). */
  summarize: (request: {
    articleId: string;
    title: string;
    text: string;
    focusTerms: string[];
  }) => Promise<string>;
}

export interface DigestRequest {
  channel: string;
  /** `now`: every active subscription of the channel, whatever its schedule. */
  every: Digest["every"];
  /** Only these subscriptions (a schedule group); default: every active one with this `every`. */
  subscriptionIds?: string[];
  now: Date;
  /** Build and return it, but store nothing and take no match. */
  dryRun?: boolean;
}

function chosen(subs: SubscriptionRecord[], request: DigestRequest): SubscriptionRecord[] {
  const active = subs.filter((s) => !s.paused);
  if (request.subscriptionIds) return active.filter((s) => request.subscriptionIds?.includes(s.id));
  if (request.every === "now") return active;
  return active.filter((s) => s.every === request.every);
}

/**
 * A channel's digest from its undelivered matches: built by core/digest,
 * persisted (pending) with the matches it takes, ready for the deliver job.
 * Null when there is nothing to say (an empty digest is never posted).
 */
export async function buildChannelDigest(
  request: DigestRequest,
  deps: BuildChannelDigestDeps,
): Promise<Digest | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await buildOnce(request, deps);
    if (result !== "stale") return result;
  }
  throw new Error(`digest: ${request.channel}: other digests kept taking its matches; will retry`);
}

async function buildOnce(
  request: DigestRequest,
  deps: BuildChannelDigestDeps,
): Promise<Digest | null | "stale"> {
  const subs = chosen(await deps.subscriptions.listByChannel(request.channel), request);
  const pending = await deps.digests.pendingMatches(subs.map((s) => s.id));
  if (pending.length === 0) return null;
  const digest = await buildDigestAsync({
    channel: request.channel,
    digestId: request.dryRun ? "dry-run" : "new",
    every: request.every,
    now: request.now,
    subscriptions: subs.map((s) => ({ id: s.id, topic: s.topic })),
    matches: pending.map((p) => {
      const { fingerprint, ...article } = p.article;
      return {
        subscriptionId: p.subscriptionId,
        score: p.score,
        reasons: p.reasons,
        focusTerms: focusTermsOf(p.reasons),
        article: fingerprint === null ? article : { ...article, fingerprint },
      };
    }),
    maxItemsPerTopic: deps.maxItemsPerTopic,
    summarize: deps.summarize,
  });
  if (digest.topics.length === 0) return null;
  if (request.dryRun) return digest;
  // Every pending match is taken, shown or counted in "and K more": none comes back next time.
  const saved = await deps.digests.save(
    digest,
    pending.map((p) => ({ subscriptionId: p.subscriptionId, articleId: p.article.id })),
  );
  if (saved === null) return "stale";
  await deps.subscriptions.markDigested(
    subs.map((s) => s.id),
    request.now,
  );
  return saved;
}
