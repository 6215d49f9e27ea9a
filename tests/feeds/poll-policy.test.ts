import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  nextPollInterval,
  type PollDecision,
  type PollHints,
  type PollHistory,
} from "../../src/feeds/poll-policy.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 0, 6, 12, 0, 0);
const bounds = { minIntervalMs: 5 * MINUTE, maxIntervalMs: 6 * HOUR, disableAfterFailures: 10 };

/** Items `gap` apart, the newest `ago` before now. */
function every(gap: number, count: number, ago = 0): number[] {
  return Array.from({ length: count }, (_, index) => NOW - ago - index * gap);
}

function history(partial: Partial<PollHistory>): PollHistory {
  return { newItemTimes: [], lastOutcome: "no-new-items", consecutiveFailures: 0, ...partial };
}

interface Case {
  name: string;
  history: PollHistory;
  hints?: PollHints;
  random?: number;
  expected: Partial<PollDecision>;
}

const cases: Case[] = [
  {
    name: "a new feed with no history and no hints is polled hourly",
    history: history({ lastOutcome: null }),
    expected: { intervalMs: HOUR, reason: "default" },
  },
  {
    name: "an hourly publisher is polled every 30 minutes",
    history: history({ newItemTimes: every(HOUR, 6) }),
    expected: { intervalMs: 30 * MINUTE, reason: "publishing-rate" },
  },
  {
    name: "timestamps in any order give the same answer",
    history: history({ newItemTimes: every(HOUR, 6).reverse() }),
    expected: { intervalMs: 30 * MINUTE, reason: "publishing-rate" },
  },
  {
    name: "the median ignores one long gap",
    history: history({ newItemTimes: [...every(HOUR, 6), NOW - 5 * HOUR - 3 * DAY] }),
    expected: { intervalMs: 30 * MINUTE },
  },
  {
    name: "a very busy feed is clamped to the minimum",
    history: history({ newItemTimes: every(2 * MINUTE, 10) }),
    expected: { intervalMs: 5 * MINUTE, reason: "publishing-rate" },
  },
  {
    name: "a weekly publisher is clamped to the maximum",
    history: history({ newItemTimes: every(7 * DAY, 4) }),
    expected: { intervalMs: 6 * HOUR },
  },
  {
    name: "items first seen together are one publication",
    history: history({
      newItemTimes: [...Array.from({ length: 10 }, (_, i) => NOW - i * 1000), NOW - 2 * HOUR],
    }),
    // One gap: from the earlier publication to the start of the batch (9 s ago).
    expected: { intervalMs: (2 * HOUR - 9_000) / 2, reason: "publishing-rate" },
  },
  {
    name: "a single publication is not a rate: default",
    history: history({ newItemTimes: [NOW - HOUR] }),
    expected: { intervalMs: HOUR, reason: "default" },
  },
  {
    name: "a feed quiet for far longer than its usual gap slows down",
    history: history({ newItemTimes: every(HOUR, 6, 20 * HOUR) }),
    expected: { intervalMs: 5 * HOUR, reason: "quiet-feed" },
  },
  {
    name: "a short lull does not slow it down",
    history: history({ newItemTimes: every(HOUR, 6, 90 * MINUTE) }),
    expected: { intervalMs: 30 * MINUTE, reason: "publishing-rate" },
  },
  {
    name: "Cache-Control max-age longer than the estimate wins",
    history: history({ newItemTimes: every(HOUR, 6) }),
    hints: { maxAgeMs: 2 * HOUR },
    expected: { intervalMs: 2 * HOUR, reason: "cache-hint" },
  },
  {
    name: "a short max-age does not speed polling up",
    history: history({ newItemTimes: every(HOUR, 6) }),
    hints: { maxAgeMs: MINUTE },
    expected: { intervalMs: 30 * MINUTE, reason: "publishing-rate" },
  },
  {
    name: "RSS ttl in minutes is a floor",
    history: history({ newItemTimes: every(HOUR, 6) }),
    hints: { ttlMinutes: 90 },
    expected: { intervalMs: 90 * MINUTE, reason: "cache-hint" },
  },
  {
    name: "a ttl beyond the maximum is held to the maximum",
    hints: { ttlMinutes: 1440 },
    history: history({}),
    expected: { intervalMs: 6 * HOUR, reason: "cache-hint" },
  },
  {
    name: "sy:updatePeriod hourly, twice, guides a feed without history",
    history: history({}),
    hints: { updatePeriod: "hourly", updateFrequency: 2 },
    expected: { intervalMs: 30 * MINUTE, reason: "declared-schedule" },
  },
  {
    name: "sy:updatePeriod daily without a frequency means once a day",
    history: history({}),
    hints: { updatePeriod: "daily" },
    expected: { intervalMs: 6 * HOUR, reason: "declared-schedule" },
  },
  {
    name: "real publishing beats the declared schedule",
    history: history({ newItemTimes: every(HOUR, 6) }),
    hints: { updatePeriod: "daily", updateFrequency: 1 },
    expected: { intervalMs: 30 * MINUTE, reason: "publishing-rate" },
  },
  {
    name: "the first failure retries after the minimum (no jitter at 0.5)",
    history: history({
      lastOutcome: "failed",
      consecutiveFailures: 1,
      newItemTimes: every(HOUR, 6),
    }),
    expected: { intervalMs: 5 * MINUTE, reason: "backoff", shouldDisable: false },
  },
  {
    name: "the third failure waits four times as long",
    history: history({ lastOutcome: "failed", consecutiveFailures: 3 }),
    expected: { intervalMs: 20 * MINUTE, reason: "backoff" },
  },
  {
    name: "jitter low end is -25%",
    history: history({ lastOutcome: "failed", consecutiveFailures: 3 }),
    random: 0,
    expected: { intervalMs: 15 * MINUTE },
  },
  {
    name: "jitter high end is +25%",
    history: history({ lastOutcome: "failed", consecutiveFailures: 3 }),
    random: 0.999_999_999,
    expected: { intervalMs: 25 * MINUTE },
  },
  {
    name: "backoff is held to the maximum",
    history: history({ lastOutcome: "failed", consecutiveFailures: 8 }),
    random: 0.999_999,
    expected: { intervalMs: 6 * HOUR, shouldDisable: false },
  },
  {
    name: "the ninth failure in a row does not disable yet",
    history: history({ lastOutcome: "failed", consecutiveFailures: 9 }),
    expected: { shouldDisable: false },
  },
  {
    name: "the tenth failure in a row disables",
    history: history({ lastOutcome: "failed", consecutiveFailures: 10 }),
    expected: { intervalMs: 6 * HOUR, shouldDisable: true },
  },
  {
    name: "Retry-After longer than the backoff is obeyed",
    history: history({ lastOutcome: "failed", consecutiveFailures: 1, retryAfterMs: 2 * HOUR }),
    expected: { intervalMs: 2 * HOUR, reason: "retry-after" },
  },
  {
    name: "Retry-After shorter than the backoff changes nothing",
    history: history({ lastOutcome: "failed", consecutiveFailures: 3, retryAfterMs: MINUTE }),
    expected: { intervalMs: 20 * MINUTE, reason: "backoff" },
  },
  {
    name: "Retry-After beyond the maximum is held to the maximum",
    history: history({ lastOutcome: "failed", consecutiveFailures: 1, retryAfterMs: 2 * DAY }),
    expected: { intervalMs: 6 * HOUR, reason: "retry-after" },
  },
];

