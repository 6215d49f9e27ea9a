import type { CommandName } from "./parsed-command.js";

/** Usage, purpose and examples of each command: the help reply and error hints read this. */
export interface CommandHelp {
  name: CommandName;
  usage: string;
  does: string;
  examples: string[];
}

export const COMMAND_HELP: readonly CommandHelp[] = [
  {
    name: "subscribe",
    usage:
      "subscribe <topic> [every realtime|hourly|daily|weekly] [at HH:MM] [on mon..sun] [in ZONE]",
    does: "follow a topic in this channel (daily at 08:00 unless you say otherwise)",
    examples: [
      "/news subscribe Iran sanctions",
      "/news subscribe oil prices every weekly on fri at 17:00 in Europe/London",
    ],
  },
  {
    name: "unsubscribe",
    usage: "unsubscribe <id or topic>",
    does: "stop following a topic",
    examples: ["/news unsubscribe 12", "/news unsubscribe Iran sanctions"],
  },
  {
    name: "list",
    usage: "list",
    does: "show this channel's subscriptions",
    examples: ["/news list"],
  },
  {
    name: "pause",
    usage: "pause <id>",
    does: "stop a subscription's digests for now",
    examples: ["/news pause 12"],
  },
  {
    name: "resume",
    usage: "resume <id>",
    does: "start a paused subscription again",
    examples: ["/news resume 12"],
  },
  {
    name: "schedule",
    usage: "schedule <id> [every …] [at HH:MM] [on mon..sun] [in ZONE]",
    does: "change when a subscription's digest comes",
    examples: ["/news schedule 12 every daily at 07:30", "/news schedule 12 in America/New_York"],
  },
  {
    name: "feeds",
    usage: "feeds [add <url> | remove <id> | list]",
    does: "list, add or remove the feeds Newswire reads",
    examples: ["/news feeds", "/news feeds add https://example.com/rss", "/news feeds remove 7"],
  },
  {
    name: "recent",
    usage: "recent [<topic>] [since 24h|3d|1w|monday|yesterday]",
    does: "search stored articles (the last 24 hours unless you say since when)",
    examples: ["/news recent", "/news recent Russia relations since monday"],
  },
  {
    name: "digest",
    usage: "digest",
    does: "post this channel's digest now",
    examples: ["/news digest"],
  },
  {
    name: "why",
    usage: "why <item id>",
    does: "explain why an article matched",
    examples: ["/news why 4821"],
  },
  {
    name: "status",
    usage: "status",
    does: "feed health and when the next digests come",
    examples: ["/news status"],
  },
  {
    name: "help",
    usage: "help [command]",
    does: "this list, or one command in detail",
    examples: ["/news help", "/news help subscribe"],
  },
];

export const COMMAND_NAMES: readonly CommandName[] = COMMAND_HELP.map((h) => h.name);

export function helpFor(name: string): CommandHelp | undefined {
  return COMMAND_HELP.find((h) => h.name === name);
}

/** "Type `/news subscribe Iran sanctions`." — the first example, as an error hint. */
export function exampleHint(name: CommandName): string {
  const help = helpFor(name);
  return help === undefined
    ? "Type `/news help` for the commands."
    : `Type \`/news ${help.usage}\`, e.g. \`${help.examples[0]}\`.`;
}
