import { DecodingMode, decodeHTML } from "entities";
import { Parser } from "htmlparser2";

export interface HtmlToTextOptions {
  /** One line (titles): every line break becomes a space. Default false: paragraphs kept. */
  singleLine?: boolean;
}

/** Elements whose content a reader never sees. */
const HIDDEN = new Set(["script", "style", "noscript", "template", "head", "title"]);
/** Elements that start a new line in rendered text. */
const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tr",
  "ul",
]);

/**
 * HTML to the plain text a chat reader sees: tags dropped, scripts and styles
 * skipped, entities decoded (HTML5 named, numeric), whitespace collapsed, and
 * block elements turned into line breaks (or spaces when `singleLine`).
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  // Fast paths: no markup, so only references to decode (as an HTML parser
  // does in text, legacy names included) and whitespace to collapse.
  if (!html.includes("<")) {
    const text = html.includes("&") ? decodeHTML(html, DecodingMode.Legacy) : html;
    return collapse(text, options.singleLine);
  }
  const parts: string[] = [];
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (HIDDEN.has(name)) hiddenDepth++;
        else if (BLOCK.has(name)) parts.push("\n");
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        // Void elements close at once; one break is enough for them.
        else if (BLOCK.has(name) && name !== "br" && name !== "hr") parts.push("\n");
      },
      ontext(text) {
        if (hiddenDepth === 0) parts.push(text);
      },
    },
    { decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return collapse(parts.join(""), options.singleLine);
}

/** Decodes HTML entities in text that holds no markup (strict: `&copy` without `;` stays). */
export function decodeEntities(text: string): string {
  return text.includes("&") ? decodeHTML(text, DecodingMode.Strict) : text;
}

/**
 * Runs of whitespace (U+00A0 and other Unicode spaces included) to one space.
 * A lone " " is left alone: matching it would make a replacement per word.
 */
const RUNS = / \s+|[^\S ]\s*/g;

function collapse(text: string, singleLine = false): string {
  if (singleLine) return text.replace(RUNS, " ").trim();
  return text
    .split(/\n/)
    .map((line) => line.replace(RUNS, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
