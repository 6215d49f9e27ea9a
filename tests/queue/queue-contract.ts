/**
 * The queue contract: one suite, run against every backend (Redis, a
 * PostgreSQL server, and the embedded PGlite through pglite-socket). Each
 * backend's test file supplies how to reach a fresh, isolated queue server.
 */
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { giveUp, rateLimited, retryLater } from "../../src/queue/job-errors.js";
import { jobId } from "../../src/queue/job-id.js";
import {
  createQueueBackend,
  type QueueBackend,
  type QueueBackendOptions,
} from "../../src/queue/queue-backend.js";
import { QUEUE_NAMES } from "../../src/queue/queue-names.js";
import { exited, spawnTs } from "../support/spawn-ts.js";
import { captureLogger } from "./support/capture-logger.js";
import { collectOutput, sleep, waitFor } from "./support/wait-for.js";

export interface ContractTarget {
  /** Options reaching this target's isolated queue (everything but the logger). */
  options: Omit<QueueBackendOptions, "logger">;
  cleanup(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./support/queue-child.ts", import.meta.url));

export function queueContract(setup: () => Promise<ContractTarget>): void {
  let target: ContractTarget;
  const opened: QueueBackend[] = [];
  const { logger } = captureLogger("warn");

  const open = async (): Promise<QueueBackend> => {
    const backend = await createQueueBackend({ ...target.options, logger });
    opened.push(backend);
    return backend;
  };

  beforeAll(async () => {
    target = await setup();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.close({ graceMs: 2_000 })));
    // Every test starts from empty queues.
    const cleaner = await createQueueBackend({ ...target.options, logger });
    for (const name of QUEUE_NAMES) await cleaner.queue(name).obliterate({ force: true });
    await cleaner.close({ graceMs: 1_000 });
  });

  afterAll(async () => {
    await target?.cleanup();
  });

  it("processes the jobs added to a queue, with their payloads", async () => {
    const backend = await open();
    const seen: string[] = [];
    backend.worker(
      "poll",
      async (job) => {
        seen.push(job.data.feedId);
        return job.data.feedId;
      },
      { concurrency: 2 },
    );
    const ids = ["f1", "f2", "f3", "f4", "f5"];
    for (const feedId of ids) await backend.queue("poll").add("poll", { feedId });
    await waitFor(() => seen.length === ids.length, "5 jobs processed");
    expect([...seen].sort()).toEqual(ids);
  });

  it("retries a failing job with its backoff until it succeeds", async () => {
    const backend = await open();
    const calls: number[] = [];
    backend.worker(
      "match",
      async () => {
        calls.push(Date.now());
        if (calls.length < 3) throw new Error("flaky");
        return "ok";
      },
      { concurrency: 1 },
    );
    const queue = backend.queue("match");
    const job = await queue.add(
      "match",
      { articleIds: ["a1"] },
      { attempts: 3, backoff: { type: "fixed", delay: 400 } },
    );
    await waitFor(async () => (await queue.getJobState(job.id ?? "")) === "completed", "completed");
    expect(calls).toHaveLength(3);
    for (let i = 1; i < calls.length; i++) {
      expect((calls[i] ?? 0) - (calls[i - 1] ?? 0)).toBeGreaterThanOrEqual(380);
    }
  });

