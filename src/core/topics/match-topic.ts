import { analyzeArticle, analyzeText, type TopicArticle } from "./analyze-text.js";
import { type CompiledTopic, compileTopic } from "./compile-topic.js";
import type { TopicLibrary } from "./compile-topic-library.js";
import {
  type ArticleText,
  type ConceptHits,
  type KeyPositions,
  keyPositions,
  scanConcept,
} from "./concept-hits.js";
import { evaluateTopic, type TopicMatch } from "./evaluate-topic.js";

/** An article analyzed once, for matching against many topics one by one. */
export interface PreparedArticle extends ArticleText {
  positions: KeyPositions;
}

export function prepareArticle(article: TopicArticle): PreparedArticle {
  const text = analyzeArticle(article);
  const feed = article.feed ? analyzeText(article.feed, "") : undefined;
  return { text, feed, positions: keyPositions(text) };
}

/**
 * The naive path: one topic against one article, no index. It is the
 * reference the subscription index must agree with, and what `match` on the
 * command line uses for a single topic.
 */
export function matchPrepared(
  topic: CompiledTopic,
  article: PreparedArticle,
): TopicMatch | undefined {
  const hits: ConceptHits = new Map();
  for (const concept of topic.concepts) scanConcept(concept, article, article.positions, hits);
  return evaluateTopic(topic, hits, article.text);
}

/** Matches a topic (compiled, or text compiled against `library`) against an article. */
export function matchTopic(
  topic: CompiledTopic | string,
  article: TopicArticle,
  library?: TopicLibrary,
): TopicMatch | undefined {
  let compiled: CompiledTopic;
  if (typeof topic === "string") {
    if (!library) throw new TypeError("matchTopic: a topic given as text needs the library");
    compiled = compileTopic(topic, library);
  } else {
    compiled = topic;
  }
  return matchPrepared(compiled, prepareArticle(article));
}
