import type { Config } from "../config/schema.js";
import { UserError } from "../core/errors.js";
import type { QueueBackend } from "../queue/queue-backend.js";
import { scheduleFeed } from "../queue/workers/feed-schedules.js";
import type { Database } from "../store/database.js";
import { createFeedRepository, type FeedRecord } from "../store/feed-repository.js";
import { createConfiguredFetcher } from "./create-ingestion.js";
import { discoverFeed } from "./discovery.js";
import { FetchError } from "./fetch-types.js";

export interface AddFeedDeps {
  config: Config;
  db: Database;
  queue: QueueBackend;
}

/**
 * Adds a feed as a person asks for it (the CLI's `feeds add`, the chat
 * command): a web page's feed is discovered, the fetch goes through the SSRF
 * guard, a disabled feed asked for again is re-enabled, and its polls are
 * scheduled. A URL that cannot be fetched is a UserError saying why.
 */
export async function addFeed(
  deps: AddFeedDeps,
  url: string,
  channel: string | undefined,
): Promise<{ feed: FeedRecord; created: boolean }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`feeds: ${url} is not a URL`, {
      hint: "give the feed's address, e.g. https://example.com/feed.xml",
    });
  }
  const fetcher = createConfiguredFetcher(deps.config);
  try {
    let feedUrl: string;
    try {
      feedUrl = await discoverFeed(fetcher, parsed.toString());
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      throw new UserError(`feeds: cannot add ${url}: ${error.message}`, {
        hint:
          error.code === "blocked-address"
            ? "give the address of a feed on the public internet"
            : "check the address, and that the site is up, then try again",
        cause: error,
      });
    }
    const feeds = createFeedRepository(deps.db);
    const result = await feeds.add({ url: feedUrl, channel: channel ?? null });
    if (result.feed.status === "disabled") await feeds.enable(result.feed.id);
    await scheduleFeed(deps.queue, result.feed, deps.config.feeds.minIntervalMs);
    return result;
  } finally {
    await fetcher.close();
  }
}
