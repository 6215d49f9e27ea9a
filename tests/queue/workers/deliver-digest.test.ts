import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import type { ChatPlatform, DeliveryOutcome } from "../../../src/core/chat-platform.js";
import { createManualClock } from "../../../src/core/clock.js";
import type { Digest } from "../../../src/core/digest/digest-model.js";
import { GiveUpError, RetryLaterError } from "../../../src/queue/job-errors.js";
import { jobId } from "../../../src/queue/job-id.js";
import { createQueueBackend, type QueueBackend } from "../../../src/queue/queue-backend.js";
import { buildChannelDigest } from "../../../src/queue/workers/build-channel-digest.js";
import { deliverDigest } from "../../../src/queue/workers/deliver-digest.js";
import type { Database } from "../../../src/store/database.js";
import { migrate } from "../../../src/store/migrate.js";
import { type OpenedDatabase, openDatabase } from "../../../src/store/open-database.js";
import { digestRepos, matchStates, seedPendingDigest } from "./digest-fixture.js";

const logger = pino({ level: "silent" });
const clock = createManualClock(new Date("2026-12-01T08:00:00Z"));

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

/** A Slack stand-in (test input) that answers every post with `answer`, and counts the posts. */
function answering(answer: () => DeliveryOutcome): ChatPlatform & { posts: Digest[] } {
  const posts: Digest[] = [];
  return {
    name: "slack",
    posts,
    start: async () => {},
    stop: async () => {},
    postDigest: async (_channel, digest) => {
      posts.push(digest);
      return answer();
    },
    postNotice: async () => answer(),
  };
}

