import type { Digest, DigestItem } from "../../../src/core/digest/digest-model.js";

/** Test input: a digest of `topics` topics with `perTopic` items each. */
export function makeDigest(
  topics: number,
  perTopic: number,
  overrides: Partial<DigestItem> = {},
): Digest {
  return {
    channel: "discord:100/200",
    digestId: "3f1c8a2e-7b7d-4e0f-9a51-0c6a7e1d2b44",
    every: "daily",
    createdAt: new Date("2026-11-30T08:00:00Z"),
    topics: Array.from({ length: topics }, (_, t) => ({
      topic: `Topic ${t} Iran sanctions`,
      subscriptionId: `sub-${t}`,
      more: t % 2,
      items: Array.from({ length: perTopic }, (_, i) => ({
        articleId: `a-${t}-${i}`,
        title: `Headline ${t}.${i}: ${"long words ".repeat(30)}`,
        url: `https://news.example/${t}/${i}`,
        source: "Example News",
        otherSources: [{ source: "Other Wire", url: null }],
        publishedAt: new Date("2026-11-30T07:00:00Z"),
        summary: `Summary ${i}: ${"sentence about sanctions ".repeat(20)}`,
        reasons: ["sanctions ~ sanction"],
        score: 1,
        ...overrides,
      })),
    })),
  };
}
