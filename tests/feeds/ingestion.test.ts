import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { createManualClock } from "../../src/core/clock.js";
import { createIngestion, type Ingestion } from "../../src/feeds/create-ingestion.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open-database.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";
import { rssFeed } from "../support/rss-fixture.js";
import { describeWithPostgres } from "../support/services.js";
import { openTempServerDatabase } from "../support/temp-database.js";

const logger = pino({ level: "silent" });
const T0 = new Date("2026-11-30T12:00:00Z");
const hoursAgo = (h: number) => new Date(T0.getTime() - h * 3_600_000);
/** Past any poll interval (at most 6 h): the next poll is due. */
const LATER = 7 * 3_600_000;

/** The same ingestion behaviour on the embedded database and on a PostgreSQL server. */
function ingestionContract(openDb: () => Promise<{ db: Database; close(): Promise<void> }>) {
  let handle: Awaited<ReturnType<typeof openDb>>;
  let server: FeedServer;
  let ingestion: Ingestion;
  const clock = createManualClock(T0);
  const announced: string[][] = [];
  const disabled: Array<{ feed: string; channels: string[] }> = [];

  beforeAll(async () => {
    handle = await openDb();
    await migrate(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    server = await startFeedServer();
    announced.length = 0;
    disabled.length = 0;
    const config = loadConfig({
      env: { FEED_ALLOW_PRIVATE: "true" },
      file: "/dev/null",
      overrides: { feeds: { disableAfterFailures: 3 } },
    });
    ingestion = createIngestion({
      db: handle.db,
      config,
      logger,
      clock,
      onNewArticles: async (_feed, ids) => {
        announced.push(ids);
      },
      onDisabled: async (feed, channels) => {
        disabled.push({ feed: feed.id, channels });
      },
    });
  });
  afterEach(async () => {
    await ingestion.close();
    await server.close();
  });

  it("stores the first poll as backlog, answers 304 after, and announces only what is new", async () => {
    const items = [
      { title: "Oil slides", link: "https://news.example/oil", guid: "oil", pubDate: hoursAgo(2) },
      {
        title: "Vote counted",
        link: "https://news.example/vote",
        guid: "vote",
        pubDate: hoursAgo(3),
      },
    ];
    server.route("/a.xml", { kind: "static", body: rssFeed("Alpha", items), etag: '"v1"' });
    const { feed } = await ingestion.feeds.add({ url: server.url("/a.xml") });
    const first = await ingestion.poll(feed.id);
    expect(first).toMatchObject({ status: "new", items: 2, newArticles: 2, backlog: true });
    expect(announced).toEqual([]);
    clock.advance(LATER);
    const second = await ingestion.poll(feed.id);
    expect(second.status).toBe("not-modified");
    expect(server.requestsTo("/a.xml")[1]?.headers["if-none-match"]).toBe('"v1"');
    server.route("/a.xml", {
      kind: "static",
      body: rssFeed("Alpha", [
        {
          title: "Talks resume",
          link: "https://news.example/talks",
          guid: "talks",
          pubDate: hoursAgo(0),
        },
        ...items,
      ]),
      etag: '"v2"',
    });
    clock.advance(LATER);
    const third = await ingestion.poll(feed.id);
    expect(third).toMatchObject({ status: "new", items: 3, newArticles: 1, backlog: false });
    expect(announced).toHaveLength(1);
    const [article] = await ingestion.articles.getMany(announced[0] ?? []);
    expect(article?.title).toBe("Talks resume");
    const stored = await ingestion.feeds.get(feed.id);
    expect(stored).toMatchObject({
      title: "Alpha",
      status: "ok",
      etag: '"v2"',
      consecutiveFailures: 0,
      articles: 3,
    });
  });

  it("sets the poll interval from the feed's publishing rhythm, remembered across polls", async () => {
    const start = clock.now();
    const minutesAgo = (m: number) => new Date(start.getTime() - m * 60_000);
    const items = [0, 20, 40, 60].map((m) => ({
      title: `Update ${m}`,
      link: `https://rhythm.example/${m}`,
      guid: `r${m}`,
      pubDate: minutesAgo(m),
    }));
    server.route("/rhythm.xml", { kind: "static", body: rssFeed("Rhythm", items), etag: '"r1"' });
    const { feed } = await ingestion.feeds.add({ url: server.url("/rhythm.xml") });
    // Published every 20 minutes: polled every 10 (half the gap).
    expect(await ingestion.poll(feed.id)).toMatchObject({ status: "new", intervalMs: 600_000 });
    expect((await ingestion.feeds.state(feed.id))?.recentItemTimes).toEqual(
      [0, 20, 40, 60].map(minutesAgo),
    );
    clock.advance(11 * 60_000);
    // A 304 parses nothing: the rhythm comes from the feed's row.
    expect(await ingestion.poll(feed.id)).toMatchObject({
      status: "not-modified",
      intervalMs: 600_000,
    });
    server.route("/rhythm.xml", {
      kind: "static",
      body: rssFeed("Rhythm", [
        {
          title: "Update new",
          link: "https://rhythm.example/new",
          guid: "rnew",
          pubDate: clock.now(),
        },
        ...items,
      ]),
    });
    clock.advance(10 * 60_000);
    await ingestion.poll(feed.id);
    expect((await ingestion.feeds.state(feed.id))?.recentItemTimes).toEqual([
      new Date(start.getTime() + 11 * 60_000),
      ...[0, 20, 40, 60].map(minutesAgo),
    ]);
  });

  it("never polls a feed before its next poll time unless forced", async () => {
    server.route("/early.xml", {
      kind: "static",
      body: "busy",
      status: 503,
      headers: { "retry-after": "3600" },
    });
    const { feed } = await ingestion.feeds.add({ url: server.url("/early.xml") });
    expect((await ingestion.poll(feed.id)).status).toBe("error");
    clock.advance(30 * 60_000); // half the Retry-After
    const early = await ingestion.poll(feed.id);
    expect(early).toMatchObject({ status: "skipped" });
    expect((early as { reason: string }).reason).toMatch(/^not due until /);
    expect(server.requestsTo("/early.xml")).toHaveLength(1);
    expect((await ingestion.poll(feed.id, { force: true })).status).toBe("error");
    expect(server.requestsTo("/early.xml")).toHaveLength(2);
  });

  it("keeps one article for the same story from two feeds, with both sources", async () => {
    server.route("/one.xml", {
      kind: "static",
      body: rssFeed("One", [
        { title: "Summit ends", link: "https://story.example/s?utm_source=one#top", guid: "1" },
      ]),
    });
    server.route("/two.xml", {
      kind: "static",
      body: rssFeed("Two", [
        { title: "Summit ends", link: "https://story.example/s?fbclid=xyz", guid: "two-1" },
      ]),
    });
    const one = (await ingestion.feeds.add({ url: server.url("/one.xml") })).feed;
    const two = (await ingestion.feeds.add({ url: server.url("/two.xml") })).feed;
    const a = await ingestion.poll(one.id);
    const b = await ingestion.poll(two.id);
    expect(a).toMatchObject({ newArticles: 1 });
    expect(b).toMatchObject({ newArticles: 0, items: 1 });
    const found = await ingestion.articles.search({
      query: "summit",
      since: hoursAgo(24 * 365),
      limit: 10,
    });
    expect(found).toHaveLength(1);
    expect(found[0]?.canonicalUrl).toBe("https://story.example/s");
    expect(found[0]?.sources).toEqual(["One", "Two"]);
  });

  it("records a malformed feed as an error on that feed, then disables it after repeated failures and tells its channel once", async () => {
    server.route("/broken.xml", {
      kind: "static",
      body: "<html><body>not a feed</body></html>",
      headers: { "content-type": "text/html" },
    });
    const { feed } = await ingestion.feeds.add({
      url: server.url("/broken.xml"),
      channel: "console:ops",
    });
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await ingestion.poll(feed.id));
      clock.advance(LATER);
    }
    expect(outcomes[0]).toMatchObject({ status: "error", disabled: false });
    expect((outcomes[0] as { error: string }).error).toMatch(/^parser: /);
    expect(outcomes[2]).toMatchObject({ status: "error", disabled: true });
    expect(outcomes[3]).toMatchObject({ status: "skipped", reason: "feed disabled" });
    expect(disabled).toEqual([{ feed: feed.id, channels: ["console:ops"] }]);
    const stored = await ingestion.feeds.get(feed.id);
    expect(stored?.status).toBe("disabled");
    expect(stored?.disabledReason).toMatch(/^parser: /);
  });

  it("honours Retry-After on 429 in the next poll time", async () => {
    server.route("/busy.xml", {
      kind: "static",
      body: "slow down",
      status: 429,
      headers: { "retry-after": "7200" },
    });
    const { feed } = await ingestion.feeds.add({ url: server.url("/busy.xml") });
    const outcome = await ingestion.poll(feed.id);
    expect(outcome.status).toBe("error");
    expect((outcome as { intervalMs: number }).intervalMs).toBeGreaterThanOrEqual(7_200_000);
    const stored = await ingestion.feeds.get(feed.id);
    expect(stored?.status).toBe("failing");
    expect(stored?.nextPollAt?.getTime()).toBeGreaterThanOrEqual(T0.getTime() + 7_200_000);
  });

  it("follows a permanent redirect and stores the new URL", async () => {
    server.route("/new.xml", {
      kind: "static",
      body: rssFeed("Moved", [{ title: "Hello", link: "https://m.example/1", guid: "m1" }]),
    });
    server.route("/old.xml", { kind: "redirect", location: "/new.xml", status: 301 });
    const { feed } = await ingestion.feeds.add({ url: server.url("/old.xml") });
    await ingestion.poll(feed.id);
    expect((await ingestion.feeds.get(feed.id))?.url).toBe(server.url("/new.xml"));
  });
}

describe("ingestion on the embedded database", () => {
  ingestionContract(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-ingest-"));
    const opened = await openDatabase(
      loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" }),
      { logger },
    );
    return { db: opened.db, close: () => opened.close() };
  });
});

await describeWithPostgres("ingestion on a PostgreSQL server", (baseUrl) => {
  ingestionContract(async () => {
    const { db, close } = await openTempServerDatabase(baseUrl);
    return { db, close };
  });
});
