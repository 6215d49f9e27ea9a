import { describe, expect, it } from "vitest";
import { ConceptSearch } from "../../../src/core/topics/concept-search.js";
import type { Needle } from "../../../src/core/topics/key-needle.js";

/** "rat[ei]" → ["r", "a", "t", "[ei]"] */
const needle = (text: string): Needle => text.match(/\[[^\]]+\]|./g) ?? [];
const search = (...sets: string[][]) => new ConceptSearch(sets.map((set) => set.map(needle)));

describe("ConceptSearch", () => {
  it.each([
    { name: "a needle at a word start", sets: [["iran"]], text: "in iran today", found: true },
    { name: "at the very start of the text", sets: [["iran"]], text: "iran", found: true },
    { name: "in any ASCII case", sets: [["iran"]], text: "IRAN and Iran", found: true },
    { name: "not inside a word", sets: [["iran"]], text: "tirana", found: false },
    { name: "not inside a word in capitals", sets: [["iran"]], text: "TIRANA", found: false },
    {
      name: "with acronym periods between letters",
      sets: [["us"]],
      text: "the u.s. said",
      found: true,
    },
    {
      name: "with an apostrophe between letters",
      sets: [["obrien"]],
      text: "o’brien",
      found: true,
    },
    {
      name: "a class (rat[ei]) on either letter",
      sets: [["rat[ei]"]],
      text: "ratings",
      found: true,
    },
    { name: "a class not met", sets: [["rat[ei]"]], text: "rather", found: false },
    {
      name: "every needle of a set",
      sets: [["rat[ei]", "cut"]],
      text: "a rate cut",
      found: true,
    },
    {
      name: "one needle of a set missing",
      sets: [["rat[ei]", "cut"]],
      text: "a rate rise",
      found: false,
    },
    { name: "a second set", sets: [["rat[ei]", "cut"], ["hike"]], text: "a hike", found: true },
    {
      name: "a short needle, looked for once its set's long one is there",
      sets: [["hold", "on"]],
      text: "rates on hold",
      found: true,
    },
    {
      name: "a short needle missing",
      sets: [["hold", "on"]],
      text: "hold the line",
      found: false,
    },
    { name: "a short needle alone in its set", sets: [["us"]], text: "us", found: true },
    // "rate" and "rat[ei]" both start "rates": a hit on one must count the other.
    {
      name: "two needles at one word start",
      sets: [["rate", "rat[ei]"]],
      text: "rates",
      found: true,
    },
    // "u.s.army" is the words "us" and "army": a hit on "usa" must not hide "army".
    {
      name: "a word start inside a hit",
      sets: [["usa", "today"], ["army"]],
      text: "u.s.army",
      found: true,
    },
  ])("$name", ({ sets, text, found }) => {
    expect(search(...sets).found([text])).toBe(found);
  });

  it("reads the parts of one article together, and each article afresh", () => {
    const s = search(["rat[ei]", "cut"]);
    expect(s.found(["rate", "cut"])).toBe(true);
    expect(s.found(["rate"])).toBe(false);
    expect(s.found(["cut"])).toBe(false);
    expect(s.found(["rate cut"])).toBe(true);
    expect(s.found(["nothing"])).toBe(false);
  });

  it("looks for a short needle left out of the pattern in every part", () => {
    expect(search(["hold", "on"]).found(["on the table", "hold"])).toBe(true);
  });
});
