import type { Logger } from "pino";
import type { Article } from "../core/article.js";
import type { Clock } from "../core/clock.js";
import type { ArticleRepository } from "../store/article-repository.js";
import {
  type FeedRepository,
  type FeedState,
  RECENT_ITEM_TIMES,
} from "../store/feed-repository.js";
import { FetchError, type Fetcher } from "./fetch-types.js";
import { normalizeItems } from "./normalize/normalize-items.js";
import { parseFeed } from "./parse/parse-feed.js";
import { nextPollInterval, type PollBounds, type PollHints } from "./poll-policy.js";

export interface PollFeedDeps {
  feeds: FeedRepository;
  articles: ArticleRepository;
  fetcher: Fetcher;
  /** Interval bounds and disablement (config feeds.*). */
  bounds: PollBounds;
  /** In [0, 1): jitter for backoff. */
  random: () => number;
  clock: Clock;
  /** SSRF guard on (FEED_ALLOW_PRIVATE=false). */
  guard: boolean;
  logger: Logger;
  /** New articles to match (not called for a feed's first poll: its backlog is stored, not announced). */
  onNewArticles?: (feed: FeedState, articleIds: string[]) => Promise<void>;
  /** The feed was disabled by this failure; tell these channels once. */
  onDisabled?: (feed: FeedState, channels: string[], reason: string) => Promise<void>;
}

export type PollOutcome =
  | {
      status: "new";
      feedId: string;
      url: string;
      items: number;
      newArticles: number;
      backlog: boolean;
      intervalMs: number;
    }
  | { status: "not-modified"; feedId: string; url: string; intervalMs: number }
  | {
      status: "error";
      feedId: string;
      url: string;
      error: string;
      disabled: boolean;
      intervalMs: number;
    }
  | { status: "skipped"; feedId: string; url: string; reason: string };

/** Jobs fire a little early or late; a poll this close to its time goes ahead. */
const EARLY_TOLERANCE_MS = 1_000;

/**
 * One poll of one feed: conditional GET, parse, normalize, store what is new,
 * hand new articles on to matching, and record health and the next interval.
 * Every failure is recorded on the feed; none escapes to crash the worker.
 */
export async function pollFeed(
  feedId: string,
  deps: PollFeedDeps,
  options: { force?: boolean } = {},
): Promise<PollOutcome> {
  const feed = await deps.feeds.state(feedId);
  if (!feed) return { status: "skipped", feedId, url: "", reason: "feed removed" };
  if (feed.status === "disabled")
    return { status: "skipped", feedId, url: feed.url, reason: "feed disabled" };
  const now = deps.clock.now();
  // The feed's own next poll time rules, not when a job happens to fire: a
  // scheduler fires at once when its interval changes and on its own grid,
  // and a backoff or Retry-After must hold whatever triggers the poll.
  if (
    !options.force &&
    feed.nextPollAt &&
    now.getTime() < feed.nextPollAt.getTime() - EARLY_TOLERANCE_MS
  ) {
    return {
      status: "skipped",
      feedId,
      url: feed.url,
      reason: `not due until ${feed.nextPollAt.toISOString()}`,
    };
  }
  const log = deps.logger.child({ feed_id: feed.id, feed_url: feed.url });
  try {
    const result = await deps.fetcher.fetch({
      url: feed.url,
      etag: feed.etag,
      lastModified: feed.lastModified,
      guard: deps.guard,
    });
    if (result.kind === "not-modified") {
      const intervalMs = decide(feed.recentItemTimes, deps, now, "not-modified", {
        ...storedHints(feed),
        maxAgeMs: result.maxAgeMs,
      });
      await deps.feeds.recordSuccess(feed.id, {
        at: now,
        ...(result.permanentRedirect ? { url: result.permanentRedirect } : {}),
        etag: result.etag ?? feed.etag,
        lastModified: result.lastModified ?? feed.lastModified,
        hints: feed.hints,
        intervalMs,
        nextPollAt: new Date(now.getTime() + intervalMs),
      });
      logRecovery(log, feed);
      return { status: "not-modified", feedId, url: feed.url, intervalMs };
    }
    // The poller keeps no parser warnings: it skips the strict pass that lists recovered XML errors.
    const parsed = parseFeed(result.body, {
      contentType: result.contentType,
      url: result.url,
      recoveries: false,
    });
    if (!parsed.ok) throw new Error(`parser: ${parsed.error}`);
    const articles = normalizeItems(parsed.feed, { feedUrl: result.url, now });
    const stored = await deps.articles.insert(feed.id, articles, now);
    const feedHints = {
      ttlMinutes: parsed.feed.hints.ttlMinutes,
      updatePeriodMinutes: parsed.feed.hints.updatePeriodMinutes,
    };
    const outcome = stored.freshGuids.length > 0 ? "new-items" : "no-new-items";
    const recentItemTimes = withFreshItems(feed.recentItemTimes, articles, stored.freshGuids);
    const intervalMs = decide(recentItemTimes, deps, now, outcome, {
      ...feedHints,
      maxAgeMs: result.maxAgeMs,
    });
    await deps.feeds.recordSuccess(feed.id, {
      at: now,
      ...(result.permanentRedirect ? { url: result.permanentRedirect } : {}),
      title: parsed.feed.title || null,
      siteUrl: parsed.feed.link,
      etag: result.etag,
      lastModified: result.lastModified,
      hints: { ...feedHints, maxAgeMs: result.maxAgeMs },
      intervalMs,
      nextPollAt: new Date(now.getTime() + intervalMs),
      recentItemTimes,
    });
    logRecovery(log, feed);
    const backlog = feed.firstPolledAt === null;
    if (!backlog && stored.newIds.length > 0) await deps.onNewArticles?.(feed, stored.newIds);
    log.debug(
      { items: articles.length, new_articles: stored.newIds.length, backlog },
      "poll: done",
    );
    return {
      status: "new",
      feedId,
      url: feed.url,
      items: articles.length,
      newArticles: stored.newIds.length,
      backlog,
      intervalMs,
    };
  } catch (error) {
    const message = describe(error);
    const retryAfterMs = error instanceof FetchError ? error.retryAfterMs : null;
    const decision = nextPollInterval({
      now: now.getTime(),
      history: {
        newItemTimes: [],
        lastOutcome: "failed",
        consecutiveFailures: feed.consecutiveFailures + 1,
        retryAfterMs,
      },
      bounds: deps.bounds,
      random: deps.random,
    });
    const { intervalMs, shouldDisable: disable } = decision;
    const recorded = await deps.feeds.recordFailure(feed.id, {
      at: now,
      error: message,
      intervalMs,
      nextPollAt: new Date(now.getTime() + intervalMs),
      disable,
    });
    // One line when a feed's state changes, never one per retry.
    if (recorded.disabled) {
      log.warn(
        { failures: feed.consecutiveFailures + 1, error: message },
        "poll: feed disabled after repeated failures",
      );
      await deps.onDisabled?.(feed, recorded.channels, message);
    } else if (feed.status === "ok") {
      log.warn({ error: message }, "poll: feed failing");
    } else {
      log.debug(
        { error: message, failures: feed.consecutiveFailures + 1 },
        "poll: feed still failing",
      );
    }
    return {
      status: "error",
      feedId,
      url: feed.url,
      error: message,
      disabled: recorded.disabled,
      intervalMs,
    };
  }
}

