import { describe, expect, it } from "vitest";
import { renderReply } from "../../../src/platforms/slack/render-reply.js";
import { blockTexts, checkMessage } from "../../support/fake-slack/block-kit-rules.js";
import { makeItem, manyItems, mrkdwnTokens } from "./slack-test-kit.js";

describe("renderReply", () => {
  it("maps visibility to response_type", () => {
    const base = { summary: "ok", blocks: [{ kind: "text" as const, text: "Done." }] };
    expect(renderReply({ ...base, visibility: "private" }).response_type).toBe("ephemeral");
    expect(renderReply({ ...base, visibility: "channel" }).response_type).toBe("in_channel");
  });

  it("renders text, items, tables and errors, escaped", () => {
    const rendered = renderReply({
      visibility: "private",
      summary: "Subscribed to <!channel>",
      blocks: [
        { kind: "text", text: "Subscribed to *<!channel>*" },
        { kind: "items", items: [makeItem(1)], more: 2 },
        { kind: "table", columns: ["id", "topic"], rows: [["s1", "Iran <@U1>"]] },
        { kind: "error", message: "Unknown verb", hint: "Try /news help" },
      ],
    });
    const texts = blockTexts(rendered.blocks);
    expect(texts[0]).toBe("Subscribed to *&lt;!channel&gt;*");
    expect(texts.some((t) => t.includes("<https://news.example.org/articles/1"))).toBe(true);
    expect(texts).toContain("_…and 2 more_");
    expect(texts.some((t) => t.startsWith("```id") && t.includes("Iran &lt;@U1&gt;"))).toBe(true);
    expect(texts).toContain(":warning: Unknown verb\n_Try /news help_");
    expect(rendered.text).toBe("Subscribed to &lt;!channel&gt;");
    expect(
      texts
        .flatMap(mrkdwnTokens)
        .every((t) => t.startsWith("<https://") || t.startsWith("<!date^")),
    ).toBe(true);
    expect(checkMessage(rendered.text, rendered.blocks)).toBeNull();
  });

  it("splits long text into sections and cuts an oversized reply to fit", () => {
    const rendered = renderReply({
      visibility: "private",
      summary: "x".repeat(10_000),
      blocks: [
        { kind: "text", text: "line\n".repeat(2_000) },
        { kind: "items", items: manyItems(60), more: 0 },
      ],
    });
    expect(checkMessage(rendered.text, rendered.blocks)).toBeNull();
    expect(blockTexts(rendered.blocks).at(-1)).toContain("cut to fit");
  });
});
