import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import { GiveUpError, RateLimitedError, RetryLaterError } from "./job-errors.js";

/**
 * What our code runs for one job: the BullMQ job (data, id, attemptsMade) in,
 * a result out. `signal` aborts when the process is shutting down and the
 * grace period is over: stop, and the job is put back to run again later.
 */
export type JobProcessor<T, R = unknown> = (job: Job<T>, signal: AbortSignal) => Promise<R>;

/**
 * Wraps a processor so our outcome errors become BullMQ's at the queue edge:
 * - `RetryLaterError`: the job is moved to delayed and `DelayedError` thrown,
 *   which BullMQ treats as "not a failure" (no attempt spent);
 * - `GiveUpError`: `UnrecoverableError`, so no further attempts are made;
 * - `RateLimitedError`: the queue is rate limited and `RateLimitError` thrown,
 *   which puts the job back to wait until the limit expires;
 * - anything thrown after shutdown aborted the job: back to wait at once,
 *   no attempt spent (it did not fail, we stopped it).
 */
export function runWithJobOutcomes<T, R>(
  processor: JobProcessor<T, R>,
  rateLimitQueue: () => { rateLimit(expireTimeMs: number): Promise<void> },
): (job: Job<T>, token?: string, signal?: AbortSignal) => Promise<R> {
  return async (job, token, signal) => {
    const abort = signal ?? new AbortController().signal;
    try {
      return await processor(job, abort);
    } catch (error) {
      if (abort.aborted) {
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError("stopped by shutdown; will run again");
      }
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
