import { describe, expect, it } from "vitest";
import { renderReply } from "../../../src/platforms/discord/render-reply.js";
import { validateMessage } from "../../support/fake-discord/validate-message.js";
import { makeDigest } from "./digest-fixtures.js";

describe("renderReply", () => {
  it("makes a private reply ephemeral and a channel reply not", () => {
    const text = [{ kind: "text" as const, text: "hello" }];
    expect(renderReply({ visibility: "private", summary: "s", blocks: text }).flags).toBe(64);
    expect(
      renderReply({ visibility: "channel", summary: "s", blocks: text }).flags,
    ).toBeUndefined();
  });

  it("renders an error with its hint, escaped", () => {
    const payload = renderReply({
      visibility: "private",
      summary: "bad",
      blocks: [{ kind: "error", message: "Unknown topic **x** @here", hint: "Try /news help" }],
    });
    expect(payload.content).toContain("Unknown topic \\*\\*x\\*\\*");
    expect(payload.content).not.toContain("@here");
    expect(payload.content).toContain("Try /news help");
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });

  it("renders items as an embed and keeps a long list within one message", () => {
    const items = makeDigest(1, 40).topics[0]?.items ?? [];
    const payload = renderReply({
      visibility: "channel",
      summary: "recent",
      blocks: [
        { kind: "text", text: "Recent articles" },
        { kind: "items", items, more: 2 },
      ],
    });
    expect(payload.embeds).toHaveLength(1);
    expect(payload.embeds[0]?.description).toContain("](https://news.example/0/0)");
    // What did not fit is counted in the footer with the handler's own "more".
    expect(payload.embeds[0]?.footer?.text).toMatch(/^and \d+ more$/);
    expect(Number(/\d+/.exec(payload.embeds[0]?.footer?.text ?? "")?.[0])).toBeGreaterThan(2);
    expect(validateMessage(payload)).toBeNull();
  });

  it("renders a table as an aligned code block, cut to fit", () => {
    const rows = Array.from({ length: 300 }, (_, i) => [
      `${i}`,
      `Topic ${i} with \`ticks\``,
      "daily 08:00",
    ]);
    const payload = renderReply({
      visibility: "channel",
      summary: "list",
      blocks: [{ kind: "table", columns: ["id", "topic", "schedule"], rows }],
    });
    const description = payload.embeds[0]?.description ?? "";
    expect(description.startsWith("```\nid")).toBe(true);
    expect(description).toMatch(/and \d+ more$/);
    expect(description.split("```")).toHaveLength(3);
    expect(validateMessage(payload)).toBeNull();
  });

  it("falls back to the summary for a reply without blocks", () => {
    expect(renderReply({ visibility: "channel", summary: "All done", blocks: [] }).content).toBe(
      "All done",
    );
  });
});
