/** What the parser layer makes of a feed document, before normalization. */
export type FeedFormat = "rss2" | "rss1" | "rss09x" | "atom10" | "atom03" | "jsonfeed";

export interface ParsedItem {
  /** Plain text (markup titles and XHTML titles already reduced to text). */
  title: string;
  /** Link, resolved against xml:base and the document URL when it is relative. */
  link: string | null;
  guid: string | null;
  /** Publication date exactly as the feed wrote it. */
  published: string | null;
  updated: string | null;
  author: string | null;
  categories: string[];
  /** HTML of the description/summary. */
  summaryHtml: string | null;
  /** HTML of the full content (content:encoded, atom:content, content_html). */
  contentHtml: string | null;
}

export interface PollHints {
  /** RSS `<ttl>`, minutes. */
  ttlMinutes: number | null;
  /** Syndication module: `sy:updatePeriod` / `sy:updateFrequency`, as minutes between updates. */
  updatePeriodMinutes: number | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  /** Plain text. */
  title: string;
  link: string | null;
  description?: string;
  items: ParsedItem[];
  hints: PollHints;
  /** What was recovered or guessed on the way (charset guessed, XML errors recovered…). */
  warnings: string[];
}

export type ParseOutcome = { ok: true; feed: ParsedFeed } | { ok: false; error: string };

export interface ParseOptions {
  /** The HTTP Content-Type header (its charset wins over the XML declaration). */
  contentType?: string | null;
  /** The document's address: the base for relative links. */
  url?: string | null;
  /**
   * List the XML errors recovered from among the warnings (default true): a
   * strict second pass over the document. Without it a readable document reads
   * the same, and an unreadable one still says why.
   */
  recoveries?: boolean;
}
