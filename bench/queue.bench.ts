/**
 * `npm run bench -- queue`: jobs per second through BullMQ on each backend the
 * queue runs on — the embedded PGlite (through pglite-socket), a PostgreSQL
 * server, and Redis — for the same work: 2,000 small jobs (an id each) on one
 * queue, one worker at concurrency 4, jobs added in batches of 100 while the
 * worker runs. Measured from the first add to the last job done, so both the
 * producer's and the worker's round trips count. A backend whose server does
 * not answer is skipped and said so.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import pino from "pino";
import { ServiceUnavailableError } from "../src/core/errors.js";
import { createQueueBackend, type QueueBackendOptions } from "../src/queue/queue-backend.js";
import { startEmbeddedServer } from "../src/store/embedded-server.js";
import type { Benchmark } from "./benchmark.js";

const JOBS = 2_000;
const BATCH = 100;
const CONCURRENCY = 4;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Target {
  name: string;
  options: Omit<QueueBackendOptions, "logger">;
  cleanup(): Promise<void>;
}

interface Result {
  jobsPerS: number;
  enqueuePerS: number;
  seconds: number;
}

async function run(target: Target): Promise<Result> {
  const logger = pino({ level: "error" }, pino.destination(2));
  const backend = await createQueueBackend({ ...target.options, logger });
  try {
    let done = 0;
    let finish: () => void = () => {};
    const allDone = new Promise<void>((resolve) => {
      finish = resolve;
    });
    backend.worker(
      "poll",
      async (job) => {
        done += 1;
        if (done === JOBS) finish();
        return job.data.feedId.length;
      },
      { concurrency: CONCURRENCY },
    );
    const queue = backend.queue("poll");
    const started = performance.now();
    for (let i = 0; i < JOBS; i += BATCH) {
      await queue.addBulk(
        Array.from({ length: Math.min(BATCH, JOBS - i) }, (_, k) => ({
          name: "poll",
          data: { feedId: `feed-${i + k}` },
        })),
      );
    }
    const enqueued = performance.now();
    await allDone;
    const seconds = (performance.now() - started) / 1000;
    return {
      jobsPerS: JOBS / seconds,
      enqueuePerS: JOBS / ((enqueued - started) / 1000),
      seconds,
    };
  } finally {
    await backend.close({ graceMs: 5_000 });
  }
}

async function embeddedTarget(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), "newswire-queue-bench-"));
  const server = await startEmbeddedServer({ dataDir });
  return {
    name: "embedded",
    options: { postgresUrl: server.connectionString, embedded: true, drainDelayMs: 1_000 },
    async cleanup() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(): Promise<Target> {
  // A database of our own: BullMQ's tables live in its `bullmq` schema.
  const database = `nwbench_queue_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  admin.on("error", () => {});
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  } catch (error) {
    throw new ServiceUnavailableError(
      "postgres",
      `PostgreSQL at ${POSTGRES_URL}: ${String(error)}`,
      "",
    );
  } finally {
    await admin.end().catch(() => {});
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  return {
    name: "postgres",
    options: { postgresUrl: url.toString(), drainDelayMs: 1_000 },
    async cleanup() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function redisTarget(): Promise<Target> {
  const prefix = `nwbench-${randomUUID().slice(0, 8)}`;
  return {
    name: "redis",
    options: { redisUrl: REDIS_URL, prefix, drainDelayMs: 1_000 },
    async cleanup() {
      const redis = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null });
      redis.on("error", () => {});
      try {
        await redis.connect();
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== "0");
      } finally {
        redis.disconnect();
      }
    },
  };
}

export const bench: Benchmark = async (log) => {
  log(
    `${JOBS} jobs of one id each, added in batches of ${BATCH}, one worker at concurrency ${CONCURRENCY}`,
  );
  const figures: Record<string, string> = {};
  for (const [name, make] of [
    ["embedded", embeddedTarget],
    ["postgres", postgresTarget],
    ["redis", redisTarget],
  ] as const) {
    let target: Target | undefined;
    try {
      target = await make();
      const result = await run(target);
      figures[name] = result.jobsPerS.toFixed(0);
      log(
        `${name.padEnd(9)} ${result.jobsPerS.toFixed(0).padStart(6)} jobs/s end to end ` +
          `(${result.seconds.toFixed(2)} s; adding alone ${result.enqueuePerS.toFixed(0)} jobs/s)`,
      );
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError)) throw error;
      figures[name] = "skipped";
      log(`${name.padEnd(9)} skipped: ${error.message}`);
    } finally {
      await target?.cleanup();
    }
  }
  return `queue: embedded_jobs_per_s=${figures.embedded} postgres_jobs_per_s=${figures.postgres} redis_jobs_per_s=${figures.redis}`;
};