describe("deliverDigest when the platform refuses", () => {
  let opened: OpenedDatabase;
  let db: Database;
  let dataDir: string;
  let queue: QueueBackend | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "newswire-deliver-"));
    opened = await openDatabase(loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" }), {
      logger,
    });
    db = opened.db;
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await queue?.close({ graceMs: 500 });
    await opened?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const deliver = (digestId: string, platform: ChatPlatform) =>
    deliverDigest(digestId, {
      ...digestRepos(db),
      platforms: new Map([[platform.name, platform]]),
      clock,
      logger,
    });

  const build = (channel: string) =>
    buildChannelDigest(
      { channel, every: "daily", now: clock.now() },
      { ...digestRepos(db), maxItemsPerTopic: 8, summarize: async (r) => r.title },
    );

  it("pauses a channel that is gone, gives its digest up and puts its matches back", async () => {
    const team = randomUUID().slice(0, 6).toUpperCase();
    const channel = `slack:${team}/C1`;
    const neighbour = `slack:${team}/C10`;
    const digest = await seedPendingDigest(db, channel, "Iran sanctions", STORIES);
    const { subscriptions, digests } = digestRepos(db);
    await subscriptions.create({
      channel,
      topic: "Norway oil",
      every: "weekly",
      at: "09:30",
      day: "mon",
      timezone: "UTC",
      createdBy: null,
    });
    await subscriptions.create({
      channel: neighbour,
      topic: "Iran",
      every: "daily",
      at: "08:00",
      day: null,
      timezone: "UTC",
      createdBy: null,
    });

    const gone = answering(() => ({ status: "gone", reason: "channel_not_found" }));
    expect(await deliver(digest.digestId, gone)).toBe("paused");
    expect(gone.posts).toHaveLength(1);

    // Every subscription of the channel is paused, saying why; the neighbour is not.
    const paused = await subscriptions.listByChannel(channel);
    expect(paused).toHaveLength(2);
    for (const s of paused) {
      expect(s.paused).toBe(true);
      expect(s.pauseReason).toBe("channel_not_found");
    }
    expect((await subscriptions.listByChannel(neighbour))[0]).toMatchObject({
      paused: false,
      pauseReason: null,
    });
    expect(await digests.get(digest.digestId)).toMatchObject({ status: "failed" });
    expect(await matchStates(db, channel)).toEqual(
      STORIES.map((s) => ({ title: s.title, digestId: null, delivered: false })).sort((a, b) =>
        a.title.localeCompare(b.title),
      ),
    );

    // The job run again gives up; a paused channel gets no digest.
    await expect(deliver(digest.digestId, gone)).rejects.toBeInstanceOf(GiveUpError);
    expect(gone.posts).toHaveLength(1);
    expect(await build(channel)).toBeNull();

    // Resumed, the next digest takes the same matches again and delivers them.
    for (const s of paused) await subscriptions.setPaused(s.id, false, null);
    const again = await build(channel);
    expect(again?.digestId).not.toBe(digest.digestId);
    expect(again?.topics.flatMap((t) => t.items.map((i) => i.title)).sort()).toEqual(
      STORIES.map((s) => s.title).sort(),
    );
    const back = answering(() => ({ status: "posted", messageIds: ["1.1"] }));
    expect(await deliver(again?.digestId as string, back)).toBe("delivered");
    expect((await matchStates(db, channel)).every((m) => m.delivered)).toBe(true);
  });

  it("retries later when the platform says so, keeping the digest pending with its matches", async () => {
    const channel = `slack:${randomUUID().slice(0, 6).toUpperCase()}/C2`;
    const digest = await seedPendingDigest(db, channel, "Iran sanctions", STORIES);
    const { digests, subscriptions } = digestRepos(db);

    const limited = answering(() => ({
      status: "retry",
      reason: "ratelimited",
      retryAfterMs: 30_000,
    }));
    const error = await deliver(digest.digestId, limited).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).delayMs).toBe(30_000);
    expect(await digests.get(digest.digestId)).toMatchObject({ status: "pending", attempts: 1 });
    expect(
      (await matchStates(db, channel)).every((m) => m.digestId === digest.digestId && !m.delivered),
    ).toBe(true);
    expect((await subscriptions.listByChannel(channel))[0]?.paused).toBe(false);
    // Still its digest's: no other digest takes those matches meanwhile.
    expect(await build(channel)).toBeNull();

    // Without Retry-After it is an ordinary failure: the job's backoff decides.
    const flaky = answering(() => ({ status: "retry", reason: "HTTP 503", retryAfterMs: null }));
    const plain = await deliver(digest.digestId, flaky).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(Error);
    expect(plain).not.toBeInstanceOf(RetryLaterError);
    expect(plain).not.toBeInstanceOf(GiveUpError);
    expect(await digests.get(digest.digestId)).toMatchObject({ status: "pending", attempts: 2 });

    const ok = answering(() => ({ status: "posted", messageIds: ["1.2"] }));
    expect(await deliver(digest.digestId, ok)).toBe("delivered");
    expect((await matchStates(db, channel)).every((m) => m.delivered)).toBe(true);
  });

  it("keeps the digest for later when its platform is not configured in this process", async () => {
    const channel = `discord:${randomUUID().slice(0, 6)}/C3`;
    const digest = await seedPendingDigest(db, channel, "Iran sanctions", STORIES);
    const slackOnly = answering(() => ({ status: "posted", messageIds: ["1"] }));
    await expect(deliver(digest.digestId, slackOnly)).rejects.toBeInstanceOf(RetryLaterError);
    expect(slackOnly.posts).toHaveLength(0);
    expect(await digestRepos(db).digests.get(digest.digestId)).toMatchObject({
      status: "pending",
      attempts: 1,
    });
  });

  // The same outcomes at the queue edge, through the real deliver worker on the queue in this database.
  it("through the deliver worker: gone completes the job; Retry-After delays it without spending an attempt", async () => {
    queue = await createQueueBackend({
      postgresUrl: db.connectionString,
      embedded: true,
      drainDelayMs: 200,
      logger,
    });
    const answers = new Map<string, ChatPlatform & { posts: Digest[] }>();
    queue.worker(
      "deliver",
      async (job) => {
        const digest = await digestRepos(db).digests.get(job.data.digestId);
        const platform = answers.get(digest?.channel ?? "");
        if (!platform) throw new Error("test: no platform for this digest");
        return deliver(job.data.digestId, platform);
      },
      { concurrency: 1 },
    );
    const team = randomUUID().slice(0, 6).toUpperCase();
    const gone = await seedPendingDigest(db, `slack:${team}/GONE`, "Iran sanctions", STORIES);
    const limited = await seedPendingDigest(db, `slack:${team}/BUSY`, "Iran sanctions", STORIES);
    answers.set(
      gone.channel,
      answering(() => ({ status: "gone", reason: "is_archived" })),
    );
    const busy = answering(() => ({
      status: "retry",
      reason: "ratelimited",
      retryAfterMs: 60_000,
    }));
    answers.set(limited.channel, busy);
    const deliverQueue = queue.queue("deliver");
    for (const d of [gone, limited]) {
      await deliverQueue.add(
        "deliver",
        { digestId: d.digestId },
        { jobId: jobId("deliver", d.digestId), attempts: 8 },
      );
    }
    const settled = async (id: string, state: string) => {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        if ((await deliverQueue.getJobState(id)) === state) return deliverQueue.getJob(id);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`job ${id} never became ${state}`);
    };
    const goneJob = await settled(jobId("deliver", gone.digestId), "completed");
    expect(goneJob?.returnvalue).toBe("paused");
    expect((await digestRepos(db).subscriptions.listByChannel(gone.channel))[0]).toMatchObject({
      paused: true,
      pauseReason: "is_archived",
    });

    const busyJob = await settled(jobId("deliver", limited.digestId), "delayed");
    expect(busyJob?.attemptsMade).toBe(0);
    expect(busyJob?.delay).toBeGreaterThan(50_000);
    expect(busy.posts).toHaveLength(1);
    expect(await digestRepos(db).digests.get(limited.digestId)).toMatchObject({
      status: "pending",
      attempts: 1,
    });
  });
});
