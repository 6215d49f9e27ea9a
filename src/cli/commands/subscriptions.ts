import { userInfo } from "node:os";
import type { Command } from "commander";
import { commandHandlerFor } from "../../app-handlers.js";
import type { CommandRequest } from "../../core/commands/command-request.js";
import type { Reply } from "../../core/commands/reply-model.js";
import { describeSchedule } from "../../core/digest/describe-schedule.js";
import type { Weekday } from "../../core/digest/schedule.js";
import { UserError } from "../../core/errors.js";
import { parseConsoleChannel } from "../../platforms/console/console-channel.js";
import { consoleColor } from "../../platforms/console/console-color.js";
import { renderReply } from "../../platforms/console/render-reply.js";
import { parseDiscordChannel } from "../../platforms/discord/discord-channel.js";
import { parseSlackChannel } from "../../platforms/slack/slack-channel.js";
import {
  createSubscriptionRepository,
  type SubscriptionRecord,
} from "../../store/subscription-repository.js";
import type { CliContext } from "../cli-context.js";
import { ago, iso, table } from "../format.js";
import { withApp } from "../with-app.js";

const CHANNEL_FORMS = "slack:<team>/<channel>, discord:<guild>/<channel> or console:<name>";
const EVERY = ["realtime", "hourly", "daily", "weekly"] as const;
/** Columns when stdout is not a terminal: wide enough that nothing wraps. */
const UNWRAPPED = 10_000;
const DAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** `subscriptions --json` (DESIGN.md §3): snake_case; more keys may be added, none renamed. */
export function subscriptionJson(s: SubscriptionRecord) {
  return {
    id: s.id,
    channel: s.channel,
    topic: s.topic,
    schedule: {
      every: s.every,
      at: s.every === "realtime" ? null : s.at,
      day: s.every === "weekly" ? s.day : null,
      tz: s.timezone,
    },
    paused: s.paused,
    pause_reason: s.pauseReason,
    created_at: iso(s.createdAt),
    last_digest_at: iso(s.lastDigestAt),
  };
}

interface SubscribeOptions {
  channel: string;
  every?: string;
  at?: string;
  day?: string;
  tz?: string;
}

/**
 * `subscribe`, `subscriptions` and `unsubscribe` (DESIGN.md §3). Changes go
 * through the same command handler as chat, so the preview, the validation
 * and the scheduler sync are the ones a `/news subscribe` gets.
 */
export function registerSubscriptionsCommands(program: Command, context: CliContext): void {
  const out = (s: string): void => {
    context.stdout.write(`${s}\n`);
  };

  program
    .command("subscribe <topic...>")
    .description("subscribe a channel to a topic; shows what the last week would have brought")
    .requiredOption("--channel <channel>", `the channel: ${CHANNEL_FORMS}`)
    .option("--every <every>", "realtime, hourly, daily or weekly (default: config, daily)")
    .option("--at <HH:MM>", "time of day for daily and weekly digests (minute for hourly)")
    .option("--day <day>", "day of the week for weekly digests: mon..sun")
    .option("--tz <zone>", "IANA time zone, e.g. Europe/Berlin (default: config, UTC)")
    .action((words: string[], opts: SubscribeOptions) => {
      const channel = checkChannel(opts.channel, "subscribe");
      const text = subscribeText(words.join(" "), opts);
      return withApp(context, async (app) => {
        const reply = await commandHandlerFor(app)(cliRequest(channel, text));
        printReply(context, reply, app.config.defaults.timezone);
        // The reply speaks chat (`/news digest`); say it the shell's way too.
        out(`\nFrom the shell: \`newswire digest --channel ${channel}\` builds one now.`);
      });
    });

  program
    .command("subscriptions")
    .description("list subscriptions: every channel's, or one channel's with --channel")
    .option("--channel <channel>", `only this channel: ${CHANNEL_FORMS}`)
    .option("--json", "print JSON")
    .action((opts: { channel?: string; json?: boolean }) => {
      const channel =
        opts.channel === undefined ? undefined : checkChannel(opts.channel, "subscriptions");
      return withApp(context, async (app) => {
        const repo = createSubscriptionRepository(app.db);
        const list =
          channel === undefined ? await repo.listAll() : await repo.listByChannel(channel);
        if (opts.json) return out(JSON.stringify(list.map(subscriptionJson)));
        if (list.length === 0) {
          return out(
            `no subscriptions${channel ? ` in ${channel}` : ""} yet: add one with \`newswire subscribe <topic> --channel ${channel ?? "console:general"}\``,
          );
        }
        out(
          table(
            ["id", "channel", "topic", "schedule", "status", "last digest"],
            list.map((s) => [
              s.id,
              s.channel,
              s.topic,
              describeSchedule({
                every: s.every,
                at: s.at ?? app.config.defaults.at,
                day: (s.day as Weekday | null) ?? app.config.defaults.day,
                timeZone: s.timezone,
              }),
              s.paused ? `paused${s.pauseReason ? `: ${s.pauseReason}` : ""}` : "active",
              ago(s.lastDigestAt),
            ]),
          ),
        );
      });
    });

  program
    .command("unsubscribe <id>")
    .description("remove a subscription (ids from `newswire subscriptions`)")
    .action((id: string) =>
      withApp(context, async (app) => {
        const sub = await createSubscriptionRepository(app.db).get(id.trim());
        if (sub === null) {
          throw new UserError(`unsubscribe: there is no subscription ${id}`, {
            hint: "`newswire subscriptions` lists every subscription with its id",
          });
        }
        const reply = await commandHandlerFor(app)(
          cliRequest(sub.channel, `unsubscribe ${sub.id}`),
        );
        printReply(context, reply, app.config.defaults.timezone);
      }),
    );
}

