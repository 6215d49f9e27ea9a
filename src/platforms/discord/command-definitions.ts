import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";

/** The one top-level command; everything else is a subcommand, mirroring the text grammar. */
export const NEWS_COMMAND = "news";

const subcommand = (
  name: string,
  description: string,
  options: APIApplicationCommandBasicOption[] = [],
): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name,
  description,
  options,
});

const subscriptionOption = (description: string): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  name: "subscription",
  description,
  required: true,
  autocomplete: true,
  max_length: 100,
});

/**
 * The `/news` command, as the bulk-overwrite PUT takes it.
 *
 * `default_member_permissions` is left unset on purpose: it applies to the whole
 * top-level command, subcommands included (Discord "Application Commands",
 * Permissions), so setting it to Manage Channels would also hide `list`,
 * `recent` and `help` from everyone else. Reading stays open; the adapter checks
 * the member's permissions at run time before a subcommand that changes
 * anything (DESIGN.md §5).
 */
export function commandDefinitions(): RESTPutAPIApplicationCommandsJSONBody {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: NEWS_COMMAND,
      description: "News digests on the topics this channel follows",
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      options: [
        subcommand("subscribe", "Follow a topic in this channel", [
          {
            type: ApplicationCommandOptionType.String,
            name: "topic",
            description:
              "What to follow, e.g. Iran sanctions, or a query like (EU OR ECB) AND rates",
            required: true,
            max_length: 500,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "every",
            description: "How often the digest comes (default: daily)",
            choices: ["realtime", "hourly", "daily", "weekly"].map((value) => ({
              name: value,
              value,
            })),
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "at",
            description: "Time of day as HH:MM, e.g. 08:00",
            min_length: 5,
            max_length: 5,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "timezone",
            description: "Time zone, e.g. Europe/Berlin (default: the channel's)",
            autocomplete: true,
            max_length: 64,
          },
        ]),
        subcommand("unsubscribe", "Stop following a topic", [
          subscriptionOption("The subscription to remove"),
        ]),
        subcommand("list", "The topics this channel follows"),
        subcommand("pause", "Pause a subscription", [
          subscriptionOption("The subscription to pause"),
        ]),
        subcommand("resume", "Resume a paused subscription", [
          subscriptionOption("The subscription to resume"),
        ]),
        {
          type: ApplicationCommandOptionType.SubcommandGroup,
          name: "feeds",
          description: "The feeds Newswire reads",
          options: [
            subcommand("add", "Add a feed (a site URL works: its feed is discovered)", [
              {
                type: ApplicationCommandOptionType.String,
                name: "url",
                description: "Feed or site URL",
                required: true,
                max_length: 2_000,
              },
            ]),
            subcommand("remove", "Remove a feed", [
              {
                type: ApplicationCommandOptionType.String,
                name: "feed",
                description: "Feed id or URL",
                required: true,
                max_length: 2_000,
              },
            ]),
            subcommand("list", "The feeds and their health"),
          ],
        },
        subcommand("recent", "Search recent articles", [
          {
            type: ApplicationCommandOptionType.String,
            name: "topic",
            description: "What to look for (default: everything)",
            max_length: 500,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: "since",
            description: "How far back, e.g. 24h or 7d",
            max_length: 16,
          },
        ]),
        subcommand("digest", "Build and post this channel's digest now"),
        subcommand("why", "Why an article was in a digest", [
          {
            type: ApplicationCommandOptionType.String,
            name: "article",
            description: "Article id or title",
            max_length: 500,
          },
        ]),
        subcommand("status", "Feeds, subscriptions and the next digests"),
        subcommand("help", "How to use Newswire"),
      ],
    },
  ];
}
