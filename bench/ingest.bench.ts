/**
 * ingest: 1,000 feeds of 50 items served locally, polled cold (fetch, parse,
 * normalize, store on PGlite) and warm (every feed answers 304), next to
 * rss-parser alone parsing the same bytes, measured in the same run.
 * Feeds are spread over 8 loopback addresses, as real feeds are over hosts
 * (the fetcher allows 2 requests in flight per host).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import Parser from "rss-parser";
import { loadConfig } from "../src/config/load-config.js";
import { createIngestion } from "../src/feeds/create-ingestion.js";
import { normalizeItems } from "../src/feeds/normalize/normalize-items.js";
import { parseFeed } from "../src/feeds/parse/parse-feed.js";
import { createArticleRepository } from "../src/store/article-repository.js";
import { migrate } from "../src/store/migrate.js";
import { openDatabase } from "../src/store/open-database.js";
import type { Benchmark } from "./benchmark.js";

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1_000);
const ITEMS = 50;
const HOSTS = 8;
const WORDS =
  "oil sanctions talks summit tariffs election protest inflation rates climate energy border minister trade deal export ceasefire parliament court vote".split(
    " ",
  );

function words(seed: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length] as string);
  return out.join(" ");
}

function feedXml(feed: number): string {
  const items: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const id = `${feed}-${i}`;
    items.push(
      `<item><title>${words(feed + i, 9)} ${id}</title><link>https://news${feed % 50}.example/story/${id}?utm_source=rss</link>` +
        `<guid isPermaLink="false">${id}</guid><pubDate>${new Date(Date.UTC(2026, 10, 30, 12) - i * 3_600_000).toUTCString()}</pubDate>` +
        `<description>&lt;p&gt;${words(feed * i + 3, 60)} &amp;amp; more.&lt;/p&gt;</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed ${feed}</title><link>https://news${feed}.example/</link><description>bench</description>${items.join("")}</channel></rss>`;
}

async function serve(
  bodies: Buffer[],
): Promise<{ servers: Server[]; urlOf(feed: number): string }> {
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const server = createServer((req, res) => {
      const n = Number(req.url?.match(/\/feed\/(\d+)\.xml/)?.[1]);
      const body = bodies[n];
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", etag }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, `127.0.0.${h + 2}`, () => r()));
    servers.push(server);
    ports.push((server.address() as { port: number }).port);
  }
  return {
    servers,
    urlOf: (feed) => `http://127.0.0.${(feed % HOSTS) + 2}:${ports[feed % HOSTS]}/feed/${feed}.xml`,
  };
}

async function pollAll(
  ids: string[],
  poll: (id: string) => Promise<unknown>,
  concurrency = 16,
): Promise<void> {
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await poll(id);
    }),
  );
}

/**
 * What the cold poll is made of, each part alone on the same feeds: our
 * parser and normalizer, then storing their articles on a fresh embedded
 * database through the same inserter, 16 polls at a time as the cold poll
 * runs them. The second is the floor the cold poll cannot go under.
 */
