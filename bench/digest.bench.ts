/**
 * `npm run bench -- digest`: 50,000 undelivered matches across 1,000
 * subscriptions (100 channels of 10) built into digests — fold near-duplicate
 * stories, rank, cut to 8 per topic, summarize extractively. The baseline, in
 * the same run, is the naive digest: group, sort by score, cut, no folding and
 * no summaries; the difference is what folding and summarizing cost.
 */
import {
  type BuildDigestInput,
  buildDigest,
  type DigestMatch,
} from "../src/core/digest/build-digest.js";
import type { Benchmark } from "./benchmark.js";

const SUBSCRIPTIONS = 1_000;
const PER_CHANNEL = 10;
const MATCHES = 50_000;
const ARTICLES = 20_000;
/** Share of articles that are a syndicated copy of an earlier one (another outlet). */
const COPY_SHARE = 0.2;
/** How many consecutive articles a subscription's matches are drawn from. */
const TOPIC_WINDOW = 250;

/** Deterministic PRNG (mulberry32) so every run measures the same work. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORDS =
  "iran russia sanctions embargo talks oil prices market china trade tariffs minister officials report agreement vote council election court ruling energy gas pipeline bank rates inflation growth exports imports security military border refugees climate summit deal negotiations strike union workers company shares profits losses investors government parliament opposition protest police".split(
    " ",
  );

function makeArticles(rnd: () => number): DigestMatch["article"][] {
  const pick = () => WORDS[Math.floor(rnd() * WORDS.length)] as string;
  const sentence = () => {
    const n = 10 + Math.floor(rnd() * 14);
    const words = Array.from({ length: n }, pick);
    const first = words[0] as string;
    return `${first[0]?.toUpperCase()}${first.slice(1)} ${words.slice(1).join(" ")}.`;
  };
  const now = Date.UTC(2026, 10, 30, 8);
  const articles: DigestMatch["article"][] = [];
  for (let i = 0; i < ARTICLES; i++) {
    const source = `Outlet ${Math.floor(rnd() * 60)}`;
    const publishedAt = new Date(now - Math.floor(rnd() * 48 * 3_600_000));
    // Copies follow their original closely, as wire stories do, so a topic's matches see both.
    const original =
      i > 0 && rnd() < COPY_SHARE
        ? articles[i - 1 - Math.floor(rnd() * Math.min(i, 50))]
        : undefined;
    if (original !== undefined) {
      articles.push({
        ...original,
        id: String(i),
        source,
        url: `https://n${i}.example/a`,
        canonicalUrl: `https://n${i}.example/a`,
        publishedAt,
      });
      continue;
    }
    const title = Array.from({ length: 7 }, pick).join(" ");
    const text = [
      "By Staff Reporter",
      Array.from({ length: 6 }, sentence).join(" "),
      Array.from({ length: 4 }, sentence).join(" "),
      "Read more",
    ].join("\n\n");
    articles.push({
      id: String(i),
      title,
      url: `https://n${i}.example/a`,
      canonicalUrl: `https://n${i}.example/a`,
      source,
      publishedAt,
      text,
    });
  }
  return articles;
}

function makeInputs(): BuildDigestInput[] {
  const rnd = random(42);
  const articles = makeArticles(rnd);
  const inputs: BuildDigestInput[] = [];
  const perSubscription = MATCHES / SUBSCRIPTIONS;
  for (let c = 0; c < SUBSCRIPTIONS / PER_CHANNEL; c++) {
    const subscriptions = Array.from({ length: PER_CHANNEL }, (_, k) => ({
      id: String(c * PER_CHANNEL + k),
      topic: `${WORDS[(c + k) % WORDS.length]} ${WORDS[(c * 7 + k) % WORDS.length]}`,
    }));
    const matches: DigestMatch[] = [];
    for (const subscription of subscriptions) {
      const focusTerms = subscription.topic.split(" ");
      // A topic's matches come from one stretch of the stream (its news of the day).
      const from = Math.floor(rnd() * (articles.length - TOPIC_WINDOW));
      for (let m = 0; m < perSubscription; m++) {
        matches.push({
          subscriptionId: subscription.id,
          article: articles[from + Math.floor(rnd() * TOPIC_WINDOW)] as DigestMatch["article"],
          score: 0.2 + rnd(),
          reasons: [`${subscription.topic}: matched "${focusTerms[0]}"`],
          focusTerms,
        });
      }
    }
    inputs.push({
      channel: `console:c${c}`,
      digestId: `d${c}`,
      every: "daily",
      now: new Date(Date.UTC(2026, 10, 30, 8)),
      subscriptions,
      matches,
    });
  }
  return inputs;
}

/** Group, sort by score, cut: what a digest costs without folding or summaries. */
function naiveDigest(input: BuildDigestInput): number {
  const bySubscription = new Map<string, DigestMatch[]>();
  for (const match of input.matches) {
    const list = bySubscription.get(match.subscriptionId) ?? [];
    list.push(match);
    bySubscription.set(match.subscriptionId, list);
  }
  let items = 0;
  for (const list of bySubscription.values())
    items += list.sort((a, b) => b.score - a.score).slice(0, 8).length;
  return items;
}

export const bench: Benchmark = async (log) => {
  const inputs = makeInputs();
  // Warm-up: JIT and the stemmer's caches, on one channel.
  buildDigest(inputs[0] as BuildDigestInput);
  naiveDigest(inputs[0] as BuildDigestInput);

  let start = performance.now();
  let naiveItems = 0;
  for (const input of inputs) naiveItems += naiveDigest(input);
  const baselineMs = performance.now() - start;

  start = performance.now();
  let items = 0;
  let folded = 0;
  let more = 0;
  for (const input of inputs) {
    const digest = buildDigest(input);
    for (const topic of digest.topics) {
      items += topic.items.length;
      more += topic.more;
      for (const item of topic.items) folded += item.otherSources.length;
    }
  }
  const totalMs = performance.now() - start;
  const usPerMatch = (totalMs * 1000) / MATCHES;
  log(
    `channels=${inputs.length} subscriptions=${SUBSCRIPTIONS} matches=${MATCHES} articles=${ARTICLES}`,
  );
  log(
    `digest: ${totalMs.toFixed(1)} ms total, ${usPerMatch.toFixed(1)} µs/match, ${(totalMs / inputs.length).toFixed(2)} ms/channel`,
  );
  log(`items=${items} other_sources_folded=${folded} more=${more}`);
  log(
    `baseline (group, sort, cut; no folding, no summaries): ${baselineMs.toFixed(1)} ms, items=${naiveItems}`,
  );
  return `digest: subs=${SUBSCRIPTIONS} matches=${MATCHES} ms_total=${totalMs.toFixed(0)} us_per_match=${usPerMatch.toFixed(1)} baseline_ms=${baselineMs.toFixed(0)}`;
};
