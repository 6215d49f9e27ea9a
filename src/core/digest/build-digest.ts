import { clusterStories, storyFingerprint } from "../stories/cluster-stories.js";
import type { Fingerprint } from "../stories/simhash.js";
import { summarize as extractiveSummary } from "../text/summarize.js";
import type { Digest, DigestItem, DigestTopic } from "./digest-model.js";
import {
  coverageBoost,
  DEFAULT_HALF_LIFE_MS,
  HOUR_MS,
  pickDiverse,
  recencyWeight,
} from "./rank-stories.js";

/**
 * Builds a channel's digest from its undelivered matches: grouped by
 * subscription, one item per story (copies from other feeds folded in, the
 * best-ranked copy leading), ranked by score, recency and source diversity,
 * cut to `maxItemsPerTopic` with the rest counted in `more`.
 */
export interface DigestArticle {
  id: string;
  title: string;
  url: string | null;
  canonicalUrl: string | null;
  /** The feed's title: the outlet's name as readers know it. */
  source: string;
  publishedAt: Date;
  /** Plain text of the article (content, or summary when the feed has no content). */
  text: string;
  /** The story fingerprint when the store keeps one (storyFingerprint); computed otherwise. */
  fingerprint?: bigint;
}

export interface DigestMatch {
  subscriptionId: string;
  article: DigestArticle;
  score: number;
  reasons: string[];
  /** The words that made it match, to focus the summary on. */
  focusTerms: string[];
}

export interface SummaryRequest {
  articleId: string;
  title: string;
  text: string;
  focusTerms: string[];
}

export interface BuildDigestInput {
  channel: string;
  digestId: string;
  every: Digest["every"];
  now: Date;
  subscriptions: ReadonlyArray<{ id: string; topic: string }>;
  matches: readonly DigestMatch[];
  maxItemsPerTopic?: number;
  /** Summaries are extractive unless another summarizer is passed in (it must be synchronous). */
  summarize?: (request: SummaryRequest) => string;
}

export const DEFAULT_MAX_ITEMS_PER_TOPIC = 8;
/** A weekly digest looks back a week: older news must not vanish from it. */
const WEEKLY_HALF_LIFE_MS = 84 * HOUR_MS;
const LEAD_CHARS = 300;

export function buildDigest(input: BuildDigestInput): Digest {
  const limit = input.maxItemsPerTopic ?? DEFAULT_MAX_ITEMS_PER_TOPIC;
  const summarize =
    input.summarize ??
    ((r: SummaryRequest) =>
      extractiveSummary(r.text, { title: r.title, focusTerms: r.focusTerms }));
  const halfLife = input.every === "weekly" ? WEEKLY_HALF_LIFE_MS : DEFAULT_HALF_LIFE_MS;
  const bySubscription = new Map<string, DigestMatch[]>();
  for (const match of input.matches) {
    const list = bySubscription.get(match.subscriptionId);
    if (list === undefined) bySubscription.set(match.subscriptionId, [match]);
    else list.push(match);
  }
  const topics: DigestTopic[] = [];
  // An article matched by several subscriptions is fingerprinted once.
  const fingerprints = new Map<string, Fingerprint | bigint>();
  const fingerprintOf = (article: DigestArticle): Fingerprint | bigint => {
    if (article.fingerprint !== undefined) return article.fingerprint;
    let print = fingerprints.get(article.id);
    if (print === undefined) {
      print = storyFingerprint(article.title, article.text);
      fingerprints.set(article.id, print);
    }
    return print;
  };
  for (const subscription of input.subscriptions) {
    const matches = uniqueArticles(bySubscription.get(subscription.id) ?? []);
    if (matches.length === 0) continue;
    const stories = foldStories(matches, input.now, halfLife, fingerprintOf);
    const picked = pickDiverse(stories, limit);
    const items = picked.map((i) => toItem(stories[i] as Story, summarize));
    topics.push({
      topic: subscription.topic,
      subscriptionId: subscription.id,
      items,
      more: stories.length - items.length,
    });
  }
  return {
    channel: input.channel,
    digestId: input.digestId,
    every: input.every,
    createdAt: input.now,
    topics,
  };
}

interface Story {
  lead: DigestMatch;
  copies: DigestMatch[];
  rank: number;
  source: string;
}

/** The same article matched twice (a re-run, a retry) counts once, at its best score. */
function uniqueArticles(matches: readonly DigestMatch[]): DigestMatch[] {
  const byId = new Map<string, DigestMatch>();
  for (const match of matches) {
    const seen = byId.get(match.article.id);
    if (seen === undefined || match.score > seen.score) byId.set(match.article.id, match);
  }
  return [...byId.values()];
}

function foldStories(
  matches: readonly DigestMatch[],
  now: Date,
  halfLife: number,
  fingerprintOf: (article: DigestArticle) => Fingerprint | bigint,
): Story[] {
  const ranks = matches.map(
    (m) => m.score * recencyWeight(now.getTime() - m.article.publishedAt.getTime(), halfLife),
  );
  const groups = clusterStories(
    matches.map((m) => ({
      canonicalUrl: m.article.canonicalUrl,
      title: m.article.title,
      lead: m.article.text.slice(0, LEAD_CHARS),
      fingerprint: fingerprintOf(m.article),
    })),
  );
  return groups.map((group) => {
    const ordered = [...group].sort((a, b) => (ranks[b] as number) - (ranks[a] as number) || a - b);
    const lead = matches[ordered[0] as number] as DigestMatch;
    const copies = ordered.slice(1).map((i) => matches[i] as DigestMatch);
    const otherOutlets = new Set(copies.map((c) => c.article.source));
    otherOutlets.delete(lead.article.source);
    return {
      lead,
      copies,
      rank: (ranks[ordered[0] as number] as number) * coverageBoost(otherOutlets.size),
      source: lead.article.source,
    };
  });
}

function toItem(story: Story, summarize: (r: SummaryRequest) => string): DigestItem {
  const { article } = story.lead;
  const seen = new Set([article.source]);
  const otherSources: DigestItem["otherSources"] = [];
  for (const copy of story.copies) {
    if (seen.has(copy.article.source)) continue;
    seen.add(copy.article.source);
    otherSources.push({ source: copy.article.source, url: copy.article.url });
  }
  return {
    articleId: article.id,
    title: article.title,
    url: article.url,
    source: article.source,
    otherSources,
    publishedAt: article.publishedAt,
    summary: summarize({
      articleId: article.id,
      title: article.title,
      text: article.text,
      focusTerms: story.lead.focusTerms,
    }),
    reasons: story.lead.reasons,
    score: story.rank,
  };
}
