import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  MessageFlags,
  type PermissionResolvable,
} from "discord.js";
import type { Logger } from "pino";
import type { CommandHandler } from "../../core/chat-platform.js";
import type { Reply } from "../../core/commands/reply-model.js";
import { formatDiscordChannel } from "./discord-channel.js";
import { clip, discordLimits } from "./discord-limits.js";
import { errorReply } from "./error-reply.js";
import { interactionToRequest } from "./interaction-to-request.js";
import { type DiscordReplyPayload, renderReply } from "./render-reply.js";

/** Autocomplete source: subscriptions of the channel, or time zones, matching what was typed so far. */
export type SuggestFunction = (
  kind: "subscription" | "timezone",
  channel: string,
  prefix: string,
) => Promise<Array<{ name: string; value: string }>>;

export interface ResponderOptions {
  handleCommand: CommandHandler;
  suggest: SuggestFunction;
  logger: Logger;
  managePermission: PermissionResolvable;
  managePermissionName: string;
  /**
   * How long a command may run before the interaction is deferred. Discord
   * drops an interaction not acknowledged within 3 seconds ("Receiving and
   * Responding", Interactions docs); 2 s leaves room for the round trip.
   */
  deferAfterMs: number;
}

/** Commands whose answer is usually for the asker only: deferred as ephemeral. */
const PERSONAL = new Set(["list", "recent", "why", "status", "help", "feeds list"]);

const TIMED_OUT = Symbol("timed out");

export function toReplyOptions(payload: DiscordReplyPayload): InteractionReplyOptions {
  return {
    content: payload.content,
    embeds: payload.embeds,
    allowedMentions: { parse: [] },
    ...(payload.flags === undefined ? {} : { flags: MessageFlags.Ephemeral as const }),
  };
}

/** Answer a `/news` slash command: refuse, reply at once, or defer and edit. */
export async function respondToCommand(
  interaction: ChatInputCommandInteraction,
  options: ResponderOptions,
): Promise<void> {
  const { request, command, mutates } = interactionToRequest(interaction, options.managePermission);
  const logContext = { channel: request.channel, command, user_id: request.userId };
  if (mutates && !request.canManage) {
    options.logger.info(logContext, "discord: refused a change without the manage permission");
    await interaction.reply(
      toReplyOptions(
        renderReply({
          visibility: "private",
          summary: "Permission needed",
          blocks: [
            {
              kind: "error",
              message: `Changing this channel's news needs the ${humanPermission(options.managePermissionName)} permission.`,
              hint: "Ask someone who has it, or use /news list and /news recent, which anyone may.",
            },
          ],
        }),
      ),
    );
    return;
  }

  const result: Promise<Reply> = options
    .handleCommand(request)
    .catch((error: unknown) => errorReply(error, options.logger, logContext));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), options.deferAfterMs);
  });
  const first = await Promise.race([result, deadline]);
  clearTimeout(timer);
  if (first !== TIMED_OUT) {
    await interaction.reply(toReplyOptions(renderReply(first)));
    return;
  }

  // Slow: acknowledge now (Discord shows "thinking…"), answer within 15 minutes.
  const deferPrivately = PERSONAL.has(command);
  await interaction.deferReply(deferPrivately ? { flags: MessageFlags.Ephemeral } : {});
  const payload = renderReply(await result);
  const wantsPrivate = payload.flags !== undefined;
  if (wantsPrivate === deferPrivately) {
    const { flags: _flags, ...edit } = toReplyOptions(payload);
    await interaction.editReply(edit);
    return;
  }
  // The deferred response's visibility cannot change: replace it with a
  // follow-up that has the right one.
  await interaction.deleteReply();
  await interaction.followUp(toReplyOptions(payload));
}

/** Answer an autocomplete: at most 25 choices, names and values at most 100 characters. */
export async function respondToAutocomplete(
  interaction: AutocompleteInteraction,
  options: Pick<ResponderOptions, "suggest" | "logger" | "deferAfterMs">,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const kind =
    focused.name === "timezone"
      ? "timezone"
      : focused.name === "subscription"
        ? "subscription"
        : null;
  const channel = formatDiscordChannel(interaction.guildId, interaction.channelId);
  let suggestions: Array<{ name: string; value: string }> = [];
  if (kind !== null) {
    // Autocomplete cannot be deferred: a slow source answers with no choices
    // rather than letting the 3-second window pass.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<[]>((resolve) => {
      timer = setTimeout(() => resolve([]), options.deferAfterMs);
    });
    try {
      suggestions = await Promise.race([
        options.suggest(kind, channel, String(focused.value)),
        deadline,
      ]);
    } catch (error) {
      options.logger.warn({ channel, err: error }, "discord: autocomplete failed");
    } finally {
      clearTimeout(timer);
    }
  }
  const choices = suggestions
    // A value over 100 characters cannot be sent back; dropping it beats sending a wrong one.
    .filter((choice) => choice.value.length > 0 && choice.value.length <= discordLimits.choiceValue)
    .slice(0, discordLimits.autocompleteChoices)
    .map((choice) => ({
      name: clip(choice.name || choice.value, discordLimits.choiceName),
      value: choice.value,
    }));
  await interaction.respond(choices);
}

/** `ManageChannels` as Discord's client shows it: "Manage Channels". */
function humanPermission(flagName: string): string {
  return flagName.replace(/([a-z])([A-Z])/g, "$1 $2");
}
