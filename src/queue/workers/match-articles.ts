import type { ArticleRepository } from "../../store/article-repository.js";
import type { DigestRepository, NewMatch } from "../../store/digest-repository.js";
import type { SubscriptionRecord } from "../../store/subscription-repository.js";
import type { SubscriptionIndexCache } from "./subscription-index-cache.js";

export interface MatchDeps {
  articles: ArticleRepository;
  digests: DigestRepository;
  index: SubscriptionIndexCache;
}

/**
 * The match job: new articles against every subscription, through the
 * in-memory index; each match written once to the outbox. Returns the
 * subscriptions that received something (realtime ones get a digest soon).
 */
export async function matchArticles(
  articleIds: string[],
  deps: MatchDeps,
): Promise<SubscriptionRecord[]> {
  await deps.index.refresh();
  const articles = await deps.articles.getMany(articleIds);
  const found: NewMatch[] = [];
  const subs = new Map<string, SubscriptionRecord>();
  for (const a of articles) {
    const article = {
      id: a.id,
      title: a.title,
      summary: a.summary,
      content: a.content,
      url: a.url,
      feed: a.sources[0] ?? "",
    };
    for (const m of deps.index.match(article, a.firstSeenAt)) {
      found.push({
        subscriptionId: m.subscription.id,
        articleId: a.id,
        score: m.score,
        reasons: m.reasons,
      });
      subs.set(m.subscription.id, m.subscription);
    }
  }
  const inserted = await deps.digests.insertMatches(found);
  return inserted.map((id) => subs.get(id)).filter((s): s is SubscriptionRecord => s !== undefined);
}