describe("nextPollInterval", () => {
  it.each(cases.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
    const decision = nextPollInterval({
      now: NOW,
      history: entry.history,
      hints: entry.hints,
      bounds,
      random: () => entry.random ?? 0.5,
    });
    expect(decision).toMatchObject(entry.expected);
  });

  it("always stays within the bounds, whatever the history, hints and randomness", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: NOW - 400 * DAY, max: NOW }), { maxLength: 40 }),
        fc.nat({ max: 50 }),
        fc.option(fc.nat({ max: 10 * DAY })),
        fc.option(fc.nat({ max: 100_000 })),
        fc.option(fc.nat({ max: 10 * DAY })),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (times, failures, maxAgeMs, ttlMinutes, retryAfterMs, random) => {
          const decision = nextPollInterval({
            now: NOW,
            history: history({
              newItemTimes: times,
              consecutiveFailures: failures,
              lastOutcome: failures > 0 ? "failed" : "new-items",
              retryAfterMs,
            }),
            hints: { maxAgeMs, ttlMinutes },
            bounds,
            random: () => random,
          });
          expect(decision.intervalMs).toBeGreaterThanOrEqual(bounds.minIntervalMs);
          expect(decision.intervalMs).toBeLessThanOrEqual(bounds.maxIntervalMs);
          expect(Number.isInteger(decision.intervalMs)).toBe(true);
          expect(decision.shouldDisable).toBe(failures >= bounds.disableAfterFailures);
        },
      ),
    );
  });
});