  it("maps giveUp, retryLater and rateLimited to BullMQ's outcomes", async () => {
    const backend = await open();
    const calls = new Map<string, number[]>();
    backend.worker(
      "deliver",
      async (job) => {
        const list = calls.get(job.data.digestId) ?? [];
        list.push(Date.now());
        calls.set(job.data.digestId, list);
        if (job.data.digestId === "never") throw giveUp("deliver: unknown channel");
        if (job.data.digestId === "later" && list.length === 1) throw retryLater(500);
        if (job.data.digestId === "limited" && list.length === 1) throw rateLimited(500);
        return "posted";
      },
      { concurrency: 1 },
    );
    const queue = backend.queue("deliver");
    const opts = { attempts: 3, backoff: { type: "fixed", delay: 100 } };
    const never = await queue.add("deliver", { digestId: "never" }, opts);
    const later = await queue.add("deliver", { digestId: "later" }, opts);
    const limited = await queue.add("deliver", { digestId: "limited" }, opts);
    const stateOf = async (id: string | undefined) => queue.getJobState(id ?? "");
    await waitFor(async () => (await stateOf(never.id)) === "failed", "giveUp job failed");
    await waitFor(async () => (await stateOf(later.id)) === "completed", "retryLater job done");
    await waitFor(async () => (await stateOf(limited.id)) === "completed", "rateLimited job done");
    // giveUp: no second attempt although 3 were allowed.
    expect(calls.get("never")).toHaveLength(1);
    expect((await queue.getJob(never.id ?? ""))?.failedReason).toBe("deliver: unknown channel");
    for (const id of ["later", "limited"]) {
      const times = calls.get(id) ?? [];
      expect(times).toHaveLength(2);
      expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(450);
    }
  });

  it("fires job schedulers (every and cron), upserts idempotently and removes them", async () => {
    const backend = await open();
    const fired: string[] = [];
    backend.worker(
      "digest",
      async (job) => {
        fired.push(job.name);
      },
      { concurrency: 2 },
    );
    const data = { channel: "console:test", every: "hourly" as const };
    await backend.upsertScheduler("digest", "every-300ms", { everyMs: 300 }, { data });
    await backend.upsertScheduler("digest", "every-300ms", { everyMs: 300 }, { data });
    await backend.upsertScheduler(
      "digest",
      "cron-each-second",
      { pattern: "* * * * * *", tz: "Europe/Paris" },
      { name: "cron", data },
    );
    expect(await backend.queue("digest").getJobSchedulers()).toHaveLength(2);
    await waitFor(
      () => fired.filter((n) => n === "every-300ms").length >= 3 && fired.includes("cron"),
      "3 runs of the every-300ms scheduler and one of the cron one",
    );
    expect(await backend.removeScheduler("digest", "every-300ms")).toBe(true);
    expect(await backend.removeScheduler("digest", "every-300ms")).toBe(false);
    expect(await backend.removeScheduler("digest", "cron-each-second")).toBe(true);
    expect(await backend.queue("digest").getJobSchedulers()).toHaveLength(0);
  });

  it("processes a job added by another process", async () => {
    const backend = await open();
    const seen: string[] = [];
    backend.worker(
      "poll",
      async (job) => {
        seen.push(job.data.feedId);
      },
      { concurrency: 1 },
    );
    // Let the worker go idle first, so it must notice a job it was not told about here.
    await sleep(300);
    const child = spawnTs(CHILD, ["add", "from-child"], {
      QUEUE_CHILD_OPTIONS: JSON.stringify(target.options),
    });
    const output = collectOutput(child);
    expect(await exited(child), output.stderr()).toBe(0);
    expect(output.stdout()).toContain("added from-child");
    await waitFor(() => seen.includes("from-child"), "the child's job processed", 10_000);
  });

  it("close() lets the job in flight finish, and loses none that waited", async () => {
    const backend = await open();
    let started = 0;
    const finished: string[] = [];
    backend.worker(
      "deliver",
      async (job) => {
        started += 1;
        await sleep(800);
        finished.push(job.data.digestId);
      },
      { concurrency: 1 },
    );
    await backend
      .queue("deliver")
      .add("deliver", { digestId: "in-flight" }, { jobId: "in-flight" });
    await backend.queue("deliver").add("deliver", { digestId: "waiting" }, { jobId: "waiting" });
    await waitFor(() => started === 1, "the first job started");
    await backend.close({ graceMs: 10_000 });
    expect(finished).toEqual(["in-flight"]);

    const next = await open();
    const queue = next.queue("deliver");
    expect(await queue.getJobState("in-flight")).toBe("completed");
    expect(await queue.getJobState("waiting")).toBe("waiting");
    next.worker(
      "deliver",
      async (job) => {
        finished.push(job.data.digestId);
      },
      { concurrency: 1 },
    );
    await waitFor(() => finished.includes("waiting"), "the waiting job processed after restart");
  });

