import { describe, expect, it } from "vitest";
import { analyzeText } from "../../../src/core/topics/analyze-text.js";
import type { Concept } from "../../../src/core/topics/concept.js";
import { type ConceptHit, hitWords, summarizeHit } from "../../../src/core/topics/concept-hits.js";

/** A hit on every token of `text` whose word is in `words` (and on the phrase spans given). */
function hitOn(
  text: ReturnType<typeof analyzeText>,
  words: string[],
  phrases: Array<[number, number]> = [],
): ConceptHit {
  const spans: number[] = [];
  for (let i = 0; i < text.words.length; i++) {
    if (words.includes(text.words[i] as string)) spans.push(i, i + 1, 0);
  }
  for (const [start, end] of phrases) spans.push(start, end, 0);
  return { concept: { label: "test" } as Concept, spans, summary: undefined };
}

describe("hitWords", () => {
  it("quotes each word once, as first written, in order, up to the limit", () => {
    const text = analyzeText("IRAN faces sanctions", "Iran said the sanctions on iran are unjust.");
    const hit = hitOn(text, ["iran", "sanctions"]);
    expect(hitWords(summarizeHit(hit, text), text, 6)).toEqual(["IRAN", "sanctions"]);
    expect(hitWords(summarizeHit(hit, text), text, 1)).toEqual(["IRAN"]);
  });

  it("tells phrases apart by their lowercase text", () => {
    const text = analyzeText("Asset freeze", "An asset freeze, then an Asset Freeze again.");
    const starts = text.words.flatMap((w, i) => (w === "asset" ? [i] : []));
    const hit = hitOn(
      text,
      [],
      starts.map((i): [number, number] => [i, i + 2]),
    );
    expect(hitWords(summarizeHit(hit, text), text, 6)).toEqual(["Asset freeze"]);
  });

  it("compares words by their lowercase when the text's numbering changed while it was read", () => {
    const read = analyzeText("Iran and Oman", "Iran, then oman.");
    // Numbers from two numberings may name different words alike: none is trusted.
    const text = { ...read, wordIds: new Int32Array(read.words.length), wordGeneration: -1 };
    const hit = hitOn(text, ["iran", "oman"]);
    expect(hitWords(summarizeHit(hit, text), text, 6)).toEqual(["Iran", "Oman"]);
  });
});
