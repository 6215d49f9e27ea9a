import { describe, expect, it } from "vitest";
import { splitSentences } from "../../../src/core/text/sentences.js";

describe("splitSentences", () => {
  const cases: Array<{ name: string; text: string; expected: string[] }> = [
    {
      name: "plain sentences",
      text: "Prices rose. Markets fell! Why? Nobody knows.",
      expected: ["Prices rose.", "Markets fell!", "Why?", "Nobody knows."],
    },
    {
      name: "title abbreviations",
      text: "Mr. Trump met Dr. Smith. They talked.",
      expected: ["Mr. Trump met Dr. Smith.", "They talked."],
    },
    {
      name: "month abbreviations",
      text: "The deal was signed on Jan. 5 in Paris. It expires in Dec. 2030.",
      expected: ["The deal was signed on Jan. 5 in Paris.", "It expires in Dec. 2030."],
    },
    {
      name: "initialism running on",
      text: "The U.S. special envoy met U.N. Security Council members. Talks failed.",
      expected: ["The U.S. special envoy met U.N. Security Council members.", "Talks failed."],
    },
    {
      name: "initialism ending a sentence",
      text: "He moved to the U.S. The report says so.",
      expected: ["He moved to the U.S.", "The report says so."],
    },
    {
      name: "middle initial",
      text: "John F. Kennedy spoke. Crowds cheered.",
      expected: ["John F. Kennedy spoke.", "Crowds cheered."],
    },
    {
      name: "full stop inside a quotation does not split it",
      text: '"Let\'s be realistic. It is working," Craft said. "Everyone knows."',
      expected: ['"Let\'s be realistic. It is working," Craft said.', '"Everyone knows."'],
    },
    {
      name: "curly quotes",
      text: "“It ended. We left.” She smiled. Then rain.",
      expected: ["“It ended. We left.”", "She smiled.", "Then rain."],
    },
    {
      name: "quote closing the sentence",
      text: 'It is called the "snapback." Officials agree.',
      expected: ['It is called the "snapback."', "Officials agree."],
    },
    {
      name: "unbalanced quote falls back to plain splitting",
      text: 'He said "no. Then left. Fine.',
      expected: ['He said "no.', "Then left.", "Fine."],
    },
    {
      name: "line breaks end sentences",
      text: "A caption / Getty Images\nAugust 7, 2020\n\nFirst sentence here.",
      expected: ["A caption / Getty Images", "August 7, 2020", "First sentence here."],
    },
    {
      name: "decimal numbers",
      text: "Growth was 2.5 percent. Good.",
      expected: ["Growth was 2.5 percent.", "Good."],
    },
    {
      name: "a.m. ends a sentence before a sentence starter only",
      text: "They met at 9 a.m. The talks ran late. It began at 10 a.m. Eastern time.",
      expected: ["They met at 9 a.m.", "The talks ran late.", "It began at 10 a.m. Eastern time."],
    },
    {
      name: "No. before a number is an abbreviation",
      text: "He was ranked No. 1 in the world. No. That was wrong.",
      expected: ["He was ranked No. 1 in the world.", "No.", "That was wrong."],
    },
    { name: "empty", text: "  \n ", expected: [] },
  ];
  for (const { name, text, expected } of cases) {
    it(name, () => {
      expect(splitSentences(text)).toEqual(expected);
    });
  }
});
