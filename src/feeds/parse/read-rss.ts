import type { FeedFormat, ParsedFeed, ParsedItem } from "./parsed-feed.js";
import { readPollHints } from "./poll-hints.js";
import { rssHtml, titleText } from "./text-construct.js";
import {
  childElements,
  childNamed,
  childrenNamed,
  childText,
  NS,
  type NsTest,
  textOf,
} from "./xml-query.js";
import { resolveUrl, type XmlElement } from "./xml-tree.js";

const ATOM: NsTest = new Set([NS.atom10, NS.atom03]);
const DC: NsTest = new Set([NS.dc, NS.dcterms]);

function firstText(el: XmlElement, candidates: Array<[string, NsTest]>): string | null {
  for (const [local, ns] of candidates) {
    const text = childText(el, local, ns);
    if (text) return text;
  }
  return null;
}

/** `<link>` text first; else an Atom-style link element's href (rel alternate or none). */
function linkOf(el: XmlElement): string | null {
  for (const link of childrenNamed(el, "link", "core")) {
    const text = textOf(link).trim();
    if (text) return resolveUrl(text, link.base);
  }
  for (const link of childElements(el)) {
    if (link.local !== "link") continue;
    const href = link.attrs.href?.trim();
    const rel = (link.attrs.rel ?? "alternate").trim();
    if (href && rel === "alternate") return resolveUrl(href, link.base);
  }
  // CDF puts the link in an HREF attribute of the channel or item itself.
  const href = el.attrs.href ?? el.attrs.HREF;
  return href ? resolveUrl(href, el.base) : null;
}

function readItem(item: XmlElement): ParsedItem {
  const guidElement = childNamed(item, "guid");
  const guid = guidElement ? textOf(guidElement).trim() || null : null;
  let link = linkOf(item);
  // RSS 2.0: a guid is a permalink unless isPermaLink="false"; it serves when there is no link.
  if (!link && guid && guidElement?.attrs.isPermaLink?.trim() !== "false") {
    if (/^https?:\/\//i.test(guid)) link = guid;
  }
  // RSS 1.0 identifies an item by rdf:about, whatever the prefix is called.
  const aboutKey = Object.keys(item.attrs).find((k) => k === "about" || k.endsWith(":about"));
  const about = aboutKey ? item.attrs[aboutKey] : undefined;
  const categories = [...childrenNamed(item, "category"), ...childrenNamed(item, "subject", DC)]
    .map((c) => textOf(c).trim())
    .filter((c) => c !== "");
  return {
    title: titleText(
      rssHtml(
        childNamed(item, "title") ??
          childNamed(item, "title", DC) ??
          childNamed(item, "title", ATOM) ??
          childNamed(item, "title", NS.media),
      ),
    ),
    link,
    guid: guid ?? about?.trim() ?? childText(item, "identifier", DC),
    published: firstText(item, [
      ["pubdate", "core"],
      ["date", DC],
      ["issued", DC],
      ["published", ATOM],
      ["created", DC],
      ["updated", ATOM],
      ["modified", DC],
    ]),
    updated: firstText(item, [
      ["updated", ATOM],
      ["modified", DC],
    ]),
    author: firstText(item, [
      ["author", "core"],
      ["creator", DC],
      ["author", NS.itunes],
    ]),
    categories,
    summaryHtml:
      rssHtml(childNamed(item, "description")) ??
      rssHtml(childNamed(item, "description", DC)) ??
      rssHtml(childNamed(item, "summary", NS.itunes)),
    contentHtml:
      rssHtml(childNamed(item, "encoded", NS.content)) ??
      rssHtml(childNamed(item, "body", NS.xhtml)),
  };
}

function formatOf(root: XmlElement, channel: XmlElement | undefined): FeedFormat {
  if (root.local === "rss") {
    return /^0\.9/.test(root.attrs.version?.trim() ?? "") ? "rss09x" : "rss2";
  }
  if (channel?.ns === NS.rss090 || root.ns === NS.rss090) return "rss09x";
  return root.local === "rdf" || root.ns === NS.rss11 ? "rss1" : "rss2";
}

/**
 * RSS 0.9x, 1.0 and 2.0, plus RSS 1.1 and CDF, read leniently: `<rss>` without
 * a version is RSS 2.0, RSS 1.0 may use any prefix, items may sit in the
 * channel, beside it (RSS 1.0), or in an `<items>` list (RSS 1.1).
 */
export function readRss(root: XmlElement, warnings: string[]): ParsedFeed {
  const channel =
    root.local === "channel" ? root : childElements(root).find((c) => c.local === "channel");
  if (!channel) warnings.push(`no <channel> in <${root.name}>`);
  const holders = [root, ...(channel && channel !== root ? [channel] : [])];
  const items: XmlElement[] = [];
  for (const holder of holders) {
    for (const child of childElements(holder)) {
      if (child.local === "item") items.push(child);
      else if (child.local === "items")
        items.push(...childElements(child).filter((c) => c.local === "item"));
    }
  }
  const head = channel ?? root;
  const description =
    rssHtml(childNamed(head, "description")) ?? rssHtml(childNamed(head, "description", DC));
  return {
    format: formatOf(root, channel),
    title: titleText(rssHtml(childNamed(head, "title") ?? childNamed(head, "title", DC))),
    link: channel ? linkOf(channel) : null,
    ...(description ? { description: titleText(description) } : {}),
    items: items.map(readItem),
    hints: readPollHints(head),
    warnings,
  };
}
