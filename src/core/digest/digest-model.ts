/**
 * The digest model: what a channel receives, before any platform renders it.
 * Its JSON form is `newswire digest --json` (DESIGN.md §3, snake_case there).
 */
export interface DigestItem {
  articleId: string;
  title: string;
  url: string | null;
  /** The feed (outlet) name the item came from. */
  source: string;
  /** Other feeds that carried the same story (folded near-duplicates). */
  otherSources: Array<{ source: string; url: string | null }>;
  publishedAt: Date;
  /** One or two sentences, at most 280 characters, focused on why it matched. */
  summary: string;
  /** Human-readable reasons: which concept matched which words. */
  reasons: string[];
  score: number;
}

export interface DigestTopic {
  topic: string;
  subscriptionId: string;
  items: DigestItem[];
  /** How many more matching items were left out ("and K more"). */
  more: number;
}

export interface Digest {
  channel: string;
  digestId: string;
  /** The schedule that produced it, for the header ("Daily digest"). */
  every: "realtime" | "hourly" | "daily" | "weekly" | "now";
  createdAt: Date;
  topics: DigestTopic[];
}
