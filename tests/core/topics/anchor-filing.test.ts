import { describe, expect, it } from "vitest";
import {
  AnchorFiling,
  ENTRY,
  type Filing,
  guardsHold,
  NO_ANCHOR,
} from "../../../src/core/topics/anchor-filing.js";
import type { ConceptHit } from "../../../src/core/topics/concept-hits.js";

const N = NO_ANCHOR;

/** An article holding these concept ids, as the index reads it (spans do not matter here). */
interface Article {
  /** Its concept ids in filing order: these tests file each pair smaller id first. */
  ordered: number[];
  byId: Array<ConceptHit | undefined>;
}

function articleWith(...ids: number[]): Article {
  const byId: Array<ConceptHit | undefined> = [];
  for (const id of ids) byId[id] = { spans: [], summary: undefined } as unknown as ConceptHit;
  return { ordered: [...ids].sort((a, b) => a - b), byId };
}

/** The lists for an article with these concepts. */
function listsFor(filing: AnchorFiling, ...ids: number[]): number[][] {
  const { ordered, byId } = articleWith(...ids);
  return filing.listsFor(ordered, byId);
}

/** The verdict ids an article with these concepts visits: listed, and past their guards. */
function visited(filing: AnchorFiling, ...ids: number[]): number[] {
  const { ordered, byId } = articleWith(...ids);
  const out = new Set<number>();
  for (const list of filing.listsFor(ordered, byId)) {
    for (let k = 0; k < list.length; k += ENTRY) {
      if (guardsHold(list, k, byId)) out.add(list[k] as number);
    }
  }
  return [...out].sort((a, b) => a - b);
}

describe("AnchorFiling", () => {
  it("lists a verdict only when its anchors are there, and passes it only when its guards are", () => {
    const filing = new AnchorFiling();
    const where: Record<number, Filing> = {
      1: [10, N, N, N],
      2: [10, 11, N, N],
      3: [10, 11, 12, N],
      4: [10, 11, 12, 13],
      5: [N, N, N, N],
    };
    for (const [id, w] of Object.entries(where)) filing.file(Number(id), w);
    expect(visited(filing, 10)).toEqual([1, 5]);
    expect(visited(filing, 10, 11)).toEqual([1, 2, 5]);
    expect(visited(filing, 10, 11, 12)).toEqual([1, 2, 3, 5]);
    expect(visited(filing, 10, 11, 13)).toEqual([1, 2, 5]);
    expect(visited(filing, 10, 11, 12, 13)).toEqual([1, 2, 3, 4, 5]);
    expect(visited(filing, 11, 12, 13)).toEqual([5]);
  });

  it("unfiles the entry of the id, not a guard that has the same number", () => {
    const filing = new AnchorFiling();
    // Verdict 9's guard is concept 7, the same number as verdict 7 beside it.
    filing.file(7, [1, N, N, N]);
    filing.file(9, [1, N, 7, N]);
    filing.file(11, [1, N, N, N]);
    filing.unfile(7, [1, N, N, N]);
    expect(visited(filing, 1)).toEqual([11]);
    expect(visited(filing, 1, 7)).toEqual([9, 11]);
    filing.unfile(9, [1, N, 7, N]);
    filing.unfile(11, [1, N, N, N]);
    expect(listsFor(filing, 1, 7)).toEqual([]);
  });

  it("finds a pair from either side: the anchor's pairs when few, the article's hits when many", () => {
    const filing = new AnchorFiling();
    // Concept 20 anchors five pairs: more than an article of two or three
    // concepts has, so those articles probe by their own hits.
    for (const second of [21, 22, 23, 24, 25]) filing.file(second, [20, second, N, N]);
    filing.file(99, [30, 31, N, N]);
    expect(visited(filing, 20, 23)).toEqual([23]);
    expect(visited(filing, 20, 22, 25)).toEqual([22, 25]);
    // Now the article has more concepts than 20 has pairs.
    expect(visited(filing, 20, 21, 24, 26, 27, 28, 29, 30)).toEqual([21, 24]);
    expect(visited(filing, 30, 31, 20)).toEqual([99]);
    expect(visited(filing, 23, 24)).toEqual([]);
    for (const second of [21, 22, 23, 24, 25]) filing.unfile(second, [20, second, N, N]);
    expect(listsFor(filing, 20, 21, 22)).toEqual([]);
  });
});
