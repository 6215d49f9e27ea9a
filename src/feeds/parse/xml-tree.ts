import { Parser } from "htmlparser2";

/** An element, its namespace resolved and its xml:base (XML Base §4.2) applied. */
export interface XmlElement {
  kind: "element";
  /** The name as written, prefix included. */
  name: string;
  /** The local name, lowercased: feeds in the wild do not agree on case. */
  local: string;
  /** Namespace URI ("" when none). */
  ns: string;
  /** Attribute values with their references decoded; names as written. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The base URI in effect for this element (xml:base over the document URL), or null. */
  base: string | null;
}

export interface XmlText {
  kind: "text";
  /** Character data, references decoded (CDATA as written). */
  text: string;
}

export type XmlNode = XmlElement | XmlText;

/** Elements nested deeper than this are flattened into their ancestor (bounded recursion). */
const MAX_DEPTH = 128;
/**
 * Past this many flattened levels the rest of the document is dropped:
 * htmlparser2 keeps its open-element stack with `unshift`, so runaway nesting
 * would cost quadratic time. Checked between chunks of this size.
 */
const MAX_IGNORED_DEPTH = 1024;
const CHUNK = 16 * 1024;

/** Namespace declarations in effect: an element's own, then its ancestors'. */
interface Scope {
  own: Map<string, string> | null;
  parent: Scope | null;
}

function lookupNs(scope: Scope | null, prefix: string): string | undefined {
  for (let s = scope; s; s = s.parent) {
    const ns = s.own?.get(prefix);
    if (ns !== undefined) return ns;
  }
  return undefined;
}
const XML_NS = "http://www.w3.org/XML/1998/namespace";

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Resolves a relative `ref` against `base` (RFC 3986 §5); an absolute one is
 * kept exactly as written, and so is one that cannot be resolved.
 */
export function resolveUrl(ref: string, base: string | null): string {
  const trimmed = ref.trim();
  if (base === null || ABSOLUTE.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

/**
 * Builds an element tree with htmlparser2 in XML mode, which never throws: a
 * mismatched end tag closes up to its start tag, a truncated document closes
 * what is open. Returns the top-level elements (a feed's root is among them).
 */
export function buildXmlTree(
  text: string,
  decode: (text: string) => string,
  documentUrl: string | null,
): { elements: XmlElement[]; truncated: boolean; unboundPrefixes: Set<string> } {
  const top: XmlElement[] = [];
  const stack: Array<{ element: XmlElement; scope: Scope }> = [];
  let ignored = 0;
  let inCdata = false;
  const unboundPrefixes = new Set<string>();
  const rootScope: Scope = { own: new Map([["xml", XML_NS]]), parent: null };

  const appendText = (value: string, cdata: boolean): void => {
    const parent = stack[stack.length - 1]?.element;
    if (!parent) return;
    const decoded = cdata ? value : decode(value);
    const last = parent.children[parent.children.length - 1];
    if (last?.kind === "text") last.text += decoded;
    else parent.children.push({ kind: "text", text: decoded });
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (stack.length >= MAX_DEPTH) {
          ignored++;
          return;
        }
        const parent = stack[stack.length - 1];
        let own: Map<string, string> | null = null;
        const attrs: Record<string, string> = {};
        for (const [key, raw] of Object.entries(attribs)) {
          const value = decode(raw);
          attrs[key] = value;
          if (key === "xmlns" || key.startsWith("xmlns:")) {
            own ??= new Map();
            own.set(key === "xmlns" ? "" : key.slice(6), value.trim());
          }
        }
        // Only an element that declares namespaces adds a link to the chain.
        const inherited = parent?.scope ?? rootScope;
        const scope: Scope = own ? { own, parent: inherited } : inherited;
        const colon = name.indexOf(":");
        const prefix = colon > 0 ? name.slice(0, colon) : "";
        const local = colon > 0 ? name.slice(colon + 1) : name;
        const parentBase = parent ? parent.element.base : documentUrl;
        const xmlBase = attrs["xml:base"];
        const ns = lookupNs(scope, prefix);
        if (ns === undefined && prefix) unboundPrefixes.add(prefix);
        const element: XmlElement = {
          kind: "element",
          name,
          local: local.toLowerCase(),
          // An undeclared prefix keeps its name, so it still tells elements apart.
          ns: ns ?? (prefix ? `${prefix}:` : ""),
          attrs,
          children: [],
          base: xmlBase === undefined ? parentBase : resolveUrl(xmlBase, parentBase),
        };
        if (parent) parent.element.children.push(element);
        else top.push(element);
        stack.push({ element, scope });
      },
      onclosetag() {
        if (ignored > 0) ignored--;
        else stack.pop();
      },
      ontext(value) {
        appendText(value, inCdata);
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeSelfClosing: true },
  );
  let truncated = false;
  for (let at = 0; at < text.length; at += CHUNK) {
    if (ignored > MAX_IGNORED_DEPTH) {
      truncated = true;
      break;
    }
    parser.write(text.slice(at, at + CHUNK));
  }
  parser.end();
  return { elements: top, truncated, unboundPrefixes };
}
