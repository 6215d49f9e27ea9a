import type { ParsedItem, ParseOutcome } from "./parsed-feed.js";
import { titleText } from "./text-construct.js";
import { escapeHtml } from "./xml-query.js";
import { resolveUrl } from "./xml-tree.js";

type Json = Record<string, unknown>;

function str(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number") return String(value);
  return null;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON Feed 1.1 `authors` (array), or 1.0 `author` (object). */
function authorOf(item: Json): string | null {
  const authors = Array.isArray(item.authors) ? item.authors : [item.author];
  for (const author of authors) {
    if (isObject(author)) {
      const name = str(author.name) ?? str(author.url);
      if (name) return name;
    }
  }
  return null;
}

/** Text fields hold plain text (JSON Feed 1.1 §"content_text"), escaped so later steps show it as is. */
function textAsHtml(value: unknown): string | null {
  const text = str(value);
  return text === null ? null : escapeHtml(text);
}

function readItem(item: Json, base: string | null, feedAuthor: string | null): ParsedItem {
  const url = str(item.url) ?? str(item.external_url);
  return {
    title: titleText(str(item.title)),
    link: url === null ? null : resolveUrl(url, base),
    guid: str(item.id),
    published: str(item.date_published) ?? str(item.date_modified),
    updated: str(item.date_modified),
    author: authorOf(item) ?? feedAuthor,
    categories: Array.isArray(item.tags) ? item.tags.flatMap((t) => str(t) ?? []) : [],
    summaryHtml: textAsHtml(item.summary),
    contentHtml: str(item.content_html) ?? textAsHtml(item.content_text),
  };
}

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Lenient where it
 * costs nothing: any `version`, items that are not objects skipped, numeric ids.
 */
export function readJsonFeed(text: string, url: string | null, warnings: string[]): ParseOutcome {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `JSON error: ${(error as Error).message}` };
  }
  if (!isObject(document)) return { ok: false, error: "not a feed: JSON is not an object" };
  const version = str(document.version);
  if (!Array.isArray(document.items) && !version?.includes("jsonfeed.org")) {
    return { ok: false, error: "not a feed: JSON without a jsonfeed.org version or items" };
  }
  const home = str(document.home_page_url);
  const base = url ?? home;
  const items = Array.isArray(document.items) ? document.items : [];
  const skipped = items.filter((i) => !isObject(i)).length;
  if (skipped > 0) warnings.push(`${skipped} JSON Feed items were not objects; skipped`);
  const feedAuthor = authorOf(document);
  const description = str(document.description);
  return {
    ok: true,
    feed: {
      format: "jsonfeed",
      title: titleText(str(document.title)),
      link: home === null ? null : resolveUrl(home, url),
      ...(description ? { description } : {}),
      items: items.filter(isObject).map((i) => readItem(i, base, feedAuthor)),
      hints: { ttlMinutes: null, updatePeriodMinutes: null },
      warnings,
    },
  };
}
