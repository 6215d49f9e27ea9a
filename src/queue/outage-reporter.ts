import type { Logger } from "pino";
import { connectionErrorCode } from "./unreachable-error.js";

/**
 * Turns a stream of connection errors into two log lines: one when the server
 * becomes unreachable and one when it is back. ioredis emits an error per
 * reconnect attempt and BullMQ re-emits them from every worker, so without
 * this an outage of a minute writes hundreds of lines. While the outage lasts
 * a reminder goes out at most every `remindEveryMs`.
 */
export interface OutageReporter {
  /** A connection error was seen; logs only if the server was considered up. */
  down(error: unknown): void;
  /** The server answered; logs only if it was considered down. */
  up(): void;
  readonly reachable: boolean;
}

export function createOutageReporter(options: {
  /** "Redis at redis://127.0.0.1:6379" */
  server: string;
  logger: Logger;
  remindEveryMs?: number;
  now?: () => number;
}): OutageReporter {
  const now = options.now ?? Date.now;
  const remindEveryMs = options.remindEveryMs ?? 5 * 60_000;
  let reachable = true;
  let downSince = 0;
  let lastReminder = 0;
  let suppressed = 0;
  return {
    get reachable() {
      return reachable;
    },
    down(error) {
      const reason = connectionErrorCode(error);
      if (reachable) {
        reachable = false;
        downSince = now();
        lastReminder = downSince;
        suppressed = 0;
        options.logger.warn(
          { reason },
          `queue: ${options.server} is unreachable (${reason}); retrying`,
        );
        return;
      }
      suppressed += 1;
      if (now() - lastReminder >= remindEveryMs) {
        lastReminder = now();
        options.logger.warn(
          { reason, down_ms: now() - downSince, errors_suppressed: suppressed },
          `queue: ${options.server} is still unreachable (${reason})`,
        );
        suppressed = 0;
      }
    },
    up() {
      if (reachable) return;
      reachable = true;
      options.logger.info(
        { down_ms: now() - downSince },
        `queue: ${options.server} is reachable again`,
      );
    },
  };
}