async function partsAlone(bodies: Buffer[]): Promise<{ parseS: number; storeS: number }> {
  const now = new Date();
  let t = performance.now();
  const polls = bodies.map((body, i) => {
    const url = `https://news${i}.example/feed.xml`;
    const parsed = parseFeed(body, {
      contentType: "application/rss+xml; charset=utf-8",
      url,
      recoveries: false,
    });
    if (!parsed.ok) throw new Error(`ingest bench: feed ${i} did not parse: ${parsed.error}`);
    return normalizeItems(parsed.feed, { feedUrl: url, now });
  });
  const parseS = (performance.now() - t) / 1000;
  const dataDir = mkdtempSync(join(tmpdir(), "newswire-bench-store-"));
  const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
  const opened = await openDatabase(config, { logger: pino({ level: "silent" }) });
  try {
    await migrate(opened.db);
    const { rows } = await opened.db.query<{ id: string }>(
      `INSERT INTO feeds (url) SELECT 'https://news' || g || '.example/feed.xml'
       FROM generate_series(0, $1::int - 1) g ORDER BY g RETURNING id::text`,
      [bodies.length],
    );
    const articles = createArticleRepository(opened.db);
    t = performance.now();
    await pollAll(
      rows.map((_, i) => String(i)),
      (i) => articles.insert((rows[Number(i)] as { id: string }).id, polls[Number(i)] ?? [], now),
    );
    return { parseS, storeS: (performance.now() - t) / 1000 };
  } finally {
    await opened.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const bench: Benchmark = async (log) => {
  const bodies = Array.from({ length: FEEDS }, (_, i) => Buffer.from(feedXml(i)));
  const totalItems = FEEDS * ITEMS;
  log(
    `${FEEDS} feeds x ${ITEMS} items, ${(bodies.reduce((n, b) => n + b.length, 0) / 1e6).toFixed(1)} MB, on ${HOSTS} loopback hosts`,
  );

  // Baseline: rss-parser alone on the same bytes.
  const parser = new Parser();
  let t = performance.now();
  for (const body of bodies) await parser.parseString(body.toString("utf8"));
  const parseOnlyS = (performance.now() - t) / 1000;
  const parseOnlyItemsPerS = totalItems / parseOnlyS;
  log(`rss-parser alone: ${parseOnlyS.toFixed(2)} s, ${parseOnlyItemsPerS.toFixed(0)} items/s`);

  const dataDir = mkdtempSync(join(tmpdir(), "newswire-bench-ingest-"));
  const { servers, urlOf } = await serve(bodies);
  const logger = pino({ level: "silent" });
  const config = loadConfig({
    env: { DATA_DIR: dataDir, FEED_ALLOW_PRIVATE: "true" },
    file: "/dev/null",
  });
  const opened = await openDatabase(config, { logger });
  try {
    await migrate(opened.db);
    const ingestion = createIngestion({ db: opened.db, config, logger });
    const ids: string[] = [];
    for (let i = 0; i < FEEDS; i++)
      ids.push((await ingestion.feeds.add({ url: urlOf(i) })).feed.id);

    t = performance.now();
    await pollAll(ids, (id) => ingestion.poll(id));
    const coldS = (performance.now() - t) / 1000;
    const { rows } = await opened.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM articles",
    );
    const stored = rows[0]?.n ?? 0;
    log(
      `cold poll: ${coldS.toFixed(2)} s, ${(FEEDS / coldS).toFixed(0)} feeds/s, ${(totalItems / coldS).toFixed(0)} items/s, ${stored} articles stored`,
    );
    if (stored !== totalItems)
      throw new Error(`ingest bench: stored ${stored} articles, expected ${totalItems}`);

    t = performance.now();
    await pollAll(ids, (id) => ingestion.poll(id, { force: true }));
    const warmS = (performance.now() - t) / 1000;
    log(
      `warm re-poll (all 304): ${warmS.toFixed(2)} s, ${(FEEDS / warmS).toFixed(0)} feeds/s (target: under 5 s)`,
    );
    await ingestion.close();

    const overhead = coldS / parseOnlyS;
    log(
      `overhead (cold pipeline / rss-parser alone): ${overhead.toFixed(2)} (target: at most 2.0)`,
    );
    const { parseS, storeS } = await partsAlone(bodies);
    log(
      `parts alone: our parse + normalize ${parseS.toFixed(2)} s (${(parseS / parseOnlyS).toFixed(2)}x rss-parser); storing the same articles on PGlite ${storeS.toFixed(2)} s (${(storeS / parseOnlyS).toFixed(2)}x rss-parser: the floor under the cold poll on this machine)`,
    );
    return `ingest: cold_items_per_s=${(totalItems / coldS).toFixed(0)} parse_only_items_per_s=${parseOnlyItemsPerS.toFixed(0)} overhead=${overhead.toFixed(2)} warm_feeds_per_s=${(FEEDS / warmS).toFixed(0)} warm_s=${warmS.toFixed(2)} store_only_overhead=${(storeS / parseOnlyS).toFixed(2)} parse_normalize_overhead=${(parseS / parseOnlyS).toFixed(2)}`;
  } finally {
    await opened.close();
    for (const s of servers) s.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