/** The chat command the options stand for: `subscribe <topic> every … at … on … in …`. */
export function subscribeText(topic: string, opts: Omit<SubscribeOptions, "channel">): string {
  if (topic.trim() === "") {
    throw new UserError("subscribe: which topic?", {
      hint: 'e.g. `newswire subscribe "Iran sanctions" --channel console:general`',
    });
  }
  const parts = ["subscribe", topic.trim()];
  if (opts.every !== undefined) {
    const every = opts.every.trim().toLowerCase();
    if (!(EVERY as readonly string[]).includes(every)) {
      throw new UserError(`subscribe: --every ${opts.every} is not a schedule`, {
        hint: `use --every ${EVERY.join(", --every ")}`,
      });
    }
    parts.push("every", every);
  }
  if (opts.at !== undefined) {
    if (!/^\d{1,2}:\d{2}$/.test(opts.at.trim())) {
      throw new UserError(`subscribe: --at ${opts.at} is not a time of day`, {
        hint: "use 24-hour HH:MM, e.g. --at 08:00 or --at 17:30",
      });
    }
    parts.push("at", opts.at.trim());
  }
  if (opts.day !== undefined) {
    const day = opts.day.trim().toLowerCase().slice(0, 3);
    if (!(DAYS as readonly string[]).includes(day)) {
      throw new UserError(`subscribe: --day ${opts.day} is not a day of the week`, {
        hint: `use one of ${DAYS.join(", ")}`,
      });
    }
    parts.push("on", day);
  }
  if (opts.tz !== undefined) parts.push("in", opts.tz.trim());
  return parts.join(" ");
}

function cliRequest(channel: string, text: string): CommandRequest {
  return {
    channel,
    platform: "cli",
    userId: userInfo().username,
    canManage: true,
    text,
    isQuestion: false,
  };
}

/** Prints a reply as plain text; an error reply becomes exit 1 with its message and hint on stderr. */
function printReply(context: CliContext, reply: Reply, timeZone: string): void {
  const error = reply.blocks.find((b) => b.kind === "error");
  if (error?.kind === "error") {
    throw new UserError(error.message, error.hint === undefined ? {} : { hint: error.hint });
  }
  // Wrapped to the terminal; unwrapped (a paragraph a line) when piped, so scripts can grep it.
  const columns = (context.stdout as { columns?: number }).columns;
  const width = !context.isTty
    ? UNWRAPPED
    : typeof columns === "number" && columns > 0
      ? columns
      : undefined;
  const text = renderReply(reply, {
    color: consoleColor({ isTty: context.isTty, env: process.env }),
    timeZone,
    now: new Date(),
    ...(width === undefined ? {} : { width }),
  });
  context.stdout.write(`${text}\n`);
}

/** Checked before the store is opened: a typo should not wait for the database. */
function checkChannel(raw: string, verb: string): string {
  const channel = raw.trim();
  const known =
    parseSlackChannel(channel) !== null ||
    parseDiscordChannel(channel) !== null ||
    parseConsoleChannel(channel) !== null;
  if (!known) {
    throw new UserError(`${verb}: ${raw} is not a channel`, {
      hint: `name it ${CHANNEL_FORMS}, e.g. --channel console:general`,
    });
  }
  return channel;
}
