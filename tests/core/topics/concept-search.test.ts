import { describe, expect, it } from "vitest";
import { ConceptSearch } from "../../../src/core/topics/concept-search.js";
import type { Needle } from "../../../src/core/topics/key-needle.js";

/** "rat[ei]" → ["r", "a", "t", "[ei]"] */
const needle = (text: string): Needle => text.match(/\[[^\]]+\]|./g) ?? [];
const search = (...sets: string[][]) => new ConceptSearch(sets.map((set) => set.map(needle)));

describe("ConceptSearch", () => {
  it.each([
    { name: "a needle at a word start", sets: [["iran"]], text: "\nin iran today", found: true },
    {
      name: "at the very start (after the newline)",
      sets: [["iran"]],
      text: "\niran",
      found: true,
    },
    { name: "not inside a word", sets: [["iran"]], text: "\ntirana", found: false },
    {
      name: "with acronym periods between letters",
      sets: [["us"]],
      text: "\nthe u.s. said",
      found: true,
    },
    {
      name: "with an apostrophe between letters",
      sets: [["obrien"]],
      text: "\no’brien",
      found: true,
    },
    {
      name: "a class (rat[ei]) on either letter",
      sets: [["rat[ei]"]],
      text: "\nratings",
      found: true,
    },
    { name: "a class not met", sets: [["rat[ei]"]], text: "\nrather", found: false },
    {
      name: "every needle of a set",
      sets: [["rat[ei]", "cut"]],
      text: "\na rate cut",
      found: true,
    },
    {
      name: "one needle of a set missing",
      sets: [["rat[ei]", "cut"]],
      text: "\na rate rise",
      found: false,
    },
    { name: "a second set", sets: [["rat[ei]", "cut"], ["hike"]], text: "\na hike", found: true },
    {
      name: "a short needle, looked for once its set's long one is there",
      sets: [["hold", "on"]],
      text: "\nrates on hold",
      found: true,
    },
    {
      name: "a short needle missing",
      sets: [["hold", "on"]],
      text: "\nhold the line",
      found: false,
    },
    { name: "a short needle alone in its set", sets: [["us"]], text: "\nus", found: true },
    // "rate" and "rat[ei]" both start "rates": a hit on one must count the other.
    {
      name: "two needles at one word start",
      sets: [["rate", "rat[ei]"]],
      text: "\nrates",
      found: true,
    },
    // "u.s.army" is the words "us" and "army": a hit on "usa" must not hide "army".
    {
      name: "a word start inside a hit",
      sets: [["usa", "today"], ["army"]],
      text: "\nu.s.army",
      found: true,
    },
  ])("$name", ({ sets, text, found }) => {
    expect(search(...sets).found(text)).toBe(found);
  });

  it("starts each text afresh", () => {
    const s = search(["rat[ei]", "cut"]);
    expect(s.found("\nrate")).toBe(false);
    expect(s.found("\ncut")).toBe(false);
    expect(s.found("\nrate cut")).toBe(true);
    expect(s.found("\nnothing")).toBe(false);
  });
});
