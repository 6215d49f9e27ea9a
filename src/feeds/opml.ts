import { XMLParser, XMLValidator } from "fast-xml-parser";
import { UserError } from "../core/errors.js";

/** One feed from an OPML subscription list. */
export interface OpmlFeed {
  xmlUrl: string;
  /** `title`, else `text` (OPML 2.0 makes `text` the required one; readers fill either). */
  title: string | null;
  text: string | null;
  htmlUrl: string | null;
  /** The folders (outlines without xmlUrl) above this feed, outermost first. */
  folders: string[];
  /** Every other attribute as written: category, outlet, region, language, type... */
  attributes: Record<string, string>;
}

/** What `toOpml` needs; everything but the URL is optional. */
export type OpmlFeedInput = Pick<OpmlFeed, "xmlUrl"> & Partial<Omit<OpmlFeed, "xmlUrl">>;

interface RawOutline {
  "@"?: Record<string, string>;
  outline?: RawOutline[];
}

/** The attributes with a field of their own; matched case-insensitively (OPML 1.0 files vary). */
const KNOWN = new Map([
  ["xmlurl", "xmlUrl"],
  ["htmlurl", "htmlUrl"],
  ["title", "title"],
  ["text", "text"],
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  attributesGroupName: "@",
  isArray: (name) => name === "outline",
  parseAttributeValue: false,
  parseTagValue: false,
  htmlEntities: true,
});

/**
 * Read an OPML 1.0 or 2.0 subscription list (opml.org/spec2.opml): every
 * outline with an xmlUrl, at any depth, in document order. Throws a
 * UserError naming the problem when the file is not OPML.
 */
export function parseOpml(source: string | Buffer): OpmlFeed[] {
  const text = (typeof source === "string" ? source : decodeXml(source)).replace(/^\uFEFF/, "");
  // OPML never needs entity declarations; refusing them rules out entity-expansion bombs.
  if (/<!ENTITY/i.test(text)) {
    throw new UserError("opml: the file declares XML entities, which an OPML file never needs", {
      hint: "export the OPML again from your feed reader",
    });
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new UserError(
      `opml: the file is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})`,
      { hint: "export the OPML again from your feed reader" },
    );
  }
  const document = parser.parse(text) as { opml?: { body?: { outline?: RawOutline[] } | "" } };
  const body = document.opml?.body;
  if (document.opml === undefined || body === undefined) {
    throw new UserError("opml: the file is not OPML (it has no <opml><body>)", {
      hint: "give an .opml file exported from a feed reader",
    });
  }
  const feeds: OpmlFeed[] = [];
  collect(body === "" ? [] : (body.outline ?? []), [], feeds);
  return feeds;
}

/** Bytes to text by the BOM, else the XML declaration's encoding (XML 1.0 §4.3.3), else UTF-8. */
function decodeXml(bytes: Buffer): string {
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(
    bytes
      .subarray(0, 200)
      .toString("latin1")
      .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, ""),
  )?.[1];
  let label = "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = "utf-16le";
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = "utf-16be";
  else if (declared !== undefined) label = declared;
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function collect(outlines: RawOutline[], folders: string[], feeds: OpmlFeed[]): void {
  for (const outline of outlines) {
    const known: Record<string, string> = {};
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(outline["@"] ?? {})) {
      const field = KNOWN.get(name.toLowerCase());
      if (field !== undefined) known[field] = String(value).trim();
      else attributes[name] = String(value);
    }
    const label = known.title || known.text || null;
    if (known.xmlUrl) {
      feeds.push({
        xmlUrl: known.xmlUrl,
        title: label,
        text: known.text || null,
        htmlUrl: known.htmlUrl || null,
        folders,
        attributes,
      });
    }
    if (outline.outline !== undefined) {
      // A folder is named by its title or text; an unnamed one adds no level.
      const inner = !known.xmlUrl && label !== null ? [...folders, label] : folders;
      collect(outline.outline, inner, feeds);
    }
  }
}

/**
 * Write feeds as an OPML 2.0 document, folders as nested outlines (in the
 * order they first appear), every attribute escaped.
 */
export function toOpml(
  feeds: readonly OpmlFeedInput[],
  options: { title?: string; dateCreated?: Date } = {},
): string {
  interface Folder {
    name: string;
    feeds: OpmlFeedInput[];
    children: Map<string, Folder>;
  }
  const root: Folder = { name: "", feeds: [], children: new Map() };
  for (const feed of feeds) {
    let folder = root;
    for (const name of feed.folders ?? []) {
      let child = folder.children.get(name);
      if (child === undefined) {
        child = { name, feeds: [], children: new Map() };
        folder.children.set(name, child);
      }
      folder = child;
    }
    folder.feeds.push(feed);
  }

  const lines: string[] = [];
  const write = (folder: Folder, depth: number): void => {
    const indent = "  ".repeat(depth);
    for (const feed of folder.feeds) lines.push(`${indent}<outline ${feedAttributes(feed)}/>`);
    for (const child of folder.children.values()) {
      const name = escapeXml(child.name);
      lines.push(`${indent}<outline text="${name}" title="${name}">`);
      write(child, depth + 1);
      lines.push(`${indent}</outline>`);
    }
  };
  write(root, 2);

  const head = [`    <title>${escapeXml(options.title ?? "Newswire feeds")}</title>`];
  if (options.dateCreated !== undefined) {
    // OPML 2.0 dates are RFC 822 dates.
    head.push(`    <dateCreated>${options.dateCreated.toUTCString()}</dateCreated>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    "  <head>",
    ...head,
    "  </head>",
    "  <body>",
    ...lines,
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}

function feedAttributes(feed: OpmlFeedInput): string {
  const text = feed.text ?? feed.title ?? feed.xmlUrl;
  const pairs: Array<[string, string]> = [
    ["type", feed.attributes?.type ?? "rss"],
    ["text", text],
  ];
  if (feed.title) pairs.push(["title", feed.title]);
  pairs.push(["xmlUrl", feed.xmlUrl]);
  if (feed.htmlUrl) pairs.push(["htmlUrl", feed.htmlUrl]);
  for (const [name, value] of Object.entries(feed.attributes ?? {})) {
    if (name === "type" || KNOWN.has(name.toLowerCase())) continue;
    // Only names that are valid XML names can be written back.
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) continue;
    pairs.push([name, value]);
  }
  return pairs.map(([name, value]) => `${name}="${escapeXml(value)}"`).join(" ");
}

/**
 * Escape for text and double-quoted attributes. Tab, CR and LF become
 * character references so attribute-value normalization (XML 1.0 §3.3.3)
 * does not turn them into spaces; characters XML 1.0 forbids (§2.2) are dropped.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}
