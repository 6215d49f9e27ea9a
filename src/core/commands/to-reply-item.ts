import type { DigestItem } from "../digest/digest-model.js";
import { summarize } from "../text/summarize.js";
import type { ScoredArticle } from "./command-ports.js";

/** An article as an `items` block entry, summarized on the words that made it match. */
export function toReplyItem(scored: ScoredArticle): DigestItem {
  const { article } = scored;
  return {
    articleId: article.id,
    title: article.title,
    url: article.url,
    source: article.source,
    otherSources: [],
    publishedAt: article.publishedAt,
    summary: summarize(article.text, { title: article.title, focusTerms: scored.focusTerms }),
    reasons: scored.reasons,
    score: scored.score,
  };
}
