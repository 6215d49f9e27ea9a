import { COMMAND_HELP, helpFor } from "./command-help.js";
import type { Reply } from "./reply-model.js";

/** `/news help`: every command with an example, or one command in detail. */
export function helpReply(command?: string | null): Reply {
  if (command !== undefined && command !== null) {
    const help = helpFor(command.toLowerCase());
    if (help === undefined) {
      return {
        visibility: "private",
        summary: `There is no command "${command}".`,
        blocks: [
          {
            kind: "error",
            message: `There is no command "${command}".`,
            hint: "Type `/news help` for the commands.",
          },
        ],
      };
    }
    return {
      visibility: "private",
      summary: `/news ${help.usage}: ${help.does}`,
      blocks: [
        { kind: "text", text: `\`/news ${help.usage}\`\n${capitalize(help.does)}.` },
        { kind: "text", text: `Examples:\n${help.examples.map((e) => `• \`${e}\``).join("\n")}` },
      ],
    };
  }
  return {
    visibility: "private",
    summary:
      "Newswire commands: subscribe, unsubscribe, list, pause, resume, schedule, feeds, recent, digest, why, status, help.",
    blocks: [
      {
        kind: "text",
        text: "Newswire posts digests of the news on the topics this channel follows. Commands (`/news help <command>` shows one in full):",
      },
      {
        kind: "table",
        columns: ["command", "does", "example"],
        // The full usage of each is one `/news help <command>` away; the table stays narrow enough for a terminal.
        rows: COMMAND_HELP.map((h) => [`/news ${h.name}`, h.does, h.examples[0] ?? ""]),
      },
      {
        kind: "text",
        text: "You can also just ask: `@Newswire what's new on Iran sanctions?` or `anything about Russia relations since Monday?`",
      },
    ],
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
