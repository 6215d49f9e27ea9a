import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import type { Article } from "../../src/core/article.js";
import {
  type ArticleRepository,
  createArticleRepository,
} from "../../src/store/article-repository.js";
import type { Database } from "../../src/store/database.js";
import { createFeedRepository } from "../../src/store/feed-repository.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open-database.js";
import { describeWithPostgres } from "../support/services.js";
import { openTempServerDatabase } from "../support/temp-database.js";
import { waitForValue } from "../support/wait-for-value.js";

const logger = pino({ level: "silent" });
const NOW = new Date("2026-11-30T12:00:00Z");
let serial = 0;

function item(fields: Partial<Article> & { guid: string }): Article {
  const url = fields.url === undefined ? `https://story.example/${fields.guid}` : fields.url;
  return {
    url,
    canonicalUrl: url,
    title: `Story ${fields.guid}`,
    summary: "summary",
    content: "content",
    author: null,
    categories: [],
    publishedAt: new Date(NOW.getTime() - 3_600_000),
    publishedAtFromFeed: true,
    ...fields,
  };
}

/** The same storage guarantees on the embedded database and on a PostgreSQL server. */
function articleContract(openDb: () => Promise<{ db: Database; close(): Promise<void> }>) {
  let handle: Awaited<ReturnType<typeof openDb>>;
  let articles: ArticleRepository;
  const newFeed = async (title: string): Promise<string> =>
    (
      await createFeedRepository(handle.db).add({
        url: `https://feeds.example/${title}-${++serial}.xml`,
        title,
      })
    ).feed.id;
  /** Feeds whose polls keep the store busy while a test's own polls arrive. */
  const others = (n: number): Promise<string[]> =>
    Promise.all(Array.from({ length: n }, () => newFeed("Other")));
  const sourcesOf = async (feedId: string) =>
    (
      await handle.db.query<{ guid: string; article_id: string }>(
        "SELECT guid, article_id::text FROM article_sources WHERE feed_id = $1 ORDER BY guid",
        [feedId],
      )
    ).rows;

  beforeAll(async () => {
    handle = await openDb();
    await migrate(handle.db);
    articles = createArticleRepository(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("stores each new item once, with its fields, and knows it on the next poll", async () => {
    const feed = await newFeed("Fields");
    const batch = [
      item({
        guid: "f-1",
        url: "https://fields.example/1?utm_source=rss",
        canonicalUrl: "https://fields.example/1",
        title: "Oil slides",
        author: "A. Writer",
        categories: ["Energy", "Markets"],
        publishedAt: new Date("2026-11-30T09:30:00Z"),
      }),
      item({
        guid: "f-2",
        canonicalUrl: "https://fields.example/2",
        summary: "No full text: the content is the summary.",
        content: "No full text: the content is the summary.",
        publishedAtFromFeed: false,
      }),
    ];
    const first = await articles.insert(feed, batch, NOW);
    expect(first).toMatchObject({ known: 0, sameStory: 0, freshGuids: ["f-1", "f-2"] });
    expect(first.newIds).toHaveLength(2);
    const [one, two] = await articles.getMany(first.newIds);
    expect(one).toMatchObject({
      id: first.newIds[0],
      guid: "f-1",
      url: "https://fields.example/1?utm_source=rss",
      canonicalUrl: "https://fields.example/1",
      title: "Oil slides",
      author: "A. Writer",
      categories: ["Energy", "Markets"],
      publishedAt: new Date("2026-11-30T09:30:00Z"),
      publishedAtFromFeed: true,
      firstSeenAt: NOW,
      sources: ["Fields"],
    });
    expect(one?.content).toBe("content");
    expect(two).toMatchObject({
      guid: "f-2",
      categories: [],
      publishedAtFromFeed: false,
      summary: "No full text: the content is the summary.",
      content: "No full text: the content is the summary.",
    });
    const again = await articles.insert(feed, batch, new Date(NOW.getTime() + 60_000));
    expect(again).toEqual({ newIds: [], known: 2, sameStory: 0, freshGuids: [] });
  });

  it("stores a guid repeated within one batch once, the first occurrence winning", async () => {
    const feed = await newFeed("Repeats");
    const result = await articles.insert(
      feed,
      [
        item({ guid: "r-1", title: "First telling" }),
        item({ guid: "r-2" }),
        item({ guid: "r-1", title: "Second telling" }),
      ],
      NOW,
    );
    expect(result).toMatchObject({ known: 1, sameStory: 0, freshGuids: ["r-1", "r-2"] });
    expect(result.newIds).toHaveLength(2);
    expect((await articles.getMany(result.newIds)).map((a) => a.title)).toEqual([
      "First telling",
      "Story r-2",
    ]);
  });

  it("folds two guids with the same canonical URL in one batch into one article with both sources", async () => {
    const feed = await newFeed("Twice");
    const result = await articles.insert(
      feed,
      [
        item({ guid: "t-1", canonicalUrl: "https://twice.example/story", title: "Early" }),
        item({ guid: "t-2", canonicalUrl: "https://twice.example/story", title: "Late" }),
      ],
      NOW,
    );
    expect(result).toMatchObject({ known: 0, sameStory: 1, freshGuids: ["t-1", "t-2"] });
    expect(result.newIds).toHaveLength(1);
    const sources = await sourcesOf(feed);
    expect(sources.map((s) => s.guid)).toEqual(["t-1", "t-2"]);
    expect(new Set(sources.map((s) => s.article_id))).toEqual(new Set(result.newIds));
    expect((await articles.getMany(result.newIds))[0]?.title).toBe("Early");
  });

  it("recognizes the same canonical URL from a second feed as the same article, keeping both sources", async () => {
    const alpha = await newFeed("Alpha");
    const beta = await newFeed("Beta");
    const story = "https://shared.example/summit";
    const a = await articles.insert(
      alpha,
      [item({ guid: "a-1", canonicalUrl: story }), item({ guid: "a-2" })],
      NOW,
    );
    const b = await articles.insert(
      beta,
      [item({ guid: "b-1" }), item({ guid: "b-2", canonicalUrl: story })],
      new Date(NOW.getTime() + 60_000),
    );
    expect(a.newIds).toHaveLength(2);
    expect(b).toMatchObject({ known: 0, sameStory: 1, freshGuids: ["b-1", "b-2"] });
    expect(b.newIds).toHaveLength(1);
    const [shared] = await articles.getMany([a.newIds[0] as string]);
    expect(shared?.sources).toEqual(["Alpha", "Beta"]);
    expect((await sourcesOf(beta)).find((s) => s.guid === "b-2")?.article_id).toBe(a.newIds[0]);
  });

  it("stores items without a link as articles of their own, never folded", async () => {
    const feed = await newFeed("Linkless");
    const batch = [
      item({ guid: "l-1", url: null, canonicalUrl: null, title: "One" }),
      item({ guid: "l-2", url: null, canonicalUrl: null, title: "Two" }),
      item({ guid: "l-3", canonicalUrl: "https://linkless.example/3", title: "Three" }),
    ];
    const result = await articles.insert(feed, batch, NOW);
    expect(result).toMatchObject({ known: 0, sameStory: 0 });
    expect((await articles.getMany(result.newIds)).map((a) => a.title).sort()).toEqual([
      "One",
      "Three",
      "Two",
    ]);
    const sources = await sourcesOf(feed);
    expect(sources.map((s) => s.guid)).toEqual(["l-1", "l-2", "l-3"]);
    expect(new Set(sources.map((s) => s.article_id)).size).toBe(3);
    expect(await articles.insert(feed, batch, NOW)).toMatchObject({ newIds: [], known: 3 });
  });

  it("lists new ids in the order of the items", async () => {
    const feed = await newFeed("Order");
    const guids = ["o-z", "o-a", "o-m", "o-b"];
    const result = await articles.insert(
      feed,
      guids.map((guid) => item({ guid })),
      NOW,
    );
    const byId = new Map((await articles.getMany(result.newIds)).map((a) => [a.id, a.guid]));
    expect(result.newIds.map((id) => byId.get(id))).toEqual(guids);
  });

  it("stores polls arriving together in fewer statements, each result as if stored one after the other", async () => {
    let statements = 0;
    const counted: Database = {
      ...handle.db,
      query: (sql, params) => {
        statements++;
        return handle.db.query(sql, params);
      },
    };
    const together = createArticleRepository(counted);
    const [north, south, east] = [
      await newFeed("North"),
      await newFeed("South"),
      await newFeed("East"),
    ];
    const story = "https://together.example/summit";
    const polls = [
      [north, [item({ guid: "n-1", canonicalUrl: story }), item({ guid: "n-2" })]],
      [south, [item({ guid: "s-1" }), item({ guid: "s-2", canonicalUrl: story })]],
      // North again, as a second poll of it running at the same time would.
      [north, [item({ guid: "n-1", canonicalUrl: story }), item({ guid: "n-3" })]],
      [east, [item({ guid: "e-1", url: null, canonicalUrl: null })]],
      [east, [item({ guid: "e-1", url: null, canonicalUrl: null })]],
    ] as const;
    // Polls of other feeds first: whatever may run side by side (1 on the
    // embedded database, 4 on a server) is busy when these arrive.
    const busy = (await others(4)).map((feed) =>
      together.insert(feed, [item({ guid: `${feed}-busy` })], NOW),
    );
    const results = await Promise.all(
      polls.map(([feed, batch]) => together.insert(feed, [...batch], NOW)),
    );
    await Promise.all(busy);
    expect(statements).toBeLessThan(polls.length + busy.length - 2);
    expect(results.map((r) => [r.newIds.length, r.known, r.sameStory, r.freshGuids])).toEqual([
      [2, 0, 0, ["n-1", "n-2"]],
      [1, 0, 1, ["s-1", "s-2"]],
      [1, 1, 0, ["n-3"]],
      [1, 0, 0, ["e-1"]],
      [0, 1, 0, []],
    ]);
    const [shared] = await articles.getMany([results[0]?.newIds[0] as string]);
    expect(shared?.sources).toEqual(["North", "South"]);
    expect((await sourcesOf(east)).map((s) => s.guid)).toEqual(["e-1"]);
  });

  it("fails only the poll whose items the database refuses when polls share a statement", async () => {
    const feed = await newFeed("Mixed");
    const polls = [
      [item({ guid: "m-1" })],
      [item({ guid: "m-2", title: "A NUL \u0000 no text column takes" })],
      [item({ guid: "m-3" })],
    ];
    const busy = (await others(4)).map((other) =>
      articles.insert(other, [item({ guid: `${other}-busy` })], NOW),
    );
    const outcomes = await Promise.allSettled(polls.map((p) => articles.insert(feed, p, NOW)));
    await Promise.all(busy);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await sourcesOf(feed)).map((s) => s.guid)).toEqual(["m-1", "m-3"]);
  });

  describe("seenSince: the preview's read", () => {
    // Later than anything the tests above store, so the window holds only these.
    const at = (hours: number) => new Date(Date.UTC(2030, 0, 1) + hours * 3_600_000);
    const story = (guid: string, text = `${guid} text`) =>
      item({ guid, summary: text, content: text, publishedAt: at(-100) });

    beforeAll(async () => {
      const feeds = createFeedRepository(handle.db);
      const wire = await newFeed("Wire");
      const untitled = (await feeds.add({ url: `https://untitled.example/${++serial}.xml` })).feed;
      const gone = await newFeed("Gone");
      await articles.insert(wire, [story("seen-old")], at(-48));
      await articles.insert(untitled.id, [story("seen-shared")], at(1));
      // The same story from a second feed, later: its first source stays the first feed.
      await articles.insert(wire, [story("seen-shared")], at(2));
      const first = { ...story("seen-first"), content: "seen-first text, and more of it" };
      await articles.insert(wire, [first, story("seen-second")], at(3));
      await articles.insert(gone, [story("seen-orphan")], at(4));
      await feeds.remove(gone);
    });

    it("lists what was first seen since, newest first, each with its first source", async () => {
      const seen = await articles.seenSince(at(0));
      expect(seen.map((a) => [a.title, a.source])).toEqual([
        ["Story seen-orphan", ""],
        ["Story seen-second", "Wire"],
        ["Story seen-first", "Wire"],
        ["Story seen-shared", expect.stringMatching(/^https:\/\/untitled\.example\//)],
      ]);
    });

    it("carries what matching and the preview's lines need", async () => {
      const [, second] = await articles.seenSince(at(0));
      expect(second).toEqual({
        id: expect.any(String),
        title: "Story seen-second",
        url: "https://story.example/seen-second",
        summary: "seen-second text",
        content: "seen-second text",
        publishedAt: at(-100),
        firstSeenAt: at(3),
        source: "Wire",
      });
    });

    it("gives the content whether or not it is the summary again", async () => {
      const [, second, first] = await articles.seenSince(at(0));
      expect([second?.summary, second?.content]).toEqual(["seen-second text", "seen-second text"]);
      expect([first?.summary, first?.content]).toEqual([
        "seen-first text",
        "seen-first text, and more of it",
      ]);
    });

    it("stops at the limit, and reads nothing when nothing is that new", async () => {
      expect((await articles.seenSince(at(0), 2)).map((a) => a.title)).toEqual([
        "Story seen-orphan",
        "Story seen-second",
      ]);
      expect(await articles.seenSince(at(5))).toEqual([]);
    });
  });
}

describe("articles on the embedded database", () => {
  articleContract(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-articles-"));
    const opened = await openDatabase(
      loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" }),
      { logger },
    );
    return { db: opened.db, close: () => opened.close() };
  });
});

await describeWithPostgres("articles on a PostgreSQL server", (baseUrl) => {
  articleContract(async () => openTempServerDatabase(baseUrl));

  it("links an item whose story another session commits while the insert waits on it", async () => {
    const temp = await openTempServerDatabase(baseUrl);
    const other = new pg.Client({ connectionString: temp.url });
    try {
      await migrate(temp.db);
      const feed = (await createFeedRepository(temp.db).add({ url: "https://race.example/feed" }))
        .feed.id;
      const articles = createArticleRepository(temp.db);
      await other.connect();
      await other.query("BEGIN");
      const { rows } = await other.query<{ id: string }>(
        "INSERT INTO articles (canonical_url, title, published_at) VALUES ('https://race.example/s', 'Theirs', now()) RETURNING id::text",
      );
      const pending = articles.insert(
        feed,
        [item({ guid: "mine", canonicalUrl: "https://race.example/s" }), item({ guid: "other" })],
        NOW,
      );
      // The insert is blocked on the other session's uncommitted row.
      await waitForValue("the insert to wait on the other session's row", async () => {
        const { rows: waiting } = await temp.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return waiting[0]?.n === 1 ? true : null;
      });
      await other.query("COMMIT");
      const result = await pending;
      expect(result).toMatchObject({ known: 0, sameStory: 1, freshGuids: ["mine", "other"] });
      expect(result.newIds).toHaveLength(1);
      const { rows: linked } = await temp.db.query<{ article_id: string }>(
        "SELECT article_id::text FROM article_sources WHERE feed_id = $1 AND guid = 'mine'",
        [feed],
      );
      expect(linked).toEqual([{ article_id: rows[0]?.id }]);
    } finally {
      await other.end().catch(() => {});
      await temp.close();
    }
  });
});
