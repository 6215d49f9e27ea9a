import { DecodingMode, decodeHTML } from "entities";

/** One internal entity may expand to this many characters at most. */
const MAX_ENTITY_LENGTH = 64 * 1024;
/** All entity references in one document may expand to this many characters at most. */
const MAX_EXPANSION_TOTAL = 4 * 1024 * 1024;

/** Raised when a document's entities would expand beyond the limits (billion laughs). */
export class EntityExpansionError extends Error {
  override readonly name = "EntityExpansionError";
}

export interface Doctype {
  /** The document with its DOCTYPE blanked out (newlines kept, so line numbers hold). */
  text: string;
  /** Internal general entities, fully expanded. */
  entities: Map<string, string>;
  /**
   * The DOCTYPE names an external DTD or entity (never fetched): then an
   * undeclared entity is no well-formedness error (XML 1.0 §4.1, WFC Entity Declared).
   */
  external: boolean;
}

const DECL = /<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(?:"([^"]*)"|'([^']*)'|[^>]*)>/g;
const REF = /&([A-Za-z_][\w.-]*);/g;
/** XML 1.0 §4.6: the only names a document may use without declaring them. */
const XML_PREDEFINED = new Set(["amp", "lt", "gt", "quot", "apos"]);

/** Finds where the DOCTYPE starting at `start` ends (after its internal subset, if any). */
function doctypeEnd(text: string, start: number): number {
  let quote: string | null = null;
  let inSubset = false;
  for (let i = start + 9; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") inSubset = true;
    else if (c === "]") inSubset = false;
    else if (c === ">" && !inSubset) return i + 1;
  }
  return text.length;
}

/**
 * Reads the DOCTYPE's internal entities and removes the DOCTYPE, which the
 * tree builder does not understand. Expansion is bounded: an entity expanding
 * beyond 64 K characters, or a reference cycle, refuses the document within
 * microseconds instead of expanding it (the "billion laughs" attack).
 */
export function readDoctype(text: string): Doctype {
  const entities = new Map<string, string>();
  const head = text.slice(0, 4096);
  const at = head.search(/<!DOCTYPE/i);
  if (at < 0 || /<[A-Za-z]/.test(head.slice(0, at).replace(/<\?[^>]*\?>|<!--[\s\S]*?-->/g, ""))) {
    return { text, entities, external: false };
  }
  const end = doctypeEnd(text, at);
  const doctype = text.slice(at, end);
  const raw = new Map<string, string>();
  for (const match of doctype.matchAll(DECL)) {
    const [, parameter, name, double, single] = match;
    const value = double ?? single;
    if (parameter || name === undefined || value === undefined || raw.has(name)) continue;
    raw.set(name, value);
  }
  const lengths = new Map<string, number>();
  const lengthOf = (name: string, seen: Set<string>): number => {
    const cached = lengths.get(name);
    if (cached !== undefined) return cached;
    const value = raw.get(name) ?? "";
    if (seen.has(name)) throw new EntityExpansionError(`entity &${name}; refers to itself`);
    seen.add(name);
    let length = value.length;
    for (const ref of value.matchAll(REF)) {
      const inner = ref[1] ?? "";
      if (raw.has(inner)) length += lengthOf(inner, seen) - ref[0].length;
      if (length > MAX_ENTITY_LENGTH) {
        throw new EntityExpansionError(
          `entity &${name}; expands beyond ${MAX_ENTITY_LENGTH} characters`,
        );
      }
    }
    seen.delete(name);
    lengths.set(name, length);
    return length;
  };
  const expand = (name: string): string => {
    const known = entities.get(name);
    if (known !== undefined) return known;
    // Character references in a literal are expanded where it is declared (XML 1.0 §4.5).
    const value = (raw.get(name) ?? "").replace(/&(#?[\w.-]+);/g, (ref, inner: string) =>
      raw.has(inner) ? expand(inner) : decodeHTML(ref, DecodingMode.Strict),
    );
    entities.set(name, value);
    return value;
  };
  for (const name of raw.keys()) lengthOf(name, new Set());
  for (const name of raw.keys()) expand(name);
  const blank = doctype.replace(/[^\n]/g, "");
  const external = /\b(SYSTEM|PUBLIC)\b/.test(doctype);
  return { text: text.slice(0, at) + blank + text.slice(end), entities, external };
}

/**
 * A decoder for character data: the document's own entities, then XML's and
 * HTML's named and numeric references (HTML names are undefined in XML, but
 * feeds use them and every reader expects them decoded). A bare `&` stays.
 * `onUndefined` hears of the first reference XML does not define; without it
 * the text is not searched for one.
 */
export function createEntityDecoder(
  entities: Map<string, string>,
  onUndefined?: (name: string) => void,
): (text: string) => string {
  let budget = MAX_EXPANSION_TOTAL;
  let reported = false;
  const check = (text: string): void => {
    for (const [, name = ""] of text.matchAll(REF)) {
      if (!XML_PREDEFINED.has(name) && !entities.has(name)) {
        reported = true;
        onUndefined?.(name);
        return;
      }
    }
  };
  const own = (text: string): string =>
    text.replace(REF, (ref, name: string) => {
      const value = entities.get(name);
      if (value === undefined) return ref;
      budget -= value.length;
      if (budget < 0) throw new EntityExpansionError("entity references expand beyond 4 MB");
      // Escaped so the HTML pass below leaves the expansion as written.
      return value.replace(/&/g, "&amp;");
    });
  return (text) => {
    if (!text.includes("&")) return text;
    if (onUndefined && !reported) check(text);
    return decodeHTML(entities.size > 0 ? own(text) : text, DecodingMode.Strict);
  };
}
