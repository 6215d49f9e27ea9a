import { tokenizeWords } from "../text/focus-matcher.js";
import { bigIntToFingerprint, type Fingerprint, hammingDistance, simhashParts } from "./simhash.js";

/**
 * Groups items that tell the same story: the same canonical URL, or a
 * title-and-lead fingerprint within a few bits, or titles that share most of
 * their words (outlets retitle wire copy lightly). Comparison is pairwise,
 * which is fine for one subscription's undelivered matches (hundreds at most).
 */
export interface StoryCandidate {
  /** Canonical URL (see canonical-url.ts); null when the item has no link. */
  canonicalUrl: string | null;
  title: string;
  /** The opening of the article's text; a few hundred characters are enough. */
  lead: string;
  /** `storyFingerprint(title, lead)` when already known (stored with the article). */
  fingerprint?: Fingerprint | bigint;
}

/** The fingerprint clustering compares: title and the first few hundred characters of text. */
export function storyFingerprint(title: string, lead: string): Fingerprint {
  return simhashParts(`${title}\n${lead.slice(0, LEAD_CHARS)}`);
}

export interface ClusterOptions {
  /** Fingerprints at most this many bits apart are one story. */
  maxDistance?: number;
  /** Titles whose word sets overlap at least this much (Jaccard) are one story. */
  minTitleJaccard?: number;
}

export const DEFAULT_MAX_DISTANCE = 3;
export const DEFAULT_MIN_TITLE_JACCARD = 0.7;
/** Fewer title words than this and a Jaccard score means little ("Live updates"). */
const MIN_TITLE_WORDS = 4;
const LEAD_CHARS = 300;

/** Returns groups of indexes into `items`, each ascending, ordered by their first index. */
export function clusterStories(
  items: readonly StoryCandidate[],
  options: ClusterOptions = {},
): number[][] {
  const maxDistance = options.maxDistance ?? DEFAULT_MAX_DISTANCE;
  const minJaccard = options.minTitleJaccard ?? DEFAULT_MIN_TITLE_JACCARD;
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const next = parent[i] as number;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const byUrl = new Map<string, number>();
  items.forEach((item, i) => {
    if (item.canonicalUrl === null || item.canonicalUrl === "") return;
    const first = byUrl.get(item.canonicalUrl);
    if (first === undefined) byUrl.set(item.canonicalUrl, i);
    else union(first, i);
  });

  const prints: Fingerprint[] = items.map((item) => {
    if (item.fingerprint === undefined) return storyFingerprint(item.title, item.lead);
    return typeof item.fingerprint === "bigint"
      ? bigIntToFingerprint(item.fingerprint)
      : item.fingerprint;
  });
  const titles = items.map((item) => new Set(tokenizeWords(item.title)));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (find(i) === find(j)) continue;
      const a = titles[i] as Set<string>;
      const b = titles[j] as Set<string>;
      if (
        hammingDistance(prints[i] as Fingerprint, prints[j] as Fingerprint) <= maxDistance ||
        // Jaccard cannot exceed smaller/larger: skip the set walk for lopsided pairs.
        (Math.min(a.size, b.size) >= minJaccard * Math.max(a.size, b.size) &&
          titleJaccard(a, b) >= minJaccard)
      ) {
        union(i, j);
      }
    }
  }

  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [i]);
    else group.push(i);
  });
  return [...groups.values()].sort((a, b) => (a[0] as number) - (b[0] as number));
}

export function titleJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (Math.min(a.size, b.size) < MIN_TITLE_WORDS) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}
