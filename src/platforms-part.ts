import type { App, AppPart } from "./app.js";
import type { ChatPlatform, CommandHandler } from "./core/chat-platform.js";
import {
  createDiscordAdapter,
  DiscordStartError,
  type SuggestFunction,
} from "./platforms/discord/index.js";
import { createSlackAdapter, SLACK_EVENTS_PATH } from "./platforms/slack/index.js";
import { createSubscriptionRepository } from "./store/subscription-repository.js";

export interface PlatformHooks {
  /** The command handler every platform calls. */
  handlerFor(app: App): CommandHandler;
  /** Autocomplete for Discord (subscriptions of a channel, time zones). */
  suggestFor(app: App): SuggestFunction;
  /** Platforms that need no tokens (the console), always on. */
  builtIn(app: App): ChatPlatform[];
}

/**
 * The chat platforms configured by the environment, by name (the part of a
 * channel before `:`). `start` receives commands (Slack events on our HTTP
 * server, the Discord gateway); every role can deliver digests.
 */
export function platformsPart(registry: Map<string, ChatPlatform>, hooks: PlatformHooks): AppPart {
  const started: ChatPlatform[] = [];
  return {
    name: "platforms",
    async start(app) {
      const { config, logger } = app;
      for (const p of hooks.builtIn(app)) registry.set(p.name, p);
      const receives = app.role === "all";
      const slack = config.slack;
      if (slack.botToken && (slack.signingSecret || slack.appToken)) {
        const adapter = createSlackAdapter({
          config: {
            botToken: slack.botToken,
            ...(slack.signingSecret ? { signingSecret: slack.signingSecret } : {}),
            ...(slack.appToken ? { appToken: slack.appToken } : {}),
            ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
            managers: slack.managers,
            managerIds: slack.managerIds,
          },
          handleCommand: hooks.handlerFor(app),
          logger: logger.child({ platform: "slack" }),
        });
        registry.set("slack", adapter);
        if (receives) {
          if (adapter.requestListener && app.http)
            app.http.route("POST", SLACK_EVENTS_PATH, adapter.requestListener);
          await adapter.start();
          started.push(adapter);
        }
      } else if (slack.botToken) {
        logger.warn(
          "slack: SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP) nor SLACK_APP_TOKEN (Socket Mode); Slack stays off",
        );
      }
      const discord = config.discord;
      if (discord.token && discord.applicationId) {
        const subscriptions = createSubscriptionRepository(app.db);
        const adapter = createDiscordAdapter({
          config: {
            token: discord.token,
            applicationId: discord.applicationId,
            ...(discord.apiUrl ? { apiUrl: discord.apiUrl } : {}),
            ...(discord.guildId ? { guildId: discord.guildId } : {}),
            managePermission: discord.managePermission,
          },
          handleCommand: hooks.handlerFor(app),
          suggest: hooks.suggestFor(app),
          logger: logger.child({ platform: "discord" }),
          onGone: (prefix, reason) => {
            subscriptions.pauseChannel(prefix, reason).catch((error: unknown) => {
              logger.error(
                { err: error, channel: prefix },
                "discord: could not pause subscriptions",
              );
            });
          },
        });
        registry.set("discord", adapter);
        if (receives) {
          try {
            await adapter.start();
            started.push(adapter);
          } catch (error) {
            // The adapter logged one clear line; the rest of the bot keeps running.
            if (!(error instanceof DiscordStartError)) throw error;
          }
        }
      } else if (discord.token || discord.applicationId) {
        logger.warn(
          "discord: set both DISCORD_TOKEN and DISCORD_APPLICATION_ID to turn Discord on",
        );
      }
    },
    async stop() {
      for (const p of started.splice(0).reverse()) await p.stop().catch(() => {});
    },
  };
}
