import type { Config } from "../config/schema.js";

/** What every CLI command gets: the config (read once, on first use) and the process streams. */
export interface CliContext {
  config(): Config;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** True when stdout is a terminal (progress bars, colour). */
  isTty: boolean;
}
