import type { XmlElement, XmlNode } from "./xml-tree.js";

export const NS = {
  atom10: "http://www.w3.org/2005/Atom",
  atom03: "http://purl.org/atom/ns#",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rss1: "http://purl.org/rss/1.0/",
  rss090: "http://my.netscape.com/rdf/simple/0.9/",
  rss11: "http://purl.org/net/rss1.1#",
  dc: "http://purl.org/dc/elements/1.1/",
  dcterms: "http://purl.org/dc/terms/",
  content: "http://purl.org/rss/1.0/modules/content/",
  sy: "http://purl.org/rss/1.0/modules/syndication/",
  itunes: "http://www.itunes.com/dtds/podcast-1.0.dtd",
  media: "http://search.yahoo.com/mrss/",
  xhtml: "http://www.w3.org/1999/xhtml",
} as const;

/** Which namespaces an element may be in: a set of URIs, or "core" for its parent's own. */
export type NsTest = ReadonlySet<string> | string;

function matches(child: XmlElement, parent: XmlElement, ns: NsTest): boolean {
  if (typeof ns === "string") {
    // "core": the vocabulary of the parent itself, or no namespace at all.
    return ns === "core" ? child.ns === parent.ns || child.ns === "" : child.ns === ns;
  }
  return ns.has(child.ns);
}

export function childElements(parent: XmlElement): XmlElement[] {
  return parent.children.filter((c): c is XmlElement => c.kind === "element");
}

/** The children named `local` (lowercase) in the given namespaces. */
export function childrenNamed(
  parent: XmlElement,
  local: string,
  ns: NsTest = "core",
): XmlElement[] {
  return parent.children.filter(
    (c): c is XmlElement => c.kind === "element" && c.local === local && matches(c, parent, ns),
  );
}

export function childNamed(
  parent: XmlElement,
  local: string,
  ns: NsTest = "core",
): XmlElement | undefined {
  for (const c of parent.children) {
    if (c.kind === "element" && c.local === local && matches(c, parent, ns)) return c;
  }
  return undefined;
}

/** All character data below `node`, in document order. */
export function textOf(node: XmlNode): string {
  if (node.kind === "text") return node.text;
  if (node.children.length === 1 && node.children[0]?.kind === "text") return node.children[0].text;
  let text = "";
  for (const child of node.children) text += textOf(child);
  return text;
}

/** The trimmed text of the first matching child, or null when absent or empty. */
export function childText(parent: XmlElement, local: string, ns: NsTest = "core"): string | null {
  for (const c of childrenNamed(parent, local, ns)) {
    const text = textOf(c).trim();
    if (text) return text;
  }
  return null;
}

export function hasElementChildren(element: XmlElement): boolean {
  return element.children.some((c) => c.kind === "element");
}

/** HTML void elements: `<br></br>` would read as two line breaks. */
const VOID = new Set(["br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr"]);

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeHtml(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;");
}

/**
 * The children of `element` written back as HTML: what Atom `type="xhtml"`,
 * Atom 0.3 `mode="xml"` and unescaped markup inside an RSS element mean.
 * Prefixes and namespace declarations are dropped (the markup is XHTML).
 */
export function innerHtml(element: XmlElement): string {
  let html = "";
  for (const child of element.children) {
    if (child.kind === "text") {
      html += escapeText(child.text);
      continue;
    }
    const name = child.local;
    let attrs = "";
    for (const [key, value] of Object.entries(child.attrs)) {
      if (key === "xmlns" || key.startsWith("xmlns:") || key.startsWith("xml:")) continue;
      attrs += ` ${key.slice(key.indexOf(":") + 1)}="${escapeHtml(value)}"`;
    }
    html +=
      VOID.has(name) && child.children.length === 0
        ? `<${name}${attrs}>`
        : `<${name}${attrs}>${innerHtml(child)}</${name}>`;
  }
  return html;
}
