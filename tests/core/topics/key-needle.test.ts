import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTopic, stemWord } from "../../../src/core/topics/index.js";
import { conceptNeedleSets, keyNeedle, type Needle } from "../../../src/core/topics/key-needle.js";
import { repoLibrary } from "./library.js";

const library = repoLibrary();
const root = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

/** True when `word` begins with the needle: each atom a character or a class ("[ei]"). */
function begins(word: string, needle: Needle): boolean {
  return needle.every((atom, i) => {
    const char = word.charAt(i);
    return char !== "" && (atom.length === 1 ? atom === char : atom.slice(1, -1).includes(char));
  });
}

const shown = (needle: Needle): string => needle.join("");

describe("keyNeedle", () => {
  it.each([
    { name: "a stem that is the word's start", key: "sanction", needle: "sanction" },
    { name: "a stem ending in an added e (hoping → hope)", key: "hope", needle: "hop[ei]" },
    { name: "a stem ending in i for y (happy → happi)", key: "happi", needle: "happ[iy]" },
    { name: "a stem ending in l for -ility (mobility → mobl)", key: "mobl", needle: "mob[li]" },
    { name: "an exact word is itself", key: "=ties", needle: "ties" },
    { name: "an exact word ending in e stays", key: "=rate", needle: "rate" },
    { name: "a short word", key: "us", needle: "us" },
    { name: "digits", key: "=cop28", needle: "cop28" },
    { name: "a stem cut at a letter that is not ASCII", key: "straß", needle: "stra" },
    { name: "an exact word cut there too", key: "=ελλάδα", needle: "" },
  ])("$name: $key → $needle", ({ key, needle }) => {
    expect(shown(keyNeedle(key))).toBe(needle);
  });
});

describe("conceptNeedleSets", () => {
  const concepts = (topic: string) => compileTopic(topic, library).concepts;
  const sets = (topic: string, at = 0) =>
    conceptNeedleSets(concepts(topic)[at] as never)?.map((set) => set.map(shown));

  it("gives a typed word one needle", () => {
    expect(sets("bitcoin")).toEqual([["bitcoin"]]);
  });

  it("gives a phrase the needles of its two longest words", () => {
    expect(sets('"bank of japan"')).toEqual([["japan", "bank"]]);
  });

  it("drops a set another one implies", () => {
    // "sanction" is in every article that holds "sanction relief" or "snap back sanctions".
    const all = sets("sanctions") ?? [];
    expect(all).toContainEqual(["sanction"]);
    expect(all.filter((set) => set.includes("sanction"))).toEqual([["sanction"]]);
  });

  it("gives a prefix itself, when plain", () => {
    expect(sets("econ*")).toEqual([["econ"]]);
  });

  it("gives nothing for a feed: it is matched against the feed's name", () => {
    expect(sets("feed:reuters")).toBeUndefined();
  });
});

/** The Porter suffixes and their common stacks, to inflect words with. */
const SUFFIXES = (
  "s es ed ing ly er ers est ness ity ities ation ations ational ize izes izing ization " +
  "izations able ably ability abilities ible ibility ive ively iveness ivity ful fully " +
  "fulness ous ously ousness ment ments ence ences ency encies ance ancy al ally alism " +
  "alities ism ist ate ated ates ating ator ators ic ical ically icate icity y ies ied ying"
).split(" ");

/** Every stem of `word` must begin the word: the property key-needle.ts relies on. */
function stemBeginsWord(word: string): boolean {
  return begins(word, keyNeedle(stemWord(word)));
}

/** Suffixes that between them reach every rule of the stemmer that rewrites a word's end. */
const INFLECTIONS = "s ed ing ies ly ness ational ization ability ibility ency ical".split(" ");

function wordsIn(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}

describe("the stem rule over real words", () => {
  it("holds for every word of the dictionary, the fixtures and the feed corpus, inflected", () => {
    const words = new Set<string>();
    const dictionary = "/usr/share/dict/words";
    if (existsSync(dictionary))
      for (const w of wordsIn(readFileSync(dictionary, "utf8"))) words.add(w);
    const roots = new Set<string>();
    const read = (path: string): void => {
      if (statSync(path).isDirectory()) {
        for (const entry of readdirSync(path)) read(join(path, entry));
      } else if (statSync(path).size < 2_000_000) {
        for (const w of wordsIn(readFileSync(path, "latin1"))) roots.add(w);
      }
    };
    for (const dir of ["tests/fixtures", "../shared/corpus/feeds", "../shared/seed", "config"]) {
      if (existsSync(resolve(root, dir))) read(resolve(root, dir));
    }
    for (const r of roots) {
      words.add(r);
      if (r.length >= 3 && r.length <= 10) for (const suffix of INFLECTIONS) words.add(r + suffix);
    }
    expect(words.size).toBeGreaterThan(100_000);
    const failures = [...words].filter((w) => !stemBeginsWord(w));
    expect(failures.slice(0, 20)).toEqual([]);
  }, 60_000);
});

describe("the stem rule over made-up words", () => {
  it("holds for any letters with any stack of suffixes", () => {
    const letters = fc.constantFrom(..."abcdeeiilmnoorsttuyyzg");
    const stem = fc.array(letters, { minLength: 1, maxLength: 9 }).map((l) => l.join(""));
    const word = fc
      .tuple(stem, fc.array(fc.constantFrom(...SUFFIXES), { maxLength: 3 }))
      .map(([r, suffixes]) => r + suffixes.join(""));
    fc.assert(
      fc.property(word, (w) => stemBeginsWord(w)),
      { numRuns: 20_000 },
    );
  });
});
