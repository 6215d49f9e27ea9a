import { userInfo } from "node:os";
import type { Command } from "commander";
import type { App } from "../../app.js";
import type { CommandHandler } from "../../core/chat-platform.js";
import { UserError } from "../../core/errors.js";
import { parseConsoleChannel } from "../../platforms/console/console-channel.js";
import { consoleColor } from "../../platforms/console/console-color.js";
import { createConsoleInbox } from "../../platforms/console/console-inbox.js";
import { runConsoleSession } from "../../platforms/console/console-session.js";
import { QUEUE_NAMES } from "../../queue/queue-names.js";
import { withTimeout } from "../../queue/queue-transport.js";
import type { CliContext } from "../cli-context.js";
import { withApp } from "../with-app.js";

/**
 * `newswire chat [--channel console:NAME]`: a console channel in the terminal.
 *
 * Chat attaches to the bot; it runs no workers. Commands are answered here,
 * through the same handler the platforms use, against the shared store and
 * queue (the embedded database's owner, or the servers). Digests and notices
 * are made and posted by the workers of `newswire start` (or `worker`), into
 * console_messages, and chat polls them from there. So chat can come and go
 * without a digest being built twice or lost, any number of chats can watch
 * one channel, and there is one place where digests are made.
 */
export interface ChatDeps {
  /** The command handler for this app (wired by the lead: createCommandHandler). */
  handlerFor(app: App): CommandHandler;
  /** How often to look for new digests and notices; about a second. */
  pollIntervalMs?: number;
  /** Where NO_COLOR is read from; the process environment unless given. */
  env?: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_CHANNEL = "console:general";
const DEFAULT_POLL_MS = 1_000;
/** Looking for running workers must not hold up the prompt. */
const PRESENCE_TIMEOUT_MS = 2_000;

export function registerChatCommand(program: Command, context: CliContext, deps: ChatDeps): void {
  program
    .command("chat")
    .description("an interactive console channel: type /news …, see replies and digests")
    .option("--channel <channel>", "the console channel, console:<name>", DEFAULT_CHANNEL)
    .action((opts: { channel: string }) => {
      const channel = opts.channel.trim();
      if (parseConsoleChannel(channel) === null) {
        throw new UserError(`chat: ${opts.channel} is not a console channel (console:<name>)`, {
          hint: "name it console:<name>, e.g. `newswire chat --channel console:team` (letters, digits, . _ -)",
        });
      }
      return withApp(context, async (app) => {
        const inbox = createConsoleInbox({ db: app.db, channel, since: "now" });
        await inbox.next();
        const absent = await botAbsence(app);
        if (absent !== null) context.stderr.write(`${absent}\n\n`);
        const interactive = context.isTty && Boolean((context.stdin as { isTTY?: boolean }).isTTY);
        if (interactive) {
          context.stdout.write(
            `Newswire chat on ${channel}: type /news help for the commands, or ask what's new on a topic; exit or Ctrl-D leaves.\n\n`,
          );
        }
        await runConsoleSession({
          input: context.stdin,
          output: context.stdout,
          interactive,
          channel,
          userId: currentUser(),
          handler: deps.handlerFor(app),
          inbox,
          color: consoleColor({ isTty: context.isTty, env: deps.env ?? process.env }),
          ...widthOf(context.stdout),
          timeZone: app.config.defaults.timezone,
          pollIntervalMs: deps.pollIntervalMs ?? DEFAULT_POLL_MS,
          logger: app.logger,
        });
      });
    });
}

/**
 * Null when a bot seems to run (its workers will post here), else what to tell
 * the person. Embedded: whoever owns the database is the running newswire; if
 * chat had to open it itself, nothing else runs. Servers: BullMQ lists the
 * workers connected to the queue; when it cannot say, chat says nothing.
 */
async function botAbsence(app: App): Promise<string | null> {
  const note = "commands work, but digests and notices arrive only while `newswire start` runs";
  if (app.db.kind === "embedded") {
    if (!app.ownsDatabase) return null;
    return `No newswire start is running: ${note}. This chat now holds the embedded database, so to get digests: leave (exit), run \`newswire start\`, then \`newswire chat\` in another terminal.`;
  }
  const counts = await Promise.all(
    QUEUE_NAMES.map((name) =>
      withTimeout(
        app.queue
          .queue(name)
          .getWorkersCount()
          .catch(() => null),
        PRESENCE_TIMEOUT_MS,
        null,
      ),
    ),
  );
  if (counts.some((n) => n === null)) return null;
  return counts.some((n) => (n ?? 0) > 0)
    ? null
    : `No newswire workers are running: ${note} (start it in another terminal).`;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container user with no passwd entry has no name.
    return "console";
  }
}

function widthOf(stream: NodeJS.WritableStream): { width?: number } {
  const columns = (stream as { columns?: number }).columns;
  return typeof columns === "number" && columns > 0 ? { width: columns } : {};
}
