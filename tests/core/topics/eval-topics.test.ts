import { describe, expect, it } from "vitest";
import { evaluateTopics } from "../../../bench/eval-topics.js";

// The floor sits just under what the engine reaches today (F1 0.981 on
// 168 items): a change to the vocabulary or the matcher that costs quality fails here.
const OVERALL_F1_FLOOR = 0.96;
const TOPIC_F1_FLOOR = 0.9;

describe("topic evaluation set", () => {
  const result = evaluateTopics();

  it("has enough labelled items", () => {
    expect(result.items).toBeGreaterThanOrEqual(150);
    expect(result.topics.length).toBeGreaterThanOrEqual(6);
  });

  it(`keeps overall F1 at or above ${OVERALL_F1_FLOOR}`, () => {
    expect(result.overall.f1).toBeGreaterThanOrEqual(OVERALL_F1_FLOOR);
  });

  it.each(result.topics.map((t) => [t.topic, t] as const))(
    `keeps F1 of %s at or above ${TOPIC_F1_FLOOR}`,
    (_, score) => {
      expect(score.f1).toBeGreaterThanOrEqual(TOPIC_F1_FLOOR);
    },
  );
});
