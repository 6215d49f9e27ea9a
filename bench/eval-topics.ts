/**
 * `npm run eval:topics [-- --verbose]`: precision, recall and F1 of the topic
 * engine on the labelled items in tests/fixtures/topics-eval/. Every item is
 * judged against every topic, so each item is a negative for the topics it
 * is not labelled with.
 */
import { readdirSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import {
  compileTopic,
  compileTopicLibrary,
  matchPrepared,
  prepareArticle,
} from "../src/core/topics/index.js";

interface EvalItem {
  id: string;
  title: string;
  summary: string;
  labels: string[];
}

export interface TopicScore {
  topic: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositives: string[];
  falseNegatives: string[];
}

export interface EvalResult {
  items: number;
  topics: TopicScore[];
  overall: { precision: number; recall: number; f1: number };
}

const fixtures = new URL("../tests/fixtures/topics-eval/", import.meta.url);

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

export function loadEvalItems(): { topics: string[]; items: EvalItem[] } {
  const topics = JSON.parse(readFileSync(new URL("topics.json", fixtures), "utf8")) as string[];
  const items: EvalItem[] = [];
  for (const file of readdirSync(fixtures)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()) {
    for (const line of readFileSync(new URL(file, fixtures), "utf8").split("\n")) {
      if (line.trim() !== "") items.push(JSON.parse(line) as EvalItem);
    }
  }
  return { topics, items };
}

/** Runs the evaluation with the repository's topic library. */
export function evaluateTopics(): EvalResult {
  const library = compileTopicLibrary(
    parseYaml(readFileSync(new URL("../config/topics.yaml", import.meta.url), "utf8")),
  );
  const { topics, items } = loadEvalItems();
  const prepared = items.map((item) => ({ item, article: prepareArticle({ ...item }) }));
  const scores = topics.map((topic): TopicScore => {
    const compiled = compileTopic(topic, library);
    const score: TopicScore = {
      topic,
      tp: 0,
      fp: 0,
      fn: 0,
      precision: 0,
      recall: 0,
      f1: 0,
      falsePositives: [],
      falseNegatives: [],
    };
    for (const { item, article } of prepared) {
      const matched = matchPrepared(compiled, article) !== undefined;
      const wanted = item.labels.includes(topic);
      if (matched && wanted) score.tp++;
      else if (matched) {
        score.fp++;
        score.falsePositives.push(`${item.id}: ${item.title}`);
      } else if (wanted) {
        score.fn++;
        score.falseNegatives.push(`${item.id}: ${item.title}`);
      }
    }
    score.precision = ratio(score.tp, score.tp + score.fp);
    score.recall = ratio(score.tp, score.tp + score.fn);
    score.f1 = f1(score.precision, score.recall);
    return score;
  });
  const tp = scores.reduce((n, s) => n + s.tp, 0);
  const fp = scores.reduce((n, s) => n + s.fp, 0);
  const fn = scores.reduce((n, s) => n + s.fn, 0);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    items: items.length,
    topics: scores,
    overall: { precision, recall, f1: f1(precision, recall) },
  };
}

function main(): void {
  const verbose = process.argv.includes("--verbose");
  const result = evaluateTopics();
  const pct = (x: number): string => x.toFixed(3);
  console.log(`topics-eval: ${result.items} items, ${result.topics.length} topics`);
  console.log("topic".padEnd(20), "precision", "recall", "f1", "  tp fp fn");
  for (const s of result.topics) {
    console.log(
      s.topic.padEnd(20),
      pct(s.precision).padStart(9),
      pct(s.recall).padStart(6),
      pct(s.f1),
      `${String(s.tp).padStart(4)} ${String(s.fp).padStart(2)} ${String(s.fn).padStart(2)}`,
    );
    if (verbose) {
      for (const x of s.falsePositives) console.log(`    FP ${x}`);
      for (const x of s.falseNegatives) console.log(`    FN ${x}`);
    }
  }
  const o = result.overall;
  console.log(
    `overall (micro)      ${pct(o.precision).padStart(9)} ${pct(o.recall).padStart(6)} ${pct(o.f1)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
