import { once } from "node:events";
import {
  Client,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  type Message,
  Partials,
  PermissionFlagsBits,
  Routes,
} from "discord.js";
import type { Logger } from "pino";
import type { ChatPlatform, CommandHandler, DeliveryOutcome } from "../../core/chat-platform.js";
import type { CommandRequest } from "../../core/commands/command-request.js";
import { commandDefinitions, NEWS_COMMAND } from "./command-definitions.js";
import { formatDiscordChannel } from "./discord-channel.js";
import { createDiscordPoster } from "./discord-poster.js";
import { DiscordStartError } from "./discord-start-error.js";
import { errorReply } from "./error-reply.js";
import {
  respondToAutocomplete,
  respondToCommand,
  type SuggestFunction,
  toReplyOptions,
} from "./interaction-responder.js";
import { renderReply } from "./render-reply.js";

export interface DiscordAdapterConfig {
  token: string;
  applicationId: string;
  /** REST base URL (discord.js's `rest.api`, e.g. `https://discord.com/api`); the gateway URL then comes from its `/gateway/bot`. */
  apiUrl?: string;
  /** Register the command in this guild only (instant; for development); unset: globally. */
  guildId?: string;
  /** Permission flag name needed to change subscriptions, e.g. `ManageChannels`. */
  managePermission: string;
}

export interface DiscordAdapterOptions {
  config: DiscordAdapterConfig;
  handleCommand: CommandHandler;
  suggest: SuggestFunction;
  logger: Logger;
  /** A channel (`discord:G/C`) or a whole guild (prefix `discord:G/`) is gone: pause what depends on it. */
  onGone?: (channelPrefix: string, reason: string) => void;
  /** Defer an interaction whose command has not answered by then (default 2,000 ms; Discord allows 3 s). */
  deferAfterMs?: number;
  /** discord.js REST retries on 5xx and network errors (default 3). */
  restRetries?: number;
}

/**
 * The smallest intents that work (Discord "Gateway Intents"): `Guilds` for
 * GUILD_CREATE/GUILD_DELETE and channel deletions (slash commands need no
 * intent at all); `GuildMessages` and `DirectMessages` for questions asked by
 * mentioning the bot or in a DM. No privileged intent: a bot receives the
 * content of messages that mention it, and of its DMs, without MessageContent.
 */
export const DISCORD_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
];

// A 429 asking for a longer wait than this is not sat out inside a worker: the
// delivery is retried later instead (discord.js `rejectOnRateLimit`).
const MAX_RATE_LIMIT_WAIT_MS = 30_000;

