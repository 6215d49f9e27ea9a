import type { Article } from "../../core/article.js";
import { parseFeed } from "../parse/parse-feed.js";
import type { FeedFormat } from "../parse/parsed-feed.js";
import { normalizeItems } from "./normalize-items.js";

export type FeedCheck =
  | {
      ok: true;
      format: FeedFormat;
      title: string;
      link: string | null;
      articles: Article[];
      warnings: string[];
    }
  | { ok: false; error: string };

export interface CheckFeedOptions {
  contentType?: string | null;
  /** The document's address (URL fetched, or --base-url for a file). */
  url?: string | null;
  now: Date;
}

/**
 * Parse and normalize one document exactly as the poller does, and say what
 * a person should know about it: the parser's warnings plus items given the
 * time first seen and items without link or guid. Stores nothing.
 */
export function checkFeed(body: Buffer, options: CheckFeedOptions): FeedCheck {
  const outcome = parseFeed(body, {
    contentType: options.contentType ?? null,
    url: options.url ?? null,
  });
  if (!outcome.ok) return outcome;
  const { feed } = outcome;
  const articles = normalizeItems(feed, { feedUrl: options.url ?? null, now: options.now });
  const warnings = [...feed.warnings];
  const undated = articles.filter((a) => !a.publishedAtFromFeed).length;
  if (undated > 0)
    warnings.push(`${undated} items without a usable date were given the time first seen`);
  const noLink = feed.items.filter((i) => !i.link).length;
  if (noLink > 0) warnings.push(`${noLink} items have no link`);
  const noGuid = feed.items.filter((i) => !i.guid).length;
  if (noGuid > 0)
    warnings.push(`${noGuid} items have no guid; ids derived from link, title and date`);
  return {
    ok: true,
    format: feed.format,
    title: feed.title,
    link: feed.link,
    articles,
    warnings,
  };
}
