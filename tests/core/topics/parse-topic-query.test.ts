import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/core/errors.js";
import { parseTopicQuery } from "../../../src/core/topics/parse-topic-query.js";

describe("parseTopicQuery", () => {
  it.each([
    {
      name: "words are an implicit and",
      text: "Iran sanctions",
      shape: {
        type: "and",
        children: [
          { type: "word", text: "Iran" },
          { type: "word", text: "sanctions" },
        ],
      },
    },
    {
      name: "explicit AND",
      text: "Iran AND sanctions",
      shape: {
        type: "and",
        children: [
          { type: "word", text: "Iran" },
          { type: "word", text: "sanctions" },
        ],
      },
    },
    { name: "phrase", text: '"asset freeze"', shape: { type: "phrase", text: "asset freeze" } },
    {
      name: "curly quotes",
      text: "\u201casset freeze\u201d",
      shape: { type: "phrase", text: "asset freeze" },
    },
    {
      name: "OR",
      text: "Iran OR Iraq",
      shape: {
        type: "or",
        children: [
          { type: "word", text: "Iran" },
          { type: "word", text: "Iraq" },
        ],
      },
    },
    {
      name: "NOT",
      text: "Iran NOT football",
      shape: {
        type: "and",
        children: [{ type: "word" }, { type: "not", child: { type: "word", text: "football" } }],
      },
    },
    {
      name: "minus",
      text: "Iran -football",
      shape: {
        type: "and",
        children: [{ type: "word" }, { type: "not", child: { type: "word", text: "football" } }],
      },
    },
    {
      name: "hyphen inside a word is not minus",
      text: "COVID-19",
      shape: { type: "word", text: "COVID-19" },
    },
    {
      name: "parentheses group",
      text: "(Iran OR Iraq) sanctions",
      shape: { type: "and", children: [{ type: "or" }, { type: "word", text: "sanctions" }] },
    },
    { name: "prefix", text: "econ*", shape: { type: "prefix", text: "econ" } },
    {
      name: "title field",
      text: "title:Iran",
      shape: { type: "field", field: "title", child: { type: "word", text: "Iran" } },
    },
    {
      name: "title field with phrase",
      text: 'title:"oil prices"',
      shape: { type: "field", field: "title", child: { type: "phrase", text: "oil prices" } },
    },
    {
      name: "feed field",
      text: "feed:reuters Iran",
      shape: { type: "and", children: [{ type: "field", field: "feed" }, { type: "word" }] },
    },
    {
      name: "OR binds looser than and",
      text: "a b OR c",
      shape: { type: "or", children: [{ type: "and" }, { type: "word", text: "c" }] },
    },
  ])("$name", ({ text, shape }) => {
    expect(parseTopicQuery(text)).toMatchObject(shape);
  });

  it.each([
    { name: "empty", text: "   ", position: 0 },
    { name: "unclosed quote", text: 'Iran "asset', position: 5 },
    { name: "unclosed paren", text: "(Iran OR Iraq", position: 0 },
    { name: "stray close paren", text: "Iran )", position: 5 },
    { name: "empty parens", text: "Iran ()", position: 5 },
    { name: "OR at the start", text: "OR Iran", position: 0 },
    { name: "OR at the end", text: "Iran OR", position: 5 },
    { name: "NOT at the end", text: "Iran NOT", position: 5 },
    { name: "only exclusions", text: "-football", position: 0 },
    { name: "short prefix", text: "ec*", position: 0 },
    { name: "unknown field", text: "Iran author:smith", position: 5 },
    { name: "feed takes a name", text: "feed:(a OR b)", position: 0 },
    { name: "empty phrase", text: 'Iran ""', position: 5 },
  ])("rejects $name with a position and a hint", ({ text, position }) => {
    let error: unknown;
    try {
      parseTopicQuery(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).position).toBe(position);
    expect((error as UserError).hint).toBeTruthy();
  });

  it("never throws anything but a UserError", () => {
    const pieces = fc.constantFrom(
      "Iran",
      "oil",
      "(",
      ")",
      '"',
      "OR",
      "AND",
      "NOT",
      "-",
      "*",
      "title:",
      "feed:",
      "x*",
      "econ*",
      " ",
      "\u201c",
      ":",
      "é",
    );
    const query = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(pieces, { maxLength: 20 }).map((p) => p.join(" ")),
      fc.array(pieces, { maxLength: 20 }).map((p) => p.join("")),
    );
    fc.assert(
      fc.property(query, (text) => {
        try {
          parseTopicQuery(text);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          const position = error.position ?? -1;
          if (position < 0 || position > text.length)
            throw new Error(`bad position ${position} for ${text}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
