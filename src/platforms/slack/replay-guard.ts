/**
 * Slack signs `v0:{timestamp}:{body}` and asks receivers to refuse timestamps
 * older than five minutes (https://docs.slack.dev/authentication/verifying-requests-from-slack).
 * Within those five minutes a captured request would verify again; this
 * remembers the signatures of verified requests for the window, so a replay
 * is refused too. Slack's own retries are new requests with new timestamps.
 */
export interface ReplayGuard {
  /** True when this key (a signature, an event id) was already seen in the window; records it otherwise. */
  seenBefore(key: string, nowMs?: number): boolean;
}

export function createReplayGuard(windowMs = 5 * 60_000, maxEntries = 100_000): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    seenBefore(key, nowMs = Date.now()) {
      for (const [old, at] of seen) {
        // Insertion order is time order: stop at the first fresh entry.
        if (nowMs - at <= windowMs) break;
        seen.delete(old);
      }
      if (seen.has(key)) return true;
      // A flood of valid requests cannot grow it without bound.
      if (seen.size >= maxEntries) {
        const oldest = seen.keys().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
      seen.set(key, nowMs);
      return false;
    },
  };
}
