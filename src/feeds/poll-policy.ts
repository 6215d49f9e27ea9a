/**
 * When to poll a feed next: pure, with time and randomness passed in
 * (DESIGN.md §4). A feed is polled about twice per gap between its
 * publications, never sooner than the server's own caching hints allow, and
 * always within [minIntervalMs, maxIntervalMs]; failures back off
 * exponentially with jitter, Retry-After is obeyed, and a feed that fails
 * `disableAfterFailures` times in a row should be disabled.
 */

export interface PollHistory {
  /**
   * When new items appeared, in ms since the epoch, any order: an item's
   * published date when plausible, else when it was first seen. The last few
   * dozen are plenty.
   */
  newItemTimes: readonly number[];
  lastOutcome: "new-items" | "no-new-items" | "not-modified" | "failed" | null;
  consecutiveFailures: number;
  /** From Retry-After on the last failure (429/503), if any. */
  retryAfterMs?: number | null;
}

export interface PollHints {
  /** Cache-Control max-age / Expires of the last answer (FetchResult.maxAgeMs). */
  maxAgeMs?: number | null;
  /** RSS 2.0 `<ttl>`: minutes the channel may be cached before refreshing. */
  ttlMinutes?: number | null;
  /** RSS 1.0 Syndication module: `sy:updatePeriod` and `sy:updateFrequency` (times per period, default 1). */
  updatePeriod?: "hourly" | "daily" | "weekly" | "monthly" | "yearly" | null;
  updateFrequency?: number | null;
}

export interface PollBounds {
  minIntervalMs: number;
  maxIntervalMs: number;
  disableAfterFailures: number;
}

export type PollReason =
  | "backoff"
  | "retry-after"
  | "publishing-rate"
  | "quiet-feed"
  | "cache-hint"
  | "declared-schedule"
  | "default";

export interface PollDecision {
  intervalMs: number;
  shouldDisable: boolean;
  /** What decided the interval (before clamping), for logs and `feeds list`. */
  reason: PollReason;
}

export interface PollInput {
  now: number;
  history: PollHistory;
  hints?: PollHints;
  bounds: PollBounds;
  /** A number in [0, 1), e.g. Math.random; spreads retries of many failing feeds apart. */
  random: () => number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Without history or hints: hourly, a common publishing rhythm for news. */
const DEFAULT_INTERVAL_MS = HOUR;
/** Items first seen within this window are one publication (a batch). */
const SAME_EVENT_MS = MINUTE;
/** The gaps looked at: recent behaviour matters, old history less. */
const RECENT_GAPS = 20;
const SY_PERIOD_MS = {
  hourly: HOUR,
  daily: 24 * HOUR,
  weekly: 7 * 24 * HOUR,
  monthly: 30 * 24 * HOUR,
  yearly: 365 * 24 * HOUR,
} as const;

export function nextPollInterval(input: PollInput): PollDecision {
  const { history, bounds } = input;
  const hints = input.hints ?? {};
  const clamp = (ms: number): number =>
    Math.min(bounds.maxIntervalMs, Math.max(bounds.minIntervalMs, Math.round(ms)));
  const shouldDisable = history.consecutiveFailures >= bounds.disableAfterFailures;

  if (history.consecutiveFailures > 0) {
    // Exponential backoff from the minimum, with ±25% jitter so feeds that
    // failed together (one host down) do not come back in lockstep.
    const exponent = Math.min(history.consecutiveFailures - 1, 30);
    const base = Math.min(bounds.maxIntervalMs, bounds.minIntervalMs * 2 ** exponent);
    const jittered = base * (0.75 + 0.5 * input.random());
    const retryAfter = history.retryAfterMs ?? 0;
    if (retryAfter > jittered) {
      return { intervalMs: clamp(retryAfter), shouldDisable, reason: "retry-after" };
    }
    return { intervalMs: clamp(jittered), shouldDisable, reason: "backoff" };
  }

  let estimate: number;
  let reason: PollReason;
  const activity = activityEstimate(history.newItemTimes, input.now);
  const declared = declaredInterval(hints);
  if (activity !== null) {
    ({ estimate, reason } = activity);
  } else if (declared !== null) {
    estimate = declared;
    reason = "declared-schedule";
  } else {
    estimate = DEFAULT_INTERVAL_MS;
    reason = "default";
  }

  // Polling before the server's own cache lifetime ends fetches the same copy
  // again (RFC 9111 §4.2), and <ttl> asks the same (RSS 2.0 spec, "ttl").
  const cacheFloor = Math.max(hints.maxAgeMs ?? 0, (hints.ttlMinutes ?? 0) * MINUTE);
  if (cacheFloor > estimate) {
    estimate = cacheFloor;
    reason = "cache-hint";
  }
  return { intervalMs: clamp(estimate), shouldDisable, reason };
}

/**
 * Half the median gap between publications (so a new item waits on average
 * a quarter of a gap). When the feed has been quiet for much longer than its
 * usual gap, the quiet counts too: a quarter of the silence so far, so a
 * feed that stopped publishing drifts towards the maximum interval.
 */
function activityEstimate(
  times: readonly number[],
  now: number,
): { estimate: number; reason: PollReason } | null {
  const events: number[] = [];
  for (const time of [...times].filter(Number.isFinite).sort((a, b) => a - b)) {
    const last = events[events.length - 1];
    if (last === undefined || time - last >= SAME_EVENT_MS) events.push(time);
  }
  if (events.length < 2) return null;
  const recent = events.slice(-(RECENT_GAPS + 1));
  const gaps = recent.slice(1).map((time, index) => time - (recent[index] as number));
  const median = medianOf(gaps);
  const silence = now - (recent[recent.length - 1] as number);
  if (silence > 2 * median && silence / 4 > median / 2) {
    return { estimate: silence / 4, reason: "quiet-feed" };
  }
  return { estimate: median / 2, reason: "publishing-rate" };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** sy:updatePeriod / sy:updateFrequency: "updates N times per period". */
function declaredInterval(hints: PollHints): number | null {
  if (!hints.updatePeriod) return null;
  const period = SY_PERIOD_MS[hints.updatePeriod];
  const frequency = hints.updateFrequency && hints.updateFrequency > 0 ? hints.updateFrequency : 1;
  return period / frequency;
}
