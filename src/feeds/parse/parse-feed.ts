import { XMLValidator } from "fast-xml-parser";
import { decodeBody } from "./decode-body.js";
import { createEntityDecoder, EntityExpansionError, readDoctype } from "./doctype-entities.js";
import type { ParseOptions, ParseOutcome } from "./parsed-feed.js";
import { readAtom } from "./read-atom.js";
import { readJsonFeed } from "./read-json-feed.js";
import { readRss } from "./read-rss.js";
import { buildXmlTree, type XmlElement } from "./xml-tree.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it removes
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it removes
const CONTROL_ALL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;
const RSS_ROOTS = new Set(["rss", "rdf", "channel"]);
const ATOM_ROOTS = new Set(["feed", "entry"]);

function strictError(text: string): string | null {
  const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (result === true) return null;
  // The validator lists what is still open at the end as a JSON array: a truncated document.
  const open = /^Invalid '\[(.*)\]' found\.$/s.exec(result.err.msg);
  if (open?.[1]) {
    const names = open[1].split(",").map((n) => `<${n.trim().replace(/^"|"$/g, "")}>`);
    return `XML error: the document ends inside ${names.slice(-3).join(" ")} (truncated?)`;
  }
  return `XML error at line ${result.err.line}: ${result.err.msg}`;
}

function readXml(
  text: string,
  url: string | null,
  warnings: string[],
  recoveries: boolean,
): ParseOutcome {
  const doctype = readDoctype(text);
  let undefinedEntity: string | null = null;
  const decode = createEntityDecoder(
    doctype.entities,
    recoveries
      ? (name) => {
          undefinedEntity = name;
        }
      : undefined,
  );
  const tree = buildXmlTree(doctype.text, decode, url);
  const top = tree.elements;
  if (tree.truncated) warnings.push("elements nested over a thousand deep; the rest was dropped");
  const root: XmlElement | undefined =
    top.find((e) => RSS_ROOTS.has(e.local) || ATOM_ROOTS.has(e.local)) ?? top[0];
  // A root that is not even a name is debris of broken markup: the XML error says more.
  const debris = !root || !/^[A-Za-z_][\w.:-]*$/.test(root.name);
  // The strict pass costs about as much as the tree: it runs when its error is
  // the answer (nothing readable) or when the recovered errors are wanted.
  const error = recoveries || debris ? strictError(doctype.text) : null;
  if (!root || (error && debris)) {
    return { ok: false, error: error ?? "not a feed: no XML root element" };
  }
  if (!RSS_ROOTS.has(root.local) && !ATOM_ROOTS.has(root.local)) {
    return { ok: false, error: `not a feed: root element is <${root.name}>` };
  }
  if (error) warnings.push(`recovered from ${error}`);
  // Errors the strict pass does not look for, recovered on the way.
  if (undefinedEntity && !doctype.external) {
    warnings.push(`recovered from XML error: undefined entity &${undefinedEntity}; read as HTML`);
  }
  const [prefix] = tree.unboundPrefixes;
  if (prefix) warnings.push(`recovered from XML error: undeclared namespace prefix "${prefix}:"`);
  return {
    ok: true,
    feed: ATOM_ROOTS.has(root.local) ? readAtom(root, warnings) : readRss(root, warnings),
  };
}

/**
 * Reads a feed document: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1,
 * in the charset the header, BOM or declaration names. Never throws: whatever
 * the bytes, the outcome is a feed or a readable error.
 */
export function parseFeed(body: Buffer, options: ParseOptions = {}): ParseOutcome {
  try {
    const decoded = decodeBody(body, options.contentType);
    const warnings = decoded.warnings;
    let text = decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
    // Control characters are not allowed in XML 1.0 (§2.2) and mean nothing to a reader.
    if (CONTROL.test(text)) {
      text = text.replace(CONTROL_ALL, "");
      warnings.push("control characters removed");
    }
    const start = text.search(/\S/);
    if (start < 0) return { ok: false, error: "not a feed: the document is empty" };
    if (text[start] === "{" || text[start] === "[") {
      return readJsonFeed(text, options.url ?? null, warnings);
    }
    // Junk before the root is tolerated (the tree builder skips it); no markup at all is not.
    if (text[start] !== "<" && !text.slice(start, start + 1024).includes("<")) {
      return { ok: false, error: "not a feed: the document is neither XML nor JSON" };
    }
    return readXml(text, options.url ?? null, warnings, options.recoveries ?? true);
  } catch (error) {
    if (error instanceof EntityExpansionError) {
      return { ok: false, error: `XML error: ${error.message}; refused` };
    }
    return { ok: false, error: `parser: ${(error as Error)?.message ?? String(error)}` };
  }
}
