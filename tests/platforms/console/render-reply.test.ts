import { describe, expect, it } from "vitest";
import type { Reply, ReplyBlock } from "../../../src/core/commands/reply-model.js";
import { displayWidth } from "../../../src/platforms/console/display-width.js";
import { renderReply } from "../../../src/platforms/console/render-reply.js";
import { createdAt, makeItem } from "./digest-fixtures.js";
import { stripStyles, unsafeCharacters } from "./terminal-safety.js";

function reply(...blocks: ReplyBlock[]): Reply {
  return { visibility: "private", summary: "summary text", blocks };
}

/** Column (display position) where `text` starts in `line`. */
function columnOf(line: string, text: string): number {
  return displayWidth(line.slice(0, line.indexOf(text)));
}

const subscriptions: ReplyBlock = {
  kind: "table",
  columns: ["id", "topic", "every", "articles"],
  rows: [
    ["7", "climate policy", "daily", "12"],
    ["12", "東京 elections", "hourly", "3"],
    ["103", "ai", "weekly", "1,204"],
  ],
};

describe("renderReply", () => {
  it.each([
    {
      name: "text keeps its lines and indentation",
      block: { kind: "text", text: "Subscribed to climate policy.\n  First digest: 1 Dec 08:00." },
      expected: "Subscribed to climate policy.\n  First digest: 1 Dec 08:00.",
    },
    {
      name: "text that fits keeps its inner spacing",
      block: {
        kind: "text",
        text: "  /news subscribe   add a topic\n  /news digest      digest now",
      },
      expected: "  /news subscribe   add a topic\n  /news digest      digest now",
    },
    {
      name: "text wraps a long line under its own indentation",
      block: {
        kind: "text",
        text: "  one two three four five six seven eight nine ten eleven twelve",
      },
      options: { width: 24 },
      expected: "  one two three four\n  five six seven eight\n  nine ten eleven twelve",
    },
    {
      name: "error with hint, each wrapped under itself",
      block: {
        kind: "error",
        message: "feeds: no feed found at https://example.com/news",
        hint: "try /news feeds add with the feed's own URL",
      },
      options: { width: 40 },
      expected: [
        "error: feeds: no feed found at",
        "       https://example.com/news",
        "hint:  try /news feeds add with the",
        "       feed's own URL",
      ].join("\n"),
    },
    {
      name: "error without hint",
      block: { kind: "error", message: "subscribe: topic is empty" },
      expected: "error: subscribe: topic is empty",
    },
    {
      name: "items, with clock times when no moment is given",
      block: { kind: "items", items: [makeItem()], more: 4 },
      expected: [
        "1. EU agrees 2040 climate target after all-night talks",
        "   BBC News · 30 Nov 06:00",
        "   Ministers agreed to cut net emissions by 90% by 2040.",
        "   https://example.com/eu-2040",
        "",
        "   …and 4 more",
      ].join("\n"),
    },
    {
      name: "items count back from the given moment",
      block: { kind: "items", items: [makeItem()], more: 0 },
      options: { now: createdAt },
      contains: "BBC News · 2 h ago",
    },
    {
      name: "only a more count",
      block: { kind: "items", items: [], more: 3 },
      expected: "…and 3 more",
    },
    {
      name: "table aligns columns, numbers (and their heading) to the right",
      block: subscriptions,
      expected: [
        " id  topic           every   articles",
        "───  ──────────────  ──────  ────────",
        "  7  climate policy  daily         12",
        " 12  東京 elections  hourly         3",
        "103  ai              weekly     1,204",
      ].join("\n"),
    },
    {
      name: "empty table says so",
      block: { kind: "table", columns: ["id", "topic"], rows: [] },
      expected: "id  topic\n──  ─────\n(none)",
    },
    {
      name: "short rows are padded, without trailing spaces",
      block: { kind: "table", columns: ["a", "b", "c"], rows: [["x"], ["x", "y", "z"]] },
      expected: "a  b  c\n─  ─  ─\nx\nx  y  z",
    },
  ] as Array<{
    name: string;
    block: ReplyBlock;
    options?: { width?: number; now?: Date };
    expected?: string;
    contains?: string;
  }>)("$name", ({ block, options, expected, contains }) => {
    const output = renderReply(reply(block), { color: false, ...options });
    if (expected !== undefined) expect(output).toBe(expected);
    if (contains !== undefined) expect(output).toContain(contains);
  });

  it("keeps table columns aligned, whatever the cell widths", () => {
    const lines = renderReply(reply(subscriptions), { color: false }).split("\n");
    const [header, , ...rows] = lines;
    expect(header).toBeDefined();
    const everyColumn = columnOf(header ?? "", "every");
    for (const [row, every] of rows.map((r, i) => [r, ["daily", "hourly", "weekly"][i]] as const)) {
      expect(columnOf(row, every ?? ""), row).toBe(everyColumn);
    }
    const ends = rows.map((row) => displayWidth(row));
    expect(new Set(ends).size).toBe(1); // the right-aligned last column ends together
  });

  it("shrinks the widest column of a table too wide for the terminal", () => {
    const topic = "climate policy OR energy transition OR carbon markets OR emissions trading";
    const block: ReplyBlock = {
      kind: "table",
      columns: ["id", "topic", "every"],
      rows: [["7", topic, "daily"]],
    };
    const lines = renderReply(reply(block), { color: false, width: 40 }).split("\n");
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(40);
    expect(lines[2]).toMatch(/^ 7 {2}climate policy OR .*… {2}daily$/);
  });

  it("separates blocks with a blank line", () => {
    const output = renderReply(
      reply({ kind: "text", text: "one" }, { kind: "text", text: "two" }),
      {
        color: false,
      },
    );
    expect(output).toBe("one\n\ntwo");
  });

  it("falls back to the summary when there are no blocks", () => {
    expect(renderReply(reply(), { color: false })).toBe("summary text");
  });

  it.each([
    { kind: "text", block: { kind: "text", text: "Hello" }, styled: false },
    { kind: "items", block: { kind: "items", items: [makeItem()], more: 1 }, styled: true },
    { kind: "table", block: subscriptions, styled: true },
    { kind: "error", block: { kind: "error", message: "bad", hint: "do this" }, styled: true },
  ] as Array<{ kind: string; block: ReplyBlock; styled: boolean }>)(
    "$kind: no escape code when colour is off; the same text, styled or not, when on",
    ({ block, styled }) => {
      const plain = renderReply(reply(block), { color: false });
      const colour = renderReply(reply(block), { color: true });
      expect(plain).not.toContain("\x1b");
      expect(colour.includes("\x1b[")).toBe(styled);
      expect(stripStyles(colour)).toBe(plain);
    },
  );

  it("styles the error label red and bold, and table headers bold", () => {
    const output = renderReply(reply({ kind: "error", message: "bad" }, subscriptions), {
      color: true,
    });
    expect(output).toContain("\x1b[1m\x1b[31merror:\x1b[39m\x1b[22m bad");
    expect(output).toContain("\x1b[1mid\x1b[22m");
  });

  it.each([
    { name: "text", block: { kind: "text", text: "Feed \x1b[2Jtitle\rFAKE\n\x1b]0;x\x07ok" } },
    {
      name: "items",
      block: { kind: "items", items: [makeItem({ title: "a\x1b[2Jb\rc" })], more: 0 },
    },
    {
      name: "table cell",
      block: { kind: "table", columns: ["t\x1b[1A"], rows: [["x\ry\u009b2J"]] },
    },
    { name: "error", block: { kind: "error", message: "m\x1b[2J", hint: "h\r\x1b[K" } },
  ] as Array<{ name: string; block: ReplyBlock }>)(
    "renders hostile text inert in a $name block",
    ({ block }) => {
      for (const color of [false, true]) {
        const output = renderReply(reply(block), { color });
        expect(unsafeCharacters(output)).toEqual([]);
      }
    },
  );
});
