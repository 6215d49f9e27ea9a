import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { createOutageReporter } from "./outage-reporter.js";
import { type QueueTransport, withTimeout } from "./queue-transport.js";
import { describeQueueServer, queueUnreachableError } from "./unreachable-error.js";

/** How long the start-up probe waits for Redis before calling it unreachable. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * BullMQ on Redis through one shared ioredis connection (workers add their
 * own blocking duplicate). Fails fast with a one-line `ServiceUnavailableError`
 * when nothing answers at start; afterwards it reconnects for ever, logging one
 * line when Redis goes away and one when it is back.
 */
export async function connectRedisTransport(options: {
  url: string;
  prefix: string;
  logger: Logger;
}): Promise<QueueTransport> {
  const { url, prefix, logger } = options;
  await probeRedis(url);

  const server = describeQueueServer("redis", url);
  const reporter = createOutageReporter({ server, logger });
  const connection = new Redis(url, {
    // BullMQ workers need commands to wait through a reconnect, not fail.
    maxRetriesPerRequest: null,
    // Back off to one attempt every 2 s; never give up (the process must outlive an outage).
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    connectionName: "newswire",
    // Not lazyConnect: BullMQ duplicates this connection for each worker, and a
    // lazy duplicate that loses its server during its first connect stays dead.
  });
  let closed = false;
  connection.on("error", (error: unknown) => {
    if (!closed) reporter.down(error);
  });
  connection.on("ready", () => reporter.up());
  // Connected before anything is built on it, so ready() is true from the start.
  try {
    await untilReady(connection);
  } catch (error) {
    connection.disconnect();
    throw queueUnreachableError("redis", url, error);
  }

  return {
    server,
    reporter,
    createQueue(name, defaultJobOptions) {
      return new Queue(name, { connection, prefix, defaultJobOptions });
    },
    createWorker(name, processor, workerOptions) {
      const worker = new Worker(name, processor, { ...workerOptions, connection, prefix });
      // The shared connection is ours; BullMQ closes the worker's blocking duplicate itself.
      return { worker, release: async () => {} };
    },
    async ping(timeoutMs) {
      // With the offline queue on, a PING while disconnected would wait for the
      // reconnect instead of answering: look at the status first.
      if (connection.status !== "ready") return false;
      const answered = await withTimeout(
        connection.ping().then(
          () => true,
          () => false,
        ),
        timeoutMs,
        false,
      );
      return answered;
    },
    async close() {
      closed = true;
      try {
        await withTimeout(connection.quit(), 2_000, "timeout");
      } catch {
        // Already gone: nothing to close gracefully.
      }
      connection.disconnect();
    },
  };
}

/** One attempt, no retries: is anything answering PING at `url`? */
async function probeRedis(url: string): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: PROBE_TIMEOUT_MS,
  });
  // The failure is reported through connect()'s rejection; without a listener
  // ioredis would also print it as an unhandled error event.
  let lastError: unknown;
  probe.on("error", (error: unknown) => {
    lastError = error;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw queueUnreachableError("redis", url, lastError ?? error);
  } finally {
    probe.disconnect();
  }
}

/** Resolves on the connection's first `ready`; rejects on its first error (the probe just passed, so that is a race). */
function untilReady(connection: Redis): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(new Error("ETIMEDOUT")), PROBE_TIMEOUT_MS);
    const settle = (error?: unknown) => {
      clearTimeout(timer);
      connection.off("ready", onReady);
      connection.off("error", settle);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onReady = () => settle();
    connection.on("ready", onReady);
    connection.on("error", settle);
  });
}
