import { describe, expect, it } from "vitest";
import { renderDigest } from "../../../src/platforms/slack/render-digest.js";
import { blockTexts, checkMessage } from "../../support/fake-slack/block-kit-rules.js";
import { makeDigest, makeItem, manyItems, mrkdwnTokens } from "./slack-test-kit.js";

describe("renderDigest", () => {
  it("renders header, topic title, item sections, other sources and dividers", () => {
    const digest = makeDigest([
      { topic: "Iran sanctions", items: [makeItem(1), makeItem(2)], more: 3 },
      { topic: "Chip exports", items: [makeItem(3, { otherSources: [] })] },
    ]);
    const [message, ...rest] = renderDigest(digest);
    expect(rest).toEqual([]);
    expect(message?.part).toBe(1);
    expect(message?.parts).toBe(1);
    const types = message?.blocks.map((b) => b.type);
    expect(types).toEqual([
      "header",
      "section", // Iran sanctions
      "section", // item 1
      "context", // other sources
      "section",
      "context",
      "context", // and 3 more
      "divider",
      "section", // Chip exports
      "section",
    ]);
    const header = message?.blocks[0];
    expect(header).toMatchObject({
      type: "header",
      text: { type: "plain_text", text: "Daily news digest" },
    });
    const item = message?.blocks[2];
    const text = item?.type === "section" ? (item.text?.text ?? "") : "";
    expect(text).toContain(
      "*<https://news.example.org/articles/1?ref=rss&amp;utm=x|Headline number 1 about the sanctions talks>*",
    );
    expect(text).toContain("Outlet 1 · <!date^");
    expect(text).toContain("Summary 1:");
    expect(blockTexts(message?.blocks)).toContain("_…and 3 more_");
    expect(message?.text).toBe("Daily news digest: Iran sanctions, Chip exports");
    expect(checkMessage(message?.text, message?.blocks)).toBeNull();
  });

  it("splits a 120-item digest into numbered parts that each pass Slack's limits", () => {
    const digest = makeDigest([
      { topic: "Iran sanctions", items: manyItems(50, 0) },
      { topic: "Chip exports", items: manyItems(40, 50) },
      { topic: "Elections", items: manyItems(30, 90) },
    ]);
    const messages = renderDigest(digest);
    expect(messages.length).toBeGreaterThan(2);
    const itemIds = new Set<string>();
    messages.forEach((message, index) => {
      expect(message.part).toBe(index + 1);
      expect(message.parts).toBe(messages.length);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(checkMessage(message.text, message.blocks)).toBeNull();
      expect(message.blocks[0]).toMatchObject({
        type: "header",
        text: { text: `Daily news digest (${index + 1}/${messages.length})` },
      });
      for (const text of blockTexts(message.blocks)) {
        for (const match of text.matchAll(/articles\/(\d+)\?/g)) itemIds.add(match[1] ?? "");
      }
    });
    // Every item appears, none lost at a split.
    expect(itemIds.size).toBe(120);
    // A topic that runs over says so.
    expect(
      messages.slice(1).some((m) => blockTexts(m.blocks).some((t) => t.includes("_(continued)_"))),
    ).toBe(true);
  });

  it("keeps huge items within section and message limits", () => {
    const huge = makeItem(1, {
      title: "&".repeat(5_000),
      summary: "<".repeat(5_000),
      source: ">".repeat(1_000),
      url: `https://a.example/${"y".repeat(1_400)}`,
      otherSources: Array.from({ length: 30 }, (_, i) => ({
        source: `Outlet ${i} ${"&".repeat(200)}`,
        url: `https://o.example/${"z".repeat(1_400)}`,
      })),
    });
    const messages = renderDigest(
      makeDigest([{ topic: "x".repeat(500), items: Array.from({ length: 12 }, () => huge) }]),
    );
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(checkMessage(message.text, message.blocks)).toBeNull();
  });

  it("renders hostile feed text inert", () => {
    const hostile = makeItem(1, {
      title: "<!channel> breaking <@U123> *bold*",
      summary: "already &lt; escaped <http://evil|click here> <!here>",
      source: "<!everyone>",
      url: "https://ok.example/a|<!channel>",
      otherSources: [{ source: "<@U999>", url: "javascript:alert(1)" }],
    });
    const [message] = renderDigest(makeDigest([{ topic: "<!here> topic", items: [hostile] }]));
    const tokens = blockTexts(message?.blocks).flatMap(mrkdwnTokens);
    // Only our own link and date tokens remain.
    expect(
      tokens.every(
        (t) => t.startsWith("<https://ok.example/a%7C%3C!channel%3E|") || t.startsWith("<!date^"),
      ),
    ).toBe(true);
    expect(tokens.filter((t) => t.startsWith("<https://"))).toHaveLength(1);
    const all = blockTexts(message?.blocks).join("\n");
    expect(all).toContain("&lt;!channel&gt; breaking &lt;@U123&gt; *bold*");
    expect(all).toContain("already &amp;lt; escaped &lt;http://evil|click here&gt;");
    expect(message?.text).not.toMatch(/<!/);
  });

  it("renders an empty digest as no message", () => {
    expect(renderDigest(makeDigest([]))).toEqual([]);
  });
});
