import type { AnalyzedText } from "./analyze-text.js";
import type { CompiledTopic, TopicNode } from "./compile-topic.js";
import type { Concept } from "./concept.js";
import {
  type ConceptHit,
  type ConceptHits,
  type HitSummary,
  hitWords,
  summarizeHit,
} from "./concept-hits.js";

/** One subscription's verdict on one article. */
export interface TopicMatch {
  /** Higher is more about the topic; comparable across articles for one topic. */
  score: number;
  /** Which concept matched which words: "sanctions: embargo, sanctions". */
  reasons: string[];
}

/**
 * How far apart (in sentences) two concepts may be and still be about the
 * same thing. The title counts as next to every sentence: a headline names
 * the article's subject.
 */
const NEAR_SENTENCES = 1;
const TITLE_WEIGHT = 3;
/** Words a reason quotes at most: "sanctions: embargo, sanctions, blacklist". */
const REASON_WORDS = 6;
/** How close (in words) weak evidence must be to other evidence to count. */
const WEAK_WINDOW = 4;
// BM25 saturation (Robertson & Zaragoza 2009, §3): the tenth mention adds
// less than the second; long articles need more mentions to say as much.
const K1 = 1.2;
const B = 0.75;
const AVERAGE_TOKENS = 300;

interface Context {
  hits: ConceptHits;
  text: AnalyzedText;
}

function summary(ctx: Context, hit: ConceptHit): HitSummary {
  return summarizeHit(hit, ctx.text);
}

type ConceptLeaf = Extract<TopicNode, { type: "concept" }>;

function closeTo(text: AnalyzedText, at: number, starts: number[], except: number): boolean {
  const sentence = text.sentences[at];
  for (const s of starts) {
    if (s !== except && Math.abs(s - at) <= WEAK_WINDOW && text.sentences[s] === sentence) {
      return true;
    }
  }
  return false;
}

/**
 * Strong evidence stands alone; weak evidence ("rose", "Fed", "meets") counts
 * only next to other evidence of the same concept or of a sibling concept:
 * "Oil rose", "the Fed cut", "Putin meets Xi".
 */
function supported(ctx: Context, s: HitSummary, siblings: HitSummary[]): boolean {
  return supportedAmong(ctx.text, s, siblings, siblings.length, -1);
}

/** supported(), the siblings being the first `count` of `leaves` but the one at `skip`. */
function supportedAmong(
  text: AnalyzedText,
  s: HitSummary,
  leaves: readonly HitSummary[],
  count: number,
  skip: number,
): boolean {
  if (s.strongCount > 0) return true;
  for (const w of s.weakStarts) {
    if (closeTo(text, w, s.starts, w)) return true;
    for (let j = 0; j < count; j++) {
      if (j !== skip && closeTo(text, w, (leaves[j] as HitSummary).starts, -1)) return true;
    }
  }
  return false;
}

/**
 * Whether a concept leaf holds. `family` is the children of the and it sits
 * in: weak evidence may lean on a sibling, and only then are siblings looked at.
 */
function conceptTrue(ctx: Context, node: ConceptLeaf, family?: TopicNode[]): boolean {
  const hit = ctx.hits.get(node.concept.id);
  if (!hit) return false;
  const s = summary(ctx, hit);
  if (node.titleOnly && s.titleCount === 0) return false;
  if (node.concept.kind === "feed" || s.strongCount > 0) return true;
  return supported(ctx, s, family ? siblingsOf(ctx, family, node) : []);
}

/** The located hits of an and's concept children other than `self`. */
function siblingsOf(ctx: Context, children: TopicNode[], self: TopicNode): HitSummary[] {
  const out: HitSummary[] = [];
  for (const child of children) {
    if (child === self || child.type !== "concept") continue;
    const hit = ctx.hits.get(child.concept.id);
    if (hit && child.concept.kind !== "feed") out.push(summary(ctx, hit));
  }
  return out;
}

function near(a: number[], b: number[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (Math.abs(x - y) <= NEAR_SENTENCES) return true;
    if (x < y) i++;
    else j++;
  }
  return false;
}

/**
 * The concepts of one topic must be about one story, not merely share an
 * article: "Russia relations" is not a Russian tennis final that mentions a
 * treaty three paragraphs later. Each concept must be in the title, or near
 * another concept, or share the article with a concept that is in the title.
 */
function together(ctx: Context, children: TopicNode[]): boolean {
  // Children already passed evaluate(); only their placement is checked here.
  const located: HitSummary[] = [];
  for (const child of children) {
    if (child.type !== "concept" || child.titleOnly) continue;
    const kind = child.concept.kind;
    if (kind === "feed") continue;
    const hit = ctx.hits.get(child.concept.id);
    if (hit) located.push(summary(ctx, hit));
  }
  return togetherHits(located);
}

/** `count`: how many of `located` to read (a caller may pass a longer scratch array). */
function togetherHits(located: HitSummary[], count = located.length): boolean {
  if (count < 2) return true;
  for (let i = 0; i < count; i++) if ((located[i] as HitSummary).titleCount > 0) return true;
  for (let i = 0; i < count; i++) {
    let close = false;
    for (let j = 0; j < count && !close; j++) {
      close =
        j !== i && near((located[i] as HitSummary).sentences, (located[j] as HitSummary).sentences);
    }
    if (!close) return false;
  }
  return true;
}

