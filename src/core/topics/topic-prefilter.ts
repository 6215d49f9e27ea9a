import type { TopicArticle } from "./analyze-text.js";
import type { CompiledTopic } from "./compile-topic.js";
import type { Concept } from "./concept.js";
import { ConceptSearch } from "./concept-search.js";
import { conceptNeedleSets } from "./key-needle.js";
import { prefilterText } from "./prefilter-text.js";
import { conceptRank, topicRequirements } from "./topic-requirements.js";

/**
 * A cheap look at an article's raw text that rules out most articles a topic
 * cannot match, before the costly analysis (tokens, stems) the matcher needs.
 * Sound: `mayMatch` is false only when the matcher finds no match, so
 * filtering by it changes no result.
 */
export interface TopicPrefilter {
  /** False only when the topic cannot match the article. */
  mayMatch(article: TopicArticle): boolean;
}

const ALWAYS: TopicPrefilter = { mayMatch: () => true };

interface ConceptCheck {
  search: ConceptSearch;
  /** Index into the per-article memo: a concept in several alternatives is searched once. */
  slot: number;
}

const UNKNOWN = 0;
const ABSENT = 1;
const PRESENT = 2;

/**
 * The parts of the text analyzeArticle reads, or more: the title, and the body
 * (the content when it starts with the summary, the summary when it starts
 * with the content, else both; analyzeArticle reads one of them alone in
 * those cases too).
 */
function articleTexts(article: TopicArticle): string[] {
  const summary = article.summary ?? "";
  const content = article.content ?? "";
  const title = prefilterText(article.title);
  if (content.startsWith(summary)) return [title, prefilterText(content)];
  if (summary.startsWith(content)) return [title, prefilterText(summary)];
  return [title, prefilterText(summary), prefilterText(content)];
}

class Prefilter implements TopicPrefilter {
  private readonly memo: Uint8Array;

  constructor(
    private readonly alternatives: readonly (readonly ConceptCheck[])[],
    slots: number,
  ) {
    this.memo = new Uint8Array(slots);
  }

  mayMatch(article: TopicArticle): boolean {
    const texts = articleTexts(article);
    this.memo.fill(UNKNOWN);
    for (const checks of this.alternatives) {
      let all = true;
      for (const check of checks) {
        if (!this.present(check, texts)) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }

  private present(check: ConceptCheck, texts: readonly string[]): boolean {
    let state = this.memo[check.slot] as number;
    if (state === UNKNOWN) {
      state = check.search.found(texts) ? PRESENT : ABSENT;
      this.memo[check.slot] = state;
    }
    return state === PRESENT;
  }
}

/**
 * The prefilter of a compiled topic. An article may match only if it holds
 * every concept of one of the topic's requirement alternatives
 * (topicRequirements: what the subscription index files topics under), and
 * it holds a concept only if it holds the needles of one of its terms
 * (key-needle.ts). Concepts without needles (feeds) count as present; a
 * topic that requires nothing checkable lets every article through.
 */
export function createTopicPrefilter(topic: CompiledTopic): TopicPrefilter {
  const requirements = topicRequirements(topic.root);
  if (requirements === undefined) return ALWAYS;
  const checks = new Map<number, ConceptCheck | undefined>();
  const checkOf = (concept: Concept): ConceptCheck | undefined => {
    if (!checks.has(concept.id)) {
      const sets = conceptNeedleSets(concept);
      checks.set(concept.id, sets && { search: new ConceptSearch(sets), slot: checks.size });
    }
    return checks.get(concept.id);
  };
  const alternatives: ConceptCheck[][] = [];
  for (const alternative of requirements) {
    // Likely rarest first (a typed word before a library concept), so most
    // articles are ruled out by one search.
    const sorted = [...new Set(alternative)].sort(
      (a, b) => conceptRank(a) - conceptRank(b) || a.terms.length - b.terms.length,
    );
    const required = sorted.map(checkOf).filter((c): c is ConceptCheck => c !== undefined);
    if (required.length === 0) return ALWAYS;
    alternatives.push(required);
  }
  return new Prefilter(alternatives, checks.size);
}
