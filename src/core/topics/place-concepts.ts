import type { Country } from "world-countries";
import { caseForName, parseTerm, type Term } from "./concept.js";

/** What the library adds to one country (by ISO alpha-2 code). */
export interface PlaceSupplement {
  /** Other names a person may type: "Britain", "UK". */
  aliases?: string[];
  /** Other ways news names it, not typed as a topic: "Kremlin", "White House". */
  metonyms?: string[];
  /** Phrases that are not this place: "New Mexico" is not Mexico. */
  except?: string[];
}

/** A country's vocabulary, before interning. */
export interface PlaceVocabulary {
  code: string;
  label: string;
  /** Names that resolve a typed word to this place. */
  names: string[];
  terms: Term[];
  except: Term[];
}

// Latin script only: the analyzer folds accents, and a name in another script
// is rarely how English news writes a country.
const LATIN = /^[\p{Script=Latin}\p{M}\s.'’-]+$/u;

function usableName(name: string, code: string): boolean {
  if (name === code || name.includes(",")) return false;
  return LATIN.test(name);
}

function toTerms(names: Iterable<string>, fallback: "capitalized" | "any"): Term[] {
  const seen = new Set<string>();
  const terms: Term[] = [];
  for (const name of names) {
    const term = parseTerm(name, caseForName(name, fallback));
    if (!term) continue;
    const key = `${term.case}:${term.keys.join(" ")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  return terms;
}

/**
 * Builds each country's vocabulary from the world-countries dataset: common
 * and official names, alternative spellings, English demonyms and capitals
 * (the capital as metonym: "Tehran said"), plus the library's supplement.
 * Place terms must be capitalized, so "turkey" and "china" plates stay food.
 */
export function buildPlaceVocabularies(
  countries: readonly Country[],
  supplements: Record<string, PlaceSupplement>,
  ignoredCapitals: readonly string[],
): PlaceVocabulary[] {
  const ignored = new Set(ignoredCapitals.map((c) => c.toLowerCase()));
  return countries.map((country) => {
    const code = country.cca2;
    const extra = supplements[code] ?? {};
    const names = [
      country.name.common,
      country.name.official,
      ...country.altSpellings.filter((n) => usableName(n, code)),
      ...(extra.aliases ?? []),
    ];
    const demonyms = Object.values(country.demonyms?.eng ?? {}).filter((d) => d !== "");
    const capitals = country.capital
      .map((c) => c.replace(/\s+D\.C\.$/, ""))
      .filter((c) => !ignored.has(c.toLowerCase()) && usableName(c, code));
    const all = [...names, ...demonyms, ...capitals, ...(extra.metonyms ?? [])];
    return {
      code,
      label: country.name.common,
      names: [...names, ...demonyms],
      terms: toTerms(all, "capitalized"),
      except: toTerms(extra.except ?? [], "any"),
    };
  });
}
