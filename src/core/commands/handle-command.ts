import type { CommandHandler } from "../chat-platform.js";
import { UserError } from "../errors.js";
import { createChannelReadCommands } from "./channel-read-commands.js";
import type { CommandPorts } from "./command-ports.js";
import type { CommandRequest } from "./command-request.js";
import { helpReply } from "./help-reply.js";
import { parseCommand } from "./parse-command.js";
import { parseQuestion } from "./parse-question.js";
import type { ParsedCommand } from "./parsed-command.js";
import { internalErrorReply, refusalReply, userErrorReply } from "./reply-builders.js";
import type { Reply } from "./reply-model.js";
import { createSubscriptionCommands } from "./subscription-commands.js";

export interface CommandHandlerOptions {
  /**
   * Told about every unexpected error with the id the person was shown, so
   * the caller logs it with context. The person sees only the apology.
   */
  onError?: (error: unknown, context: { errorId: string; request: CommandRequest }) => void;
  /** Makes the error ids (randomness is passed in, DESIGN.md §4). */
  errorId?: () => string;
}

/** Leading mentions: Slack `<@U123>`, Discord `<@123>`/`<@!123>`, the console `@name`. */
const MENTIONS = /^(?:\s*(?:<@[!&]?[\w.-]+>|@[\w.-]+)[,:]?)+\s*/;

/** Commands that change the channel's news: the platform must say the person may manage it. */
function managing(command: ParsedCommand): string | null {
  switch (command.kind) {
    case "subscribe":
    case "unsubscribe":
    case "pause":
    case "resume":
    case "schedule":
      return command.kind;
    case "feeds":
      return command.action === "list" ? null : `feeds ${command.action}`;
    default:
      return null;
  }
}

/**
 * The platform-agnostic `/news` handler: parses the text (or understands a
 * question as `recent`), checks permission for changes, runs the command over
 * the ports and returns a Reply model. UserErrors become private error
 * replies; anything else a short apology with an error id, reported to `onError`.
 */
export function createCommandHandler(
  ports: CommandPorts,
  options: CommandHandlerOptions = {},
): CommandHandler {
  const manage = createSubscriptionCommands(ports);
  const read = createChannelReadCommands(ports);
  const newErrorId =
    options.errorId ??
    (() =>
      Math.floor(Math.random() * 36 ** 8)
        .toString(36)
        .padStart(8, "0"));

  async function interpret(request: CommandRequest, text: string): Promise<ParsedCommand> {
    const now = ports.clock.now();
    const timeZone = await ports.channelTimeZone(request.channel);
    try {
      return parseCommand(text, { now, timeZone });
    } catch (error) {
      // Not a command: a question put in plain words searches, like `recent`.
      const question = parseQuestion(request.text, now, timeZone);
      if (question !== null)
        return { kind: "recent", topic: question.topic, since: question.since };
      throw error;
    }
  }

  async function run(request: CommandRequest, command: ParsedCommand): Promise<Reply> {
    switch (command.kind) {
      case "subscribe":
        return manage.subscribe(request, command.topic, command.schedule);
      case "unsubscribe":
        return manage.unsubscribe(request, command.target);
      case "list":
        return manage.list(request);
      case "pause":
        return manage.pause(request, command.id);
      case "resume":
        return manage.resume(request, command.id);
      case "schedule":
        return manage.schedule(request, command.id, command.schedule);
      case "feeds":
        if (command.action === "list") return read.feedsList();
        if (command.action === "add") return read.feedsAdd(request, command.url);
        return read.feedsRemove(request, command.target);
      case "recent":
        return read.recent(request, command.topic, command.since);
      case "digest":
        return read.digest(request);
      case "why":
        return read.why(request, command.itemId);
      case "status":
        return read.status();
      case "help":
        return helpReply(command.command);
    }
  }

  return async (request) => {
    // Positions in parse errors point into the text as parsed: without the mention.
    const text = request.isQuestion ? request.text.replace(MENTIONS, "") : request.text;
    try {
      const command = await interpret(request, text);
      const change = managing(command);
      if (change !== null && !request.canManage) return refusalReply(change);
      return await run(request, command);
    } catch (error) {
      if (error instanceof UserError) return userErrorReply(error, text);
      const errorId = newErrorId();
      options.onError?.(error, { errorId, request });
      return internalErrorReply(errorId);
    }
  };
}
