import type { JobsOptions } from "bullmq";
import type { Logger } from "pino";
import type { JobPayloads } from "./job-payloads.js";
import type { QueueBackend } from "./queue-backend.js";
import type { QueueName } from "./queue-names.js";
import type { AnyBackendQueue, AnyBackendWorker, QueueTransport } from "./queue-transport.js";
import { runWithJobOutcomes } from "./run-processor.js";
import { isConnectionError } from "./unreachable-error.js";

/**
 * Finished jobs are kept a while (so an id added again within a day is still
 * recognised as a duplicate and runs once) and then trimmed, so the queue's
 * tables do not grow without bound in the embedded database.
 */
const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};

const DEFAULT_GRACE_MS = 30_000;
const RUN_RETRY_DELAY_MS = 1_000;
/** After cancelling jobs at the end of the grace period, how long to let processors wind down. */
const CANCEL_GRACE_MS = 2_000;
/** Errors that are not about the connection are logged at most this often per source. */
const ERROR_LOG_INTERVAL_MS = 30_000;

interface RunningWorker {
  worker: AnyBackendWorker<unknown>;
  release(): Promise<void>;
}

export function createBullmqQueueBackend(
  transport: QueueTransport,
  options: { drainDelayMs: number; logger: Logger },
): QueueBackend {
  const { logger } = options;
  // Typed per name by the QueueBackend signature; stored erased.
  const queues = new Map<QueueName, AnyBackendQueue<unknown>>();
  const workers: RunningWorker[] = [];
  const lastErrorLog = new Map<string, number>();
  let closing: Promise<void> | undefined;

  /** Connection errors feed the outage reporter; others are logged, rate-limited per source. */
  const onError = (source: string) => (error: Error) => {
    // Closing tears connections down; what they report then is no outage.
    if (closing) return;
    if (isConnectionError(error)) {
      transport.reporter.down(error);
      return;
    }
    const now = Date.now();
    if (now - (lastErrorLog.get(source) ?? 0) < ERROR_LOG_INTERVAL_MS) return;
    lastErrorLog.set(source, now);
    logger.error({ err: error, source }, `queue: ${source}: ${error.message}`);
  };

  const queue = <N extends QueueName>(name: N): AnyBackendQueue<JobPayloads[N]> => {
    if (closing) throw new Error(`queue: ${name} requested after close()`);
    let existing = queues.get(name);
    if (!existing) {
      existing = transport.createQueue<unknown>(name, DEFAULT_JOB_OPTIONS);
      existing.on("error", onError(`queue ${name}`));
      queues.set(name, existing);
    }
    return existing as AnyBackendQueue<JobPayloads[N]>;
  };

  return {
    server: transport.server,
    queue,

    worker(name, processor, settings) {
      if (closing) throw new Error(`queue: worker for ${name} requested after close()`);
      const { worker, release } = transport.createWorker(
        name,
        runWithJobOutcomes(processor, () => queue(name)),
        {
          concurrency: settings.concurrency,
          // BullMQ takes seconds; a fraction is fine (it waits at least 1 ms).
          drainDelay: options.drainDelayMs / 1000,
          // After a connection error BullMQ waits this long before fetching again
          // (default 15 s): after an outage, resume about as soon as the server is back.
          runRetryDelay: RUN_RETRY_DELAY_MS,
          ...(settings.lockDurationMs ? { lockDuration: settings.lockDurationMs } : {}),
          ...(settings.stalledIntervalMs ? { stalledInterval: settings.stalledIntervalMs } : {}),
        },
      );
      worker.on("error", onError(`worker ${name}`));
      worker.on("failed", (job, error) => {
        if (!job) return;
        const final =
          error.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
        logger[final ? "error" : "warn"](
          { queue: name, job_id: job.id, attempts_made: job.attemptsMade, err: error },
          `queue: ${name} job ${job.id} failed${final ? " for good" : ", will retry"}: ${error.message}`,
        );
      });
      workers.push({ worker: worker as unknown as AnyBackendWorker<unknown>, release });
      return worker;
    },

    async upsertScheduler(name, id, schedule, template) {
      const repeat =
        "everyMs" in schedule
          ? { every: schedule.everyMs }
          : { pattern: schedule.pattern, ...(schedule.tz ? { tz: schedule.tz } : {}) };
      await queue(name).upsertJobScheduler(id, repeat, {
        name: template.name ?? id,
        data: template.data,
        ...(template.opts ? { opts: template.opts } : {}),
      });
    },

    async removeScheduler(name, id) {
      return queue(name).removeJobScheduler(id);
    },

    async ready() {
      if (closing) return false;
      return transport.ping(1_000);
    },

    close(closeOptions = {}) {
      closing ??= closeAll(closeOptions.graceMs ?? DEFAULT_GRACE_MS);
      return closing;
    },
  };

  async function closeAll(graceMs: number): Promise<void> {
    // worker.close() stops fetching at once and resolves when running jobs finish.
    const drained = Promise.all(workers.map(({ worker }) => worker.close())).then(() => true);
    if (!(await withDeadline(drained, graceMs))) {
      logger.warn(
        { grace_ms: graceMs },
        `queue: jobs still running after ${graceMs} ms; cancelling them (they will run again)`,
      );
      for (const { worker } of workers) worker.cancelAllJobs("newswire is shutting down");
      if (!(await withDeadline(drained, CANCEL_GRACE_MS))) {
        // A processor that ignores its signal never settles, and BullMQ's
        // close(true) returns the pending graceful close: cut the connections
        // instead. The job's lock then expires and it runs again as stalled.
        logger.warn("queue: a job ignored cancellation; leaving it to be retried as stalled");
        await Promise.all(workers.map(({ worker }) => worker.disconnect().catch(() => {})));
      }
    }
    await withDeadline(
      Promise.all(workers.map(({ release }) => release())).then(() => true),
      CANCEL_GRACE_MS,
    );
    await withDeadline(
      Promise.all([...queues.values()].map((q) => q.close().catch(() => {}))).then(() => true),
      CANCEL_GRACE_MS,
    );
    await transport.close();
    logger.debug("queue: closed");
  }
}

async function withDeadline(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
