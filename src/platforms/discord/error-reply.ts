import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Reply } from "../../core/commands/reply-model.js";
import { isUserError } from "../../core/errors.js";

/**
 * A handler's failure as a private reply (DESIGN.md §4): a `UserError` says
 * what to type instead; anything else is logged with an id, and the person
 * sees a short apology carrying that id.
 */
export function errorReply(
  error: unknown,
  logger: Logger,
  context: Record<string, unknown>,
): Reply {
  if (isUserError(error)) {
    return {
      visibility: "private",
      summary: error.message,
      blocks: [
        error.hint === undefined
          ? { kind: "error", message: error.message }
          : { kind: "error", message: error.message, hint: error.hint },
      ],
    };
  }
  const errorId = randomUUID().slice(0, 8);
  logger.error({ ...context, error_id: errorId, err: error }, "discord: command failed");
  const message = `Sorry, something went wrong (error id ${errorId}).`;
  return { visibility: "private", summary: message, blocks: [{ kind: "error", message }] };
}
