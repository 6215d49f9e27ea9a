/** Polls `fn` until it gives a value (not null or undefined); fails naming `what` after `timeoutMs`. */
export async function waitForValue<T>(
  what: string,
  fn: () => T | null | undefined | Promise<T | null | undefined>,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
