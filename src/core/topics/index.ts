export {
  type AnalyzedText,
  analyzeArticle,
  analyzeText,
  stemWord,
  type TopicArticle,
} from "./analyze-text.js";
export { type CompiledTopic, compileTopic, type TopicNode } from "./compile-topic.js";
export {
  type CustomConcepts,
  compileTopicLibrary,
  type TopicLibrary,
} from "./compile-topic-library.js";
export type { Concept, ConceptKind, Term } from "./concept.js";
export {
  createSubscriptionIndex,
  type SubscriptionIndex,
  type SubscriptionMatch,
  type TopicMatchGroup,
} from "./create-subscription-index.js";
export type { TopicMatch } from "./evaluate-topic.js";
export { matchPrepared, matchTopic, type PreparedArticle, prepareArticle } from "./match-topic.js";
export { parseTopicQuery, type QueryNode } from "./parse-topic-query.js";
export { prefilterText } from "./prefilter-text.js";
export { createTopicPrefilter, type TopicPrefilter } from "./topic-prefilter.js";
