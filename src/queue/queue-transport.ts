import type { JobsOptions, Queue, Worker, WorkerOptions } from "bullmq";
import type { OutageReporter } from "./outage-reporter.js";

/**
 * A BullMQ queue on whichever backend. BullMQ's classes carry the backend and
 * its connection options as type parameters, but their public methods do not
 * depend on them; the Redis defaults are used as the one erased type, and the
 * PostgreSQL transport converts to it (postgres-transport.ts).
 */
export type AnyBackendQueue<T> = Queue<T, unknown, string, T, unknown, string>;
/** A BullMQ worker on whichever backend (see AnyBackendQueue). */
export type AnyBackendWorker<T> = Worker<T, unknown, string>;

/** The BullMQ processor signature our workers are built with. */
export type BullmqProcessor<T> = (job: import("bullmq").Job<T>, token?: string) => Promise<unknown>;

/** The worker settings the queue layer decides; the transport adds the connection. */
export type TransportWorkerOptions = Pick<
  WorkerOptions,
  | "concurrency"
  | "drainDelay"
  | "runRetryDelay"
  | "lockDuration"
  | "stalledInterval"
  | "maxStalledCount"
>;

/**
 * What differs between Redis and PostgreSQL: how a Queue and a Worker get their
 * connection, how to ping, how to close. Everything else (typed queues, the
 * error mapping, schedulers, graceful close) is shared in bullmq-queue-backend.ts.
 */
export interface QueueTransport {
  /** "Redis at redis://127.0.0.1:6379", for log lines. */
  readonly server: string;
  readonly reporter: OutageReporter;
  createQueue<T>(name: string, defaultJobOptions: JobsOptions): AnyBackendQueue<T>;
  createWorker<T>(
    name: string,
    processor: BullmqProcessor<T>,
    options: TransportWorkerOptions,
  ): { worker: AnyBackendWorker<T>; release(): Promise<void> };
  /** A cheap round trip; false (never a throw) when the server does not answer in time. */
  ping(timeoutMs: number): Promise<boolean>;
  /** Closes the connections this transport opened (after every queue and worker has closed). */
  close(): Promise<void>;
}

/** Resolves to `fallback` when `promise` has not settled within `ms`; never leaves a timer behind. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(fallback), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
