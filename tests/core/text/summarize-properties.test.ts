import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarize } from "../../../src/core/text/summarize.js";

const word = fc.stringMatching(/^[A-Za-z]{1,14}$/);
const sentence = fc
  .array(word, { minLength: 1, maxLength: 60 })
  .map((words) => `${words.join(" ")}.`);
const article = fc.array(sentence, { minLength: 0, maxLength: 12 }).map((s) => s.join(" "));

describe("summarize (properties)", () => {
  it("is never longer than maxChars and never cuts a word", () => {
    fc.assert(
      fc.property(
        article,
        fc.array(word, { maxLength: 4 }),
        fc.integer({ min: 40, max: 400 }),
        (text, focusTerms, maxChars) => {
          const summary = summarize(text, { title: "Title", focusTerms, maxChars });
          expect(summary.length).toBeLessThanOrEqual(maxChars);
          const words = new Set(text.split(/[\s.]+/).concat("Title"));
          for (const w of summary.replace(/…$/, "").split(/[\s.]+/)) {
            if (w !== "") expect(words).toContain(w);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
