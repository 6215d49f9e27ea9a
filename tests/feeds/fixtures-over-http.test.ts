import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { createIngestion, type Ingestion } from "../../src/feeds/create-ingestion.js";
import { migrate } from "../../src/store/migrate.js";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

interface Case {
  file: string;
  contentType: string;
  /** What the poller must make of it: stored with this title and item count, or a recorded error. */
  want: { title: string; items: number } | { error: RegExp };
  /** Served gzip-compressed. */
  gzip?: boolean;
}

// Every parser fixture, served by a real local HTTP server and read by the
// real poller (fetch, parse, normalize, store): what a careful reader of the
// bytes would get, or a readable error recorded on the feed, never a crash.
const cases: Case[] = [
  {
    file: "rss-unversioned.xml",
    contentType: "application/rss+xml",
    want: { title: "Harbour Notes", items: 1 },
  },
  {
    file: "rss-windows-1251.xml",
    contentType: "text/xml",
    want: { title: "Новости дня", items: 1 },
  },
  {
    file: "rss-iso-8859-1.xml",
    contentType: "text/xml",
    want: { title: "Notícias da Região", items: 1 },
  },
  {
    file: "rss-latin1-no-declaration.xml",
    contentType: "text/xml; charset=iso-8859-1",
    want: { title: "Notícias da Região", items: 1 },
  },
  {
    file: "rss-utf16le-bom.xml",
    contentType: "text/xml",
    want: { title: "Notícias da Região", items: 1 },
  },
  {
    file: "jsonfeed-1.1.json",
    contentType: "application/feed+json",
    want: { title: "Kiln Diary", items: 1 },
    gzip: true,
  },
  {
    file: "entity-bomb.xml",
    contentType: "application/rss+xml",
    want: { error: /^parser: .*entit/i },
  },
  { file: "not-a-feed.html", contentType: "text/html", want: { error: /^parser: not a feed/ } },
];

describe("parser fixtures through the HTTP poller", () => {
  let server: FeedServer;
  let opened: OpenedDatabase;
  let ingestion: Ingestion;
  beforeAll(async () => {
    server = await startFeedServer();
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-fixtures-http-"));
    const config = loadConfig({
      env: { DATA_DIR: dataDir, FEED_ALLOW_PRIVATE: "true" },
      file: "/dev/null",
    });
    opened = await openDatabase(config, { logger: pino({ level: "silent" }) });
    await migrate(opened.db);
    ingestion = createIngestion({ db: opened.db, config, logger: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await ingestion?.close();
    await opened?.close();
    await server?.close();
  });

  it.each(cases)("$file", async ({ file, contentType, want, gzip }) => {
    server.route(`/${file}`, {
      kind: "static",
      body: fixture(file),
      headers: { "content-type": contentType },
      ...(gzip ? { encoding: "gzip" as const } : {}),
    });
    const { feed } = await ingestion.feeds.add({ url: server.url(`/${file}`) });
    const outcome = await ingestion.poll(feed.id);
    const stored = await ingestion.feeds.get(feed.id);
    if ("error" in want) {
      expect(outcome.status).toBe("error");
      expect(stored?.lastError).toMatch(want.error);
      return;
    }
    // Fixtures share item links: a later one's item may fold into an earlier story, so count this feed's own items.
    expect(outcome).toMatchObject({ status: "new", items: want.items });
    expect(stored?.articles).toBe(want.items);
    expect(stored?.title).toBe(want.title);
  });
});
