import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeText, prefilterText } from "../../../src/core/topics/index.js";

describe("prefilterText", () => {
  it.each([
    { name: "keeps ASCII as written", text: "Iran SANCTIONS", want: "Iran SANCTIONS" },
    { name: "folds accents, in lower case", text: "Québec, TÜRKIYE", want: "Quebec, TuRKIYE" },
    { name: "keeps acronym periods", text: "U.S. envoy", want: "U.S. envoy" },
    { name: "keeps apostrophes", text: "O’Brien's", want: "O’Brien's" },
    { name: "spells out ligatures", text: "ﬁnance", want: "finance" },
    { name: "drops the dot of a capital İ", text: "İstanbul", want: "istanbul" },
    {
      name: "turns a symbol into a space, not letters",
      text: "Iran™sanctions",
      want: "Iran sanctions",
    },
    { name: "turns a combining mark into a space", text: "e\u0301x", want: "e x" },
    { name: "turns a letter outside the BMP into spaces", text: "𝐀BC", want: "  BC" },
    { name: "turns curly double quotes into spaces", text: "“Iran”", want: " Iran " },
  ])("$name", ({ text, want }) => {
    expect(prefilterText(text)).toBe(want);
  });
});

/**
 * analyzeText folds a whole word (lowercase, NFKD, marks dropped);
 * prefilterText folds one character at a time. The two agree when folding a
 * run of letters is folding each: checked here for every letter and digit
 * between letters that decompose into marks of several combining classes.
 */
describe("folding one character at a time", () => {
  it("folds every letter and digit as folding the word it is in does", () => {
    const fold = (word: string): string =>
      word.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
    const neighbours = ["a", "é", "ự", "ǖ"];
    const letterOrDigit = /^[\p{L}\p{N}]$/u;
    const disagree: string[] = [];
    for (let code = 0x80; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      // The Greek capital sigma lowercases by context (final or not): not ASCII either way.
      if (!letterOrDigit.test(char) || char === "Σ") continue;
      for (const before of neighbours) {
        for (const after of neighbours) {
          if (fold(before + char + after) !== fold(before) + fold(char) + fold(after))
            disagree.push(code.toString(16));
        }
      }
    }
    expect(disagree.slice(0, 10)).toEqual([]);
  });
});

/** Pieces of news text, chosen for what the analyzer does with them. */
const PIECES = [
  "Iran",
  "Iran's",
  "Iran’s",
  "IRAN",
  "Québec",
  "QUÉBEC",
  "Türkiye",
  "naïve",
  "O'Brien",
  "O’Brien",
  "rock'n'roll",
  "U.S.",
  "U.S.A",
  "U.S.Army",
  "U.K.",
  "e.g.",
  "ﬁnance",
  "İstanbul",
  "ℌello",
  "𝐀BC",
  "e\u0301x",
  "x™y",
  "№5",
  "sanctions",
  "Sanctioned",
  "happily",
  "hoping",
  "abilities",
  "COP28",
  "3.5%",
  "'90s",
  "don't",
  "Zelenskyy",
  "straße",
  "ΑΘΗΝΑ",
  "Σ",
  "ǅemal",
  "Ⅻ",
  "½",
];
const SEPARATORS = [
  " ",
  " ",
  " ",
  ". ",
  ", ",
  "-",
  "\n",
  "'",
  "’",
  "“",
  "”",
  ".",
  "...",
  "/",
  "(",
  ")",
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 3 }) },
);
const text = fc
  .array(fc.tuple(piece, fc.constantFrom(...SEPARATORS)), { maxLength: 12 })
  .map((parts) => parts.map(([p, s]) => p + s).join(""));

describe("every word the analyzer reads is in the prefilter text", () => {
  it("at a word start, its letters in order (ASCII case aside), with only periods or apostrophes between", () => {
    let words = 0;
    fc.assert(
      fc.property(text, text, (title, body) => {
        const prepared = prefilterText(`\n${title}\n${body}`);
        for (const word of analyzeText(title, body).words) {
          const plain = (/^[a-z0-9]*/.exec(word.toLowerCase()) as RegExpExecArray)[0];
          if (plain === "") continue;
          words++;
          const pattern = new RegExp(`[^a-z0-9]${[...plain].join("[.'\u2019]*")}`, "i");
          if (!pattern.test(prepared)) return false;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
    expect(words).toBeGreaterThan(10_000);
  });
});
