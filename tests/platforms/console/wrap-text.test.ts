import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../../src/platforms/console/display-width.js";
import { wrapPhrases, wrapText } from "../../../src/platforms/console/wrap-text.js";

describe("wrapText", () => {
  it.each([
    { name: "short text is one line", text: "a b c", width: 10, expected: ["a b c"] },
    { name: "breaks between words", text: "aaa bbb ccc", width: 7, expected: ["aaa bbb", "ccc"] },
    { name: "exact fit stays on the line", text: "aaa bbb", width: 7, expected: ["aaa bbb"] },
    { name: "whitespace runs collapse", text: "a   b\n\nc", width: 20, expected: ["a b c"] },
    {
      name: "a too-long word is cut",
      text: "abcdefghij",
      width: 4,
      expected: ["abcd", "efgh", "ij"],
    },
    {
      name: "wide characters count double",
      text: "東京都 大阪",
      width: 6,
      expected: ["東京都", "大阪"],
    },
    {
      name: "accents stay with their letter",
      text: "e\u0301e\u0301e\u0301",
      width: 2,
      expected: ["e\u0301e\u0301", "e\u0301"],
    },
    { name: "empty text is one empty line", text: "", width: 10, expected: [""] },
  ])("$name", ({ text, width, expected }) => {
    expect(wrapText(text, width)).toEqual(expected);
  });

  it("never exceeds the width and keeps every word in order", () => {
    const word = fc.stringMatching(/^[a-z東]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 30 }),
        fc.integer({ min: 2, max: 40 }),
        (words, width) => {
          const lines = wrapText(words.join(" "), width);
          for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
          expect(lines.join("").replace(/ /g, "")).toBe(words.join(""));
        },
      ),
    );
  });
});

describe("wrapPhrases", () => {
  it.each([
    {
      name: "all on one line",
      phrases: ["BBC", "2 h ago"],
      width: 20,
      expected: ["BBC · 2 h ago"],
    },
    {
      name: "breaks between phrases, never inside one",
      phrases: ["BBC News", "2 h ago", "also: AP"],
      width: 18,
      expected: ["BBC News · 2 h ago", "also: AP"],
    },
    {
      name: "a phrase wider than a line is word-wrapped",
      phrases: ["a", "also: Reuters, AP, Bloomberg"],
      width: 14,
      expected: ["a", "also: Reuters,", "AP, Bloomberg"],
    },
    { name: "empty phrases are skipped", phrases: ["", "x", ""], width: 5, expected: ["x"] },
  ])("$name", ({ phrases, width, expected }) => {
    expect(wrapPhrases(phrases, " · ", width)).toEqual(expected);
  });
});
