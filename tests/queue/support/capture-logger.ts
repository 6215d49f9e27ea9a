import pino, { type Logger } from "pino";

export interface CapturedLog {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose lines are kept for the test to read. */
export function captureLogger(level: pino.Level = "debug"): {
  logger: Logger;
  lines: CapturedLog[];
} {
  const lines: CapturedLog[] = [];
  const logger = pino(
    { level },
    {
      write(line: string) {
        lines.push(JSON.parse(line) as CapturedLog);
      },
    },
  );
  return { logger, lines };
}
