import { createPostgresBackend, type JobsOptions, Queue, runMigrations, Worker } from "bullmq";
import pg from "pg";
import type { Logger } from "pino";
import { createOutageReporter } from "./outage-reporter.js";
import { ensureQueueSearchPath, QUEUE_SCHEMA } from "./queue-search-path.js";
import {
  type AnyBackendQueue,
  type AnyBackendWorker,
  type BullmqProcessor,
  type QueueTransport,
  type TransportWorkerOptions,
  withTimeout,
} from "./queue-transport.js";
import {
  describeQueueServer,
  isConnectionError,
  queueUnreachableError,
} from "./unreachable-error.js";

const CONNECT_TIMEOUT_MS = 5_000;
/** While the database is down, how often to look whether it is back (to log it once). */
const RECOVERY_CHECK_MS = 2_000;
const END_TIMEOUT_MS = 2_000;

/**
 * BullMQ's PostgreSQL backend on the same database as the store: a PostgreSQL
 * server, or the embedded PGlite served on loopback by pglite-socket.
 *
 * Pools are ours, not BullMQ's, so they can be shared and sized: one pool for
 * every Queue (producers, schedulers), and one small pool per Worker, because
 * a worker keeps one connection checked out for LISTEN and must not starve
 * the others. BullMQ uses a pool it is given as-is, with the `bullmq` schema,
 * so each pool pins `search_path` itself; on the embedded database start-up
 * options are ignored and the shared session's path is checked instead.
 */
export async function connectPostgresTransport(options: {
  url: string;
  embedded: boolean;
  poolSize: number;
  logger: Logger;
}): Promise<QueueTransport> {
  const { url, embedded, logger } = options;
  const kind = embedded ? "embedded" : "postgres";
  const server = describeQueueServer(kind, url);
  const reporter = createOutageReporter({ server, logger });

  const newPool = (max: number): pg.Pool => {
    const pool = new pg.Pool({
      connectionString: url,
      max,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      ...(embedded ? {} : { options: `-c search_path=${QUEUE_SCHEMA}` }),
    });
    // An idle client losing its server emits here; unhandled it would crash the process.
    pool.on("error", (error) => noteError(error));
    return pool;
  };

  let recoveryTimer: NodeJS.Timeout | undefined;
  const noteError = (error: unknown): void => {
    if (!isConnectionError(error)) return;
    reporter.down(error);
    recoveryTimer ??= setInterval(() => {
      void ping(1_000);
    }, RECOVERY_CHECK_MS).unref();
  };

  const queuePool = newPool(options.poolSize);
  try {
    const client = await queuePool.connect();
    try {
      if (embedded) await ensureQueueSearchPath(client, logger);
      // Idempotent and serialized by an advisory lock, so every process may run it.
      await runMigrations(client, QUEUE_SCHEMA);
    } finally {
      client.release();
    }
  } catch (error) {
    await queuePool.end().catch(() => {});
    if (isConnectionError(error)) throw queueUnreachableError(kind, url, error);
    throw error;
  }

  const ping = async (timeoutMs: number): Promise<boolean> => {
    const ok = await withTimeout(
      queuePool.query("SELECT 1").then(
        () => true,
        (error: unknown) => {
          noteError(error);
          return false;
        },
      ),
      timeoutMs,
      false,
    );
    if (ok) {
      reporter.up();
      if (recoveryTimer) clearInterval(recoveryTimer);
      recoveryTimer = undefined;
    }
    return ok;
  };

  return {
    server,
    reporter,
    createQueue<T>(name: string, defaultJobOptions: JobsOptions): AnyBackendQueue<T> {
      const queue = new Queue(
        name,
        { connection: queuePool, defaultJobOptions },
        createPostgresBackend,
      );
      // Same public API as the Redis-typed Queue; only internal type parameters differ.
      return queue as unknown as AnyBackendQueue<T>;
    },
    createWorker<T>(
      name: string,
      processor: BullmqProcessor<T>,
      workerOptions: TransportWorkerOptions,
    ) {
      // LISTEN + one per concurrent job + lock renewal / stalled checks.
      const pool = newPool((workerOptions.concurrency ?? 1) + 2);
      const worker = new Worker(
        name,
        processor,
        { ...workerOptions, connection: pool },
        createPostgresBackend,
      );
      return {
        // Same public API as the Redis-typed Worker; only internal type parameters differ.
        worker: worker as unknown as AnyBackendWorker<T>,
        // pool.end() waits for checked-out clients; never let it hold up shutdown.
        release: () =>
          withTimeout(
            pool.end().catch(() => {}),
            END_TIMEOUT_MS,
            undefined,
          ),
      };
    },
    ping,
    async close() {
      if (recoveryTimer) clearInterval(recoveryTimer);
      recoveryTimer = undefined;
      await withTimeout(
        queuePool.end().catch(() => {}),
        END_TIMEOUT_MS,
        undefined,
      );
    },
  };
}
