import worldCountriesModule, { type Country } from "world-countries";
import { z } from "zod";
import { UserError } from "../errors.js";
import { analyzeText } from "./analyze-text.js";
import { type Concept, ConceptRegistry, caseForName, parseTerm, type Term } from "./concept.js";
import { buildPlaceVocabularies } from "./place-concepts.js";

const words = z.array(z.string().min(1));
const librarySchema = z.object({
  stopwords: words.default([]),
  places: z
    .object({
      ignore_capitals: words.default([]),
      extra: z
        .record(
          z.string(),
          z.object({
            aliases: words.optional(),
            metonyms: words.optional(),
            except: words.optional(),
          }),
        )
        .default({}),
    })
    .prefault({}),
  concepts: z
    .record(
      z.string(),
      z.object({ names: words.default([]), terms: words.min(1), except: words.default([]) }),
    )
    .default({}),
});

// world-countries is CommonJS typed as an ES default export; under NodeNext
// TypeScript sees the module object, while Node and tsx hand us the array.
const worldCountries = ((worldCountriesModule as unknown as { default?: Country[] }).default ??
  worldCountriesModule) as unknown as readonly Country[];

/** Extra concepts from the `topics.custom` setting: name -> { terms }. */
export type CustomConcepts = Record<string, { terms: string[] }>;

/**
 * The compiled vocabulary: every concept, interned in one registry, and the
 * names by which a typed topic reaches them.
 */
export interface TopicLibrary {
  readonly registry: ConceptRegistry;
  /** Reads typed words (lowercased, as analyzed) into concepts, longest name first. */
  resolveWords(typed: string[]): Concept[];
  /** The concept a name stands for ("sanctions", "iran"), if any. */
  lookup(name: string): Concept | undefined;
  isStopword(word: string): boolean;
}

/** Longest concept name, in words ("United States of America"). */
const MAX_NAME_WORDS = 6;

const nameKey = (text: string): string => analyzeText(text, "").stems.join(" ");

function terms(list: string[], termCase: "any" = "any"): Term[] {
  return list
    .map((t) => parseTerm(t, caseForName(t, termCase)))
    .filter((t): t is Term => t !== undefined);
}

/**
 * Compiles the topic library (the parsed YAML of config/topics.yaml) and the
 * custom concepts from config. A malformed library is a UserError naming it.
 */
export function compileTopicLibrary(
  yamlData: unknown,
  custom: CustomConcepts = {},
  countries: readonly Country[] = worldCountries,
): TopicLibrary {
  const parsed = librarySchema.safeParse(yamlData ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `topics: the topic library is malformed at ${issue?.path.join(".") || "(top)"}: ${issue?.message}`,
      {
        hint: "see config/topics.yaml for the shape: concepts: { name: { names, terms, except } }",
      },
    );
  }
  const data = parsed.data;
  const registry = new ConceptRegistry();
  const names = new Map<string, Concept>();
  const addName = (name: string, concept: Concept, overwrite: boolean): void => {
    const key = nameKey(name);
    if (key !== "" && (overwrite || !names.has(key))) names.set(key, concept);
  };

  for (const place of buildPlaceVocabularies(
    countries,
    data.places.extra,
    data.places.ignore_capitals,
  )) {
    const concept = registry.intern({
      kind: "place",
      label: place.label,
      terms: place.terms,
      except: place.except,
    });
    for (const name of place.names) addName(name, concept, false);
  }
  // Concepts win over places for a shared name; custom concepts win over both.
  const concepts = { ...data.concepts };
  for (const [name, spec] of Object.entries(custom)) {
    concepts[name] = { names: [name], terms: [...spec.terms, name], except: [] };
  }
  for (const [name, spec] of Object.entries(concepts)) {
    const concept = registry.intern({
      kind: "topic",
      label: name.replace(/-/g, " "),
      terms: terms(spec.terms),
      except: terms(spec.except),
    });
    for (const typed of [name.replace(/-/g, " "), ...spec.names]) addName(typed, concept, true);
  }
  const stopwords = new Set(data.stopwords.map((w) => w.toLowerCase()));

  return {
    registry,
    isStopword: (word) => stopwords.has(word),
    lookup: (name) => names.get(nameKey(name)),
    resolveWords(typed) {
      const stems = typed.map((w) => analyzeText(w, "").stems.join(" "));
      const found: Concept[] = [];
      let i = 0;
      while (i < typed.length) {
        let matched = false;
        for (let n = Math.min(MAX_NAME_WORDS, typed.length - i); n >= 1; n--) {
          const concept = names.get(stems.slice(i, i + n).join(" "));
          if (concept) {
            found.push(concept);
            i += n;
            matched = true;
            break;
          }
        }
        if (matched) continue;
        const word = typed[i] as string;
        i++;
        if (stopwords.has(word)) continue;
        const term = parseTerm(word);
        if (!term) continue;
        found.push(registry.intern({ kind: "word", label: word, terms: [term], except: [] }));
      }
      return found;
    },
  };
}
