import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import { loadTopicLibrary } from "../../../src/config/load-topic-library.js";
import { createManualClock } from "../../../src/core/clock.js";
import type { Digest } from "../../../src/core/digest/digest-model.js";
import { createConsolePlatform } from "../../../src/platforms/console/console-platform.js";
import { buildChannelDigest } from "../../../src/queue/workers/build-channel-digest.js";
import { deliverDigest } from "../../../src/queue/workers/deliver-digest.js";
import { matchArticles } from "../../../src/queue/workers/match-articles.js";
import { createSubscriptionIndexCache } from "../../../src/queue/workers/subscription-index-cache.js";
import { createArticleRepository } from "../../../src/store/article-repository.js";
import type { Database } from "../../../src/store/database.js";
import { createDigestRepository } from "../../../src/store/digest-repository.js";
import { createFeedRepository } from "../../../src/store/feed-repository.js";
import { migrate } from "../../../src/store/migrate.js";
import { openDatabase } from "../../../src/store/open-database.js";
import {
  createSubscriptionRepository,
  type Every,
  type SubscriptionRecord,
} from "../../../src/store/subscription-repository.js";
import { createSummarizer } from "../../../src/summarizer/llm-summarizer.js";
import { describeWithPostgres } from "../../support/services.js";
import { openTempServerDatabase } from "../../support/temp-database.js";

const logger = pino({ level: "silent" });
const config = loadConfig({ env: {}, file: "/dev/null" });
const MAX_ITEMS = config.digest.maxItemsPerTopic;

interface Story {
  title: string;
  summary: string;
}

const IRAN: Story = {
  title: "Iran hit by new sanctions",
  summary: "The embargo on Iranian banks widens as Washington adds names to its list.",
};
const BRAZIL: Story = {
  title: "Brazil votes in a tight election",
  summary: "Polls close in Brazil as ballots are counted in every state.",
};
const NORWAY: Story = {
  title: "Norway pumps more crude oil",
  summary: "Norwegian oil output rose in the North Sea for a third month.",
};
const JAPAN: Story = {
  title: "Japan inflation climbs",
  summary: "Consumer prices in Japan rose faster than economists expected.",
};
const BREAD: Story = {
  title: "Local bakery wins bread award",
  summary: "A bakery in the old town won a prize for its sourdough.",
};

