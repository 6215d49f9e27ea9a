import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, startApp } from "../../src/app.js";
import { defaultParts } from "../../src/app-parts.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createSubscriptionRepository } from "../../src/store/subscription-repository.js";
import { type FakeDiscord, startFakeDiscord } from "../support/fake-discord/fake-discord.js";
import { interactionObject } from "../support/fake-discord/fake-payloads.js";
import { waitForValue } from "../support/wait-for-value.js";

const TOKEN = "wiring-test-token";
const APP_ID = "100";
const GUILD = "200";
const CHANNEL = "300";
const ALICE = { id: "400", username: "alice" };
/** Manage Channels (1 << 4) and Send Messages. */
const MANAGER = (1n << 4n) | (1n << 11n);

// The whole wiring, in process: `start`'s parts with Discord configured from
// the environment, the real discord.js client on the fake gateway, a /news
// subscribe interaction through the real command handler and store, and the
// answer back as an interaction callback.
describe("Discord wired into the bot", () => {
  let discord: FakeDiscord;
  let app: App;
  beforeAll(async () => {
    discord = await startFakeDiscord({
      token: TOKEN,
      applicationId: APP_ID,
      guilds: { [GUILD]: [CHANNEL] },
    });
    const config = loadConfig({
      env: {
        DATA_DIR: mkdtempSync(join(tmpdir(), "newswire-discord-wiring-")),
        NEWSWIRE_STARTER_FEEDS: "false",
        PORT: "0",
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_GUILD_ID: GUILD,
      },
      file: "/dev/null",
      overrides: { http: { host: "127.0.0.1" } },
    });
    app = await startApp({
      config,
      logger: pino({ level: "silent" }),
      role: "all",
      parts: defaultParts(config, "all"),
    });
    await waitForValue(
      "the gateway session",
      () => (discord.gateway.sessions() > 0 ? true : undefined),
      15_000,
      50,
    );
  });
  afterAll(async () => {
    await app?.stop();
    await discord?.close();
  });

  it("registers /news, subscribes from an interaction and answers it", async () => {
    await waitForValue("the commands", () => discord.state.commands.get(GUILD), 15_000, 50);
    discord.gateway.dispatch(
      "INTERACTION_CREATE",
      interactionObject({
        id: "9001",
        applicationId: APP_ID,
        type: 2,
        guildId: GUILD,
        channelId: CHANNEL,
        user: ALICE,
        permissions: MANAGER,
        options: [
          {
            type: 1,
            name: "subscribe",
            options: [
              { type: 3, name: "topic", value: "Russia relations" },
              { type: 3, name: "every", value: "weekly" },
            ],
          },
        ],
      }),
    );
    const answered = await waitForValue(
      "the answer",
      () => {
        const requests = discord.state.requests.filter(
          (r) =>
            r.path.startsWith("/interactions/9001/") || r.path.includes(`/webhooks/${APP_ID}/`),
        );
        return requests.find((r) => JSON.stringify(r.body ?? "").includes("Russia relations"));
      },
      15_000,
      50,
    );
    expect(JSON.stringify(answered.body)).toMatch(/"parse":\[\]/);
    const subs = await createSubscriptionRepository(app.db).listByChannel(
      `discord:${GUILD}/${CHANNEL}`,
    );
    expect(subs.map((s) => [s.topic, s.every])).toEqual([["Russia relations", "weekly"]]);
  });
});
