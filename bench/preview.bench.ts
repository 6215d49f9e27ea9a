/**
 * preview: the subscribe preview ("N articles from the last 7 days would have
 * matched; the best 3") over a week of stored articles from 40 feeds
 * (40 × 25 a day × 7 = 7,000 by default), through the real ports on an
 * embedded database: `createCommandPorts(app).articles.preview(topic, since, 3)`.
 * Beside the total, the same run times its two halves: reading the week
 * (`seenSince`) and matching it (`matchArticles`: the topic's prefilter over
 * every article, the matcher over those it lets through), and the prefilter
 * alone, to show where the time goes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { startApp } from "../src/app.js";
import { createCommandPorts } from "../src/app-command-ports.js";
import { loadConfig } from "../src/config/load-config.js";
import { loadTopicLibrary } from "../src/config/load-topic-library.js";
import type { Article } from "../src/core/article.js";
import { matchArticles, toTopicArticle } from "../src/core/commands/match-articles.js";
import { compileTopic, createTopicPrefilter } from "../src/core/topics/index.js";
import { createArticleRepository } from "../src/store/article-repository.js";
import { createFeedRepository } from "../src/store/feed-repository.js";
import type { Benchmark } from "./benchmark.js";

const FEEDS = Number(process.env.BENCH_FEEDS ?? 40);
const PER_DAY = Number(process.env.BENCH_PER_DAY ?? 25);
const DAYS = 7;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 300;
const TOPICS = ["Iran sanctions", "climate policy", "interest rates", "Ukraine ceasefire"];
const DAY_MS = 86_400_000;

const COMMON =
  "the a of to in and on for with said that was by from at as officials government week report new year people country after minister city market plan group two first last could would public state company spokesman statement according told local national support during while since before where which their about more than also over under three month members leaders council agency program services workers residents figures data analysts expected".split(
    " ",
  );
/** What articles are about: a few news stories the topics look for, and many they do not. */
const STORIES = [
  "Iran sanctions oil exports Tehran Treasury embargo",
  "climate policy emissions carbon targets Paris agreement",
  "interest rates inflation central bank Fed borrowing",
  "Ukraine ceasefire Kyiv Moscow frontline negotiations",
  "election parliament vote coalition campaign",
  "court ruling judge appeal lawsuit",
  "football transfer striker club season",
  "earnings shares profit quarter revenue",
  "tariffs trade deal exports imports",
  "drought wildfire storm flooding evacuation",
  "vaccine hospital health patients doctors",
  "film festival actor director premiere",
  "school teachers students exams education",
  "housing rents mortgage construction homes",
  "train strike union railway commuters",
  "smartphone launch software chips startup",
  "museum exhibition artist gallery painting",
  "tennis final championship title match",
  "police arrest investigation suspect charges",
  "airport flights airline passengers delays",
].map((s) => s.split(" "));

/** A deterministic pseudo-random word stream: mostly common words, some of the article's story. */
function text(seed: number, words: number, story: readonly string[]): string {
  const out: string[] = [];
  let x = seed * 2_654_435_761 + 1;
  for (let i = 0; i < words; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const pool = x % 8 === 0 ? story : COMMON;
    out.push(pool[(x >>> 8) % pool.length] as string);
  }
  return out.join(" ");
}