interface StoredHints {
  ttlMinutes: number | null;
  updatePeriodMinutes: number | null;
  maxAgeMs: number | null;
}

/**
 * The feed's publishing rhythm after a poll: the publication times of the
 * items new to it, newest first, ahead of those it had.
 */
function withFreshItems(before: Date[], articles: Article[], freshGuids: string[]): Date[] {
  const fresh = new Set(freshGuids);
  const times: Date[] = [];
  for (const article of articles) {
    // An item the feed lists twice counts once.
    if (fresh.delete(article.guid)) times.push(article.publishedAt);
  }
  times.sort((a, b) => b.getTime() - a.getTime());
  return [...times, ...before].slice(0, RECENT_ITEM_TIMES);
}

/** The next interval after a successful poll, from the feed's recent publishing rhythm and its hints. */
function decide(
  times: Date[],
  deps: PollFeedDeps,
  now: Date,
  lastOutcome: "new-items" | "no-new-items" | "not-modified",
  hints: StoredHints,
): number {
  const policyHints: PollHints = { maxAgeMs: hints.maxAgeMs, ttlMinutes: hints.ttlMinutes };
  if (hints.updatePeriodMinutes) {
    // sy:updatePeriod/updateFrequency arrive as minutes between updates; as an hourly frequency they mean the same.
    policyHints.updatePeriod = "hourly";
    policyHints.updateFrequency = 60 / hints.updatePeriodMinutes;
  }
  return nextPollInterval({
    now: now.getTime(),
    history: { newItemTimes: times.map((t) => t.getTime()), lastOutcome, consecutiveFailures: 0 },
    hints: policyHints,
    bounds: deps.bounds,
    random: deps.random,
  }).intervalMs;
}

function storedHints(feed: FeedState): {
  ttlMinutes: number | null;
  updatePeriodMinutes: number | null;
} {
  return {
    ttlMinutes: feed.hints.ttlMinutes ?? null,
    updatePeriodMinutes: feed.hints.updatePeriodMinutes ?? null,
  };
}

function logRecovery(log: Logger, feed: FeedState): void {
  if (feed.status === "failing")
    log.info({ after_failures: feed.consecutiveFailures }, "poll: feed recovered");
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
