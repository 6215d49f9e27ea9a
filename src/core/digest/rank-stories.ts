/**
 * Ranking for a digest topic: relevance decays with age, and an outlet that
 * already has items in the topic is pushed down, so one prolific feed cannot
 * fill a digest on its own.
 */
export const HOUR_MS = 3_600_000;
export const DEFAULT_HALF_LIFE_MS = 24 * HOUR_MS;
/** Each earlier pick from the same source multiplies a story's rank by this. */
export const SOURCE_REPEAT_PENALTY = 0.6;
/** Coverage by other outlets signals importance: a small boost per extra source, capped. */
const COVERAGE_BOOST = 0.1;
const MAX_COVERAGE_BOOSTED = 3;

/** Exponential decay: an item `halfLifeMs` old counts half. Future times count as now. */
export function recencyWeight(ageMs: number, halfLifeMs = DEFAULT_HALF_LIFE_MS): number {
  return 0.5 ** (Math.max(0, ageMs) / halfLifeMs);
}

export function coverageBoost(otherSources: number): number {
  return 1 + COVERAGE_BOOST * Math.min(otherSources, MAX_COVERAGE_BOOSTED);
}

export interface Rankable {
  rank: number;
  source: string;
}

/**
 * Greedy pick of up to `limit` items by rank, each pick's rank discounted by
 * how many items its source already has. Returns indexes in pick order.
 */
export function pickDiverse(items: readonly Rankable[], limit: number): number[] {
  const picked: number[] = [];
  const taken = new Uint8Array(items.length);
  const perSource = new Map<string, number>();
  while (picked.length < Math.min(limit, items.length)) {
    let best = -1;
    let bestRank = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < items.length; i++) {
      if (taken[i] === 1) continue;
      const item = items[i] as Rankable;
      const effective = item.rank * SOURCE_REPEAT_PENALTY ** (perSource.get(item.source) ?? 0);
      if (effective > bestRank) {
        best = i;
        bestRank = effective;
      }
    }
    taken[best] = 1;
    picked.push(best);
    const source = (items[best] as Rankable).source;
    perSource.set(source, (perSource.get(source) ?? 0) + 1);
  }
  return picked;
}
