import type { FeedRecord } from "../../store/feed-repository.js";
import { jobId } from "../job-id.js";
import type { QueueBackend } from "../queue-backend.js";

/** One BullMQ job scheduler per feed, firing a poll job every feed interval. */
export function feedSchedulerId(feedId: string): string {
  return jobId("feed", feedId);
}

export async function scheduleFeed(
  queue: QueueBackend,
  feed: Pick<FeedRecord, "id" | "intervalMs">,
  fallbackMs: number,
): Promise<void> {
  await queue.upsertScheduler(
    "poll",
    feedSchedulerId(feed.id),
    { everyMs: feed.intervalMs ?? fallbackMs },
    {
      name: "poll",
      data: { feedId: feed.id },
    },
  );
}

export async function unscheduleFeed(queue: QueueBackend, feedId: string): Promise<void> {
  await queue.removeScheduler("poll", feedSchedulerId(feedId));
}
