import type { Command } from "commander";
import { createLogger } from "../../logger.js";
import { migrate } from "../../store/migrate.js";
import { openDatabase } from "../../store/open-database.js";
import type { CliContext } from "../cli-context.js";

export function registerMigrateCommand(program: Command, context: CliContext): void {
  program
    .command("migrate")
    .description(
      "apply database migrations (start does it too); through the running owner on the embedded database",
    )
    .action(async () => {
      const config = context.config();
      const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
      const opened = await openDatabase(config, { logger });
      try {
        const applied = await migrate(opened.db);
        const where =
          opened.db.kind === "server"
            ? "PostgreSQL"
            : opened.owner
              ? "the embedded database"
              : `the embedded database (through newswire process ${opened.via?.pid})`;
        context.stdout.write(
          applied.length === 0
            ? `migrate: ${where} is up to date\n`
            : `migrate: applied ${applied.map((m) => `${String(m.version).padStart(3, "0")}-${m.name}`).join(", ")} to ${where}\n`,
        );
      } finally {
        await opened.close();
      }
    });
}
