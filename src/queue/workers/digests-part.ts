import type { AppPart } from "../../app.js";
import { createCommandPorts } from "../../app-command-ports.js";
import { loadTopicLibrary } from "../../config/load-topic-library.js";
import type { ChatPlatform } from "../../core/chat-platform.js";
import { systemClock } from "../../core/clock.js";
import { createArticleRepository } from "../../store/article-repository.js";
import { createDigestRepository } from "../../store/digest-repository.js";
import { createSubscriptionRepository } from "../../store/subscription-repository.js";
import { createConfiguredSummarizer } from "../../summarizer/configured-summarizer.js";
import { jobId } from "../job-id.js";
import { deliverDigest } from "./deliver-digest.js";
import { matchArticles } from "./match-articles.js";
import { runDigestJob } from "./run-digest-job.js";
import { createSubscriptionIndexCache } from "./subscription-index-cache.js";

/**
 * Matching, digests and delivery: the match worker (new articles against the
 * subscription index), the digest worker (build and persist), the deliver
 * worker (post through the channel's platform). Realtime subscriptions get a
 * digest job a short window after their first new match, so a burst is one message.
 */
export function digestsPart(options: {
  platforms: () => ReadonlyMap<string, ChatPlatform>;
  /** Keep every channel's digest schedulers in step with its subscriptions (the `start` process). */
  schedulers: boolean;
}): AppPart {
  return {
    name: "digests",
    async start(app) {
      const { config, queue, logger, db } = app;
      const articles = createArticleRepository(db);
      const digests = createDigestRepository(db);
      const subscriptions = createSubscriptionRepository(db);
      const index = createSubscriptionIndexCache({
        subscriptions,
        library: loadTopicLibrary(config.topics),
        logger,
      });
      const summarizer = createConfiguredSummarizer(config);
      const concurrency = config.queue.concurrency;
      if (options.schedulers) {
        // Subscriptions changed while no scheduler ran (or by another version): bring every channel in step.
        const ports = createCommandPorts(app);
        const channels = new Set((await subscriptions.listAll()).map((s) => s.channel));
        for (const channel of channels) await ports.schedules.sync(channel, []);
      }
      const windowMs = config.digest.realtimeWindowMs;

      queue.worker(
        "match",
        async (job) => {
          const matched = await matchArticles(job.data.articleIds, { articles, digests, index });
          const realtime = new Set(
            matched.filter((s) => s.every === "realtime").map((s) => s.channel),
          );
          const bucket = Math.floor(Date.now() / windowMs);
          for (const channel of realtime) {
            await queue
              .queue("digest")
              .add(
                "digest",
                { channel, every: "realtime" },
                { jobId: jobId("digest", channel, "realtime", bucket), delay: windowMs },
              );
          }
          return { matches: matched.length };
        },
        { concurrency },
      );

      queue.worker(
        "digest",
        async (job) => {
          return runDigestJob(
            {
              channel: job.data.channel,
              every: job.data.every,
              ...(job.data.subscriptionIds ? { subscriptionIds: job.data.subscriptionIds } : {}),
              now: systemClock.now(),
            },
            {
              subscriptions,
              digests,
              maxItemsPerTopic: config.digest.maxItemsPerTopic,
              summarize: async (r) => (await summarizer.summarize(r)).summary,
              enqueueDeliver: async (digestId) => {
                const deliver = queue.queue("deliver");
                const id = jobId("deliver", digestId);
                // A deliver job that ran out of attempts keeps its id (and so
                // blocks a new one) for days: a still-pending digest retries it.
                const existing = await deliver.getJob(id);
                if (existing && (await existing.isFailed())) {
                  await existing.retry("failed");
                  return;
                }
                await deliver.add("deliver", { digestId }, { jobId: id, attempts: 8 });
              },
            },
          );
        },
        { concurrency },
      );

      queue.worker(
        "deliver",
        async (job) =>
          deliverDigest(job.data.digestId, {
            digests,
            subscriptions,
            platforms: options.platforms(),
            clock: systemClock,
            logger,
          }),
        { concurrency },
      );
    },
  };
}
