/**
 * `npm run bench -- parse`: parse + normalize (what the poller runs per fetch)
 * against rss-parser alone, on the same bytes: the corpus's well-formed RSS
 * and Atom files that rss-parser reads, and a generated 50-item RSS 2.0 feed.
 * Overhead = our time / rss-parser's time; the ingestion bound is 2.0.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Parser from "rss-parser";
import { normalizeItems } from "../src/feeds/normalize/normalize-items.js";
import { parseFeed } from "../src/feeds/parse/parse-feed.js";
import type { Benchmark } from "./benchmark.js";

const corpus = path.resolve(
  fileURLToPath(new URL("..", import.meta.url)),
  "../shared/corpus/feeds",
);

function generatedFeed(items: number): Buffer {
  const entries = Array.from(
    { length: items },
    (_, i) => `<item>
  <title>Item ${i}: council approves the &amp; harbour plan</title>
  <link>https://news.example/2026/03/item-${i}?utm_source=rss</link>
  <guid isPermaLink="false">item-${i}</guid>
  <pubDate>Tue, 03 Mar 2026 08:${String(i % 60).padStart(2, "0")}:00 GMT</pubDate>
  <dc:creator>Reporter ${i % 7}</dc:creator>
  <category>Local</category>
  <description><![CDATA[<p>The council voted <b>7 to 2</b> on item ${i}; work starts in spring &mdash; officials said.</p><p>Second paragraph with a <a href="/x">link</a>.</p>]]></description>
</item>`,
  ).join("\n");
  return Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Generated News</title><link>https://news.example/</link><description>Bench</description>
${entries}
</channel></rss>`);
}

async function corpusFeeds(): Promise<Buffer[]> {
  if (!existsSync(path.join(corpus, "index.jsonl"))) return [];
  const parser = new Parser();
  const bodies: Buffer[] = [];
  for (const line of readFileSync(path.join(corpus, "index.jsonl"), "utf8").trim().split("\n")) {
    const entry = JSON.parse(line) as {
      file: string;
      format: string;
      wellformed?: boolean;
      encoding?: string;
    };
    if (!entry.wellformed || entry.encoding !== "utf-8") continue;
    if (!["rss2", "rss1", "rss09x", "atom10"].includes(entry.format)) continue;
    const body = readFileSync(path.join(corpus, entry.file));
    try {
      await parser.parseString(body.toString("utf8"));
      bodies.push(body);
    } catch {
      // rss-parser cannot read it: no baseline, so not part of the comparison.
    }
  }
  return bodies;
}

async function measure(bodies: Buffer[], rounds: number) {
  const strings = bodies.map((b) => b.toString("utf8"));
  const parser = new Parser();
  const now = new Date();
  let ours = 0;
  let theirs = 0;
  let ourItems = 0;
  let theirItems = 0;
  for (let round = 0; round < rounds; round++) {
    let started = performance.now();
    for (const body of bodies) {
      const outcome = parseFeed(body, { url: "https://feeds.example/feed" });
      if (outcome.ok)
        ourItems += normalizeItems(outcome.feed, {
          feedUrl: "https://feeds.example/feed",
          now,
        }).length;
    }
    ours += performance.now() - started;
    started = performance.now();
    for (const text of strings) theirItems += (await parser.parseString(text)).items.length;
    theirs += performance.now() - started;
  }
  return {
    itemsPerS: Math.round(ourItems / (ours / 1000)),
    rssParserItemsPerS: Math.round(theirItems / (theirs / 1000)),
    overhead: ours / theirs,
  };
}

export const bench: Benchmark = async (log) => {
  const generated = [generatedFeed(50)];
  await measure(generated, 20); // warm-up for both
  const gen = await measure(generated, 200);
  log(
    `generated 50-item RSS 2.0: items_per_s=${gen.itemsPerS} rss_parser_items_per_s=${gen.rssParserItemsPerS} overhead=${gen.overhead.toFixed(2)}`,
  );
  const feeds = await corpusFeeds();
  if (feeds.length === 0) {
    log("corpus not found: the summary is the generated feed's");
    return `parse: items_per_s=${gen.itemsPerS} rss_parser_items_per_s=${gen.rssParserItemsPerS} overhead=${gen.overhead.toFixed(2)}`;
  }
  await measure(feeds, 1);
  const real = await measure(feeds, 3);
  log(
    `corpus (${feeds.length} well-formed UTF-8 RSS/Atom files rss-parser reads): items_per_s=${real.itemsPerS} rss_parser_items_per_s=${real.rssParserItemsPerS} overhead=${real.overhead.toFixed(2)}`,
  );
  const worst = Math.max(gen.overhead, real.overhead);
  return `parse: items_per_s=${real.itemsPerS} rss_parser_items_per_s=${real.rssParserItemsPerS} overhead=${real.overhead.toFixed(2)} generated_overhead=${gen.overhead.toFixed(2)} worst=${worst.toFixed(2)}`;
};
