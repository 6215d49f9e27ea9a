import { analyzeText, FLAG_CAPITALIZED } from "./analyze-text.js";

/**
 * How a term's first word must be written: places must be capitalized
 * ("Turkey", not "turkey"); short acronyms uppercase ("US", not "us").
 */
export type TermCase = "any" | "capitalized" | "uppercase";

/** One way a concept is written: a word or a phrase, as stems or exact words. */
export interface Term {
  /** Per word: the stem, or "=word" when the exact surface form is required. */
  keys: string[];
  /**
   * Which key the term is filed under: a capitalized name first, else the
   * longest, so "at the pump" is looked up at "pump", not at every "at".
   */
  anchor: number;
  case: TermCase;
  /**
   * Weak evidence ("rose", "meets", "Fed"): counts only within a few words of
   * other evidence, so "Oil rose" is about prices and "the sun rose" is not.
   */
  weak: boolean;
}

/**
 * topic: library vocabulary (sanctions, relations); place: a country and its
 * names; word/phrase: what the person typed, taken literally; prefix: `econ*`;
 * feed: `feed:reuters`, matched against the article's feed name.
 */
export type ConceptKind = "topic" | "place" | "word" | "phrase" | "prefix" | "feed";

export interface Concept {
  /** Dense id, unique within a library's registry. */
  id: number;
  kind: ConceptKind;
  /** Shown in reasons: "sanctions", "Iran". */
  label: string;
  terms: Term[];
  /** Phrases that cancel a hit they cover: "fish oil" cancels "oil". */
  except: Term[];
  /** The `except` terms by each of their keys, so a hit looks up only those that could cover it. */
  exceptAt: ExceptIndex;
  /** For prefix concepts: the lowercased prefix. */
  prefix?: string | undefined;
}

/** Terms with a key at a position: by the key's stem, or by its exact word ("=ties" as "ties"). */
export interface ExceptIndex {
  byStem: Map<string, Array<[Term, number]>>;
  byWord: Map<string, Array<[Term, number]>>;
}

function indexExceptions(except: Term[]): ExceptIndex {
  const index: ExceptIndex = { byStem: new Map(), byWord: new Map() };
  for (const term of except) {
    term.keys.forEach((key, k) => {
      const [map, bare] = isExactKey(key) ? [index.byWord, key.slice(1)] : [index.byStem, key];
      const list = map.get(bare);
      if (list) list.push([term, k]);
      else map.set(bare, [[term, k]]);
    });
  }
  return index;
}

/** Marks a term that must match word for word, unstemmed: "=ties" is not "tie". */
const EXACT_MARK = "=";
/** Marks weak evidence: "~rose". */
const WEAK_MARK = "~";

/**
 * Parses a vocabulary entry into a term. "asset freeze" stems every word;
 * "=ties" requires that exact word; "~rose" is weak evidence. Returns
 * undefined when nothing is left (punctuation only).
 */
export function parseTerm(text: string, termCase: TermCase = "any"): Term | undefined {
  const weak = text.startsWith(WEAK_MARK);
  const rest = weak ? text.slice(1) : text;
  const exact = rest.startsWith(EXACT_MARK);
  const analyzed = analyzeText(exact ? rest.slice(1) : rest, "");
  if (analyzed.words.length === 0) return undefined;
  const keys = exact ? analyzed.words.map((w) => EXACT_MARK + w) : analyzed.stems.slice();
  // The anchor is where the index looks the phrase up, so it should be its
  // rarest word: a name as typed ("Apple earnings", "the Fed") before a
  // common word, then the longest ("at the pump").
  const rank = (k: number): number =>
    ((analyzed.flags[k] ?? 0) & FLAG_CAPITALIZED ? 1000 : 0) + (keys[k] as string).length;
  let anchor = 0;
  for (let k = 1; k < keys.length; k++) if (rank(k) > rank(anchor)) anchor = k;
  return { keys, anchor, case: termCase, weak };
}

/** True when the key names an exact word ("=ties") rather than a stem. */
export function isExactKey(key: string): boolean {
  return key.charCodeAt(0) === 61; // "="
}

/**
 * How a vocabulary entry must be written in the text: short acronyms (US, UK,
 * AI, COP) only in capitals, so "us" and "cop" stay words; names written with
 * a capital (Fed, Brent, Kremlin) only capitalized, so "fed up" is not the Fed.
 */
export function caseForName(name: string, fallback: TermCase): TermCase {
  const bare = name.replace(/^[~=]+/, "");
  if (/^[A-Z]{2,3}$/.test(bare.replace(/\./g, ""))) return "uppercase";
  if (/^\p{Lu}/u.test(bare)) return "capitalized";
  return fallback;
}

const termSignature = (t: Term): string => `${t.weak ? "~" : ""}${t.case}:${t.keys.join(" ")}`;

/**
 * Interns concepts so that 100,000 subscriptions naming "bitcoin" share one
 * concept, one id and one set of index entries.
 */
export class ConceptRegistry {
  private readonly bySignature = new Map<string, Concept>();
  private readonly all: Concept[] = [];

  get size(): number {
    return this.all.length;
  }

  byId(id: number): Concept | undefined {
    return this.all[id];
  }

  intern(spec: Omit<Concept, "id" | "exceptAt">): Concept {
    const signature = [
      spec.kind,
      spec.label,
      spec.prefix ?? "",
      spec.terms.map(termSignature).join("|"),
      spec.except.map(termSignature).join("|"),
    ].join("\u0000");
    const existing = this.bySignature.get(signature);
    if (existing) return existing;
    // Every concept has the same fields in the same order: one shape, so
    // that matching reads them at full speed whatever made the concept.
    const concept: Concept = {
      id: this.all.length,
      kind: spec.kind,
      label: spec.label,
      terms: spec.terms,
      except: spec.except,
      exceptAt: indexExceptions(spec.except),
      prefix: spec.prefix,
    };
    this.all.push(concept);
    this.bySignature.set(signature, concept);
    return concept;
  }
}
