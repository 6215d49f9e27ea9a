import type { Needle } from "./key-needle.js";

/** Between two letters of a word as written: acronym periods, apostrophes. */
const JOINERS = "[.'\u2019]*";
const JOINER = /[.'\u2019]/g;
const MEMO_LIMIT = 4096;

const isLetterOrDigit = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const isJoiner = (c: number): boolean => c === 46 || c === 39 || c === 0x2019;

/** An atom is one character or a class ("[ei]"). */
const atomMatches = (atom: string, char: string): boolean =>
  atom.length === 1 ? atom === char : atom.slice(1, -1).includes(char);

interface Trie {
  children: Map<string, Trie>;
}

/**
 * One pattern for many needles, factored on their common starts
 * ("rat(?:[ei]|e)"), which V8 runs much faster than a plain alternation.
 * Needles must come shortest first: one another one covers is left out, as
 * it starts no word the other does not.
 */
function trieSource(needles: readonly Needle[]): string {
  const root: Trie = { children: new Map() };
  const ends = new Set<Trie>();
  for (const needle of needles) {
    let node = root;
    for (const atom of needle) {
      if (ends.has(node)) break;
      let child = node.children.get(atom);
      if (!child) {
        child = { children: new Map() };
        node.children.set(atom, child);
      }
      node = child;
    }
    if (node.children.size === 0) ends.add(node);
  }
  const source = (node: Trie): string => {
    const branches = [...node.children].map(([atom, child]) =>
      ends.has(child) ? atom : `${atom}${JOINERS}${source(child)}`,
    );
    return branches.length === 1 ? (branches[0] as string) : `(?:${branches.join("|")})`;
  };
  return source(root);
}

/** Needles this short start too many words ("on", "of") to be worth a hit each. */
const SHORT = 2;

const UNKNOWN = 0;
const ABSENT = 1;
const PRESENT = 2;

/**
 * One search of a prefilter text (prefilter-text.ts) for a concept's needle
 * sets (key-needle.ts): true when every needle of some set starts a word of
 * the text. One pattern finds every word start where some needle is; the
 * word there says which needles are; the search ends as soon as a set is
 * complete. A short needle in a set with longer ones ("on" of "on hold") is
 * left out of the pattern and looked for only once the rest of its set is found.
 */
export class ConceptSearch {
  private readonly pattern: RegExp;
  private readonly needles: Needle[];
  /** The most atoms of a needle: how much of a word decides which needles start it. */
  private readonly longest: number;
  /** Per needle: the sets it belongs to. */
  private readonly setsOf: number[][];
  /** Per set: how many of its needles the pattern looks for. */
  private readonly scanned: Int32Array;
  /** Per set: its needles the pattern leaves out. */
  private readonly later: number[][];
  /** Per needle left out of the pattern: its own search. */
  private readonly alone: Array<RegExp | undefined>;
  /** Per-search state: needles still missing from each set, needles seen or looked for. */
  private readonly missing: Int32Array;
  private readonly state: Uint8Array;
  /** A word's start as written -> the needles that start it. */
  private readonly at = new Map<string, number[]>();

  constructor(sets: readonly (readonly Needle[])[]) {
    const byKey = new Map<string, Needle>();
    for (const set of sets) for (const needle of set) byKey.set(needle.join(""), needle);
    this.needles = [...byKey.values()].sort((a, b) => a.length - b.length);
    this.longest = this.needles.reduce((max, n) => Math.max(max, n.length), 0);
    const index = new Map(this.needles.map((n, i) => [n.join(""), i]));
    const setNeedles = sets.map((set) => [
      ...new Set(set.map((n) => index.get(n.join("")) as number)),
    ]);
    const isShort = (i: number): boolean => (this.needles[i] as Needle).length <= SHORT;
    const inPattern = new Set<number>();
    for (const members of setNeedles) {
      const long = members.filter((i) => !isShort(i));
      for (const i of long.length > 0 ? long : members) inPattern.add(i);
    }
    this.setsOf = this.needles.map(() => []);
    this.scanned = new Int32Array(sets.length);
    this.later = setNeedles.map((members, s) => {
      for (const i of members) if (inPattern.has(i)) (this.setsOf[i] as number[]).push(s);
      this.scanned[s] = members.filter((i) => inPattern.has(i)).length;
      return members.filter((i) => !inPattern.has(i));
    });
    this.alone = this.needles.map((n, i) =>
      inPattern.has(i) ? undefined : new RegExp(`(?:^|[^a-z0-9])${n.join(JOINERS)}`, "i"),
    );
    this.missing = new Int32Array(sets.length);
    this.state = new Uint8Array(this.needles.length);
    // The character before the word is part of the hit: a lookbehind instead
    // makes V8 try every place rather than skip to the likely ones.
    const patterned = this.needles.filter((_, i) => inPattern.has(i));
    this.pattern = new RegExp(`[^a-z0-9]${trieSource(patterned)}`, "gi");
  }

  /**
   * True when every needle of one set starts a word of `texts` (prefilter
   * texts: the parts of one article), ASCII case aside.
   */
  found(texts: readonly string[]): boolean {
    const { pattern } = this;
    this.missing.set(this.scanned);
    this.state.fill(UNKNOWN);
    for (const text of texts) {
      // A word at the very start has no character before it for the pattern to take.
      if (text.length > 0 && isLetterOrDigit(text.charCodeAt(0)) && this.take(text, 0, texts))
        return true;
      pattern.lastIndex = 0;
      for (let hit = pattern.exec(text); hit !== null; hit = pattern.exec(text)) {
        const start = hit.index + 1;
        if (this.take(text, start, texts)) return true;
        // On from this word's start: a hit may hide the start of another word ("u.s.a").
        pattern.lastIndex = start;
      }
    }
    return false;
  }

  /** Counts the needles that start the word at `start`; true when that completes a set. */
  private take(text: string, start: number, texts: readonly string[]): boolean {
    const { missing, state, setsOf } = this;
    for (const i of this.needlesAt(this.wordStart(text, start))) {
      if (state[i] === PRESENT) continue;
      state[i] = PRESENT;
      for (const s of setsOf[i] as number[]) {
        missing[s] = (missing[s] as number) - 1;
        if (missing[s] === 0 && this.laterFound(s, texts)) return true;
      }
    }
    return false;
  }

  /** Whether the needles of set `s` the pattern leaves out are in `texts` too. */
  private laterFound(s: number, texts: readonly string[]): boolean {
    for (const i of this.later[s] as number[]) {
      if (this.state[i] === UNKNOWN) {
        const alone = this.alone[i] as RegExp;
        this.state[i] = texts.some((text) => alone.test(text)) ? PRESENT : ABSENT;
      }
      if (this.state[i] === ABSENT) return false;
    }
    return true;
  }

  /** The word at `start` as written, up to its `longest`-th letter or digit. */
  private wordStart(text: string, start: number): string {
    let end = start;
    let atoms = 0;
    while (end < text.length && atoms < this.longest) {
      const c = text.charCodeAt(end);
      if (isLetterOrDigit(c)) atoms++;
      else if (!isJoiner(c)) break;
      end++;
    }
    return text.slice(start, end);
  }

  /** The needles that start a word beginning with `written`. */
  private needlesAt(written: string): number[] {
    let result = this.at.get(written);
    if (result === undefined) {
      const plain = written.replace(JOINER, "").toLowerCase();
      result = [];
      this.needles.forEach((needle, i) => {
        if (
          needle.length <= plain.length &&
          needle.every((atom, k) => atomMatches(atom, plain.charAt(k)))
        )
          result?.push(i);
      });
      // Joiners make spellings without end ("u.s", "u..s"): the memo is emptied when large.
      if (this.at.size >= MEMO_LIMIT) this.at.clear();
      this.at.set(written, result);
    }
    return result;
  }
}
