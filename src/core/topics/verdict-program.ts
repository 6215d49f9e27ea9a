import type { AnalyzedText } from "./analyze-text.js";
import type { CompiledTopic, TopicNode } from "./compile-topic.js";
import { type ConceptHit, type HitLookup, type HitSummary, summarizeHit } from "./concept-hits.js";
import { explainHits, isSupported, isTogether, type TopicMatch } from "./evaluate-topic.js";

/**
 * Nearly every topic is an and of concepts, of ors of concepts, and of
 * excluded concepts ("Iran sanctions", "kari* (Mexico OR Canada)",
 * "France title:Saudi Arabia -football"). Such a topic compiles to a short
 * program of concept ids, run over an article's hits with the tree walk's
 * rules (evaluate-topic.ts) but without walking objects: an article's
 * candidates are scattered over 100,000 topics, and reading a few integers
 * from one array is what keeps matching close to the cost of reading it.
 *
 * The positive part is the verdict, shared by every topic with the same
 * program; exclusions are checked per topic, since they change whether a
 * topic matches but never its score or reasons.
 *
 * Program: [children, child…]; child: [LEAF, id, flags] or
 * [OR, n, (id, flags) × n]. Exclusions: (id, flags) pairs.
 */
export interface TopicProgram {
  code: number[];
  exclusions: number[];
}

const LEAF = 0;
const OR = 1;
const TITLE_ONLY = 1;
const FEED = 2;

type Leaf = Extract<TopicNode, { type: "concept" }>;

const flagsOf = (leaf: Leaf): number =>
  (leaf.titleOnly ? TITLE_ONLY : 0) | (leaf.concept.kind === "feed" ? FEED : 0);

const isLeaf = (node: TopicNode): node is Leaf => node.type === "concept";

/** The topic as a program, or undefined when its shape needs the tree walk. */
export function compileProgram(topic: CompiledTopic): TopicProgram | undefined {
  const root = topic.root;
  const children = root.type === "and" ? root.children : [root];
  const code = [0];
  const exclusions: number[] = [];
  for (const child of children) {
    if (isLeaf(child)) code.push(LEAF, child.concept.id, flagsOf(child));
    else if (child.type === "or" && child.children.every(isLeaf)) {
      code.push(OR, child.children.length);
      for (const leaf of child.children as Leaf[]) code.push(leaf.concept.id, flagsOf(leaf));
    } else if (child.type === "not" && isLeaf(child.child) && root.type === "and") {
      exclusions.push(child.child.concept.id, flagsOf(child.child));
      continue;
    } else return undefined;
    code[0] = (code[0] as number) + 1;
  }
  return { code, exclusions };
}

/** A concept leaf with no family: present, in the title when asked, and real evidence. */
function aloneTrue(hit: ConceptHit | undefined, flags: number, text: AnalyzedText): boolean {
  if (!hit) return false;
  const s = summarizeHit(hit, text);
  if ((flags & TITLE_ONLY) !== 0 && s.titleCount === 0) return false;
  if ((flags & FEED) !== 0) return true;
  s.alone ??= s.strongCount > 0 || isSupported(s, NO_SIBLINGS, 0, -1, text);
  return s.alone;
}

/**
 * The members that an exclusion rules out of a verdict, given its members'
 * exclusions as (concept id, flags, member index) triples in member order:
 * their indexes, ascending, or null when none is (most articles name none
 * of what topics exclude).
 */
export function ruledOut(
  triples: Int32Array,
  hits: HitLookup,
  text: AnalyzedText,
): number[] | null {
  let out: number[] | null = null;
  for (let k = 0; k < triples.length; k += 3) {
    const member = triples[k + 2] as number;
    if (out !== null && out[out.length - 1] === member) continue;
    const hit = hits[triples[k] as number];
    if (hit === undefined || !aloneTrue(hit, triples[k + 1] as number, text)) continue;
    out ??= [];
    out.push(member);
  }
  return out;
}

/** Runs the program at `at`; the verdict, or undefined. */
export function runProgram(
  code: Int32Array,
  at: number,
  hits: HitLookup,
  text: AnalyzedText,
): TopicMatch | undefined {
  const children = code[at] as number;
  // First pass: every leaf present (and in the title when asked), every or
  // satisfied; weak-only leaves are settled after, as they need siblings.
  // Scratch arrays, written by index and never shrunk: nothing here outlives
  // the call, and an article runs hundreds of programs.
  let leaves = 0;
  let located = 0;
  let used = 0;
  let weak = false;
  let p = at + 1;
  for (let c = 0; c < children; c++) {
    if (code[p] === LEAF) {
      const hit = hits[code[p + 1] as number];
      if (!hit) return undefined;
      const flags = code[p + 2] as number;
      const s = summarizeHit(hit, text);
      if ((flags & TITLE_ONLY) !== 0 && s.titleCount === 0) return undefined;
      if ((flags & FEED) === 0) {
        if (s.strongCount === 0) weak = true;
        LEAVES[leaves++] = s;
        if (flags === 0) LOCATED[located++] = s;
        if (!holds(USED, used, hit)) USED[used++] = hit;
      }
      p += 3;
    } else {
      const end = p + 2 + 2 * (code[p + 1] as number);
      let any = false;
      for (let k = p + 2; k < end; k += 2) {
        const flags = code[k + 1] as number;
        const hit = hits[code[k] as number];
        if (!hit || !aloneTrue(hit, flags, text)) continue;
        any = true;
        if ((flags & FEED) === 0 && !holds(USED, used, hit)) USED[used++] = hit;
      }
      if (!any) return undefined;
      p = end;
    }
  }
  if (weak && !weakLeavesSupported(LEAVES, leaves, text)) return undefined;
  if (located > 1 && !isTogether(LOCATED, located)) return undefined;
  return explainHits(USED, used, text);
}

const NO_SIBLINGS: HitSummary[] = [];
const LEAVES: HitSummary[] = [];
const LOCATED: HitSummary[] = [];
const USED: ConceptHit[] = [];

function holds(list: ConceptHit[], count: number, hit: ConceptHit): boolean {
  for (let k = 0; k < count; k++) if (list[k] === hit) return true;
  return false;
}

/** Each weak-only leaf among the first `count` is supported by its own hits or another leaf's. */
function weakLeavesSupported(leaves: HitSummary[], count: number, text: AnalyzedText): boolean {
  for (let w = 0; w < count; w++) {
    const s = leaves[w] as HitSummary;
    if (s.strongCount > 0) continue;
    if (count === 1) {
      s.alone ??= isSupported(s, NO_SIBLINGS, 0, -1, text);
      if (!s.alone) return false;
      continue;
    }
    if (!isSupported(s, leaves, count, w, text)) return false;
  }
  return true;
}

/** How many array slots the program at `at` takes. */
export function programLength(code: Int32Array, at: number): number {
  const children = code[at] as number;
  let p = at + 1;
  for (let c = 0; c < children; c++) p += code[p] === LEAF ? 3 : 2 + 2 * (code[p + 1] as number);
  return p - at;
}
