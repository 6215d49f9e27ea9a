import type { Digest } from "./digest-model.js";

/**
 * The `newswire digest --json` document (DESIGN.md §3): snake_case keys that
 * scripts rely on. Keys may be added here, never renamed.
 */
export interface DigestJson {
  channel: string;
  digest_id: string;
  every: Digest["every"];
  created_at: string;
  topics: Array<{
    topic: string;
    subscription_id: string;
    items: Array<{
      id: string;
      title: string;
      url: string | null;
      source: string;
      other_sources: Array<{ source: string; url: string | null }>;
      published_at: string;
      summary: string;
      reasons: string[];
    }>;
    more: number;
  }>;
}

export function digestToJson(digest: Digest): DigestJson {
  return {
    channel: digest.channel,
    digest_id: digest.digestId,
    every: digest.every,
    created_at: digest.createdAt.toISOString(),
    topics: digest.topics.map((topic) => ({
      topic: topic.topic,
      subscription_id: topic.subscriptionId,
      items: topic.items.map((item) => ({
        id: item.articleId,
        title: item.title,
        url: item.url,
        source: item.source,
        other_sources: item.otherSources.map((o) => ({ source: o.source, url: o.url })),
        published_at: item.publishedAt.toISOString(),
        summary: item.summary,
        reasons: [...item.reasons],
      })),
      more: topic.more,
    })),
  };
}
