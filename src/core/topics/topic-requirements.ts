import type { TopicNode } from "./compile-topic.js";
import type { Concept } from "./concept.js";

/**
 * How selective a concept is likely to be, lower is rarer. A typed word or
 * phrase ("bitcoin") is in few articles; a country in more; a library concept
 * such as "prices" (rise, fall, cost...) in many; a feed in every article it
 * publishes. The index files a topic under its rarest concepts.
 */
export function conceptRank(concept: Concept): number {
  switch (concept.kind) {
    case "word":
    case "phrase":
      return 1;
    case "prefix":
      return 2;
    case "place":
      return 3;
    case "topic":
      return 4 + Math.min(concept.terms.length, 999) / 1000;
    case "feed":
      return 6;
  }
}

const byRank = (a: Concept, b: Concept): number => conceptRank(a) - conceptRank(b) || a.id - b.id;

/** Cross products larger than this fall back to one side's alternatives. */
const MAX_ALTERNATIVES = 16;

/**
 * What an article must contain for the topic to possibly match: a list of
 * alternatives, each a set of concepts that must all be present. `undefined`
 * means nothing can be required (the topic must be checked against every
 * article). Sound, not complete: each alternative is implied by the topic.
 */
export function topicRequirements(node: TopicNode): Concept[][] | undefined {
  switch (node.type) {
    case "concept":
      return [[node.concept]];
    case "not":
      return undefined;
    case "or": {
      const all: Concept[][] = [];
      for (const child of node.children) {
        const alternatives = topicRequirements(child);
        if (!alternatives) return undefined;
        all.push(...alternatives);
      }
      return all;
    }
    case "and": {
      const options = node.children
        .map(topicRequirements)
        .filter((r): r is Concept[][] => r !== undefined)
        .sort(
          (a, b) =>
            a.length - b.length ||
            conceptRank(a[0]?.[0] as Concept) - conceptRank(b[0]?.[0] as Concept),
        );
      const first = options[0];
      if (!first) return undefined;
      const second = options[1];
      if (!second || first.length * second.length > MAX_ALTERNATIVES) return first;
      return first.flatMap((x) => second.map((y) => [...x, ...y]));
    }
  }
}

/** The one or two rarest concepts of an alternative: what the index files it under. */
export function anchorsOf(alternative: Concept[]): [Concept, Concept | undefined] {
  const sorted = [...new Set(alternative)].sort(byRank);
  return [sorted[0] as Concept, sorted[1]];
}
