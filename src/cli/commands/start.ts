import type { Command } from "commander";
import { startApp } from "../../app.js";
import { defaultParts } from "../../app-parts.js";
import type { Config } from "../../config/schema.js";
import { createLogger } from "../../logger.js";
import { consoleColor } from "../../platforms/console/console-color.js";
import { createFeedRepository } from "../../store/feed-repository.js";
import type { CliContext } from "../cli-context.js";
import { guidedStart } from "../guided-start.js";
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
      // Starter feeds added by this start are those created from now (less a little clock slack).
      const startedAt = Date.now() - 1_000;
      // Listen for SIGTERM before anything is announced: a signal right after "running" must stop cleanly.
      const stopping = untilSignal(() => process.exit(1));
      const app = await startApp({
        config,
        logger,
        role: "all",
        parts: defaultParts(config, "all"),
      });
      const url = serverUrl(app.http?.address.address ?? "localhost", app.http?.address.port ?? 0);
      logger.info(
        { url, database: app.db.kind, queue: app.queue.server },
        `newswire: started; serving ${url} (/healthz, /readyz, /metrics)`,
      );
      const feeds = await createFeedRepository(app.db).list();
      context.stdout.write(
        guidedStart(
          {
            url,
            slack: slackConfigured(config),
            discord: discordConfigured(config),
            feeds: feeds.filter((f) => f.status !== "disabled").length,
            starterAdded: feeds.filter((f) => f.starter && f.createdAt.getTime() >= startedAt)
              .length,
          },
          { color: consoleColor({ isTty: context.isTty, env: process.env }) },
        ),
      );
      const signal = await stopping;
      logger.info({ signal }, "newswire: stopping; letting running jobs finish");
      await app.stop();
      logger.info("newswire: stopped");
    });
}

/** As the platforms part decides: a bot token with a signing secret (HTTP) or an app token (Socket Mode). */
function slackConfigured(config: Config): boolean {
  const { botToken, signingSecret, appToken } = config.slack;
  return Boolean(botToken && (signingSecret || appToken));
}

function discordConfigured(config: Config): boolean {
  return Boolean(config.discord.token && config.discord.applicationId);
}

/** A browsable URL for the listening address: wildcard addresses become localhost, IPv6 is bracketed. */
function serverUrl(address: string, port: number): string {
  const host =
    address === "0.0.0.0" || address === "::"
      ? "localhost"
      : address.includes(":")
        ? `[${address}]`
        : address;
  return `http://${host}:${port}`;
}
