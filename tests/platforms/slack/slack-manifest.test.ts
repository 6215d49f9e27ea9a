import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SLASH_COMMAND } from "../../../src/platforms/slack/register-slack-listeners.js";
import { SLACK_EVENTS_PATH } from "../../../src/platforms/slack/slack-adapter.js";

interface Manifest {
  features: { slash_commands: Array<{ command: string; url: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] } };
}

describe("slack/manifest.yaml", () => {
  const manifest = parse(readFileSync("slack/manifest.yaml", "utf8")) as Manifest;

  it("declares the command and events the adapter listens for, at its path", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.slash_commands[0]?.url).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
    expect(manifest.settings.event_subscriptions.request_url).toBe(
      `https://YOUR-HOST${SLACK_EVENTS_PATH}`,
    );
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      "app_mention",
      "message.im",
    ]);
  });

  it("asks for exactly the scopes the adapter uses", () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      [
        "app_mentions:read", // app_mention
        "channels:history", // conversations.history (public)
        "chat:write", // chat.postMessage
        "commands", // /news
        "groups:history", // conversations.history (private)
        "im:history", // message.im
        "users:read", // users.info
      ].sort(),
    );
  });
});
