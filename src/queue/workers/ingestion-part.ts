import type { AppPart } from "../../app.js";
import type { ChatPlatform } from "../../core/chat-platform.js";
import type { Reply } from "../../core/commands/reply-model.js";
import { createIngestion, type Ingestion } from "../../feeds/create-ingestion.js";
import { addStarterFeeds } from "../../feeds/starter-feeds.js";
import { jobId } from "../job-id.js";
import { scheduleFeed, unscheduleFeed } from "./feed-schedules.js";

/**
 * Ingestion: the poll worker (every process with workers) and, in `start`,
 * the starter feeds and one job scheduler per feed. A poll's new articles go
 * to the match queue; a feed that changes interval gets its scheduler moved.
 */
export function ingestionPart(options: {
  schedulers: boolean;
  /** The platforms that tell a channel its feed was disabled. */
  platforms: () => ReadonlyMap<string, ChatPlatform>;
}): AppPart {
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
          // Each channel that added the feed is told once (recordFailure hands each out once).
          const notice = feedDisabledNotice(feed.title ?? feed.url, feed.id, reason);
          for (const channel of channels) {
            const platform = options.platforms().get(channel.slice(0, channel.indexOf(":")));
            const outcome = await platform
              ?.postNotice(channel, notice)
              .catch((error: unknown) => ({ status: "retry" as const, reason: String(error) }));
            if (!outcome || outcome.status === "retry") {
              logger.warn(
                { channel, feed_id: feed.id },
                "ingestion: could not tell the channel its feed was disabled",
              );
            }
          }
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

export function feedDisabledNotice(name: string, feedId: string, reason: string): Reply {
  return {
    visibility: "channel",
    summary: `Newswire stopped polling ${name}: ${reason}`,
    blocks: [
      {
        kind: "error",
        message: `Newswire stopped polling the feed "${name}" (feed ${feedId}) after repeated failures: ${reason}`,
        hint: "check the feed's address; `/news feeds add <url>` adds it again once it works",
      },
    ],
  };
}
