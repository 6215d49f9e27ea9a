/**
 * matchArticles skips the articles a topic's prefilter rules out. The result
 * must be what matching every article gives: same articles, scores, reasons
 * and order, so the same preview count and best three. Checked on real text:
 * the labelled evaluation items, the seed article and every item of the feed
 * corpus (../shared/corpus/feeds: many languages, encodings and oddities).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ArticleView } from "../../../src/core/commands/command-ports.js";
import { matchArticles, toTopicArticle } from "../../../src/core/commands/match-articles.js";
import {
  compileTopic,
  matchPrepared,
  type PreparedArticle,
  prepareArticle,
} from "../../../src/core/topics/index.js";
import { normalizeItems } from "../../../src/feeds/normalize/normalize-items.js";
import { parseFeed } from "../../../src/feeds/parse/parse-feed.js";
import { repoLibrary } from "../topics/library.js";

const root = path.resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const library = repoLibrary();

function view(
  id: string,
  title: string,
  summary: string,
  content: string,
  source: string,
): ArticleView {
  const at = new Date(Date.UTC(2024, 0, 1) + Number(id.replace(/\D/g, "") || 0) * 60_000);
  return {
    id,
    title,
    url: null,
    source,
    publishedAt: at,
    firstSeenAt: at,
    summary,
    content,
    text: content.length > summary.length ? content : summary,
  };
}

function evaluationItems(): ArticleView[] {
  const dir = path.join(root, "tests/fixtures/topics-eval");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readFileSync(path.join(dir, f), "utf8").trim().split("\n"))
    .map((line, i) => {
      const item = JSON.parse(line) as { title: string; summary?: string };
      return view(String(i), item.title, item.summary ?? "", "", "Eval Wire");
    });
}

function seedArticle(): ArticleView[] {
  const file = path.resolve(root, "../shared/seed/iran-russia-2020-08-07.txt");
  if (!existsSync(file)) return [];
  const [title = "", ...body] = readFileSync(file, "utf8").split("\n");
  return [view("9000", title, "", body.join("\n"), "Seed")];
}

function corpusItems(): ArticleView[] {
  const corpus = path.resolve(root, "../shared/corpus/feeds");
  if (!existsSync(path.join(corpus, "index.jsonl"))) return [];
  const entries = readFileSync(path.join(corpus, "index.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { file: string; http_headers?: Record<string, string> });
  const views: ArticleView[] = [];
  for (const entry of entries) {
    const file = path.join(corpus, entry.file);
    if (!existsSync(file)) continue;
    const outcome = parseFeed(readFileSync(file), {
      contentType: entry.http_headers?.["content-type"] ?? null,
    });
    if (!outcome.ok) continue;
    for (const a of normalizeItems(outcome.feed, { feedUrl: null, now: new Date(0) })) {
      views.push(
        view(String(10_000 + views.length), a.title, a.summary, a.content, outcome.feed.title),
      );
    }
  }
  return views;
}

const TOPICS = [
  // The evaluation set's topics and the preview benchmark's.
  ...(JSON.parse(
    readFileSync(path.join(root, "tests/fixtures/topics-eval/topics.json"), "utf8"),
  ) as string[]),
  "climate policy",
  "Ukraine ceasefire",
  // Places, typed words and phrases, prefixes, fields, exclusions, alternatives.
  "US elections",
  "Iran OR Russia",
  "Russia -Ukraine",
  "apple",
  "google",
  "title:apple",
  '"open source"',
  "econ*",
  "feed:guardian",
  "web",
  "Québec",
  "U.S.",
  "O'Reilly",
  "café",
  "python",
  "music OR film",
  "security",
  "elections -football",
];

describe("matchArticles with the prefilter", () => {
  const articles = [...evaluationItems(), ...seedArticle(), ...corpusItems()];
  const byId = new Map(articles.map((a) => [a.id, a]));
  const prepared = new Map<string, PreparedArticle>();
  const reference = (topic: string) => {
    const compiled = compileTopic(topic, library);
    const all = articles.flatMap((article) => {
      let p = prepared.get(article.id);
      if (!p) {
        p = prepareArticle(toTopicArticle(article));
        prepared.set(article.id, p);
      }
      const result = matchPrepared(compiled, p);
      return result ? [{ id: article.id, score: result.score, reasons: result.reasons }] : [];
    });
    const at = (id: string) => (byId.get(id) as ArticleView).publishedAt.getTime();
    return all.sort(
      (a, b) => b.score - a.score || at(b.id) - at(a.id) || Number(b.id) - Number(a.id),
    );
  };

  it("reads a realistic set, which the topics match often", () => {
    expect(articles.length).toBeGreaterThan(150);
    const matches = TOPICS.reduce((sum, topic) => sum + reference(topic).length, 0);
    expect(matches).toBeGreaterThan(articles.length > 1000 ? 1000 : 100);
  });

  it.each(TOPICS)("finds what matching every article finds: %s", (topic) => {
    const want = reference(topic);
    const got = matchArticles(compileTopic(topic, library), articles).map((m) => ({
      id: m.article.id,
      score: m.score,
      reasons: m.reasons,
    }));
    expect(got).toEqual(want);
    // The preview's count and best three follow.
    expect(got.length).toBe(want.length);
    expect(got.slice(0, 3)).toEqual(want.slice(0, 3));
  });
});
