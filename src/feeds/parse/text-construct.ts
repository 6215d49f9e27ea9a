import { isUtf8 } from "node:buffer";
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

/** Base64 text as UTF-8, or null when it is not base64 of readable text. */
function decodeBase64(text: string): string | null {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  const bytes = Buffer.from(compact, "base64");
  return isUtf8(bytes) ? bytes.toString("utf8") : null;
}

function bodyHtml(element: XmlElement): string {
  return hasElementChildren(element) ? innerHtml(element) : textOf(element);
}

/**
 * The HTML of an Atom text or content construct. Atom 1.0 (RFC 4287 §3.1):
 * `type` text, html or xhtml (a `div` wrapper), or a MIME type for content,
 * base64 when neither text nor XML (§4.1.3.3). Atom 0.3: `mode` xml (the
 * default), escaped or base64. What base64 or escaping hid is read as HTML, as
 * such titles are in practice.
 */
export function atomHtml(element: XmlElement | undefined): string | null {
  if (!element) return null;
  const type = (element.attrs.type ?? "").trim().toLowerCase();
  const mode = (element.attrs.mode ?? "").trim().toLowerCase();
  const isXml = type === "xhtml" || type.endsWith("xml");
  const isText = type === "" || type === "text" || type.startsWith("text/");
  let html: string;
  if (mode === "base64") {
    html = decodeBase64(textOf(element)) ?? "";
  } else if (mode === "escaped" || type === "html" || type === "text/html") {
    html = bodyHtml(element);
  } else if (isXml || hasElementChildren(element)) {
    const elements = childElements(element);
    const [only] = elements;
    // RFC 4287 §3.1.1.3: the content is the div's, not the div itself.
    html = elements.length === 1 && only?.local === "div" ? innerHtml(only) : innerHtml(element);
  } else if (!isText) {
    const text = textOf(element);
    // Not every producer base64-encodes a custom type: text that is not base64 stays text.
    html = decodeBase64(text) ?? escapeHtml(text);
  } else {
    html = escapeHtml(textOf(element));
  }
  return html.trim() === "" ? null : html;
}

/** Plain text of an HTML fragment, on one line (titles). */
export function titleText(html: string | null): string {
  return html === null ? "" : htmlToText(html, { singleLine: true });
}
