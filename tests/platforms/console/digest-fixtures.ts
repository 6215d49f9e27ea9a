import type { Digest, DigestItem } from "../../../src/core/digest/digest-model.js";

/** Builders for digest-shaped test data; every field can be overridden. */
export const createdAt = new Date("2026-11-30T08:00:00Z");

export function makeItem(overrides: Partial<DigestItem> = {}): DigestItem {
  return {
    articleId: "a1",
    title: "EU agrees 2040 climate target after all-night talks",
    url: "https://example.com/eu-2040",
    source: "BBC News",
    otherSources: [],
    publishedAt: new Date("2026-11-30T06:00:00Z"),
    summary: "Ministers agreed to cut net emissions by 90% by 2040.",
    reasons: ["climate ← climate"],
    score: 1,
    ...overrides,
  };
}

export function makeDigest(overrides: Partial<Digest> = {}): Digest {
  return {
    channel: "console:general",
    digestId: "d1",
    every: "daily",
    createdAt,
    topics: [{ topic: "climate policy", subscriptionId: "s1", items: [makeItem()], more: 0 }],
    ...overrides,
  };
}
