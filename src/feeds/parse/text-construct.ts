import { htmlToText } from "../../core/text/html-to-text.js";
import { childElements, escapeHtml, hasElementChildren, innerHtml, textOf } from "./xml-query.js";
import type { XmlElement } from "./xml-tree.js";

/**
 * The HTML an RSS element holds. RSS text is HTML by custom (RSS Best Practices
 * §"Encoding"), escaped or in CDATA; markup written unescaped arrives as child
 * elements and is written back rather than lost.
 */
export function rssHtml(element: XmlElement | undefined): string | null {
  if (!element) return null;
  const html = hasElementChildren(element) ? innerHtml(element) : textOf(element);
  return html.trim() === "" ? null : html;
}

function decodeBase64(text: string): string {
  return Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8");
}

/**
 * The HTML of an Atom text or content construct. Atom 1.0 (RFC 4287 §3.1):
 * `type` text, html or xhtml (a `div` wrapper), or a MIME type for content.
 * Atom 0.3: `mode` xml (the default), escaped or base64, with a MIME `type`.
 */
export function atomHtml(element: XmlElement | undefined): string | null {
  if (!element) return null;
  const type = (element.attrs.type ?? "").trim().toLowerCase();
  const mode = (element.attrs.mode ?? "").trim().toLowerCase();
  let html: string;
  if (mode === "base64") {
    const decoded = decodeBase64(textOf(element));
    html = type.includes("html") ? decoded : escapeHtml(decoded);
  } else if (mode === "escaped" || type === "html" || type === "text/html") {
    html = hasElementChildren(element) ? innerHtml(element) : textOf(element);
  } else if (type === "xhtml" || type.includes("xhtml") || hasElementChildren(element)) {
    const elements = childElements(element);
    const [only] = elements;
    // RFC 4287 §3.1.1.3: the content is the div's, not the div itself.
    html = elements.length === 1 && only?.local === "div" ? innerHtml(only) : innerHtml(element);
  } else if (type !== "" && type !== "text" && type !== "text/plain" && !type.startsWith("text/")) {
    // Other media types (RFC 4287 §4.1.3.3): base64 unless XML; not text to show.
    return null;
  } else {
    html = escapeHtml(textOf(element));
  }
  return html.trim() === "" ? null : html;
}

/** Plain text of an HTML fragment, on one line (titles). */
export function titleText(html: string | null): string {
  return html === null ? "" : htmlToText(html, { singleLine: true });
}
