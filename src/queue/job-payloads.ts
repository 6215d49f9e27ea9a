import type { QueueName } from "./queue-names.js";

/**
 * Job payloads are small: ids, never rows or article bodies. A job re-reads
 * what it needs from the store, so a retried or duplicated job sees the
 * current state rather than a stale copy (DESIGN.md §1).
 */
export interface PollJob {
  feedId: string;
}

/** How often a subscription's digest goes out. */
export type DigestEvery = "realtime" | "hourly" | "daily" | "weekly";

export interface DigestJob {
  channel: string;
  /** Only these subscriptions of the channel; all of them when absent. */
  subscriptionIds?: string[];
  every: DigestEvery;
}

export interface DeliverJob {
  digestId: string;
}

export interface MatchJob {
  articleIds: string[];
}

/** The payload type of each queue, so `queue("poll")` is typed end to end. */
export interface JobPayloads {
  poll: PollJob;
  digest: DigestJob;
  deliver: DeliverJob;
  match: MatchJob;
}

// Compile-time check that every queue has a payload and no payload lacks a queue.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _payloadsCoverQueues: Exact<keyof JobPayloads, QueueName> = true;
void _payloadsCoverQueues;
