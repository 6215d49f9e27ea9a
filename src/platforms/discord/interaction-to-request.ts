import type { ChatInputCommandInteraction, PermissionResolvable } from "discord.js";
import type { CommandRequest } from "../../core/commands/command-request.js";
import { formatDiscordChannel } from "./discord-channel.js";

/** What a slash command says, in the core's words. */
export interface TranslatedInteraction {
  request: CommandRequest;
  /** `subscribe`, `feeds add`… */
  command: string;
  /** Changes the channel's subscriptions or the feeds: needs the manage permission. */
  mutates: boolean;
}

/** Subcommands that change something (DESIGN.md §5: checked at run time, not by default_member_permissions). */
const MUTATING = new Set([
  "subscribe",
  "unsubscribe",
  "pause",
  "resume",
  "feeds add",
  "feeds remove",
]);

export type SlashInteraction = Pick<
  ChatInputCommandInteraction,
  "guildId" | "channelId" | "user" | "memberPermissions" | "options"
>;

/**
 * A `/news …` interaction as the text the command grammar reads, e.g.
 * `subscribe Iran sanctions every daily at 08:00 in Europe/Berlin`.
 */
export function interactionToRequest(
  interaction: SlashInteraction,
  managePermission: PermissionResolvable,
): TranslatedInteraction {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(true);
  const command = group === null ? sub : `${group} ${sub}`;
  const option = (name: string) => interaction.options.getString(name)?.trim() || null;
  const words: Array<string | null> = [command];

  switch (command) {
    case "subscribe": {
      const every = option("every");
      const at = option("at");
      const timezone = option("timezone");
      words.push(option("topic"));
      if (every) words.push("every", every);
      if (at) words.push("at", at);
      if (timezone) words.push("in", timezone);
      break;
    }
    case "unsubscribe":
    case "pause":
    case "resume":
      words.push(option("subscription"));
      break;
    case "feeds add":
      words.push(option("url"));
      break;
    case "feeds remove":
      words.push(option("feed"));
      break;
    case "recent": {
      const since = option("since");
      words.push(option("topic"));
      if (since) words.push("since", since);
      break;
    }
    case "why":
      words.push(option("article"));
      break;
    default:
      break;
  }

  return {
    command,
    mutates: MUTATING.has(command),
    request: {
      channel: formatDiscordChannel(interaction.guildId, interaction.channelId),
      platform: "discord",
      userId: interaction.user.id,
      canManage: canManage(interaction, managePermission),
      text: words.filter((word): word is string => word !== null && word !== "").join(" "),
      isQuestion: false,
    },
  };
}

/**
 * In a server: the member's permissions in this channel, as Discord computed
 * them for the interaction (Administrator implies all). In a DM with the bot
 * there is nobody else to protect the channel from.
 */
export function canManage(
  interaction: Pick<ChatInputCommandInteraction, "guildId" | "memberPermissions">,
  managePermission: PermissionResolvable,
): boolean {
  if (interaction.guildId === null) return true;
  return interaction.memberPermissions?.has(managePermission) ?? false;
}
