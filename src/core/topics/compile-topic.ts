import { UserError } from "../errors.js";
import { analyzeText } from "./analyze-text.js";
import type { TopicLibrary } from "./compile-topic-library.js";
import { type Concept, parseTerm } from "./concept.js";
import { parseTopicQuery, type QueryNode } from "./parse-topic-query.js";

/**
 * A topic with meaning: concepts joined by and/or/not. `titleOnly` concepts
 * count only in the title. An `and` with `near` asks its concepts to be
 * about the same thing: see evaluate-topic.ts.
 */
export type TopicNode =
  | { type: "concept"; concept: Concept; titleOnly: boolean }
  | { type: "and"; children: TopicNode[] }
  | { type: "or"; children: TopicNode[] }
  | { type: "not"; child: TopicNode };

export interface CompiledTopic {
  /** Exactly what the person typed. */
  text: string;
  root: TopicNode;
  /** Every concept the topic names, positive or not. */
  concepts: Concept[];
  /**
   * Set when the topic is concepts that must all be there, less concepts that
   * must not ("Saudi Arabia -football"), none title-only or feed: the shape
   * of nearly every topic, evaluated without walking the tree.
   */
  plain?: { required: Concept[]; excluded: Concept[] };
  /**
   * The tree as concept ids ("and(12,or(3,7),!40)"): topics of one shape get
   * one verdict on an article, however differently they were typed.
   */
  shape: string;
}

function shapeOf(node: TopicNode): string {
  switch (node.type) {
    case "concept":
      return node.titleOnly ? `t${node.concept.id}` : String(node.concept.id);
    case "not":
      return `!${shapeOf(node.child)}`;
    case "and":
    case "or":
      return `${node.type}(${node.children.map(shapeOf).join(",")})`;
  }
}

const simpleLeaf = (node: TopicNode): Concept | undefined =>
  node.type === "concept" && !node.titleOnly && node.concept.kind !== "feed"
    ? node.concept
    : undefined;

function plainConcepts(root: TopicNode): CompiledTopic["plain"] {
  const leaves = root.type === "and" ? root.children : [root];
  const required: Concept[] = [];
  const excluded: Concept[] = [];
  for (const leaf of leaves) {
    const concept = leaf.type === "not" ? simpleLeaf(leaf.child) : simpleLeaf(leaf);
    if (!concept) return undefined;
    (leaf.type === "not" ? excluded : required).push(concept);
  }
  if (required.length === 0) return undefined;
  return { required, excluded };
}

function typedWords(text: string): string[] {
  return analyzeText(text, "").words;
}

function phraseConcept(text: string, library: TopicLibrary, kind: "phrase" | "feed"): Concept {
  const term = parseTerm(text);
  if (!term) throw new UserError(`topic: "${text}" has no words in it`);
  const label = typedWords(text).join(" ");
  return library.registry.intern({ kind, label, terms: [term], except: [] });
}

function wordConcepts(text: string, library: TopicLibrary): Concept[] {
  return library.resolveWords(typedWords(text));
}

function build(node: QueryNode, library: TopicLibrary, titleOnly: boolean): TopicNode | undefined {
  const leaf = (concept: Concept): TopicNode => ({ type: "concept", concept, titleOnly });
  const all = (children: Array<TopicNode | undefined>): TopicNode[] =>
    children.filter((c): c is TopicNode => c !== undefined);
  switch (node.type) {
    case "word": {
      const concepts = wordConcepts(node.text, library).map(leaf);
      if (concepts.length <= 1) return concepts[0];
      return { type: "and", children: concepts };
    }
    case "phrase":
      return leaf(phraseConcept(node.text, library, "phrase"));
    case "prefix":
      return leaf(
        library.registry.intern({
          kind: "prefix",
          label: `${node.text}*`,
          terms: [],
          except: [],
          prefix: node.text,
        }),
      );
    case "field":
      if (node.field === "feed") {
        const child = node.child as { text: string };
        return leaf(phraseConcept(child.text, library, "feed"));
      }
      return build(node.child, library, true);
    case "not": {
      const child = build(node.child, library, titleOnly);
      return child && { type: "not", child };
    }
    case "or": {
      const children = all(node.children.map((c) => build(c, library, titleOnly)));
      return children.length <= 1 ? children[0] : { type: "or", children };
    }
    case "and": {
      // Consecutive plain words are read together, so "interest rates" and
      // "United States" reach their concept rather than two literal words.
      const children: TopicNode[] = [];
      let run: string[] = [];
      const flush = (): void => {
        if (run.length === 0) return;
        children.push(...wordConcepts(run.join(" "), library).map(leaf));
        run = [];
      };
      for (const child of node.children) {
        if (child.type === "word") {
          run.push(child.text);
          continue;
        }
        flush();
        const built = build(child, library, titleOnly);
        if (built) children.push(built);
      }
      flush();
      return children.length <= 1 ? children[0] : { type: "and", children };
    }
  }
}

function collect(node: TopicNode, out: Concept[]): Concept[] {
  if (node.type === "concept") out.push(node.concept);
  else if (node.type === "not") collect(node.child, out);
  else for (const child of node.children) collect(child, out);
  return out;
}

function hasPositive(node: TopicNode): boolean {
  if (node.type === "concept") return true;
  if (node.type === "not") return false;
  if (node.type === "and") return node.children.some(hasPositive);
  return node.children.every(hasPositive);
}

/** Parses and compiles a topic against the library; bad input is a UserError. */
export function compileTopic(text: string, library: TopicLibrary): CompiledTopic {
  const root = build(parseTopicQuery(text), library, false);
  if (!root || !hasPositive(root)) {
    throw new UserError(`topic: "${text}" has nothing to look for`, {
      hint: "use words that say what the news is about, e.g. Iran sanctions",
      position: 0,
    });
  }
  const plain = plainConcepts(root);
  return {
    text,
    root,
    concepts: [...new Set(collect(root, []))],
    shape: shapeOf(root),
    ...(plain ? { plain } : {}),
  };
}
