import type { AppPart } from "../../app.js";
import type { ChatPlatform } from "../../core/chat-platform.js";
import type { Reply } from "../../core/commands/reply-model.js";
import { createIngestion, type Ingestion } from "../../feeds/create-ingestion.js";
import { addStarterFeeds } from "../../feeds/starter-feeds.js";
import { jobId } from "../job-id.js";
import { scheduleFeed, schedulerTickMs, unscheduleFeed } from "./feed-schedules.js";

/** How often `start` brings each feed's poll scheduler in step with its interval. */
const SCHEDULER_SYNC_MS = 5 * 60_000;

/**
 * Ingestion: the poll worker (every process with workers) and, in `start`,
 * the starter feeds and one job scheduler per feed, kept in step with each
 * feed's interval. A poll's new articles go to the match queue.
 */
export function ingestionPart(options: {
  schedulers: boolean;
  /** The platforms that tell a channel its feed was disabled. */
  platforms: () => ReadonlyMap<string, ChatPlatform>;
}): AppPart {
  let ingestion: Ingestion | undefined;
  let syncTimer: NodeJS.Timeout | undefined;
  const ticks = new Map<string, number>();
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
          // Not awaited: BullMQ's scheduler removal can wait for this very
          // job (one of the scheduler's) to finish. A disabled feed's ticks
          // are no-ops meanwhile (poll-feed.ts skips disabled feeds).
          void unscheduleFeed(queue, feed.id).catch((error: unknown) => {
            logger.warn(
              { err: error, feed_id: feed.id },
              "ingestion: could not remove the poll scheduler of a disabled feed",
            );
          });
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
        await syncSchedules();
        syncTimer = setInterval(() => {
          syncSchedules().catch((error: unknown) => {
            logger.warn(
              { err: error },
              "ingestion: could not bring the poll schedulers in step; will try again",
            );
          });
        }, SCHEDULER_SYNC_MS);
        syncTimer.unref();
      }
      // Never touches a scheduler from inside a poll job: BullMQ's PostgreSQL
      // backend stalls the job that does (until stalled-job recovery).
      queue.worker("poll", async (job) => current.poll(job.data.feedId), {
        concurrency: config.queue.concurrency,
      });

      /** Each feed's scheduler ticks at half its current interval; disabled feeds have none. */
      async function syncSchedules(): Promise<void> {
        for (const feed of await current.feeds.list()) {
          const tick =
            feed.status === "disabled"
              ? 0
              : schedulerTickMs(feed.intervalMs ?? config.feeds.minIntervalMs);
          if (ticks.get(feed.id) === tick) continue;
          if (tick === 0) await unscheduleFeed(queue, feed.id);
          else await scheduleFeed(queue, feed, config.feeds.minIntervalMs);
          ticks.set(feed.id, tick);
        }
      }
    },
    async stop() {
      if (syncTimer) clearInterval(syncTimer);
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
