import type { CommandRequest } from "../../core/commands/command-request.js";
import { parseCommand } from "../../core/commands/parse-command.js";
import { parseQuestion } from "../../core/commands/parse-question.js";

/**
 * What a line typed at the `newswire chat` prompt means. `/news …` is always a
 * command. Bare text is a command when the grammar takes it (`subscribe Iran`)
 * and does not read as a question; a question ("what's new on Iran
 * sanctions?") goes to the handler as one. Text that is neither still goes as
 * a command, so the person gets the grammar's own error and its "did you mean".
 */
export type ConsoleLine =
  | { kind: "empty" }
  | { kind: "exit" }
  | { kind: "request"; request: CommandRequest };

export interface LineContext {
  channel: string;
  userId: string;
  now: Date;
  /** The channel's time zone, for "since monday". */
  timeZone: string;
}

const EXIT_WORDS = new Set(["exit", "quit", "/exit", "/quit", ":q"]);

/** `exit`, `quit` (and their slash forms): the person is leaving. */
export function isExitLine(line: string): boolean {
  return EXIT_WORDS.has(line.trim().toLowerCase());
}

export function lineToRequest(line: string, context: LineContext): ConsoleLine {
  const text = line.trim();
  if (text === "") return { kind: "empty" };
  if (isExitLine(text)) return { kind: "exit" };
  const request = (body: string, isQuestion: boolean): ConsoleLine => ({
    kind: "request",
    request: {
      channel: context.channel,
      platform: "console",
      userId: context.userId,
      // One reader at one terminal: whoever runs chat manages the console channel.
      canManage: true,
      text: body,
      isQuestion,
    },
  });
  const slash = /^\/news(?:\s+|$)/i.exec(text);
  if (slash !== null) return request(text.slice(slash[0].length).trim(), false);
  const asQuestion = parseQuestion(text, context.now, context.timeZone) !== null;
  let asCommand = true;
  try {
    parseCommand(text, { now: context.now, timeZone: context.timeZone });
  } catch {
    asCommand = false;
  }
  // "search Iran sanctions?" parses as a command too; the question mark decides.
  const isQuestion = asQuestion && (!asCommand || /\?\s*$/.test(text));
  return request(text, isQuestion);
}
