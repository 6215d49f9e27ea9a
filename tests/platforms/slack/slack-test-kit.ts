import pino, { type Logger } from "pino";
import type { Digest, DigestItem } from "../../../src/core/digest/digest-model.js";

/** Test inputs: digests and a logger whose lines the test can read. */
export function makeItem(n: number, overrides: Partial<DigestItem> = {}): DigestItem {
  return {
    articleId: `a${n}`,
    title: `Headline number ${n} about the sanctions talks`,
    url: `https://news.example.org/articles/${n}?ref=rss&utm=x`,
    source: `Outlet ${n % 7}`,
    otherSources: [{ source: "Wire Service", url: `https://wire.example.com/${n}` }],
    publishedAt: new Date(Date.UTC(2026, 10, 30, 6, n % 60)),
    summary: `Summary ${n}: negotiators met again on Monday and agreed to keep talking, officials said.`,
    reasons: ["sanctions ← sanctions"],
    score: 1,
    ...overrides,
  };
}

export function makeDigest(
  topics: Array<{ topic: string; items: DigestItem[]; more?: number }>,
  digestId = "dg-1",
): Digest {
  return {
    channel: "slack:T0FAKE/C0NEWS",
    digestId,
    every: "daily",
    createdAt: new Date(),
    topics: topics.map((t, i) => ({
      topic: t.topic,
      subscriptionId: `s${i}`,
      items: t.items,
      more: t.more ?? 0,
    })),
  };
}

export function manyItems(count: number, from = 0): DigestItem[] {
  return Array.from({ length: count }, (_, i) => makeItem(from + i));
}

export interface CapturedLogger {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

export function captureLogger(): CapturedLogger {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

/**
 * Every `<…>` token in mrkdwn: Slack turns these into mentions, broadcasts or
 * links. Feed text must produce none of its own.
 */
export function mrkdwnTokens(text: string): string[] {
  return text.match(/<[^<>]*>/g) ?? [];
}
