/**
 * A normalized article: what the parser and normalizer make of one feed item,
 * and what the store keeps. Plain data; every layer above feeds/ sees only this.
 */
export interface Article {
  /** Store id (bigint as string); absent before the article is stored. */
  id?: string;
  feedId?: string;
  /** The item's guid, or a stable id derived from its link/title/date when it has none. */
  guid: string;
  /** Absolute link as the feed gave it (resolved against xml:base and the feed URL). */
  url: string | null;
  /** Canonical form of `url` (tracking parameters and fragment removed); used for dedup. */
  canonicalUrl: string | null;
  /** Plain text title (tags stripped, entities decoded, whitespace collapsed). */
  title: string;
  /** Plain text of the item's description/summary. */
  summary: string;
  /** Plain text of the full content when the feed carries it (may equal summary). */
  content: string;
  author: string | null;
  categories: string[];
  /** Publication time; the time first seen when the feed gives none or an invalid one. */
  publishedAt: Date;
  /** True when `publishedAt` came from the feed (not substituted). */
  publishedAtFromFeed: boolean;
}
