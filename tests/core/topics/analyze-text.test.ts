import { describe, expect, it } from "vitest";
import {
  analyzeArticle,
  analyzeText,
  FLAG_CAPITALIZED,
  FLAG_UPPERCASE,
} from "../../../src/core/topics/analyze-text.js";

describe("analyzeText", () => {
  it.each([
    { name: "possessive is the noun", title: "Iran's envoy", words: ["iran", "envoy"] },
    { name: "curly possessive", title: "Russia\u2019s army", words: ["russia", "army"] },
    {
      name: "acronym with periods",
      title: "U.S. and U.K. talks",
      words: ["us", "and", "uk", "talks"],
    },
    {
      name: "hyphen splits",
      title: "cost-of-living crisis",
      words: ["cost", "of", "living", "crisis"],
    },
    { name: "accents fold", title: "Türkiye and Québec", words: ["turkiye", "and", "quebec"] },
    { name: "inner apostrophe joins", title: "O'Brien said", words: ["obrien", "said"] },
  ])("$name", ({ title, words }) => {
    expect(analyzeText(title, "").words).toEqual(words);
  });

  it.each([
    { word: "sanctions", stem: "sanction" },
    { word: "sanctioned", stem: "sanction" },
    { word: "sanctioning", stem: "sanction" },
    { word: "Iranians", stem: "iranian" },
    { word: "tariffs", stem: "tariff" },
  ])("stems $word to $stem", ({ word, stem }) => {
    expect(analyzeText(word, "").stems).toEqual([stem]);
  });

  it("marks capitalized and uppercase words", () => {
    const text = analyzeText("Turkey turkey US us", "");
    expect(Array.from(text.flags)).toEqual([
      FLAG_CAPITALIZED,
      0,
      FLAG_CAPITALIZED | FLAG_UPPERCASE,
      0,
    ]);
  });

  it("numbers sentences from 1 in the body, 0 being the title", () => {
    const text = analyzeText("Headline here", "One two. Three! Four? The U.S. five");
    expect(Array.from(text.sentences)).toEqual([0, 0, 1, 1, 2, 3, 4, 4, 4]);
    expect(text.titleLength).toBe(2);
  });

  it("keeps offsets that point at the written text", () => {
    const text = analyzeText("Tehran says", "The U.S. embargo");
    const written = text.words.map((_, i) => text.source.slice(text.starts[i], text.ends[i]));
    expect(written).toEqual(["Tehran", "says", "The", "U.S.", "embargo"]);
  });

  it("reads a summary contained in the content once", () => {
    const once = analyzeArticle({
      id: "1",
      title: "T",
      summary: "Alpha beta.",
      content: "Alpha beta. Gamma.",
    });
    expect(once.words).toEqual(["t", "alpha", "beta", "gamma"]);
    const both = analyzeArticle({ id: "1", title: "T", summary: "Alpha.", content: "Gamma." });
    expect(both.words).toEqual(["t", "alpha", "gamma"]);
  });
});
