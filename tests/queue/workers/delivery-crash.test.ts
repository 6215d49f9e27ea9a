import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import { createManualClock } from "../../../src/core/clock.js";
import { createConsolePlatform } from "../../../src/platforms/console/console-platform.js";
import { jobId } from "../../../src/queue/job-id.js";
import {
  createQueueBackend,
  type QueueBackend,
  type QueueBackendOptions,
} from "../../../src/queue/queue-backend.js";
import { deliverDigest } from "../../../src/queue/workers/deliver-digest.js";
import { runDigestJob } from "../../../src/queue/workers/run-digest-job.js";
import type { Database } from "../../../src/store/database.js";
import { migrate } from "../../../src/store/migrate.js";
import { openDatabase } from "../../../src/store/open-database.js";
import { describeWithPostgres, describeWithRedis } from "../../support/services.js";
import { exited, spawnTs, waitForLine } from "../../support/spawn-ts.js";
import { openTempServerDatabase } from "../../support/temp-database.js";
import { digestRepos, matchStates, seedPendingDigest } from "./digest-fixture.js";

const CHILD = new URL("./crash-after-post-child.ts", import.meta.url).pathname;
const logger = pino({ level: "silent" });

const STORIES = [
  {
    title: "Iran hit by new sanctions",
    summary: "The embargo on Iranian banks widens as Washington adds names to its list.",
  },
  {
    title: "Iran faces a wider embargo",
    summary: "More sanctions on Iranian oil exports were announced on Monday.",
  },
];

