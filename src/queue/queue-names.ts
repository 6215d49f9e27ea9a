/**
 * The queues Newswire runs (DESIGN.md §1). Every step of the pipeline is a job
 * on one of these; the payload of each is declared in job-payloads.ts.
 */
export const QUEUE_NAMES = ["poll", "digest", "deliver", "match"] as const;

export type QueueName = (typeof QUEUE_NAMES)[number];

export function isQueueName(value: string): value is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(value);
}
