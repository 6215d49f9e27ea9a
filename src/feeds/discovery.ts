import { Parser } from "htmlparser2";
import { UserError } from "../core/errors.js";
import type { Fetcher } from "./fetch-types.js";

/** A feed a page advertises with `<link rel="alternate" type="…">`. */
export interface FeedLink {
  /** Absolute, resolved against the page URL (and its `<base href>`). */
  url: string;
  type: string;
  title: string | null;
}

/**
 * The types a page uses to advertise a feed: RSS and Atom (RSS Advisory Board
 * "RSS Autodiscovery"), RSS 1.0 as RDF, and JSON Feed (jsonfeed.org/version/1.1
 * names application/feed+json; application/json is also seen in the wild).
 */
const FEED_TYPES = new Set([
  "application/rss+xml",
  "application/atom+xml",
  "application/rdf+xml",
  "application/feed+json",
  "application/json",
]);

/** The feed links a page advertises, in document order, without duplicates. */
export function findFeedLinks(html: Buffer | string, pageUrl: string): FeedLink[] {
  const text = typeof html === "string" ? html : new TextDecoder("utf-8").decode(html);
  const links: FeedLink[] = [];
  const seen = new Set<string>();
  const pending: Array<{ href: string; type: string; title: string | null }> = [];
  let base = pageUrl;
  let baseSeen = false;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "base" && !baseSeen && attributes.href !== undefined) {
          // Only the first <base href> counts (HTML §4.2.3).
          baseSeen = true;
          const resolved = resolve(attributes.href, pageUrl);
          if (resolved !== null) base = resolved;
          return;
        }
        if (name !== "link") return;
        const rel = (attributes.rel ?? "").toLowerCase().split(/\s+/);
        const type = (attributes.type ?? "").toLowerCase().split(";")[0]?.trim() ?? "";
        const href = attributes.href?.trim();
        if (!rel.includes("alternate") || !FEED_TYPES.has(type) || !href) return;
        pending.push({ href, type, title: attributes.title?.trim() || null });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(text);

  // Resolved after the parse: a <base> may come after a <link> and still applies to it.
  for (const link of pending) {
    const url = resolve(link.href, base);
    if (url === null || seen.has(url)) continue;
    if (!url.startsWith("http://") && !url.startsWith("https://")) continue;
    seen.add(url);
    links.push({ url, type: link.type, title: link.title });
  }
  return links;
}

function resolve(href: string, base: string): string | null {
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}

const FEED_CONTENT_TYPES = /^(application\/(rss|atom|rdf|feed)\+(xml|json))\b/;
const SNIFF_BYTES = 4096;

/**
 * Whether a body is a feed: RSS, RSS 1.0 (RDF), Atom or JSON Feed. The body
 * decides, not the Content-Type: servers send feeds as text/html or
 * text/plain, and HTML error pages as application/rss+xml. The Content-Type
 * only settles the cases the first element cannot (an unusual XML root).
 */
export function looksLikeFeed(body: Buffer | string, contentType: string | null): boolean {
  const head = sniffText(body);
  const declared = FEED_CONTENT_TYPES.test((contentType ?? "").toLowerCase());
  if (head.startsWith("{")) {
    return declared || /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(head);
  }
  const root = firstElementName(head);
  if (root === null) return false;
  const local = root.includes(":") ? (root.split(":")[1] ?? root) : root;
  if (local === "rss" || local === "feed" || local === "rdf") return true;
  if (local === "html") return false;
  return declared;
}

/** Whether a body is an HTML page (by Content-Type, or by its first element). */
export function looksLikeHtml(body: Buffer | string, contentType: string | null): boolean {
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("text/html") || type.startsWith("application/xhtml+xml")) return true;
  const head = sniffText(body);
  if (/^<!doctype\s+html/i.test(head)) return true;
  const root = firstElementName(head);
  return root === "html" || root === "head" || root === "body";
}

function sniffText(body: Buffer | string): string {
  const text =
    typeof body === "string"
      ? body.slice(0, SNIFF_BYTES)
      : new TextDecoder("utf-8").decode(body.subarray(0, SNIFF_BYTES));
  return text.replace(/^\uFEFF/, "").trimStart();
}

/** The first element's name, skipping the XML declaration, PIs, comments and doctype. */
function firstElementName(text: string): string | null {
  let rest = text;
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith("<?")) {
      const end = rest.indexOf("?>");
      if (end === -1) return null;
      rest = rest.slice(end + 2);
    } else if (rest.startsWith("<!--")) {
      const end = rest.indexOf("-->");
      if (end === -1) return null;
      rest = rest.slice(end + 3);
    } else if (rest.startsWith("<!")) {
      const end = rest.indexOf(">");
      if (end === -1) return null;
      rest = rest.slice(end + 1);
    } else {
      const match = /^<([A-Za-z_][\w.:-]*)/.exec(rest);
      return match?.[1]?.toLowerCase() ?? null;
    }
  }
}

/**
 * The feed URL for what a person typed: the URL itself when it is a feed
 * (its new address if it moved permanently), else the first feed the page
 * advertises. Fetch failures come through as FetchError.
 */
export async function discoverFeed(fetcher: Fetcher, url: string): Promise<string> {
  const result = await fetcher.fetch({ url });
  if (result.kind !== "ok") {
    // No validators were sent, so a 304 is the server's confusion; try it as a feed.
    return result.permanentRedirect ?? url;
  }
  if (looksLikeFeed(result.body, result.contentType)) return result.permanentRedirect ?? url;
  if (looksLikeHtml(result.body, result.contentType)) {
    const [first] = findFeedLinks(result.body, result.url);
    if (first !== undefined) return first.url;
    throw new UserError(
      `discovery: ${url} is a web page with no feed link; give the feed's own URL`,
      { hint: "look on the site for an RSS, Atom or JSON Feed link and use that address" },
    );
  }
  throw new UserError(`discovery: ${url} is neither a feed nor a web page`, {
    hint: `it is ${result.contentType ?? "of unknown type"}; give the address of an RSS, Atom or JSON Feed`,
  });
}
