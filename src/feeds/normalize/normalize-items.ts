import type { Article } from "../../core/article.js";
import { canonicalUrl } from "../../core/stories/canonical-url.js";
import { htmlToText } from "../../core/text/html-to-text.js";
import type { ParsedFeed, ParsedItem } from "../parse/parsed-feed.js";
import { resolveUrl } from "../parse/xml-tree.js";
import { parseFeedDate } from "./parse-feed-date.js";
import { stableGuid } from "./stable-guid.js";

export interface NormalizeOptions {
  /** The feed's address: the base for links still relative after xml:base. */
  feedUrl: string | null;
  /** When the items are seen: stands in for missing, invalid or future dates. */
  now: Date;
}

/** A date ahead of now by more than this is a feed's clock or zone error. */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/**
 * The item's link made absolute against the feed URL when still relative; kept
 * as written otherwise (the parser already applied xml:base), and kept relative
 * when there is nothing to resolve it against.
 */
function absoluteUrl(link: string | null, feedUrl: string | null): string | null {
  if (!link) return null;
  return resolveUrl(link, feedUrl);
}

function publication(item: ParsedItem, now: Date): { at: Date; fromFeed: boolean } {
  const parsed = parseFeedDate(item.published) ?? parseFeedDate(item.updated);
  if (!parsed || parsed.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    return { at: now, fromFeed: false };
  }
  return { at: parsed, fromFeed: true };
}

function normalizeItem(item: ParsedItem, options: NormalizeOptions): Article {
  const url = absoluteUrl(item.link, options.feedUrl);
  const summary = item.summaryHtml ? htmlToText(item.summaryHtml) : "";
  const content = item.contentHtml ? htmlToText(item.contentHtml) : summary;
  const { at, fromFeed } = publication(item, options.now);
  const text = summary || content;
  // An untitled item (RSS 2.0 allows one) is known by the start of its text.
  const title =
    item.title || (text.length > 80 ? `${text.slice(0, 79)}…` : text).replace(/\s+/g, " ");
  return {
    guid: item.guid ?? stableGuid({ link: url, title: item.title, published: item.published }),
    url,
    canonicalUrl: url ? canonicalUrl(url) : null,
    title,
    summary: summary || (content.length > 500 ? `${content.slice(0, 499)}…` : content),
    content,
    author: item.author ? htmlToText(item.author, { singleLine: true }) || null : null,
    categories: [
      ...new Set(item.categories.map((c) => htmlToText(c, { singleLine: true }))),
    ].filter((c) => c !== ""),
    publishedAt: at,
    publishedAtFromFeed: fromFeed,
  };
}

/**
 * The feed's items as Articles: links absolute and canonical, text plain,
 * dates parsed (an item without a usable date is dated `now`, flagged), every
 * item with a guid. One item's bad data never costs the others.
 */
export function normalizeItems(feed: ParsedFeed, options: NormalizeOptions): Article[] {
  return feed.items.map((item) => normalizeItem(item, options));
}
