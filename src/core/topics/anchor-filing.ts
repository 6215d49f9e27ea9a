import type { HitLookup } from "./concept-hits.js";

/** Filed under no concept: checked against every article; as a guard: no guard. */
export const NO_ANCHOR = -1;

/** A list entry: the verdict's id, then two guard concepts (or NO_ANCHOR). */
export const ENTRY = 3;

/** Where one verdict is filed: its anchors and guards (NO_ANCHOR where it has none). */
export type Filing = readonly [a: number, b: number, guard1: number, guard2: number];

/**
 * Whether the entry at `k` of a list can hold for an article with these hits:
 * its guards (the next rarest concepts it requires after its anchors) are
 * there. Read from the list and the article's hits alone, this spares the
 * verdict's own cell, a memory read far away, for most topics of three or
 * four concepts that an article has only two of.
 */
export function guardsHold(list: readonly number[], k: number, hits: HitLookup): boolean {
  const g1 = list[k + 1] as number;
  if (g1 === NO_ANCHOR) return true;
  if (hits[g1] === undefined) return false;
  const g2 = list[k + 2] as number;
  return g2 === NO_ANCHOR || hits[g2] !== undefined;
}

/**
 * The reverse index of a percolator: ids (of verdicts) filed under one
 * anchor concept, or under a pair of concepts that must both be present,
 * each with up to two guard concepts that must be present too.
 * Plain arrays rather than sets: an article walks these lists, and walking
 * an array is what a CPU does fastest; removal (an unsubscribe) pays a scan.
 */
export class AnchorFiling {
  /**
   * By anchor concept id: the ids filed under it alone. Concept ids are
   * dense, so an array read replaces a hash lookup for each of an article's
   * concepts.
   */
  private readonly single: Array<number[] | undefined> = [];
  /** By anchor concept id: second concept -> ids filed under both. */
  private readonly pairs: Array<Map<number, number[]> | undefined> = [];
  private readonly always: number[] = [];

  /**
   * Files `id` under `a` (and `b` when it is not NO_ANCHOR); `a` NO_ANCHOR:
   * always. `a` comes before `b` in the order listsFor is given concepts in.
   */
  file(id: number, [a, b, guard1, guard2]: Filing): void {
    this.listOf(a, b).push(id, guard1, guard2);
  }

  private listOf(a: number, b: number): number[] {
    if (a === NO_ANCHOR) return this.always;
    if (b === NO_ANCHOR) {
      // Grown one by one, the array stays a fast (not a dictionary) array.
      while (this.single.length <= a) this.single.push(undefined);
      let list = this.single[a];
      if (!list) {
        list = [];
        this.single[a] = list;
      }
      return list;
    }
    while (this.pairs.length <= a) this.pairs.push(undefined);
    let inner = this.pairs[a];
    if (!inner) {
      inner = new Map();
      this.pairs[a] = inner;
    }
    return listIn(inner, b);
  }

  /** Undoes one `file` call with the same arguments. */
  unfile(id: number, [a, b]: Filing): void {
    if (a === NO_ANCHOR) dropFrom(this.always, id);
    else if (b === NO_ANCHOR) {
      const list = this.single[a];
      if (!list) return;
      dropFrom(list, id);
      if (list.length === 0) this.single[a] = undefined;
    } else {
      const inner = this.pairs[a];
      if (!inner) return;
      dropIn(inner, b, id);
      if (inner.size === 0) this.pairs[a] = undefined;
    }
  }

  /**
   * The lists whose entries (ENTRY numbers each: see guardsHold) an article
   * must check, given its concepts' ids in the order pairs were filed in
   * (each pair's first before its second) and its hits by concept id. An id
   * can be in several lists (a verdict with alternatives is filed under each).
   */
  listsFor(ordered: readonly number[], byId: HitLookup): number[][] {
    const out: number[][] = [];
    const n = ordered.length;
    for (let i = 0; i < n; i++) {
      const a = ordered[i] as number;
      const alone = this.single[a];
      if (alone) out.push(alone);
      const inner = this.pairs[a];
      if (!inner) continue;
      // A pair's second concept comes after `a`: walk whichever side is
      // shorter, the pairs filed under `a` or the article's concepts after it.
      if (inner.size <= n - i - 1) {
        for (const [b, ids] of inner) if (byId[b] !== undefined) out.push(ids);
      } else {
        for (let j = i + 1; j < n; j++) {
          const ids = inner.get(ordered[j] as number);
          if (ids) out.push(ids);
        }
      }
    }
    if (this.always.length > 0) out.push(this.always);
    return out;
  }
}

function listIn(map: Map<number, number[]>, key: number): number[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

/** Swap-removes one entry of `id`: order within a list carries no meaning. */
function dropFrom(list: number[], id: number): void {
  let at = list.length - ENTRY;
  while (at >= 0 && list[at] !== id) at -= ENTRY;
  if (at < 0) return;
  const last = list.length - ENTRY;
  for (let k = 0; k < ENTRY; k++) list[at + k] = list[last + k] as number;
  list.length = last;
}

function dropIn(map: Map<number, number[]>, key: number, id: number): void {
  const list = map.get(key);
  if (!list) return;
  dropFrom(list, id);
  if (list.length === 0) map.delete(key);
}
