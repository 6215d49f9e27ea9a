import type { TopicNode } from "./compile-topic.js";
import type { Concept } from "./concept.js";
import type { ConceptHits } from "./concept-hits.js";

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
      // Every child's requirements, multiplied out, as long as the product
      // stays small: the more concepts an alternative names, the fewer
      // articles get past it. A child left out only makes it less strict.
      let all = options[0];
      if (!all) return undefined;
      for (const next of options.slice(1)) {
        if (all.length * next.length > MAX_ALTERNATIVES) continue;
        const before: Concept[][] = all;
        all = before.flatMap((x) => next.map((y) => [...x, ...y]));
      }
      return all;
    }
  }
}

/**
 * The concepts of an alternative, rarest first: the index files it under
 * the first one or two, and guards it with the next two.
 */
export function rarestFirst(alternative: Concept[]): Concept[] {
  return [...new Set(alternative)].sort(byRank);
}

/**
 * The ids of an article's concepts in the order rarestFirst sorts them: a
 * pair's first concept always comes before its second, so an article looks
 * for the pairs under one of its concepts only among the concepts after it.
 */
export function idsRarestFirst(hits: ConceptHits): number[] {
  const concepts = new Array<Concept>(hits.size);
  let k = 0;
  for (const hit of hits.values()) concepts[k++] = hit.concept;
  concepts.sort(byRank);
  const ids = new Array<number>(k);
  for (let i = 0; i < k; i++) ids[i] = (concepts[i] as Concept).id;
  return ids;
}