async function waitFor<T>(what: string, fn: () => Promise<T | null>, timeoutMs = 25_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await fn();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Target {
  db: Database;
  /** How this process reaches the queue the worker child uses. */
  queue: Omit<QueueBackendOptions, "logger" | "drainDelayMs">;
  /** How the worker child reaches the same store and queue. */
  childEnv: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

// A real worker process killed between the post and the record of it, then a
// restarted one: the console channel gets the digest exactly once, and the
// digest and its matches end up delivered.
function crashContract(setup: () => Promise<Target>) {
  let target: Target;
  let db: Database;
  let queue: QueueBackend;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    target = await setup();
    db = target.db;
    await migrate(db);
    queue = await createQueueBackend({ ...target.queue, drainDelayMs: 200, logger });
  }, 60_000);
  afterEach(async () => {
    // A failed test must not leave its worker taking the next test's jobs.
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited(child);
      }
    }
  });
  afterAll(async () => {
    await queue?.close({ graceMs: 500 });
    await target?.close();
  });

  const worker = (crash: boolean) => {
    const child = spawnTs(CHILD, [], {
      // Nothing from this process's environment picks another store or queue.
      DATA_DIR: "",
      DATABASE_URL: "",
      REDIS_URL: "",
      ...target.childEnv,
      CRASH_AFTER_POST: crash ? "1" : "0",
    });
    children.push(child);
    return child;
  };

  async function consoleRows(channel: string) {
    const { rows } = await db.query<{ id: string }>(
      "SELECT id::text FROM console_messages WHERE channel_id = $1 AND kind = 'digest'",
      [channel],
    );
    return rows.map((r) => r.id);
  }

  it("posts nothing twice and loses nothing when the worker is restarted", async () => {
    const channel = `console:crash-${randomUUID().slice(0, 8)}`;
    const digest = await seedPendingDigest(db, channel, "Iran sanctions", STORIES);
    const { digests } = digestRepos(db);

    const first = worker(true);
    await waitForLine(first, /working/, 30_000);
    await queue
      .queue("deliver")
      .add(
        "deliver",
        { digestId: digest.digestId },
        { jobId: jobId("deliver", digest.digestId), attempts: 8 },
      );
    await waitForLine(first, /posted posted/, 20_000).catch(() => null);
    await exited(first);
    expect(first.signalCode).toBe("SIGKILL");

    // Posted, but not recorded: the state a crash leaves behind.
    const posted = await consoleRows(channel);
    expect(posted).toHaveLength(1);
    expect(await digests.get(digest.digestId)).toMatchObject({ status: "pending" });
    expect((await matchStates(db, channel)).some((m) => m.delivered)).toBe(false);

    // The restarted worker finds the job stalled, runs it again, and the platform says "already posted".
    const second = worker(false);
    let said = "";
    second.stdout?.on("data", (d: Buffer) => {
      said += d.toString();
    });
    const redelivered = waitForLine(second, /deliver \d+ (\S+)/, 30_000);
    await waitForLine(second, /working/, 30_000);
    const line = await redelivered;
    expect(line[1]).toBe("delivered");
    expect(said).toContain("posted already-posted");
    await waitFor("the job completed", async () =>
      (await queue.queue("deliver").getJobState(jobId("deliver", digest.digestId))) === "completed"
        ? true
        : null,
    );

    expect(await consoleRows(channel)).toEqual(posted);
    expect(await digests.get(digest.digestId)).toMatchObject({ status: "delivered" });
    expect(await matchStates(db, channel)).toEqual(
      STORIES.map((s) => ({ title: s.title, digestId: digest.digestId, delivered: true })).sort(
        (a, b) => a.title.localeCompare(b.title),
      ),
    );
    // The delivery record names the message the killed worker posted.
    const { rows } = await db.query<{ platform_message_id: string }>(
      "SELECT platform_message_id FROM deliveries WHERE digest_id = $1",
      [digest.digestId],
    );
    expect(rows.map((r) => r.platform_message_id)).toEqual(posted);

    second.kill("SIGTERM");
    expect(await exited(second)).toBe(0);

    // A third run of the job (here, in this process) changes nothing.
    const again = await deliverDigest(digest.digestId, {
      ...digestRepos(db),
      platforms: new Map([["console", createConsolePlatform({ db, logger })]]),
      clock: createManualClock(new Date()),
      logger,
    });
    expect(again).toBe("already-delivered");
    expect(await consoleRows(channel)).toEqual(posted);
  }, 90_000);

  it("a digest job that died between persisting a digest and enqueuing it still gets it delivered", async () => {
    const channel = `console:crash-${randomUUID().slice(0, 8)}`;
    // Persisted (pending, holding its matches), with no deliver job: what the crash leaves.
    const digest = await seedPendingDigest(db, channel, "Iran sanctions", STORIES);
    const deliverQueue = queue.queue("deliver");
    const id = jobId("deliver", digest.digestId);
    expect(await deliverQueue.getJobState(id)).toBe("unknown");

    // The retried digest job finds nothing new to build, and hands the stranded digest over.
    const rerun = () =>
      runDigestJob(
        { channel, every: "daily", now: new Date() },
        {
          ...digestRepos(db),
          maxItemsPerTopic: 8,
          summarize: async (r) => r.title,
          enqueueDeliver: async (digestId) => {
            await deliverQueue.add(
              "deliver",
              { digestId },
              { jobId: jobId("deliver", digestId), attempts: 8 },
            );
          },
        },
      );
    expect(await rerun()).toEqual({ digestId: null, handedOver: [digest.digestId] });

    const child = worker(false);
    await waitForLine(child, new RegExp(`deliver ${digest.digestId} delivered`), 30_000);
    await waitFor("the job completed", async () =>
      (await deliverQueue.getJobState(id)) === "completed" ? true : null,
    );
    expect(await consoleRows(channel)).toHaveLength(1);
    expect(await digestRepos(db).digests.get(digest.digestId)).toMatchObject({
      status: "delivered",
    });
    expect((await matchStates(db, channel)).every((m) => m.delivered)).toBe(true);
    // Delivered: a later run hands nothing over.
    expect(await rerun()).toEqual({ digestId: null, handedOver: [] });
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
  }, 60_000);
}

describe("a deliver worker killed right after posting, on the embedded database", () => {
  crashContract(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-crash-"));
    const opened = await openDatabase(
      loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" }),
      { logger },
    );
    return {
      db: opened.db,
      queue: { postgresUrl: opened.db.connectionString, embedded: true },
      childEnv: { DATA_DIR: dataDir },
      async close() {
        await opened.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });
});

await describeWithPostgres(
  "a deliver worker killed right after posting, on PostgreSQL",
  (pgUrl) => {
    crashContract(async () => {
      const temp = await openTempServerDatabase(pgUrl);
      return {
        db: temp.db,
        queue: { postgresUrl: temp.url },
        childEnv: { DATABASE_URL: temp.url },
        close: temp.close,
      };
    });
  },
);

await describeWithRedis("a deliver worker killed right after posting, on Redis", (redisUrl) => {
  crashContract(async () => {
    const temp = await openTempServerDatabase();
    const prefix = `nwtest-${randomUUID().slice(0, 8)}`;
    return {
      db: temp.db,
      queue: { redisUrl, prefix },
      childEnv: { DATABASE_URL: temp.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix },
      async close() {
        await temp.close();
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      },
    };
  });
});
