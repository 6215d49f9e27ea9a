import type { CompiledTopic, TopicArticle } from "../topics/index.js";
import { createTopicPrefilter, matchPrepared, prepareArticle } from "../topics/index.js";
import type { ArticleView, ScoredArticle } from "./command-ports.js";

/**
 * One topic over many articles with the delivery matcher (the topic engine),
 * each article analyzed once: what `recent <topic>` and the subscribe preview
 * show is what a digest would have carried. Best score first, newer first on ties.
 * Articles the topic's prefilter rules out (most of them: it looks for the
 * topic's required words in the raw text) are not analyzed; the prefilter
 * never rules out an article the matcher would match.
 */
export function matchArticles(
  topic: CompiledTopic,
  articles: readonly ArticleView[],
): ScoredArticle[] {
  const prefilter = createTopicPrefilter(topic);
  const matched: ScoredArticle[] = [];
  for (const article of articles) {
    const input = toTopicArticle(article);
    if (!prefilter.mayMatch(input)) continue;
    const result = matchPrepared(topic, prepareArticle(input));
    if (result === undefined) continue;
    matched.push({
      article,
      score: result.score,
      reasons: result.reasons,
      focusTerms: focusTermsOf(result.reasons),
    });
  }
  return matched.sort(
    (a, b) =>
      b.score - a.score ||
      b.article.publishedAt.getTime() - a.article.publishedAt.getTime() ||
      Number(b.article.id) - Number(a.article.id),
  );
}

/** The matched words of reasons such as "sanctions: embargo, sanctions" (what summaries focus on). */
export function focusTermsOf(reasons: readonly string[]): string[] {
  const terms = new Set<string>();
  for (const reason of reasons) {
    const colon = reason.indexOf(":");
    const words = colon >= 0 ? reason.slice(colon + 1) : reason;
    for (const word of words.split(",")) {
      const term = word.trim();
      if (term !== "") terms.add(term);
    }
  }
  return [...terms];
}

/** A stored article as the topic engine reads it (`feed:` queries see its source). */
export function toTopicArticle(article: ArticleView): TopicArticle {
  return {
    id: article.id,
    title: article.title,
    summary: article.summary,
    content: article.content,
    url: article.url,
    feed: article.source,
  };
}
