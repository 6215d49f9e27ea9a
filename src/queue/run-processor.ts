import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import { GiveUpError, RateLimitedError, RetryLaterError } from "./job-errors.js";

/** What our code runs for one job: the BullMQ job (data, id, attemptsMade) in, a result out. */
export type JobProcessor<T, R = unknown> = (job: Job<T>) => Promise<R>;

/**
 * Wraps a processor so our outcome errors become BullMQ's at the queue edge:
 * - `RetryLaterError`: the job is moved to delayed and `DelayedError` thrown,
 *   which BullMQ treats as "not a failure" (no attempt spent);
 * - `GiveUpError`: `UnrecoverableError`, so no further attempts are made;
 * - `RateLimitedError`: the queue is rate limited and `RateLimitError` thrown,
 *   which puts the job back to wait until the limit expires.
 */
export function runWithJobOutcomes<T, R>(
  processor: JobProcessor<T, R>,
  rateLimitQueue: () => { rateLimit(expireTimeMs: number): Promise<void> },
): (job: Job<T>, token?: string) => Promise<R> {
  return async (job, token) => {
    try {
      return await processor(job);
    } catch (error) {
      if (error instanceof RetryLaterError) {
        await job.moveToDelayed(Date.now() + error.delayMs, token);
        throw new DelayedError(error.message);
      }
      if (error instanceof GiveUpError) {
        throw new UnrecoverableError(error.message);
      }
      if (error instanceof RateLimitedError) {
        await rateLimitQueue().rateLimit(error.delayMs);
        throw Worker.RateLimitError();
      }
      throw error;
    }
  };
}
