import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeItems } from "../../../src/feeds/normalize/normalize-items.js";
import { parseFeed } from "../../../src/feeds/parse/parse-feed.js";
import type { ParsedFeed } from "../../../src/feeds/parse/parsed-feed.js";

const now = new Date("2026-03-05T00:00:00Z");

function feedOf(name: string, url: string | null = null): ParsedFeed {
  const body = readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url));
  const outcome = parseFeed(body, { url });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.feed;
}

describe("normalizeItems", () => {
  it("makes links absolute and canonical", () => {
    const articles = normalizeItems(feedOf("atom-xml-base.xml"), { feedUrl: null, now });
    expect(articles[0]).toMatchObject({
      url: "https://maps.example/archive/2026/contours?utm_source=feed&page=2#top",
      canonicalUrl: "https://maps.example/archive/2026/contours?page=2",
    });
  });

  it("resolves links still relative against the feed URL", () => {
    const body = Buffer.from(
      '<rss version="2.0"><channel><item><link>/a/1</link></item></channel></rss>',
    );
    const outcome = parseFeed(body);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.feed.items[0]?.link).toBe("/a/1");
    const [article] = normalizeItems(outcome.feed, { feedUrl: "https://b.example/f/rss", now });
    expect(article?.url).toBe("https://b.example/a/1");
    const [unresolved] = normalizeItems(outcome.feed, { feedUrl: null, now });
    expect(unresolved).toMatchObject({ url: "/a/1", canonicalUrl: null });
  });

  it("dates each item on its own: invalid and far-future dates become now, flagged", () => {
    const articles = normalizeItems(feedOf("atom-bad-date.xml"), { feedUrl: null, now });
    expect(articles.map((a) => [a.publishedAt.toISOString(), a.publishedAtFromFeed])).toEqual([
      [now.toISOString(), false],
      ["2026-02-20T10:00:00.000Z", true],
      [now.toISOString(), false],
    ]);
  });

  it("turns HTML into plain text and keeps authors and categories", () => {
    const [article] = normalizeItems(feedOf("rss-html-cdata.xml"), { feedUrl: null, now });
    expect(article).toMatchObject({
      title: "Ink & paper",
      summary: 'Fresh "ink" & étch',
      content: "Para one — here.\n\nPara two ☺",
      author: "Lin & Sam",
      categories: ["Print", "Ink"],
      publishedAt: new Date("2026-03-01T08:00:00Z"),
      publishedAtFromFeed: true,
    });
  });

  it("gives an item without guid a stable id, and an untitled item its text", () => {
    const feed = feedOf("rss-no-guid-link.xml");
    const first = normalizeItems(feed, { feedUrl: null, now });
    const again = normalizeItems(feedOf("rss-no-guid-link.xml"), {
      feedUrl: null,
      now: new Date(),
    });
    expect(first[0]?.guid).toMatch(/^sha1:[0-9a-f]{40}$/);
    expect(again[0]?.guid).toBe(first[0]?.guid);
    expect(first[0]).toMatchObject({ url: null, canonicalUrl: null, title: "Only a title" });
    expect(first[1]).toMatchObject({
      guid: "https://loose.example/permalink",
      title: "A permalink guid and no title",
    });
  });

  it("gives different items without guid different ids", () => {
    const feed = feedOf("rss-truncated.xml");
    const [a, b] = normalizeItems(feed, { feedUrl: null, now });
    expect(a?.guid).not.toBe(b?.guid);
  });
});
