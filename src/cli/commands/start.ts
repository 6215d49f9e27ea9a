import type { Command } from "commander";
import { startApp } from "../../app.js";
import { defaultParts } from "../../app-parts.js";
import { createLogger } from "../../logger.js";
import type { CliContext } from "../cli-context.js";
import { untilSignal } from "../run-until-signal.js";

export function registerStartCommand(program: Command, context: CliContext): void {
  program
    .command("start")
    .description(
      "run everything in one process: HTTP server, chat platforms, workers and schedulers",
    )
    .action(async () => {
      const config = context.config();
      const logger = createLogger(config.logLevel);
      const app = await startApp({
        config,
        logger,
        role: "all",
        parts: defaultParts(config, "all"),
      });
      const url = `http://${app.http?.address.address === "0.0.0.0" ? "localhost" : app.http?.address.address}:${app.http?.address.port}`;
      logger.info(
        { url, database: app.db.kind, queue: app.queue.server },
        `newswire: started; serving ${url} (/healthz, /readyz, /metrics)`,
      );
      const signal = await untilSignal(() => process.exit(1));
      logger.info({ signal }, "newswire: stopping; letting running jobs finish");
      await app.stop();
      logger.info("newswire: stopped");
    });
}
