/** The queue module's public surface (DESIGN.md §2): everything above src/queue imports from here. */

export {
  GiveUpError,
  giveUp,
  RateLimitedError,
  RetryLaterError,
  rateLimited,
  retryLater,
} from "./job-errors.js";
export { jobId } from "./job-id.js";
export type {
  DeliverJob,
  DigestEvery,
  DigestJob,
  JobPayloads,
  MatchJob,
  PollJob,
} from "./job-payloads.js";
export {
  createQueueBackend,
  type QueueBackend,
  type QueueBackendOptions,
  type Schedule,
  type SchedulerTemplate,
  type WorkerSettings,
} from "./queue-backend.js";
export { isQueueName, QUEUE_NAMES, type QueueName } from "./queue-names.js";
export {
  EMBEDDED_SEARCH_PATH_SQL,
  ensureQueueSearchPath,
  QUEUE_SCHEMA,
} from "./queue-search-path.js";
export type { AnyBackendQueue, AnyBackendWorker } from "./queue-transport.js";
export type { JobProcessor } from "./run-processor.js";