function article(feed: number, day: number, i: number, publishedAt: Date): Article {
  const seed = (feed * DAYS + day) * PER_DAY + i;
  const url = `https://news${feed}.example/${day}/${i}`;
  const story = STORIES[(seed * 7 + (seed >>> 3)) % STORIES.length] as string[];
  const summary = `${text(seed + 7, 45, story)}.`;
  return {
    guid: `${feed}-${day}-${i}`,
    url,
    canonicalUrl: url,
    title: text(seed, 10, story),
    summary,
    // Half the feeds carry full text (about 2,500 characters), as many real feeds do.
    content: feed % 2 === 0 ? `${summary} ${text(seed + 13, 380, story)}.` : summary,
    author: null,
    categories: [],
    publishedAt,
    publishedAtFromFeed: true,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export const bench: Benchmark = async (log) => {
  const dataDir = mkdtempSync(join(tmpdir(), "newswire-bench-preview-"));
  const logger = pino({ level: "silent" });
  const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
  const app = await startApp({ config, logger, role: "client" });
  try {
    const feeds = createFeedRepository(app.db);
    const articles = createArticleRepository(app.db);
    const now = Date.now();
    let t = performance.now();
    for (let f = 0; f < FEEDS; f++) {
      const { feed } = await feeds.add({
        url: `https://news${f}.example/feed.xml`,
        title: `Feed ${f}`,
      });
      for (let d = 0; d < DAYS; d++) {
        // Each day's batch is "first seen" that day, within the preview's week.
        const seenAt = new Date(now - (d + 0.5) * DAY_MS + f * 60_000);
        const batch = Array.from({ length: PER_DAY }, (_, i) =>
          article(f, d, i, new Date(seenAt.getTime() - i * 600_000)),
        );
        await articles.insert(feed.id, batch, seenAt);
      }
    }
    const { rows } = await app.db.query<{ n: number; chars: number }>(
      "SELECT count(*)::int AS n, avg(length(title) + length(summary) + length(content))::int AS chars FROM articles",
    );
    const stored = rows[0]?.n ?? 0;
    log(
      `stored ${stored} articles from ${FEEDS} feeds over ${DAYS} days (avg ${rows[0]?.chars} characters of text) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    if (stored !== FEEDS * PER_DAY * DAYS)
      throw new Error(`preview bench: stored ${stored}, expected ${FEEDS * PER_DAY * DAYS}`);

    const ports = createCommandPorts(app);
    const library = loadTopicLibrary(config.topics);
    const since = new Date(now - DAYS * DAY_MS);
    // One warm-up preview (JIT, the database's caches).
    await ports.articles.preview(TOPICS[0] as string, since, 3);

    const totals: number[] = [];
    for (const topic of TOPICS) {
      const times: number[] = [];
      let result = { count: 0, considered: 0 };
      for (let r = 0; r < RUNS; r++) {
        t = performance.now();
        result = await ports.articles.preview(topic, since, 3);
        times.push(performance.now() - t);
      }
      const ms = median(times);
      totals.push(ms);
      log(
        `preview "${topic}": ${ms.toFixed(0)} ms (median of ${RUNS}); ${result.count} matched of ${result.considered}`,
      );
    }

    // Where the time goes: the read (the preview's columns of the week and
    // their first sources) and the match (the topic's prefilter over every
    // article, then the matcher over those it lets through).
    const reads: number[] = [];
    const matches: number[] = [];
    const prefilters: number[] = [];
    const passed = new Map<string, number>();
    for (let r = 0; r < RUNS; r++) {
      t = performance.now();
      const week = await articles.seenSince(since, 10_000);
      reads.push(performance.now() - t);
      const views = week.map((a) => ({
        ...a,
        text: a.content.length > a.summary.length ? a.content : a.summary,
      }));
      const text = TOPICS[r % TOPICS.length] as string;
      const topic = compileTopic(text, library);
      t = performance.now();
      matchArticles(topic, views);
      matches.push(performance.now() - t);
      const prefilter = createTopicPrefilter(topic);
      t = performance.now();
      let through = 0;
      for (const view of views) if (prefilter.mayMatch(toTopicArticle(view))) through++;
      prefilters.push(performance.now() - t);
      passed.set(text, through);
    }
    log(
      `of which: reading the week ${median(reads).toFixed(0)} ms, matching it ${median(matches).toFixed(0)} ms (medians)`,
    );
    log(
      `of the match: the prefilter alone ${median(prefilters).toFixed(0)} ms (median); it let through to the matcher ${[...passed].map(([topic, n]) => `${n} (${topic})`).join(", ")} of ${stored}`,
    );

    const msPerPreview = median(totals);
    log(`ms per preview: ${msPerPreview.toFixed(0)} (target: under ${TARGET_MS})`);
    return `preview: articles=${stored} ms_per_preview=${msPerPreview.toFixed(0)} read_ms=${median(reads).toFixed(0)} match_ms=${median(matches).toFixed(0)} prefilter_ms=${median(prefilters).toFixed(0)} target_ms=${TARGET_MS}`;
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
