import type { AppPart } from "../../app.js";
import { createIngestion, type Ingestion } from "../../feeds/create-ingestion.js";
import { addStarterFeeds } from "../../feeds/starter-feeds.js";
import { jobId } from "../job-id.js";
import { scheduleFeed, unscheduleFeed } from "./feed-schedules.js";

/**
 * Ingestion: the poll worker (every process with workers) and, in `start`,
 * the starter feeds and one job scheduler per feed. A poll's new articles go
 * to the match queue; a feed that changes interval gets its scheduler moved.
 */
export function ingestionPart(options: { schedulers: boolean }): AppPart {
  let ingestion: Ingestion | undefined;
  return {
    name: "ingestion",
    async start(app) {
      const { config, queue, logger } = app;
      const current = createIngestion({
        db: app.db,
        config,
        logger,
        onNewArticles: async (feed, articleIds) => {
          await queue
            .queue("match")
            .add("match", { articleIds }, { jobId: jobId("match", feed.id, articleIds[0] ?? "") });
        },
        onDisabled: async (feed, channels, reason) => {
          await unscheduleFeed(queue, feed.id);
          logger.warn(
            { feed_id: feed.id, feed_url: feed.url, channels, reason },
            "ingestion: feed disabled",
          );
        },
      });
      ingestion = current;
      if (options.schedulers) {
        if (config.feeds.starterFeeds && (await current.feeds.count()) === 0) {
          const added = await addStarterFeeds(current.feeds, config.feeds.starterFile);
          logger.info(
            { feeds: added.length, file: config.feeds.starterFile },
            `ingestion: added ${added.length} starter feeds (see \`newswire feeds list\`; NEWSWIRE_STARTER_FEEDS=false turns this off)`,
          );
        }
        for (const feed of await current.feeds.list()) {
          if (feed.status === "disabled") await unscheduleFeed(queue, feed.id);
          else await scheduleFeed(queue, feed, config.feeds.minIntervalMs);
        }
      }
      queue.worker(
        "poll",
        async (job) => {
          const before = await current.feeds.get(job.data.feedId);
          const outcome = await current.poll(job.data.feedId);
          if (
            outcome.status !== "skipped" &&
            !(outcome.status === "error" && outcome.disabled) &&
            before?.intervalMs !== outcome.intervalMs
          ) {
            await scheduleFeed(
              queue,
              { id: outcome.feedId, intervalMs: outcome.intervalMs },
              config.feeds.minIntervalMs,
            );
          }
          return outcome;
        },
        { concurrency: config.queue.concurrency },
      );
    },
    async stop() {
      await ingestion?.close();
    },
  };
}
