import { type App, startApp } from "../app.js";
import { createLogger } from "../logger.js";
import type { CliContext } from "./cli-context.js";

/**
 * Runs `fn` with the store and the queue open (no workers, no HTTP): through
 * the running owner on the embedded database, or as its owner for this run.
 */
export async function withApp<T>(context: CliContext, fn: (app: App) => Promise<T>): Promise<T> {
  const config = context.config();
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
  const app = await startApp({ config, logger, role: "client" });
  try {
    return await fn(app);
  } finally {
    await app.stop();
  }
}
