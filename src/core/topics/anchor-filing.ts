import type { ConceptHits } from "./concept-hits.js";

/** Filed under no concept: checked against every article. */
export const NO_ANCHOR = -1;

/**
 * The reverse index of a percolator: ids (of verdicts) filed under one
 * anchor concept, or under a pair of concepts that must both be present.
 * Plain arrays rather than sets: an article walks these lists, and walking
 * an array is what a CPU does fastest; removal (an unsubscribe) pays a scan.
 */
export class AnchorFiling {
  /** Anchor concept -> ids filed under it alone. */
  private readonly single = new Map<number, number[]>();
  /** Anchor concept -> second concept -> ids filed under both. */
  private readonly pairs = new Map<number, Map<number, number[]>>();
  private readonly always: number[] = [];

  /** Files `id` under `a` (and `b` when it is not NO_ANCHOR); `a` NO_ANCHOR: always. */
  file(id: number, a: number, b: number): void {
    if (a === NO_ANCHOR) this.always.push(id);
    else if (b === NO_ANCHOR) listIn(this.single, a).push(id);
    else {
      let inner = this.pairs.get(a);
      if (!inner) {
        inner = new Map();
        this.pairs.set(a, inner);
      }
      listIn(inner, b).push(id);
    }
  }

  /** Undoes one `file` call with the same arguments. */
  unfile(id: number, a: number, b: number): void {
    if (a === NO_ANCHOR) dropFrom(this.always, id);
    else if (b === NO_ANCHOR) dropIn(this.single, a, id);
    else {
      const inner = this.pairs.get(a);
      if (!inner) return;
      dropIn(inner, b, id);
      if (inner.size === 0) this.pairs.delete(a);
    }
  }

  /**
   * The lists whose ids an article with these hits must check. An id can
   * be in several lists (a verdict with alternatives is filed under each).
   */
  listsFor(hits: ConceptHits): number[][] {
    const out: number[][] = [];
    for (const a of hits.keys()) {
      const alone = this.single.get(a);
      if (alone) out.push(alone);
      const inner = this.pairs.get(a);
      if (!inner) continue;
      // Walk whichever side is shorter: the pairs filed under `a`, or the hits.
      if (inner.size <= hits.size) {
        for (const [b, ids] of inner) if (hits.has(b)) out.push(ids);
      } else {
        for (const b of hits.keys()) {
          const ids = inner.get(b);
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

/** Swap-removes one occurrence: order within a list carries no meaning. */
function dropFrom(list: number[], id: number): void {
  const at = list.lastIndexOf(id);
  if (at < 0) return;
  list[at] = list[list.length - 1] as number;
  list.pop();
}

function dropIn(map: Map<number, number[]>, key: number, id: number): void {
  const list = map.get(key);
  if (!list) return;
  dropFrom(list, id);
  if (list.length === 0) map.delete(key);
}
