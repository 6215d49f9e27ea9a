import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "pino";

/**
 * Bolt and @slack/web-api log through their own Logger interface; this hands
 * their lines to our pino logger (one event per line, DESIGN.md §4) instead of
 * their default console logger.
 */
export function createBoltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: "slack" });
  let level: LogLevel = LogLevel.INFO;
  // Bolt calls these with any mix of strings, errors and objects.
  const line = (args: unknown[]): [Record<string, unknown>, string] => {
    const err = args.find((arg) => arg instanceof Error);
    const text = args
      .filter((arg) => !(arg instanceof Error))
      .map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg)))
      .join(" ");
    return [err === undefined ? {} : { err }, `slack: ${text}`];
  };
  return {
    debug: (...args: unknown[]) => child.debug(...line(args)),
    info: (...args: unknown[]) => child.info(...line(args)),
    warn: (...args: unknown[]) => child.warn(...line(args)),
    error: (...args: unknown[]) => child.error(...line(args)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
