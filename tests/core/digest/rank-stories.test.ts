import { describe, expect, it } from "vitest";
import { HOUR_MS, pickDiverse, recencyWeight } from "../../../src/core/digest/rank-stories.js";

describe("recencyWeight", () => {
  const cases = [
    { name: "now", age: 0, expected: 1 },
    { name: "one half-life", age: 24 * HOUR_MS, expected: 0.5 },
    { name: "two half-lives", age: 48 * HOUR_MS, expected: 0.25 },
    { name: "future counts as now", age: -5 * HOUR_MS, expected: 1 },
  ];
  for (const { name, age, expected } of cases) {
    it(name, () => expect(recencyWeight(age)).toBeCloseTo(expected, 10));
  }
});

describe("pickDiverse", () => {
  const cases = [
    {
      name: "plain rank order with distinct sources",
      items: [
        { rank: 1, source: "a" },
        { rank: 3, source: "b" },
        { rank: 2, source: "c" },
      ],
      limit: 3,
      expected: [1, 2, 0],
    },
    {
      name: "a source's second item is discounted",
      items: [
        { rank: 1, source: "a" },
        { rank: 0.9, source: "a" },
        { rank: 0.7, source: "b" },
      ],
      limit: 3,
      expected: [0, 2, 1],
    },
    {
      name: "limit",
      items: [
        { rank: 1, source: "a" },
        { rank: 2, source: "b" },
      ],
      limit: 1,
      expected: [1],
    },
  ];
  for (const { name, items, limit, expected } of cases) {
    it(name, () => expect(pickDiverse(items, limit)).toEqual(expected));
  }
});
