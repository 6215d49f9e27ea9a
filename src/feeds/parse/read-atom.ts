import type { ParsedFeed, ParsedItem } from "./parsed-feed.js";
import { readPollHints } from "./poll-hints.js";
import { atomHtml, titleText } from "./text-construct.js";
import { childElements, childNamed, childrenNamed, childText, NS, textOf } from "./xml-query.js";
import { resolveUrl, type XmlElement } from "./xml-tree.js";

/**
 * The page an entry or feed is about (RFC 4287 §4.2.7.2): the first
 * rel="alternate" link (no rel means alternate), preferring HTML; else the
 * first link of any rel but self/enclosure/edit.
 */
function alternateLink(el: XmlElement): string | null {
  const links = childrenNamed(el, "link");
  const withHref = links.filter((l) => (l.attrs.href ?? "").trim() !== "");
  const alternates = withHref.filter((l) => (l.attrs.rel ?? "alternate").trim() === "alternate");
  const chosen =
    alternates.find((l) => /html/i.test(l.attrs.type ?? "text/html")) ??
    alternates[0] ??
    withHref.find((l) => !["self", "enclosure", "edit", "replies"].includes(l.attrs.rel ?? ""));
  if (chosen) return resolveUrl(chosen.attrs.href ?? "", chosen.base);
  // A link written as text, as in RSS, still says where the entry lives.
  const text = links.map((l) => textOf(l).trim()).find((t) => t !== "");
  return text ? resolveUrl(text, el.base) : null;
}

function authorOf(el: XmlElement): string | null {
  for (const local of ["author", "contributor"]) {
    const person = childNamed(el, local);
    if (!person) continue;
    const name = childText(person, "name") ?? childText(person, "email");
    if (name) return name;
    const text = textOf(person).trim();
    if (text) return text;
  }
  return childText(el, "creator", NS.dc);
}

function readEntry(entry: XmlElement, feedAuthor: string | null): ParsedItem {
  const content = childNamed(entry, "content");
  return {
    title: titleText(atomHtml(childNamed(entry, "title") ?? childNamed(entry, "title", NS.dc))),
    link: alternateLink(entry),
    guid: childText(entry, "id"),
    published:
      childText(entry, "published") ??
      childText(entry, "issued") ??
      childText(entry, "created") ??
      childText(entry, "updated") ??
      childText(entry, "modified") ??
      childText(entry, "date", NS.dc),
    updated: childText(entry, "updated") ?? childText(entry, "modified"),
    author: authorOf(entry) ?? feedAuthor,
    categories: childrenNamed(entry, "category")
      .map((c) => (c.attrs.label ?? c.attrs.term ?? textOf(c)).trim())
      .filter((c) => c !== ""),
    summaryHtml: atomHtml(childNamed(entry, "summary")),
    contentHtml: content?.attrs.src ? null : atomHtml(content),
  };
}

/** Atom 1.0 (RFC 4287) and Atom 0.3; also a lone entry document, read as a feed of one. */
export function readAtom(root: XmlElement, warnings: string[]): ParsedFeed {
  const isAtom03 = root.ns === NS.atom03 || root.attrs.version?.trim() === "0.3";
  if (root.local === "entry") {
    return {
      format: "atom10",
      title: "",
      link: null,
      items: [readEntry(root, null)],
      hints: { ttlMinutes: null, updatePeriodMinutes: null },
      warnings,
    };
  }
  const feedAuthor = authorOf(root);
  const subtitle = atomHtml(childNamed(root, "subtitle") ?? childNamed(root, "tagline"));
  return {
    format: isAtom03 ? "atom03" : "atom10",
    title: titleText(atomHtml(childNamed(root, "title"))),
    link: alternateLink(root),
    ...(subtitle ? { description: titleText(subtitle) } : {}),
    items: childElements(root)
      .filter((c) => c.local === "entry")
      .map((e) => readEntry(e, feedAuthor)),
    hints: readPollHints(root),
    warnings,
  };
}
