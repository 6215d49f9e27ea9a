import { describe, expect, it } from "vitest";
import { createFocusMatcher, tokenizeWords } from "../../../src/core/text/focus-matcher.js";

describe("createFocusMatcher", () => {
  const cases: Array<{
    name: string;
    terms: string[];
    text: string;
    distinct: number;
    total: number;
  }> = [
    {
      name: "inflection by stem",
      terms: ["sanctions"],
      text: "They sanctioned the bank",
      distinct: 1,
      total: 1,
    },
    {
      name: "derivation by prefix",
      terms: ["Iran"],
      text: "Iranian officials in Iran",
      distinct: 1,
      total: 2,
    },
    {
      name: "case-insensitive",
      terms: ["KREMLIN"],
      text: "the kremlin said",
      distinct: 1,
      total: 1,
    },
    {
      name: "a stem is no prefix (relations vs relatively)",
      terms: ["relations"],
      text: "relatively calm",
      distinct: 0,
      total: 0,
    },
    {
      name: "short term matches whole words only",
      terms: ["war"],
      text: "officials warned",
      distinct: 0,
      total: 0,
    },
    {
      name: "phrase must be consecutive",
      terms: ["oil prices"],
      text: "oil and prices; oil prices rose",
      distinct: 1,
      total: 1,
    },
    { name: "possessive", terms: ["Zarif"], text: "Zarif's visit", distinct: 1, total: 1 },
    {
      name: "distinct counts terms, total counts hits",
      terms: ["Iran", "Russia"],
      text: "Iran Russia Iran",
      distinct: 2,
      total: 3,
    },
  ];
  for (const { name, terms, text, distinct, total } of cases) {
    it(name, () =>
      expect(createFocusMatcher(terms)(tokenizeWords(text))).toEqual({ distinct, total }),
    );
  }
});
