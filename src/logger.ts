import { type Logger, pino } from "pino";

/**
 * Structured logs (DESIGN.md §4): one event per line, fixed snake_case keys
 * (feed_id, feed_url, channel, subscription_id, job_id, digest_id).
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { pid: process.pid } }, destination ?? process.stderr);
}

export type { Logger };
