import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { CommandHandler } from "../../core/chat-platform.js";
import type { CommandRequest } from "../../core/commands/command-request.js";
import type { Reply } from "../../core/commands/reply-model.js";
import { isUserError } from "../../core/errors.js";

/**
 * Runs the core's handler and always comes back with a Reply: a UserError
 * becomes its message and hint; anything else is logged with an id and the
 * person sees a short apology carrying that id (DESIGN.md §4).
 */
export async function runCommandHandler(
  handleCommand: CommandHandler,
  request: CommandRequest,
  logger: Logger,
): Promise<Reply> {
  try {
    return await handleCommand(request);
  } catch (error) {
    if (isUserError(error)) {
      return {
        visibility: "private",
        summary: error.message,
        blocks: [
          { kind: "error", message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
        ],
      };
    }
    const errorId = randomUUID().slice(0, 8);
    logger.error(
      { err: error, error_id: errorId, channel: request.channel, user_id: request.userId },
      "slack: command handler failed",
    );
    const message = `Sorry, something went wrong (error id ${errorId}).`;
    return { visibility: "private", summary: message, blocks: [{ kind: "error", message }] };
  }
}
