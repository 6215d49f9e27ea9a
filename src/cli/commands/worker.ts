import type { Command } from "commander";
import { startApp } from "../../app.js";
import { defaultParts } from "../../app-parts.js";
import { createLogger } from "../../logger.js";
import type { CliContext } from "../cli-context.js";
import { untilSignal } from "../run-until-signal.js";

export function registerWorkerCommand(program: Command, context: CliContext): void {
  program
    .command("worker")
    .description(
      "run workers only, to add capacity; several may run on several machines with DATABASE_URL and REDIS_URL",
    )
    .action(async () => {
      const config = context.config();
      const logger = createLogger(config.logLevel);
      const app = await startApp({
        config,
        logger,
        role: "worker",
        parts: defaultParts(config, "worker"),
      });
      if (app.db.kind === "embedded") {
        logger.info(
          { owner: app.ownsDatabase ? "this process" : "another newswire process" },
          "worker: running on the embedded database on this machine; to add workers on other machines, point DATABASE_URL at a PostgreSQL server (and REDIS_URL at Redis) on every machine",
        );
      } else {
        logger.info({ queue: app.queue.server }, "worker: started");
      }
      const signal = await untilSignal(() => process.exit(1));
      logger.info({ signal }, "worker: stopping; letting running jobs finish");
      await app.stop();
      logger.info("worker: stopped");
    });
}
