import type { Logger } from "pino";
import type { Config } from "../config/schema.js";
import { type Clock, systemClock } from "../core/clock.js";
import { createArticleRepository } from "../store/article-repository.js";
import type { Database } from "../store/database.js";
import { createFeedRepository, type FeedState } from "../store/feed-repository.js";
import type { Fetcher } from "./fetch-types.js";
import { createFetcher } from "./fetcher.js";
import { type PollOutcome, pollFeed } from "./poll-feed.js";

export interface IngestionOptions {
  db: Database;
  config: Config;
  logger: Logger;
  clock?: Clock;
  fetcher?: Fetcher;
  onNewArticles?: (feed: FeedState, articleIds: string[]) => Promise<void>;
  onDisabled?: (feed: FeedState, channels: string[], reason: string) => Promise<void>;
}

/** The fetcher every part of Newswire reads feeds with, built from config. */
export function createConfiguredFetcher(config: Config, clock: Clock = systemClock): Fetcher {
  const f = config.feeds;
  return createFetcher({
    userAgent: f.userAgent,
    connectTimeoutMs: f.connectTimeoutMs,
    totalTimeoutMs: f.totalTimeoutMs,
    maxBodyBytes: f.maxBodyBytes,
    maxRedirects: f.maxRedirects,
    perHostConcurrency: f.perHostConcurrency,
    allowPrivate: f.allowPrivate,
    clock,
  });
}

/** Feeds, articles, the fetcher and `poll(feedId)`: what the poll worker and the CLI share. */
export function createIngestion(options: IngestionOptions) {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const feeds = createFeedRepository(options.db);
  const articles = createArticleRepository(options.db);
  const fetcher = options.fetcher ?? createConfiguredFetcher(config, clock);
  return {
    feeds,
    articles,
    fetcher,
    /** Polls a feed when it is due (`force`: now, whatever its schedule, as `newswire poll` does). */
    poll(feedId: string, pollOptions: { force?: boolean } = {}): Promise<PollOutcome> {
      return pollFeed(
        feedId,
        {
          feeds,
          articles,
          fetcher,
          clock,
          guard: !config.feeds.allowPrivate,
          bounds: {
            minIntervalMs: config.feeds.minIntervalMs,
            maxIntervalMs: config.feeds.maxIntervalMs,
            disableAfterFailures: config.feeds.disableAfterFailures,
          },
          random: Math.random,
          logger: options.logger,
          ...(options.onNewArticles ? { onNewArticles: options.onNewArticles } : {}),
          ...(options.onDisabled ? { onDisabled: options.onDisabled } : {}),
        },
        pollOptions,
      );
    },
    close: () => fetcher.close(),
  };
}

export type Ingestion = ReturnType<typeof createIngestion>;