/** Match → digest → deliver on one database, the way the three workers run them. */
function pipelineContract(openDb: () => Promise<{ db: Database; close(): Promise<void> }>) {
  let handle: Awaited<ReturnType<typeof openDb>>;
  let db: Database;
  let feedId: string;
  const clock = createManualClock(new Date());
  const repos = () => ({
    articles: createArticleRepository(db),
    digests: createDigestRepository(db),
    subscriptions: createSubscriptionRepository(db),
  });
  let index: ReturnType<typeof createSubscriptionIndexCache>;
  const summarizer = createSummarizer({ timeoutMs: 1_000 });

  beforeAll(async () => {
    handle = await openDb();
    db = handle.db;
    await migrate(db);
    const { feed } = await createFeedRepository(db).add({
      url: `https://wire.example/${randomUUID()}.xml`,
      title: "World Desk",
    });
    feedId = feed.id;
    index = createSubscriptionIndexCache({
      subscriptions: repos().subscriptions,
      library: loadTopicLibrary(config.topics),
      logger,
    });
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
  });
  afterEach(async () => {
    // Each test has its own channel; its subscriptions go so later articles match nothing of it.
    const { subscriptions } = repos();
    for (const s of await subscriptions.listAll()) await subscriptions.remove(s.id);
  });

  const subscribe = (
    channel: string,
    topic: string,
    every: Every,
    at: string | null = null,
    day: string | null = null,
  ) =>
    repos().subscriptions.create({
      channel,
      topic,
      every,
      at,
      day,
      timezone: "UTC",
      createdBy: null,
    });

  /** Stores stories first seen at `seenAt` and runs the match job over them. */
  async function publish(stories: Story[], seenAt: Date): Promise<string[]> {
    const { articles, digests } = repos();
    const tag = randomUUID().slice(0, 8);
    const { newIds } = await articles.insert(
      feedId,
      stories.map((s, i) => ({
        guid: `${tag}-${i}`,
        url: `https://wire.example/${tag}/${i}`,
        canonicalUrl: `https://wire.example/${tag}/${i}`,
        title: s.title,
        summary: s.summary,
        content: s.summary,
        author: null,
        categories: [],
        publishedAt: seenAt,
        publishedAtFromFeed: true,
      })),
      seenAt,
    );
    expect(newIds).toHaveLength(stories.length);
    await matchArticles(newIds, { articles, digests, index });
    return newIds;
  }

  const build = (channel: string, every: Digest["every"], subscriptionIds?: string[]) =>
    buildChannelDigest(
      { channel, every, now: clock.now(), ...(subscriptionIds ? { subscriptionIds } : {}) },
      {
        subscriptions: repos().subscriptions,
        digests: repos().digests,
        maxItemsPerTopic: MAX_ITEMS,
        summarize: async (r) => (await summarizer.summarize(r)).summary,
      },
    );

  const deliver = (digestId: string) =>
    deliverDigest(digestId, {
      ...repos(),
      platforms: new Map([["console", createConsolePlatform({ db, logger })]]),
      clock,
      logger,
    });

  /** What the console channel received: one entry per digest posted, topic → item titles. */
  async function received(channel: string): Promise<Array<Record<string, string[]>>> {
    const { rows } = await db.query<{ body: Digest }>(
      "SELECT body FROM console_messages WHERE channel_id = $1 AND kind = 'digest' ORDER BY id",
      [channel],
    );
    return rows.map((r) =>
      Object.fromEntries(r.body.topics.map((t) => [t.topic, t.items.map((i) => i.title).sort()])),
    );
  }

  async function digestCount(channel: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM digests WHERE channel_id = $1",
      [channel],
    );
    return rows[0]?.n ?? 0;
  }

  const afterCreation = (sub: SubscriptionRecord) => new Date(sub.createdAt.getTime() + 1_000);
  const topicsOf = (d: Digest | null) => d?.topics.map((t) => t.topic).sort() ?? null;

  it("gives each schedule its own digest with exactly its matches, once", async () => {
    const channel = `console:desk-${randomUUID().slice(0, 8)}`;
    const realtime = await subscribe(channel, "Iran sanctions", "realtime");
    const hourly = await subscribe(channel, "Brazil elections", "hourly", "00:15");
    const daily = await subscribe(channel, "Norway oil", "daily", "08:00");
    const weekly = await subscribe(channel, "Japan inflation", "weekly", "09:30", "mon");
    await publish([IRAN, BRAZIL, NORWAY, JAPAN, BREAD], afterCreation(weekly));

    // Built in an order where a greedy digest would swallow the others' matches.
    const daily1 = await build(channel, "daily");
    expect(topicsOf(daily1)).toEqual(["Norway oil"]);
    const weekly1 = await build(channel, "weekly");
    expect(topicsOf(weekly1)).toEqual(["Japan inflation"]);
    const hourly1 = await build(channel, "hourly");
    expect(topicsOf(hourly1)).toEqual(["Brazil elections"]);
    const realtime1 = await build(channel, "realtime");
    expect(topicsOf(realtime1)).toEqual(["Iran sanctions"]);
    expect(realtime1?.topics[0]?.subscriptionId).toBe(realtime.id);
    expect(hourly1?.topics[0]?.subscriptionId).toBe(hourly.id);
    expect(daily1?.topics[0]?.subscriptionId).toBe(daily.id);

    for (const d of [daily1, weekly1, hourly1, realtime1]) {
      expect(await deliver(d?.digestId as string)).toBe("delivered");
    }
    expect(await received(channel)).toEqual([
      { "Norway oil": [NORWAY.title] },
      { "Japan inflation": [JAPAN.title] },
      { "Brazil elections": [BRAZIL.title] },
      { "Iran sanctions": [IRAN.title] },
    ]);

    // Once: nothing left to build, a re-run deliver job posts nothing, and every match is delivered.
    for (const every of ["realtime", "hourly", "daily", "weekly", "now"] as const) {
      expect(await build(channel, every)).toBeNull();
    }
    expect(await deliver(daily1?.digestId as string)).toBe("already-delivered");
    expect(await received(channel)).toHaveLength(4);
    const { rows } = await db.query<{ n: number; delivered: number }>(
      `SELECT count(*)::int AS n, count(delivered_at)::int AS delivered FROM matches
       WHERE subscription_id = ANY($1::bigint[])`,
      [[realtime.id, hourly.id, daily.id, weekly.id]],
    );
    expect(rows[0]).toEqual({ n: 4, delivered: 4 });
    for (const d of [daily1, weekly1, hourly1, realtime1]) {
      expect((await repos().digests.get(d?.digestId as string))?.status).toBe("delivered");
    }
  });

  it("makes two digests for two schedule groups of one channel, sharing an article", async () => {
    const channel = `console:desk-${randomUUID().slice(0, 8)}`;
    const morning = [
      await subscribe(channel, "Iran sanctions", "daily", "08:00"),
      await subscribe(channel, "Norway oil", "daily", "08:00"),
    ];
    const evening = [
      await subscribe(channel, "Iran", "daily", "18:00"),
      await subscribe(channel, "Japan inflation", "daily", "18:00"),
    ];
    await publish([IRAN, NORWAY, JAPAN, BRAZIL], afterCreation(evening[1] as SubscriptionRecord));

    // The scheduler's job names its group's members (digest-schedules.ts).
    const first = await build(
      channel,
      "daily",
      morning.map((s) => s.id),
    );
    expect(topicsOf(first)).toEqual(["Iran sanctions", "Norway oil"]);
    const second = await build(
      channel,
      "daily",
      evening.map((s) => s.id),
    );
    expect(topicsOf(second)).toEqual(["Iran", "Japan inflation"]);
    expect(first?.digestId).not.toBe(second?.digestId);
    expect(await deliver(first?.digestId as string)).toBe("delivered");
    expect(await deliver(second?.digestId as string)).toBe("delivered");
    expect(await received(channel)).toEqual([
      { "Iran sanctions": [IRAN.title], "Norway oil": [NORWAY.title] },
      { Iran: [IRAN.title], "Japan inflation": [JAPAN.title] },
    ]);
    expect(
      await build(
        channel,
        "daily",
        morning.map((s) => s.id),
      ),
    ).toBeNull();
    expect(await build(channel, "daily")).toBeNull();
  });

  it("gives a subscription only articles first seen after it was created", async () => {
    const channel = `console:desk-${randomUUID().slice(0, 8)}`;
    const early = await subscribe(channel, "Iran", "daily", "08:00");
    // Test setup: the first subscription is two hours old (the next create bumps the version, so the index sees it).
    await db.query(
      "UPDATE subscriptions SET created_at = created_at - interval '2 hours' WHERE id = $1",
      [early.id],
    );
    const sub = await subscribe(channel, "Iran sanctions", "daily", "08:00");
    await publish([IRAN], new Date(sub.createdAt.getTime() - 3_600_000));
    const later = {
      title: "Iran faces a wider embargo",
      summary: "More sanctions on Iranian oil exports.",
    };
    await publish([later], afterCreation(sub));
    const digest = await build(channel, "daily");
    expect(
      Object.fromEntries(
        digest?.topics.map((t) => [t.topic, t.items.map((i) => i.title).sort()]) ?? [],
      ),
    ).toEqual({
      Iran: [IRAN.title, later.title].sort(),
      "Iran sanctions": [later.title],
    });
  });

  it("never delivers a match twice, even when the article is matched again", async () => {
    const channel = `console:desk-${randomUUID().slice(0, 8)}`;
    const sub = await subscribe(channel, "Brazil elections", "hourly", "00:00");
    const ids = await publish([BRAZIL], afterCreation(sub));
    const digest = await build(channel, "hourly");
    expect(topicsOf(digest)).toEqual(["Brazil elections"]);
    // A retried match job while the digest is pending, then after it is delivered.
    const { articles, digests } = repos();
    expect(await matchArticles(ids, { articles, digests, index })).toEqual([]);
    expect(await build(channel, "hourly")).toBeNull();
    expect(await deliver(digest?.digestId as string)).toBe("delivered");
    expect(await matchArticles(ids, { articles, digests, index })).toEqual([]);
    expect(await build(channel, "now")).toBeNull();
    expect(await received(channel)).toEqual([{ "Brazil elections": [BRAZIL.title] }]);
  });

  it("builds no digest when there is nothing to say", async () => {
    const channel = `console:desk-${randomUUID().slice(0, 8)}`;
    const sub = await subscribe(channel, "Japan inflation", "weekly", "09:30", "mon");
    await subscribe(channel, "Norway oil", "daily", "08:00");
    expect(await build(channel, "weekly")).toBeNull();
    // Matches of another schedule do not make this one non-empty.
    await publish([NORWAY, BREAD], afterCreation(sub));
    expect(await build(channel, "weekly")).toBeNull();
    expect(await build(channel, "hourly")).toBeNull();
    expect(await digestCount(channel)).toBe(0);
    expect(await received(channel)).toEqual([]);
  });

  it(`shows at most ${MAX_ITEMS} items per topic and counts the rest as "and K more"`, async () => {
    const channel = `console:desk-${randomUUID().slice(0, 8)}`;
    const sub = await subscribe(channel, "Norway", "daily", "08:00");
    const places = [
      "Bergen",
      "Oslo",
      "Tromsø",
      "Stavanger",
      "Trondheim",
      "Bodø",
      "Ålesund",
      "Narvik",
      "Hammerfest",
      "Kirkenes",
      "Lillehammer",
    ];
    const stories = places.map((p, i) => ({
      title: `Norway: ${p} ${["opens a ferry line", "builds a bridge", "hosts a chess final", "elects a mayor", "plants a forest", "wins a ski race", "repairs its harbour", "counts its reindeer", "launches a satellite", "paints a mural", "starts a film festival"][i]}`,
      summary: `News from ${p} in Norway, story number ${i + 1} of the week.`,
    }));
    await publish(stories, afterCreation(sub));
    const digest = await build(channel, "daily");
    const topic = digest?.topics[0];
    expect(topic?.items).toHaveLength(MAX_ITEMS);
    expect(topic?.more).toBe(places.length - MAX_ITEMS);
    expect(await deliver(digest?.digestId as string)).toBe("delivered");
    // The ones counted in "and K more" were taken too: they never come back.
    expect(await build(channel, "daily")).toBeNull();
  });
}

describe("digest pipeline on the embedded database", () => {
  pipelineContract(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-pipeline-"));
    const opened = await openDatabase(
      loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" }),
      {
        logger,
      },
    );
    return {
      db: opened.db,
      close: async () => {
        await opened.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });
});

await describeWithPostgres("digest pipeline on a PostgreSQL server", (baseUrl) => {
  pipelineContract(async () => {
    const { db, close } = await openTempServerDatabase(baseUrl);
    return { db, close };
  });
});
