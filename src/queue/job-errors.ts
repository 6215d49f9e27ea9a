/**
 * What a job processor throws to say how its failure should be handled. Our
 * processors throw these (they know nothing of BullMQ); the queue edge maps
 * them to BullMQ's own errors in run-processor.ts. Any other error is an
 * ordinary failure: retried with the job's backoff until its attempts run out.
 */

/** Run the job again after `delayMs`, without spending one of its attempts (e.g. a 429 with Retry-After). */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
  readonly delayMs: number;
  constructor(delayMs: number, reason: string) {
    super(reason);
    this.delayMs = Math.max(0, Math.ceil(delayMs));
  }
}

/** Do not retry: the job can never succeed (unknown channel, feed removed). */
export class GiveUpError extends Error {
  override readonly name = "GiveUpError";
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** The whole queue must wait `delayMs` (a platform-wide rate limit); this job goes back to wait. */
export class RateLimitedError extends Error {
  override readonly name = "RateLimitedError";
  readonly delayMs: number;
  constructor(delayMs: number, reason: string) {
    super(reason);
    this.delayMs = Math.max(0, Math.ceil(delayMs));
  }
}

export function retryLater(delayMs: number, reason = `retry in ${delayMs} ms`): RetryLaterError {
  return new RetryLaterError(delayMs, reason);
}

export function giveUp(reason: string, cause?: unknown): GiveUpError {
  return new GiveUpError(reason, cause === undefined ? {} : { cause });
}

export function rateLimited(
  delayMs: number,
  reason = `rate limited for ${delayMs} ms`,
): RateLimitedError {
  return new RateLimitedError(delayMs, reason);
}
