/**
 * At most `perHost` requests in flight to one host, the rest wait in order of
 * arrival. Being polite to a publisher is per host, not per feed: one site
 * often serves dozens of feeds (one per section).
 */
export interface HostLimiter {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
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

  const acquire = async (host: string): Promise<void> => {
    let slot = slots.get(host);
    if (slot === undefined) {
      slot = { active: 0, waiting: [] };
      slots.set(host, slot);
    }
    if (slot.active < perHost) {
      slot.active += 1;
      return;
    }
    // The releasing task hands its place over directly (active stays the same),
    // so a late arrival cannot overtake one that was already waiting.
    await new Promise<void>((resolve) => slot.waiting.push(resolve));
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
    async run(host, task) {
      const key = host.toLowerCase();
      await acquire(key);
      try {
        return await task();
      } finally {
        release(key);
      }
    },
  };
}