function evaluate(ctx: Context, node: TopicNode, family?: TopicNode[]): boolean {
  switch (node.type) {
    case "concept":
      return conceptTrue(ctx, node, family);
    case "not":
      return !evaluate(ctx, node.child);
    case "or":
      return node.children.some((c) => evaluate(ctx, c));
    case "and":
      return (
        node.children.every((c) => evaluate(ctx, c, node.children)) && together(ctx, node.children)
      );
  }
}

/** The concept leaves that made the match true (positive, satisfied). */
function contributing(
  ctx: Context,
  node: TopicNode,
  out: Set<ConceptHit>,
  family?: TopicNode[],
): void {
  if (node.type === "concept") {
    const hit = ctx.hits.get(node.concept.id);
    if (hit && node.concept.kind !== "feed" && conceptTrue(ctx, node, family)) out.add(hit);
  } else if (node.type === "and") {
    for (const child of node.children) contributing(ctx, child, out, node.children);
  } else if (node.type === "or") {
    for (const child of node.children) contributing(ctx, child, out);
  }
}

/** BM25-like weight of one concept in one article. */
function conceptScore(s: HitSummary, tokens: number): number {
  const tf = TITLE_WEIGHT * s.titleCount + s.bodyCount;
  const norm = 1 - B + B * (tokens / AVERAGE_TOKENS);
  return (tf * (K1 + 1)) / (tf + K1 * norm);
}

/** Score and reasons of the first `count` hits of `used`. */
function explain(text: AnalyzedText, used: readonly ConceptHit[], count = used.length): TopicMatch {
  let score = 0;
  // Exactly as long as it must be: an article explains a hundred verdicts.
  const reasons = new Array<string>(count);
  for (let k = 0; k < count; k++) {
    const hit = used[k] as ConceptHit;
    // Score and reason depend on the article alone: computed once per article,
    // however many subscriptions share the concept.
    const s = summarizeHit(hit, text);
    s.score ??= conceptScore(s, text.words.length);
    s.reason ??= `${hit.concept.label}: ${hitWords(s, text, REASON_WORDS).join(", ")}`;
    score += s.score;
    reasons[k] = s.reason;
  }
  return { score: Math.round(score * 1000) / 1000, reasons };
}

/**
 * Most topics are plain: one concept, or concepts that must all be there
 * ("Iran sanctions"), minus some ("-football"). Their verdict needs no tree
 * walk; it is the same as the tree walk's (a test holds the two paths to
 * that). The index runs such topics as compiled programs (verdict-program.ts).
 */
function plainVerdict(
  ctx: Context,
  plain: NonNullable<CompiledTopic["plain"]>,
): TopicMatch | undefined {
  if (anyExcluded(ctx, plain.excluded)) return undefined;
  return requiredVerdict(ctx, plain.required);
}

function anyExcluded(ctx: Context, excluded: readonly Concept[]): boolean {
  for (const concept of excluded) {
    const hit = ctx.hits.get(concept.id);
    if (hit && supported(ctx, summary(ctx, hit), [])) return true;
  }
  return false;
}

function requiredVerdict(ctx: Context, required: readonly Concept[]): TopicMatch | undefined {
  const used: ConceptHit[] = [];
  const located: HitSummary[] = [];
  for (const concept of required) {
    const hit = ctx.hits.get(concept.id);
    if (!hit) return undefined;
    located.push(summary(ctx, hit));
    // A concept named twice counts once, as in the tree walk's set.
    if (!used.includes(hit)) used.push(hit);
  }
  for (let k = 0; k < located.length; k++) {
    const s = located[k] as HitSummary;
    if (!supportedAmong(ctx.text, s, located, located.length, k)) return undefined;
  }
  if (located.length > 1 && !togetherHits(located)) return undefined;
  return explain(ctx.text, used);
}

// The same rules for the index's compiled programs (verdict-program.ts),
// which read concept ids from a flat array instead of walking the tree.

/**
 * Whether weak-only evidence is supported by its own hits or a sibling's:
 * the first `count` of `leaves` but the one at `skip`.
 */
export function isSupported(
  s: HitSummary,
  leaves: readonly HitSummary[],
  count: number,
  skip: number,
  text: AnalyzedText,
): boolean {
  return supportedAmong(text, s, leaves, count, skip);
}

/** Whether located concepts are about one story (see together()). */
export const isTogether = togetherHits;

/** Score and reasons of the first `count` hits of `used`, which made a match, in order. */
export function explainHits(used: ConceptHit[], count: number, text: AnalyzedText): TopicMatch {
  return explain(text, used, count);
}

/** Decides whether the article (as concept hits) matches the topic; explains it if so. */
export function evaluateTopic(
  topic: CompiledTopic,
  hits: ConceptHits,
  text: AnalyzedText,
): TopicMatch | undefined {
  const ctx: Context = { hits, text };
  if (topic.plain) return plainVerdict(ctx, topic.plain);
  if (!evaluate(ctx, topic.root)) return undefined;
  const used = new Set<ConceptHit>();
  contributing(ctx, topic.root, used);
  return explain(text, [...used]);
}
