import { analyzeText } from "./analyze-text.js";

/**
 * How a term's first word must be written: places must be capitalized
 * ("Turkey", not "turkey"); short acronyms uppercase ("US", not "us").
 */
export type TermCase = "any" | "capitalized" | "uppercase";

/** One way a concept is written: a word or a phrase, as stems or exact words. */
export interface Term {
  /** Per word: the stem, or "=word" when the exact surface form is required. */
  keys: string[];
  case: TermCase;
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
  /** For prefix concepts: the lowercased prefix. */
  prefix?: string;
}

/** Marks a term that must match word for word, unstemmed: "=ties" is not "tie". */
const EXACT_MARK = "=";

/**
 * Parses a vocabulary entry into a term. "asset freeze" stems every word;
 * "=ties" requires that exact word. Returns undefined when nothing is left
 * (punctuation only).
 */
export function parseTerm(text: string, termCase: TermCase = "any"): Term | undefined {
  const exact = text.startsWith(EXACT_MARK);
  const analyzed = analyzeText(exact ? text.slice(1) : text, "");
  if (analyzed.words.length === 0) return undefined;
  const keys = exact ? analyzed.words.map((w) => EXACT_MARK + w) : analyzed.stems.slice();
  return { keys, case: termCase };
}

/** True when the key names an exact word ("=ties") rather than a stem. */
export function isExactKey(key: string): boolean {
  return key.startsWith(EXACT_MARK);
}

/** Short all-caps names (US, UK, EU, WTI) are acronyms: only uppercase counts. */
export function caseForName(name: string, fallback: TermCase): TermCase {
  return /^[A-Z.]{2,5}$/.test(name) && name.replace(/\./g, "").length <= 4 ? "uppercase" : fallback;
}

const termSignature = (t: Term): string => `${t.case}:${t.keys.join(" ")}`;

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

  intern(spec: Omit<Concept, "id">): Concept {
    const signature = [
      spec.kind,
      spec.label,
      spec.prefix ?? "",
      spec.terms.map(termSignature).join("|"),
      spec.except.map(termSignature).join("|"),
    ].join("\u0000");
    const existing = this.bySignature.get(signature);
    if (existing) return existing;
    const concept: Concept = { ...spec, id: this.all.length };
    this.all.push(concept);
    this.bySignature.set(signature, concept);
    return concept;
  }
}
