import type { Command } from "commander";
import type { App } from "../../app.js";
import type { Digest } from "../../core/digest/digest-model.js";
import { digestToJson } from "../../core/digest/digest-to-json.js";
import { UserError } from "../../core/errors.js";
import { parseConsoleChannel } from "../../platforms/console/console-channel.js";
import { consoleColor } from "../../platforms/console/console-color.js";
import { renderDigest } from "../../platforms/console/render-digest.js";
import { parseDiscordChannel } from "../../platforms/discord/discord-channel.js";
import { parseSlackChannel } from "../../platforms/slack/slack-channel.js";
import type { CliContext } from "../cli-context.js";
import { withApp } from "../with-app.js";

/**
 * `newswire digest --channel C [--dry-run] [--json]`: the channel's digest,
 * now, whatever its schedule. Building and posting are injected (the digest
 * part owns them); this verb checks the channel, runs it, and prints.
 */
export interface DigestDeps {
  /** Builds the digest of what is new for the channel, posting it unless dryRun; null when nothing is new. */
  buildDigestNow(app: App, channel: string, options: { dryRun: boolean }): Promise<Digest | null>;
  /** Where NO_COLOR is read from; the process environment unless given. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `digest --json` when nothing is new (DESIGN.md §3): exit 0 with an empty
 * model, so a script tells "nothing new" by `digest_id` being null.
 */
export interface EmptyDigestJson {
  channel: string;
  digest_id: null;
  topics: [];
}

const CHANNEL_FORMS = "slack:<team>/<channel>, discord:<guild>/<channel> or console:<name>";

export function registerDigestCommand(
  program: Command,
  context: CliContext,
  deps: DigestDeps,
): void {
  program
    .command("digest")
    .description("build (and unless --dry-run, post) a channel's digest now")
    .requiredOption("--channel <channel>", `the channel: ${CHANNEL_FORMS}`)
    .option("--dry-run", "build and show it, post nothing")
    .option("--json", "print the digest model as JSON")
    .action((opts: { channel: string; dryRun?: boolean; json?: boolean }) => {
      const channel = checkChannel(opts.channel);
      const dryRun = Boolean(opts.dryRun);
      return withApp(context, async (app) => {
        const built = await deps.buildDigestNow(app, channel, { dryRun });
        const digest = built !== null && !isEmpty(built) ? built : null;
        if (opts.json) {
          const empty: EmptyDigestJson = { channel, digest_id: null, topics: [] };
          context.stdout.write(`${JSON.stringify(digest ? digestToJson(digest) : empty)}\n`);
          return;
        }
        if (digest === null) {
          context.stdout.write(`nothing new for ${channel} since the last digest\n`);
          return;
        }
        const columns = (context.stdout as { columns?: number }).columns;
        const text = renderDigest(digest, {
          color: consoleColor({ isTty: context.isTty, env: deps.env ?? process.env }),
          timeZone: app.config.defaults.timezone,
          ...(typeof columns === "number" && columns > 0 ? { width: columns } : {}),
        });
        context.stdout.write(`${text}\n`);
        if (dryRun) context.stdout.write(`\n(dry run: nothing was posted to ${channel})\n`);
      });
    });
}

/** Checked before the store is opened: a typo should not wait for the database. */
function checkChannel(raw: string): string {
  const channel = raw.trim();
  const known =
    parseSlackChannel(channel) !== null ||
    parseDiscordChannel(channel) !== null ||
    parseConsoleChannel(channel) !== null;
  if (!known) {
    throw new UserError(`digest: ${raw} is not a channel`, {
      hint: `name it ${CHANNEL_FORMS}, e.g. \`newswire digest --channel console:general\``,
    });
  }
  return channel;
}

/** A digest with no item in any topic is not a digest: it is neither posted nor printed. */
function isEmpty(digest: Digest): boolean {
  return digest.topics.every((topic) => topic.items.length === 0 && topic.more === 0);
}
