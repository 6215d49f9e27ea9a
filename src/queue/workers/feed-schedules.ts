import type { FeedRecord } from "../../store/feed-repository.js";
import { jobId } from "../job-id.js";
import type { QueueBackend } from "../queue-backend.js";

/** One BullMQ job scheduler per feed, firing a poll job every feed interval. */
export function feedSchedulerId(feedId: string): string {
  return jobId("feed", feedId);
}

/**
 * The scheduler ticks at half the feed's interval: BullMQ's `every` fires on
 * a grid of multiples of it (and at once when changed), so a poll only runs
 * at the first tick at or after the feed's next poll time (poll-feed.ts skips
 * earlier ones), at most half an interval late.
 */
export function schedulerTickMs(intervalMs: number): number {
  return Math.max(1_000, Math.ceil(intervalMs / 2));
}

export async function scheduleFeed(
  queue: QueueBackend,
  feed: Pick<FeedRecord, "id" | "intervalMs">,
  fallbackMs: number,
): Promise<void> {
  await queue.upsertScheduler(
    "poll",
    feedSchedulerId(feed.id),
    { everyMs: schedulerTickMs(feed.intervalMs ?? fallbackMs) },
    {
      name: "poll",
      data: { feedId: feed.id },
    },
  );
}

export async function unscheduleFeed(queue: QueueBackend, feedId: string): Promise<void> {
  await queue.removeScheduler("poll", feedSchedulerId(feedId));
}
