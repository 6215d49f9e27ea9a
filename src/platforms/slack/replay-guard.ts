/**
 * Slack signs `v0:{timestamp}:{body}` and asks receivers to refuse timestamps
 * older than five minutes (https://docs.slack.dev/authentication/verifying-requests-from-slack).
 * Within those five minutes a captured request would verify again; this
 * remembers the signatures of verified requests for the window, so a replay
 * is refused too. Slack's own retries are new requests with new timestamps.
 */
export interface ReplayGuard {
  /** True when this signature was already seen in the window; records it otherwise. */
  seenBefore(signature: string, nowMs?: number): boolean;
}

export function createReplayGuard(windowMs = 5 * 60_000): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    seenBefore(signature, nowMs = Date.now()) {
      for (const [key, at] of seen) {
        // Insertion order is time order: stop at the first fresh entry.
        if (nowMs - at <= windowMs) break;
        seen.delete(key);
      }
      if (seen.has(signature)) return true;
      seen.set(signature, nowMs);
      return false;
    },
  };
}