  it("close() cancels jobs that outlast the grace period; they run again later", async () => {
    const settings = { concurrency: 2, lockDurationMs: 1_000, stalledIntervalMs: 500 };
    const backend = await open();
    const started = new Set<string>();
    backend.worker(
      "poll",
      async (job, signal) => {
        started.add(job.data.feedId);
        if (job.data.feedId === "honours-signal") {
          await new Promise((_, reject) => signal.addEventListener("abort", reject));
        }
        // "ignores-signal" never settles, as a hung request would not.
        await new Promise(() => {});
      },
      settings,
    );
    const queue = backend.queue("poll");
    for (const feedId of ["honours-signal", "ignores-signal"]) {
      await queue.add("poll", { feedId }, { jobId: feedId, attempts: 1 });
    }
    await waitFor(() => started.size === 2, "both slow jobs started");
    const closeStarted = Date.now();
    await backend.close({ graceMs: 300 });
    // Grace, then 2 s for cancelled processors, then connections cut.
    expect(Date.now() - closeStarted).toBeLessThan(8_000);

    const next = await open();
    const rerun = new Map<string, number>();
    next.worker(
      "poll",
      async (job) => {
        rerun.set(job.data.feedId, job.attemptsMade);
      },
      settings,
    );
    await waitFor(() => rerun.size === 2, "both jobs run again", 20_000);
    // Stopped, not failed: with attempts: 1 a failure would have been final.
    expect(rerun.get("honours-signal")).toBe(0);
    // The processor has run; BullMQ records the completion just after it returns.
    const rerunQueue = next.queue("poll");
    await waitFor(
      async () => (await rerunQueue.getJobState("ignores-signal")) === "completed",
      "the hung job completed on its rerun",
    );
  });

  it("on SIGTERM a worker process finishes its job in flight, then exits 0", async () => {
    const backend = await open();
    const child = spawnTs(CHILD, ["work", "1500"], {
      QUEUE_CHILD_OPTIONS: JSON.stringify(target.options),
    });
    const output = collectOutput(child);
    try {
      await waitFor(() => output.stdout().includes("working"), "the worker child", 30_000);
      await backend.queue("deliver").add("deliver", { digestId: "d" }, { jobId: "sigterm-job" });
      await waitFor(() => output.stdout().includes("started sigterm-job"), "the job started");
      child.kill("SIGTERM");
      expect(await exited(child), output.stderr()).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    const lines = output.stdout().split("\n");
    expect(lines.indexOf("finished sigterm-job")).toBeGreaterThan(lines.indexOf("sigterm"));
    expect(lines.indexOf("closed")).toBeGreaterThan(lines.indexOf("finished sigterm-job"));
    expect(await backend.queue("deliver").getJobState("sigterm-job")).toBe("completed");
  });

  it("runs a job once when the same job id is added twice", async () => {
    const backend = await open();
    const queue = backend.queue("digest");
    const id = jobId("digest", "slack:T1/C1", "2026-11-30");
    const data = { channel: "slack:T1/C1", every: "daily" as const };
    await queue.add("digest", data, { jobId: id });
    await queue.add("digest", data, { jobId: id });
    let runs = 0;
    backend.worker(
      "digest",
      async () => {
        runs += 1;
      },
      { concurrency: 2 },
    );
    await waitFor(async () => (await queue.getJobState(id)) === "completed", "the job completed");
    // Added again after it ran: still the same, finished job.
    await queue.add("digest", data, { jobId: id });
    await sleep(1_500);
    expect(runs).toBe(1);
    expect(await queue.getJobState(id)).toBe("completed");
  });
}
