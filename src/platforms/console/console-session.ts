import { randomUUID } from "node:crypto";
import { clearLine, createInterface, cursorTo } from "node:readline";
import type { Logger } from "pino";
import type { CommandHandler } from "../../core/chat-platform.js";
import type { Reply } from "../../core/commands/reply-model.js";
import { UserError } from "../../core/errors.js";
import type { ConsoleInbox, ConsoleInboxMessage } from "./console-inbox.js";
import { isExitLine, lineToRequest } from "./line-to-request.js";
import { renderDigest } from "./render-digest.js";
import { renderReply } from "./render-reply.js";

/**
 * One person at a console channel: lines typed (or piped) become command
 * requests, answered in order; meanwhile the inbox is polled and whatever the
 * bot posts to the channel is printed as it comes. Resolves when the input
 * ends (EOF, `exit`, Ctrl-C), after every pending reply and message is out.
 */
export interface ConsoleSessionOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A person at a terminal: a prompt, and messages that arrive while they type keep their line. */
  interactive: boolean;
  channel: string;
  userId: string;
  handler: CommandHandler;
  inbox: ConsoleInbox;
  color: boolean;
  /** Terminal columns; 80 when unknown. */
  width?: number;
  timeZone: string;
  pollIntervalMs: number;
  logger: Logger;
  now?: () => Date;
}

export async function runConsoleSession(options: ConsoleSessionOptions): Promise<void> {
  const { output, interactive, logger } = options;
  const now = options.now ?? (() => new Date());
  const render = { color: options.color, timeZone: options.timeZone, width: options.width };
  const rl = createInterface({
    input: options.input,
    // Without a terminal, readline must not echo the piped lines back.
    ...(interactive ? { output, terminal: true } : { terminal: false }),
    prompt: `${options.channel}> `,
  });

  /** Prints a block of text; at a prompt, above the line being typed, which is then redrawn. */
  const print = (text: string, redraw: boolean): void => {
    if (interactive && redraw) {
      clearLine(output, 0);
      cursorTo(output, 0);
    }
    output.write(`${text}\n\n`);
    if (interactive && !closed) rl.prompt(redraw);
  };

  // Commands and inbox messages take turns, so a reply is never cut by a digest.
  let turn: Promise<void> = Promise.resolve();
  const serially = (step: () => Promise<void>): Promise<void> => {
    turn = turn.then(step).catch((error: unknown) => {
      logger.error({ err: error, channel: options.channel }, "console: chat step failed");
    });
    return turn;
  };

  const answer = async (line: string): Promise<void> => {
    const parsed = lineToRequest(line, {
      channel: options.channel,
      userId: options.userId,
      now: now(),
      timeZone: options.timeZone,
    });
    if (parsed.kind !== "request") {
      if (interactive && !closed) rl.prompt();
      return;
    }
    const reply = await options
      .handler(parsed.request)
      .catch((error: unknown) => errorReply(error, logger, options.channel));
    print(renderReply(reply, { ...render, now: now() }), false);
  };

  const deliver = (message: ConsoleInboxMessage): void => {
    const text =
      message.kind === "digest"
        ? renderDigest(message.digest, render)
        : renderReply(message.reply, { ...render, now: now() });
    print(text, true);
  };

  // A store that stops answering (the owner of the embedded database stopped)
  // is said once, and its return once, rather than logged every second.
  let unreachable = false;
  const poll = async (): Promise<void> => {
    let messages: ConsoleInboxMessage[];
    try {
      messages = await options.inbox.next();
    } catch (error) {
      logger.debug({ err: error, channel: options.channel }, "console: inbox poll failed");
      if (!unreachable) {
        unreachable = true;
        print(`chat: cannot read ${options.channel} (${errorText(error)}); still trying`, true);
      }
      return;
    }
    if (unreachable) {
      unreachable = false;
      print(`chat: reading ${options.channel} again`, true);
    }
    for (const message of messages) deliver(message);
  };

  let closed = false;
  const ended = new Promise<void>((resolve) => {
    rl.on("close", () => {
      closed = true;
      resolve();
    });
  });
  rl.on("line", (line) => {
    if (closed) return;
    // Decided as the line arrives: lines piped after `exit` are not run.
    if (isExitLine(line)) {
      rl.close();
      return;
    }
    void serially(() => answer(line));
  });
  // Ctrl-C at the prompt leaves like Ctrl-D does, after what is pending.
  rl.on("SIGINT", () => rl.close());

  let timer: NodeJS.Timeout | undefined;
  const schedulePoll = (): void => {
    timer = setTimeout(() => {
      void serially(poll).then(() => {
        if (!closed) schedulePoll();
      });
    }, options.pollIntervalMs);
  };
  schedulePoll();
  if (interactive) rl.prompt();

  await ended;
  clearTimeout(timer);
  // Whatever the last commands caused (a digest posted now) is printed before leaving.
  await serially(poll);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorReply(error: unknown, logger: Logger, channel: string): Reply {
  if (error instanceof UserError) {
    return {
      visibility: "private",
      summary: error.message,
      blocks: [
        {
          kind: "error",
          message: error.message,
          ...(error.hint === undefined ? {} : { hint: error.hint }),
        },
      ],
    };
  }
  const id = randomUUID().slice(0, 8);
  logger.error({ err: error, channel, error_id: id }, "console: command failed");
  const message = `Sorry, that went wrong on our side (error id ${id}).`;
  return { visibility: "private", summary: message, blocks: [{ kind: "error", message }] };
}
