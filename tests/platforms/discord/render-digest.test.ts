import { describe, expect, it } from "vitest";
import { renderDigest } from "../../../src/platforms/discord/render-digest.js";
import { validateMessage } from "../../support/fake-discord/validate-message.js";
import { makeDigest } from "./digest-fixtures.js";

describe("renderDigest", () => {
  it("renders a small digest as one message with an embed per topic", () => {
    const messages = renderDigest(makeDigest(2, 3));
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message?.embeds).toHaveLength(2);
    expect(message?.embeds?.[0]?.title).toBe("Topic 0 Iran sanctions");
    expect(message?.embeds?.[0]?.description).toContain("](https://news.example/0/0)");
    expect(message?.embeds?.[0]?.description).toContain("Example News, Other Wire");
    expect(message?.embeds?.[1]?.footer?.text).toBe("and 1 more");
    expect(message?.allowed_mentions).toEqual({ parse: [] });
    expect(validateMessage(message)).toBeNull();
  });

  it("splits a 120-item digest over several messages, each within Discord's limits", () => {
    const digest = makeDigest(15, 8);
    const messages = renderDigest(digest);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(validateMessage(message)).toBeNull();
    const text = messages
      .flatMap((m) => m.embeds ?? [])
      .map((e) => e.description)
      .join("\n");
    for (const topic of digest.topics) {
      for (const item of topic.items) expect(text).toContain(`(${item.url})`);
    }
    expect(messages[1]?.content).toContain(`part 2/${messages.length}`);
  });

  it("keeps one huge topic within an embed description by continuing it", () => {
    const messages = renderDigest(makeDigest(1, 50));
    const embeds = messages.flatMap((m) => m.embeds ?? []);
    expect(embeds.length).toBeGreaterThan(1);
    expect(embeds[1]?.title).toBe("Topic 0 Iran sanctions (cont.)");
    for (const message of messages) expect(validateMessage(message)).toBeNull();
  });

  it.each([
    ["@everyone", "@everyone"],
    ["@here", "@here"],
    ["<@123>", "<@123>"],
    ["<@&456>", "<@&456>"],
    ["<#789>", "<#789>"],
    ["**bold**", "**bold**"],
    ["[click](http://evil)", "[click](http://evil)"],
  ])("keeps a hostile title %s inert", (title, raw) => {
    const [message] = renderDigest(makeDigest(1, 1, { title, summary: title, source: title }));
    const description = message?.embeds?.[0]?.description ?? "";
    // Nowhere unescaped: every occurrence is broken by a zero-width space or led by a backslash.
    const unescaped = new RegExp(`(?<!\\\\)${raw.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
    expect(description).not.toMatch(unescaped);
    // The reader still sees the same characters (escapes and a zero-width space aside).
    expect(description.replace(/[\\\u200b]/g, "")).toContain(raw);
    expect(message?.allowed_mentions).toEqual({ parse: [] });
  });

  it("links only http(s) URLs", () => {
    const [message] = renderDigest(makeDigest(1, 1, { url: "javascript:alert(1)" }));
    expect(message?.embeds?.[0]?.description).not.toContain("javascript:");
  });

  it("renders an empty digest as no message at all", () => {
    expect(renderDigest(makeDigest(0, 0))).toEqual([]);
  });
});
