import type { Command } from "commander";
import { commandHandlerFor, digestNow } from "../app-handlers.js";
import type { CliContext } from "./cli-context.js";
import { registerChatCommand } from "./commands/chat.js";
import { registerDigestCommand } from "./commands/digest.js";
import { registerFeedsCommand } from "./commands/feeds.js";
import { registerMatchCommand } from "./commands/match.js";
import { registerMigrateCommand } from "./commands/migrate.js";
import { registerPollCommand } from "./commands/poll.js";
import { registerRecentCommand } from "./commands/recent.js";
import { registerStartCommand } from "./commands/start.js";
import { registerSubscriptionsCommands } from "./commands/subscriptions.js";
import { registerWorkerCommand } from "./commands/worker.js";

/**
 * Every verb of the `newswire` command. Each lives in commands/<verb>.ts and
 * exports `register…Command(program, context)`.
 */
export function registerCommands(program: Command, context: CliContext): void {
  registerStartCommand(program, context);
  registerWorkerCommand(program, context);
  registerMigrateCommand(program, context);
  registerFeedsCommand(program, context);
  registerPollCommand(program, context);
  registerRecentCommand(program, context);
  registerMatchCommand(program, context);
  registerSubscriptionsCommands(program, context);
  registerDigestCommand(program, context, { buildDigestNow: digestNow });
  registerChatCommand(program, context, { handlerFor: commandHandlerFor });
}
