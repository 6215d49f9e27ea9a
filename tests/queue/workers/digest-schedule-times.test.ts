import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextRunAt } from "../../../src/core/digest/next-run-at.js";
import type { Schedule } from "../../../src/core/digest/schedule.js";
import {
  createQueueBackend,
  type QueueBackend,
  type QueueBackendOptions,
} from "../../../src/queue/queue-backend.js";
import {
  digestSchedulerId,
  type ScheduledSubscription,
  syncChannelSchedules,
} from "../../../src/queue/workers/digest-schedules.js";
import { startEmbeddedServer } from "../../../src/store/embedded-server.js";
import { describeWithRedis } from "../../support/services.js";

const logger = pino({ level: "silent" });

const BERLIN: Schedule = { every: "daily", at: "08:00", day: "mon", timeZone: "Europe/Berlin" };
const NEW_YORK: Schedule = {
  every: "weekly",
  at: "09:30",
  day: "mon",
  timeZone: "America/New_York",
};

/** "2027-03-28 08:00 Sun": the wall time of `at` in `timeZone`. */
function wallTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.weekday}`;
}

/**
 * What BullMQ's job scheduler does with the cron and zone our schedulers carry
 * must be what nextRunAt promises (the "first digest at …" reply, the
 * `subscriptions` listing): the same instants, at the same local wall time,
 * on both sides of a daylight saving change.
 */
function scheduleTimesContract(
  setup: () => Promise<{ options: Omit<QueueBackendOptions, "logger">; cleanup(): Promise<void> }>,
) {
  let backend: QueueBackend;
  let cleanup: () => Promise<void>;
  const channel = `console:times-${randomUUID().slice(0, 8)}`;
  const subs: ScheduledSubscription[] = [
    { id: "11", channel, schedule: BERLIN, paused: false },
    { id: "12", channel, schedule: NEW_YORK, paused: false },
  ];

  beforeAll(async () => {
    const target = await setup();
    cleanup = target.cleanup;
    backend = await createQueueBackend({ ...target.options, logger });
    await syncChannelSchedules(backend, [], subs);
  }, 60_000);
  afterAll(async () => {
    await backend?.close({ graceMs: 500 });
    await cleanup?.();
  });

  const scheduler = async (sub: ScheduledSubscription) => {
    const found = await backend.queue("digest").getJobScheduler(digestSchedulerId(sub));
    if (!found) throw new Error(`no scheduler for subscription ${sub.id}`);
    return found;
  };

  it("syncChannelSchedules writes one scheduler per schedule group, naming its members", async () => {
    const all = await backend.queue("digest").getJobSchedulers();
    expect(all.map((s) => s.key).sort()).toEqual(subs.map((s) => digestSchedulerId(s)).sort());
    for (const sub of subs) {
      const found = await scheduler(sub);
      expect(found.tz).toBe(sub.schedule.timeZone);
      expect(found.template?.data).toEqual({
        channel,
        every: sub.schedule.every,
        subscriptionIds: [sub.id],
      });
    }
  });

  it.each([
    ["daily 08:00 Europe/Berlin", 0],
    ["weekly Monday 09:30 America/New_York", 1],
  ])("%s: the next job is when nextRunAt says, now", async (_name, i) => {
    const sub = subs[i] as ScheduledSubscription;
    // BullMQ computed `next` from the real clock when the scheduler was written.
    const now = new Date();
    const found = await scheduler(sub);
    const expected = nextRunAt(sub.schedule, now).getTime();
    // Unless the run time passed since beforeAll, in which case it moved one period on.
    const passed = nextRunAt(sub.schedule, new Date(expected - 1)).getTime();
    expect([expected, passed]).toContain(found.next);
    const local = wallTime(new Date(found.next as number), sub.schedule.timeZone);
    expect(local).toMatch(i === 0 ? / 08:00 / : / 09:30 Mon$/);
  });

  /**
   * The scheduler's next run after each of `steps` instants, as BullMQ computes
   * it: its own cron and zone, from `startDate` (how BullMQ continues a chain:
   * each run is computed from the one before).
   */
  async function bullmqNextRuns(sub: ScheduledSubscription, from: Date, steps: number) {
    const ours = await scheduler(sub);
    const runs: Date[] = [];
    let after = from;
    for (let step = 0; step < steps; step++) {
      const probe = `probe-${sub.id}-${step}`;
      await backend.queue("digest").upsertJobScheduler(
        probe,
        { pattern: ours.pattern as string, tz: ours.tz as string, startDate: after },
        // Test tooling: a copy of our scheduler, started at a chosen instant.
        { name: "digest", data: ours.template?.data ?? { channel, every: "daily" } },
      );
      const next = (await backend.queue("digest").getJobScheduler(probe))?.next;
      await backend.removeScheduler("digest", probe);
      if (next === undefined) throw new Error(`no next run for ${probe}`);
      runs.push(new Date(next));
      after = new Date(next);
    }
    return runs;
  }

  const chainOfNextRunAt = (schedule: Schedule, from: Date, steps: number) => {
    const runs: Date[] = [];
    let after = from;
    for (let step = 0; step < steps; step++) {
      after = nextRunAt(schedule, after);
      runs.push(after);
    }
    return runs;
  };

  it("daily 08:00 Europe/Berlin stays 08:00 across both DST changes of 2027", async () => {
    const spring = await bullmqNextRuns(
      subs[0] as ScheduledSubscription,
      new Date("2027-03-26T12:00:00Z"),
      4,
    );
    expect(spring.map((d) => d.toISOString())).toEqual([
      "2027-03-27T07:00:00.000Z",
      "2027-03-28T06:00:00.000Z",
      "2027-03-29T06:00:00.000Z",
      "2027-03-30T06:00:00.000Z",
    ]);
    expect(spring).toEqual(chainOfNextRunAt(BERLIN, new Date("2027-03-26T12:00:00Z"), 4));
    const autumn = await bullmqNextRuns(
      subs[0] as ScheduledSubscription,
      new Date("2027-10-29T12:00:00Z"),
      4,
    );
    expect(autumn.map((d) => d.toISOString())).toEqual([
      "2027-10-30T06:00:00.000Z",
      "2027-10-31T07:00:00.000Z",
      "2027-11-01T07:00:00.000Z",
      "2027-11-02T07:00:00.000Z",
    ]);
    expect(autumn).toEqual(chainOfNextRunAt(BERLIN, new Date("2027-10-29T12:00:00Z"), 4));
    for (const run of [...spring, ...autumn]) {
      expect(wallTime(run, "Europe/Berlin")).toMatch(/ 08:00 /);
    }
  });

  it("weekly Monday 09:30 America/New_York stays 09:30 across both DST changes of 2027", async () => {
    const from = new Date("2027-03-01T00:00:00Z");
    const spring = await bullmqNextRuns(subs[1] as ScheduledSubscription, from, 3);
    expect(spring.map((d) => d.toISOString())).toEqual([
      "2027-03-01T14:30:00.000Z",
      "2027-03-08T14:30:00.000Z",
      "2027-03-15T13:30:00.000Z",
    ]);
    expect(spring).toEqual(chainOfNextRunAt(NEW_YORK, from, 3));
    const autumnFrom = new Date("2027-10-30T00:00:00Z");
    const autumn = await bullmqNextRuns(subs[1] as ScheduledSubscription, autumnFrom, 2);
    expect(autumn.map((d) => d.toISOString())).toEqual([
      "2027-11-01T13:30:00.000Z",
      "2027-11-08T14:30:00.000Z",
    ]);
    expect(autumn).toEqual(chainOfNextRunAt(NEW_YORK, autumnFrom, 2));
    for (const run of [...spring, ...autumn]) {
      expect(wallTime(run, "America/New_York")).toMatch(/ 09:30 Mon$/);
    }
  });
}

describe("digest schedule times on the embedded database's queue", () => {
  scheduleTimesContract(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-times-"));
    const server = await startEmbeddedServer({ dataDir });
    return {
      options: { postgresUrl: server.connectionString, embedded: true, drainDelayMs: 500 },
      async cleanup() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });
});

await describeWithRedis("digest schedule times on Redis", (url) => {
  scheduleTimesContract(async () => {
    const prefix = `nwtest-${randomUUID().slice(0, 8)}`;
    return {
      options: { redisUrl: url, prefix, drainDelayMs: 500 },
      async cleanup() {
        const redis = new Redis(url);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      },
    };
  });
});
