import type { JobSchedulerTemplateOptions } from "bullmq";
import type { Logger } from "pino";
import { createBullmqQueueBackend } from "./bullmq-queue-backend.js";
import type { JobPayloads } from "./job-payloads.js";
import { connectPostgresTransport } from "./postgres-transport.js";
import type { QueueName } from "./queue-names.js";
import type { AnyBackendQueue, AnyBackendWorker } from "./queue-transport.js";
import { connectRedisTransport } from "./redis-transport.js";
import type { JobProcessor } from "./run-processor.js";

export interface QueueBackendOptions {
  /** Redis for BullMQ (servers mode); when unset, the queue lives in the database. */
  redisUrl?: string;
  /** The store's connection string; the queue uses it when `redisUrl` is unset. */
  postgresUrl?: string;
  /** `postgresUrl` points at the embedded PGlite served by pglite-socket. */
  embedded?: boolean;
  /** Redis key prefix (default `newswire`), e.g. per test file; PostgreSQL keeps queues in the `bullmq` schema. */
  prefix?: string;
  /**
   * How long an idle worker waits for a job before looking again. On the
   * embedded database LISTEN/NOTIFY does not cross connections, so this is
   * how soon a job added by another process is seen: keep it near 1 s.
   */
  drainDelayMs: number;
  /** Connections in the queue pool (PostgreSQL only; each worker has its own small pool). */
  poolSize?: number;
  logger: Logger;
}

/** When a scheduler fires: every N ms, or a cron pattern in a time zone. */
export type Schedule = { everyMs: number } | { pattern: string; tz?: string };

export interface SchedulerTemplate<T> {
  /** The job name; defaults to the scheduler id. */
  name?: string;
  data: T;
  opts?: JobSchedulerTemplateOptions;
}

export interface WorkerSettings {
  concurrency: number;
  /** How long a job's lock lasts before it counts as stalled (BullMQ default 30 s). */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs to run again (BullMQ default 30 s). */
  stalledIntervalMs?: number;
}

/**
 * The queue port: the same BullMQ Queue and Worker above either backend.
 * Nothing outside src/queue knows whether Redis or PostgreSQL is underneath.
 */
export interface QueueBackend {
  /** For log lines: "Redis at redis://127.0.0.1:6379". */
  readonly server: string;
  /** The queue (one instance per name, created on first use). */
  queue<N extends QueueName>(name: N): AnyBackendQueue<JobPayloads[N]>;
  /**
   * Starts a worker. The processor may throw `retryLater(ms)`, `giveUp(reason)`
   * or `rateLimited(ms)` (job-errors.ts); any other error is retried with the
   * job's backoff.
   */
  worker<N extends QueueName>(
    name: N,
    processor: JobProcessor<JobPayloads[N]>,
    settings: WorkerSettings,
  ): AnyBackendWorker<JobPayloads[N]>;
  /** Creates or updates the job scheduler `id` on `queue`; idempotent, so every process may call it at start. */
  upsertScheduler<N extends QueueName>(
    queue: N,
    id: string,
    schedule: Schedule,
    template: SchedulerTemplate<JobPayloads[N]>,
  ): Promise<void>;
  /** Removes a job scheduler; false when there was none. */
  removeScheduler(queue: QueueName, id: string): Promise<boolean>;
  /** A cheap round trip to the queue's server, for /readyz. Never throws. */
  ready(): Promise<boolean>;
  /**
   * Stops taking jobs, lets running ones finish for up to `graceMs` (then
   * leaves them to be retried as stalled), and closes every connection.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Builds the queue on Redis when `redisUrl` is set, else on PostgreSQL at
 * `postgresUrl`. Rejects with a one-line `ServiceUnavailableError` when the
 * server cannot be reached.
 */
export async function createQueueBackend(options: QueueBackendOptions): Promise<QueueBackend> {
  const logger = options.logger.child({ component: "queue" });
  if (options.redisUrl) {
    const transport = await connectRedisTransport({
      url: options.redisUrl,
      prefix: options.prefix ?? "newswire",
      logger,
    });
    return createBullmqQueueBackend(transport, { drainDelayMs: options.drainDelayMs, logger });
  }
  if (!options.postgresUrl) {
    throw new Error(
      "queue: neither redisUrl nor postgresUrl is set; the composition root must pass one",
    );
  }
  const transport = await connectPostgresTransport({
    url: options.postgresUrl,
    embedded: options.embedded ?? false,
    poolSize: options.poolSize ?? 5,
    logger,
  });
  return createBullmqQueueBackend(transport, { drainDelayMs: options.drainDelayMs, logger });
}
