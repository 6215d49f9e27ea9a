import { describe, expect, it } from "vitest";
import { displayWidth } from "../../../src/platforms/console/display-width.js";
import { renderDigest } from "../../../src/platforms/console/render-digest.js";
import { createdAt, makeDigest, makeItem } from "./digest-fixtures.js";
import { stripStyles, unsafeCharacters } from "./terminal-safety.js";

const longSummary =
  "Ministers agreed on Tuesday to cut net greenhouse gas emissions by 90% by 2040, with up to five points of international carbon credits counted towards the goal, after talks that ran through the night in Brussels.";

describe("renderDigest", () => {
  it.each([
    {
      name: "header names the schedule, channel and time",
      digest: makeDigest(),
      options: { color: false },
      contains: ["Newswire · daily digest · console:general · 30 Nov 08:00"],
    },
    {
      name: "header time is in the given time zone",
      digest: makeDigest(),
      options: { color: false, timeZone: "Asia/Tokyo" },
      contains: ["console:general · 30 Nov 17:00"],
    },
    {
      name: "an on-demand digest is just a digest",
      digest: makeDigest({ every: "now" }),
      options: { color: false },
      contains: ["Newswire · digest · console:general"],
    },
    {
      name: "topic heading, numbered title, source and relative time, summary, link",
      digest: makeDigest(),
      options: { color: false },
      contains: [
        "── climate policy ──",
        "1. EU agrees 2040 climate target after all-night talks",
        "   BBC News · 2 h ago",
        "   Ministers agreed to cut net emissions by 90% by 2040.",
        "   https://example.com/eu-2040",
      ],
    },
    {
      name: "an item older than a day shows its date, with the year when it differs",
      digest: makeDigest({
        topics: [
          {
            topic: "t",
            subscriptionId: "s",
            items: [
              makeItem({ publishedAt: new Date("2026-11-28T14:05:00Z") }),
              makeItem({ publishedAt: new Date("2025-12-31T23:00:00Z") }),
            ],
            more: 0,
          },
        ],
      }),
      options: { color: false },
      contains: ["BBC News · 28 Nov 14:05", "BBC News · 31 Dec 2025 23:00"],
    },
    {
      name: "folded sources are listed once, without the item's own source",
      digest: makeDigest({
        topics: [
          {
            topic: "t",
            subscriptionId: "s",
            items: [
              makeItem({
                otherSources: [
                  { source: "Reuters", url: null },
                  { source: "AP", url: "https://ap.example/1" },
                  { source: "Reuters", url: null },
                  { source: "BBC News", url: null },
                ],
              }),
            ],
            more: 0,
          },
        ],
      }),
      options: { color: false },
      contains: ["BBC News · 2 h ago · also: Reuters, AP"],
    },
    {
      name: "and K more closes a topic with more items",
      digest: makeDigest({
        topics: [{ topic: "t", subscriptionId: "s", items: [makeItem()], more: 7 }],
      }),
      options: { color: false },
      contains: ["   …and 7 more"],
    },
    {
      name: "an empty digest says so",
      digest: makeDigest({ topics: [] }),
      options: { color: false },
      contains: ["Nothing new."],
    },
  ])("$name", ({ digest, options, contains }) => {
    const output = renderDigest(digest, options);
    for (const text of contains) expect(output).toContain(text);
  });

  it.each([
    { name: "no more line when more is 0", more: 0, absent: "more" },
    { name: "no link line when the url is null", more: 0, absent: "https://", url: null },
  ])("$name", ({ more, absent, url }) => {
    const item = url === null ? makeItem({ url: null }) : makeItem();
    const output = renderDigest(
      makeDigest({ topics: [{ topic: "t", subscriptionId: "s", items: [item], more }] }),
      { color: false },
    );
    expect(output).not.toContain(absent);
  });

  it.each([
    { name: "plain", color: false },
    { name: "colour", color: true },
  ])("$name output: escape codes only when colour is on", ({ color }) => {
    const digest = makeDigest({
      topics: [{ topic: "t", subscriptionId: "s", items: [makeItem()], more: 2 }],
    });
    const output = renderDigest(digest, { color });
    expect(output.includes("\x1b")).toBe(color);
    if (color) {
      expect(output).toContain(
        "\x1b[1mEU agrees 2040 climate target after all-night talks\x1b[22m",
      );
      expect(output).toContain("\x1b[2mBBC News · 2 h ago\x1b[22m");
      expect(output).toContain("\x1b[2m…and 2 more\x1b[22m");
    }
    expect(stripStyles(output)).toBe(renderDigest(digest, { color: false }));
  });

  it.each([30, 45, 80])("wraps titles and summaries to %i columns, under the number", (width) => {
    const title = "Parliament passes sweeping reform of the energy market after a decade of debate";
    const digest = makeDigest({
      topics: [
        {
          topic: "energy",
          subscriptionId: "s",
          items: [makeItem({ title, summary: longSummary, url: "https://example.com/a" })],
          more: 0,
        },
      ],
    });
    const lines = renderDigest(digest, { color: false, width }).split("\n");
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    const body = lines.slice(lines.findIndex((l) => l.startsWith("1. ")));
    expect(body.slice(1).every((l) => l === "" || l.startsWith("   "))).toBe(true);
    const words = (text: string) => text.split(" ").join("");
    expect(words(body.join(" ").replace(/ +/g, " "))).toContain(words(longSummary));
    if (width < 80) expect(lines.filter((l) => l.startsWith("   ")).length).toBeGreaterThan(3);
  });

  it.each([
    { name: "clear screen in a title", field: "title", value: "Breaking\x1b[2J\x1b[Hnews" },
    { name: "carriage return overwrite in a title", field: "title", value: "Real news\rFAKE NEWS" },
    { name: "window title change in a summary", field: "summary", value: "x\x1b]0;owned\x07y" },
    { name: "recolouring in a source", field: "source", value: "\x1b[8mhidden\x1b[0m" },
    { name: "8-bit CSI in a url", field: "url", value: "https://e.example/\u009b2J" },
    { name: "bidi override in a title", field: "title", value: "txt.exe\u202egpj" },
  ])("renders hostile feed text inert: $name", ({ field, value }) => {
    const digest = makeDigest({
      channel: "console:\x1b[2Jgeneral",
      topics: [
        {
          topic: "climate\rpolicy",
          subscriptionId: "s",
          items: [makeItem({ [field]: value, otherSources: [{ source: "AP\x1b[1A", url: null }] })],
          more: 0,
        },
      ],
    });
    for (const color of [false, true]) {
      const output = renderDigest(digest, { color });
      expect(unsafeCharacters(output)).toEqual([]);
      expect(output).not.toContain("\r");
    }
    const plain = renderDigest(digest, { color: false });
    expect(plain).toContain("console:general");
    expect(plain).toContain("── climate policy");
    expect(plain).toContain("also: AP");
    expect(plain).not.toContain("\x1b");
  });

  it("numbers items from 1 in each topic, aligned past 9", () => {
    const items = Array.from({ length: 10 }, (_, i) =>
      makeItem({ articleId: `a${i}`, title: `Story ${i + 1}` }),
    );
    const output = renderDigest(
      makeDigest({
        topics: [
          { topic: "a", subscriptionId: "s1", items, more: 0 },
          { topic: "b", subscriptionId: "s2", items: [makeItem({ title: "Other" })], more: 0 },
        ],
      }),
      { color: false },
    );
    expect(output).toContain("\n 1. Story 1\n    BBC News");
    expect(output).toContain("\n10. Story 10\n    BBC News");
    expect(output).toContain("\n1. Other\n");
    expect(createdAt.toISOString()).toBe("2026-11-30T08:00:00.000Z");
  });
});
