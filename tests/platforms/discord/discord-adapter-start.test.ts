import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createDiscordAdapter } from "../../../src/platforms/discord/discord-adapter.js";
import { DiscordStartError } from "../../../src/platforms/discord/discord-start-error.js";
import { startFakeDiscord } from "../../support/fake-discord/fake-discord.js";
import {
  APP_ID,
  captureLogger,
  GUILD,
  recordingHandler,
  startHarness,
  TOKEN,
  waitFor,
} from "./adapter-harness.js";
import { makeDigest } from "./digest-fixtures.js";

const noSuggestions = async () => [];

describe("discord adapter start and stop", () => {
  it("stops with one clear error on an invalid token, and the process lives on", async () => {
    const fake = await startFakeDiscord({
      token: TOKEN,
      applicationId: APP_ID,
      guilds: { [GUILD]: ["200"] },
    });
    const { logger, lines } = captureLogger();
    const adapter = createDiscordAdapter({
      config: {
        token: "wrong-token",
        applicationId: APP_ID,
        apiUrl: fake.apiUrl,
        managePermission: "ManageChannels",
      },
      handleCommand: recordingHandler().handler,
      suggest: noSuggestions,
      logger,
      restRetries: 0,
    });
    try {
      const error = await adapter.start().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DiscordStartError);
      expect((error as DiscordStartError).code).toBe("invalid-token");
      const errors = lines.filter((line) => (line.level as number) >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.msg).toMatch(/^discord: the bot token was refused/);
      // Nothing was identified or registered with the bad token.
      expect(fake.gateway.identifies).toHaveLength(0);
      expect(fake.state.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
      // Deliveries say "retry later", not "gone": the channel is not at fault.
      const outcome = await adapter.postDigest("discord:100/200", makeDigest(1, 1));
      expect(outcome).toMatchObject({ status: "retry", reason: expect.stringMatching(/token/) });
      await adapter.stop();
      expect(process.exitCode ?? 0).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it("rejects an unknown permission name in the configuration", () => {
    expect(() =>
      createDiscordAdapter({
        config: { token: TOKEN, applicationId: APP_ID, managePermission: "ManageEverything" },
        handleCommand: recordingHandler().handler,
        suggest: noSuggestions,
        logger: pino({ level: "silent" }),
      }),
    ).toThrow(/ManageEverything/);
  });

  it("registers globally without a guild id, and stops cleanly", async () => {
    const h = await startHarness({}, { guildId: undefined });
    try {
      await h.adapter.start();
      expect(h.fake.gateway.sessions()).toBe(1);
      const put = h.fake.state.requests.find((r) => r.method === "PUT");
      expect(put?.path).toBe(`/applications/${APP_ID}/commands`);
      expect(h.fake.state.commands.get("global")).toHaveLength(1);
      expect(h.fake.state.commands.has(GUILD)).toBe(false);
      await h.adapter.stop();
      await waitFor(() => (h.fake.gateway.sessions() === 0 ? true : undefined));
    } finally {
      await h.fake.close();
    }
  });
});
