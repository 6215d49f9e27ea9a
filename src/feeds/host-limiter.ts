/**
 * At most `perHost` requests in flight to one host, the rest wait in order of
 * arrival. Being polite to a publisher is per host, not per feed: one site
 * often serves dozens of feeds (one per section).
 */
export interface HostLimiter {
  /**
   * Run `task` once a slot for `host` is free. Aborting `signal` while queued
   * leaves the queue and rejects with the signal's reason.
   */
  run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

interface HostSlot {
  active: number;
  waiting: Array<() => void>;
}

export function createHostLimiter(perHost: number): HostLimiter {
  if (!Number.isInteger(perHost) || perHost < 1) {
    throw new RangeError(`host limiter: perHost must be a positive integer, got ${perHost}`);
  }
  const slots = new Map<string, HostSlot>();

  const acquire = (host: string, signal: AbortSignal | undefined): Promise<void> => {
    let slot = slots.get(host);
    if (slot === undefined) {
      slot = { active: 0, waiting: [] };
      slots.set(host, slot);
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (slot.active < perHost) {
      slot.active += 1;
      return Promise.resolve();
    }
    // The releasing task hands its place over directly (active stays the same),
    // so a late arrival cannot overtake one that was already waiting.
    const queue = slot.waiting;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = queue.indexOf(grant);
        if (index !== -1) queue.splice(index, 1);
        reject(signal?.reason);
      };
      const grant = (): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      queue.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };

  const release = (host: string): void => {
    const slot = slots.get(host);
    if (slot === undefined) return;
    const next = slot.waiting.shift();
    if (next !== undefined) {
      next();
      return;
    }
    slot.active -= 1;
    if (slot.active === 0) slots.delete(host);
  };

  return {
    async run(host, task, signal) {
      const key = host.toLowerCase();
      await acquire(key, signal);
      try {
        return await task();
      } finally {
        release(key);
      }
    },
  };
}
