/**
 * Losing Redis while running: the process stays up, logs one line when Redis
 * goes away and one when it is back (not one per reconnect attempt), and
 * ready() follows. Uses a throwaway redis-server of its own, never the shared one.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createQueueBackend, type QueueBackend } from "../../src/queue/queue-backend.js";
import { type RedisProcess, startRedisProcess } from "../support/redis-process.js";
import { describeWithRedis } from "../support/services.js";
import { captureLogger } from "./support/capture-logger.js";
import { sleep, waitFor } from "./support/wait-for.js";

// Needs the redis-server binary rather than the shared server; CI installs both.
await describeWithRedis("queue on Redis: an outage while running", () => {
  let redis: RedisProcess;
  let backend: QueueBackend;
  const { logger, lines } = captureLogger("debug");

  beforeAll(async () => {
    redis = await startRedisProcess();
    backend = await createQueueBackend({ redisUrl: redis.url, drainDelayMs: 500, logger });
  });

  afterAll(async () => {
    await backend?.close({ graceMs: 1_000 });
    await redis?.stop();
  });

  it("ready() turns false when Redis goes away and true when it is back, logging once each way", async () => {
    const seen: string[] = [];
    backend.worker(
      "poll",
      async (job) => {
        seen.push(job.data.feedId);
      },
      { concurrency: 1 },
    );
    expect(await backend.ready()).toBe(true);

    await redis.stop();
    await waitFor(async () => !(await backend.ready()), "ready() to turn false", 10_000);
    // Long enough for several reconnect attempts, each of which ioredis reports as an error.
    await sleep(3_000);
    expect(await backend.ready()).toBe(false);

    await redis.start();
    await waitFor(() => backend.ready(), "ready() to turn true again", 15_000);

    const messages = lines.map((l) => l.msg);
    const down = messages.filter((m) => m.includes("is unreachable"));
    const back = messages.filter((m) => m.includes("is reachable again"));
    // The first error may be the dying socket's (EPIPE, ECONNRESET) rather than a refused reconnect.
    expect(down).toHaveLength(1);
    expect(down[0]).toMatch(
      new RegExp(`^queue: Redis at ${redis.url} is unreachable \\(E[A-Z]+\\); retrying$`),
    );
    expect(back).toHaveLength(1);
    // Nothing else was logged at error level during the outage (no per-retry spam).
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);

    // And the queue works again (the throwaway server kept no data: a fresh job).
    await backend.queue("poll").add("poll", { feedId: "after-outage" });
    await waitFor(() => seen.includes("after-outage"), "a job processed after the outage");
  });
});