export function createDiscordAdapter(options: DiscordAdapterOptions): ChatPlatform {
  const { config, logger } = options;
  const permissionName = config.managePermission;
  const flag = Object.hasOwn(PermissionFlagsBits, permissionName)
    ? PermissionFlagsBits[permissionName as keyof typeof PermissionFlagsBits]
    : undefined;
  if (flag === undefined) {
    throw new DiscordStartError(
      "connect-failed",
      `discord: unknown permission "${permissionName}" in discord.managePermission; use a flag name such as ManageChannels`,
    );
  }
  const managePermission: bigint = flag;
  const client = new Client({
    intents: DISCORD_INTENTS,
    // DM channels are not cached: without the Channel partial discord.js drops DM messages.
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    rest: {
      ...(config.apiUrl === undefined ? {} : { api: config.apiUrl }),
      retries: options.restRetries ?? 3,
      rejectOnRateLimit: (info) => info.retryAfter > MAX_RATE_LIMIT_WAIT_MS,
    },
  });
  // Posting digests needs only REST: a `newswire worker` delivers without ever opening the gateway.
  client.rest.setToken(config.token);
  const poster = createDiscordPoster({ rest: client.rest, logger });
  const responder = {
    handleCommand: options.handleCommand,
    suggest: options.suggest,
    logger,
    managePermission,
    managePermissionName: permissionName,
    deferAfterMs: options.deferAfterMs ?? 2_000,
  };
  let started = false;

  client.on(Events.Error, (error) => logger.error({ err: error }, "discord: client error"));
  client.on(Events.InteractionCreate, (interaction) => {
    const work = interaction.isChatInputCommand()
      ? interaction.commandName === NEWS_COMMAND
        ? respondToCommand(interaction, responder)
        : Promise.resolve()
      : interaction.isAutocomplete()
        ? respondToAutocomplete(interaction, responder)
        : Promise.resolve();
    work.catch((error: unknown) =>
      logger.error({ err: error, interaction_id: interaction.id }, "discord: interaction failed"),
    );
  });
  client.on(Events.MessageCreate, (message) => {
    answerQuestion(message).catch((error: unknown) =>
      logger.error({ err: error, message_id: message.id }, "discord: question failed"),
    );
  });
  client.on(Events.GuildDelete, (guild) => {
    logger.info({ guild_id: guild.id }, "discord: removed from a server");
    options.onGone?.(`discord:${guild.id}/`, "the bot was removed from the Discord server");
  });
  client.on(Events.ChannelDelete, (channel) => {
    if (channel.isDMBased()) return;
    options.onGone?.(
      formatDiscordChannel(channel.guildId, channel.id),
      "the Discord channel was deleted",
    );
  });

  /** A mention of the bot, or a DM: a question for the core. */
  async function answerQuestion(message: Message): Promise<void> {
    const me = client.user;
    if (me === null || message.author.bot) return;
    const inDm = message.guildId === null;
    if (!inDm && !message.mentions.users.has(me.id)) return;
    const text = message.content.replace(new RegExp(`<@!?${me.id}>`, "g"), " ").trim();
    let manage = inDm;
    if (!inDm && message.member !== null) {
      try {
        manage = message.member.permissionsIn(message.channelId).has(managePermission);
      } catch {
        // The channel is not cached (a thread we never saw): read-only is the safe answer.
        manage = false;
      }
    }
    const request: CommandRequest = {
      channel: formatDiscordChannel(message.guildId, message.channelId),
      platform: "discord",
      userId: message.author.id,
      canManage: manage,
      text: text === "" ? "help" : text,
      isQuestion: text !== "",
    };
    const reply = await options
      .handleCommand(request)
      .catch((error: unknown) => errorReply(error, logger, { channel: request.channel }));
    // A message cannot be ephemeral: a private answer still goes to where it was asked.
    const { flags: _flags, ...payload } = toReplyOptions(renderReply(reply));
    await message.reply({ ...payload, allowedMentions: { parse: [], repliedUser: false } });
  }

  async function registerCommands(): Promise<void> {
    const route =
      config.guildId === undefined
        ? Routes.applicationCommands(config.applicationId)
        : Routes.applicationGuildCommands(config.applicationId, config.guildId);
    // Bulk overwrite: the registered set becomes exactly ours, stale commands included.
    await client.rest.put(route, { body: commandDefinitions() });
    logger.info(
      { guild_id: config.guildId ?? null },
      config.guildId === undefined
        ? "discord: registered /news globally"
        : "discord: registered /news in the guild",
    );
  }

  return {
    name: "discord",
    async start() {
      const ready = once(client, Events.ClientReady);
      // `once` rejects on an "error" event; after a failed login nobody awaits it.
      ready.catch(() => undefined);
      try {
        await client.login(config.token);
        await ready;
      } catch (error) {
        await client.destroy().catch(() => undefined);
        const failure = startFailure(error);
        logger.error({ err: error, code: failure.code }, failure.message);
        throw failure;
      }
      started = true;
      try {
        await registerCommands();
      } catch (error) {
        // The gateway works and earlier registrations still answer; say so and keep running.
        logger.error(
          { err: error },
          "discord: could not register /news; slash commands may be stale",
        );
      }
    },
    async stop() {
      if (!started) return;
      started = false;
      await client.destroy();
    },
    postDigest(channel, digest): Promise<DeliveryOutcome> {
      return poster.postDigest(channel, digest);
    },
    postNotice(channel, reply): Promise<DeliveryOutcome> {
      // A channel message cannot be ephemeral: drop the flag.
      const { flags: _flags, ...payload } = renderReply(reply);
      return poster.postMessage(channel, payload);
    },
  };
}

function startFailure(error: unknown): DiscordStartError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === DiscordjsErrorCodes.TokenInvalid) {
    return new DiscordStartError(
      "invalid-token",
      "discord: the bot token was refused (401); Discord stays off until DISCORD_TOKEN is fixed",
      { cause: error },
    );
  }
  if (code === DiscordjsErrorCodes.DisallowedIntents) {
    return new DiscordStartError(
      "disallowed-intents",
      "discord: the gateway refused the intents; Discord stays off",
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DiscordStartError("connect-failed", `discord: could not connect: ${detail}`, {
    cause: error,
  });
}
