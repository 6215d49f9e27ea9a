import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { loadConfig } from "../../../src/config/load-config.js";
import { loadTopicLibrary } from "../../../src/config/load-topic-library.js";
import type { Digest } from "../../../src/core/digest/digest-model.js";
import { buildChannelDigest } from "../../../src/queue/workers/build-channel-digest.js";
import { matchArticles } from "../../../src/queue/workers/match-articles.js";
import { createSubscriptionIndexCache } from "../../../src/queue/workers/subscription-index-cache.js";
import { createArticleRepository } from "../../../src/store/article-repository.js";
import type { Database } from "../../../src/store/database.js";
import { createDigestRepository } from "../../../src/store/digest-repository.js";
import { createFeedRepository } from "../../../src/store/feed-repository.js";
import { createSubscriptionRepository } from "../../../src/store/subscription-repository.js";

/** The repositories the match, digest and deliver jobs use, on one database. */
export function digestRepos(db: Database) {
  return {
    articles: createArticleRepository(db),
    digests: createDigestRepository(db),
    subscriptions: createSubscriptionRepository(db),
  };
}

export interface Story {
  title: string;
  summary: string;
}

/**
 * Test setup through the real jobs: a daily subscription to `topic` in
 * `channel`, `stories` stored and matched, and the channel's daily digest
 * built (pending). The digest is null when nothing matched.
 */
export async function seedPendingDigest(
  db: Database,
  channel: string,
  topic: string,
  stories: Story[],
): Promise<Digest> {
  const config = loadConfig({ env: {}, file: "/dev/null" });
  const logger = pino({ level: "silent" });
  const { articles, digests, subscriptions } = digestRepos(db);
  const sub = await subscriptions.create({
    channel,
    topic,
    every: "daily",
    at: "08:00",
    day: null,
    timezone: "UTC",
    createdBy: null,
  });
  const { feed } = await createFeedRepository(db).add({
    url: `https://wire.example/${randomUUID()}.xml`,
    title: "World Desk",
  });
  const tag = randomUUID().slice(0, 8);
  const seenAt = new Date(sub.createdAt.getTime() + 1_000);
  const { newIds } = await articles.insert(
    feed.id,
    stories.map((s, i) => ({
      guid: `${tag}-${i}`,
      url: `https://wire.example/${tag}/${i}`,
      canonicalUrl: `https://wire.example/${tag}/${i}`,
      title: s.title,
      summary: s.summary,
      content: s.summary,
      author: null,
      categories: [],
      publishedAt: seenAt,
      publishedAtFromFeed: true,
    })),
    seenAt,
  );
  const index = createSubscriptionIndexCache({
    subscriptions,
    library: loadTopicLibrary(config.topics),
    logger,
  });
  await matchArticles(newIds, { articles, digests, index });
  const digest = await buildChannelDigest(
    { channel, every: "daily", now: new Date() },
    { subscriptions, digests, maxItemsPerTopic: 8, summarize: async (r) => r.title },
  );
  if (!digest) throw new Error(`fixture: nothing matched "${topic}" in ${channel}`);
  return digest;
}

/** Each match of the digest's subscriptions: which digest holds it, and whether it was delivered. */
export async function matchStates(
  db: Database,
  channel: string,
): Promise<Array<{ title: string; digestId: string | null; delivered: boolean }>> {
  const { rows } = await db.query<{ title: string; digest_id: string | null; delivered: boolean }>(
    `SELECT a.title, m.digest_id::text, m.delivered_at IS NOT NULL AS delivered
     FROM matches m JOIN subscriptions s ON s.id = m.subscription_id JOIN articles a ON a.id = m.article_id
     WHERE s.channel_id = $1 ORDER BY a.title`,
    [channel],
  );
  return rows.map((r) => ({ title: r.title, digestId: r.digest_id, delivered: r.delivered }));
}
