import { REST } from "discord.js";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDiscordPoster, digestNonce } from "../../../src/platforms/discord/discord-poster.js";
import { renderDigest } from "../../../src/platforms/discord/render-digest.js";
import {
  type FakeDiscord,
  missingAccess,
  missingPermissions,
  rateLimited,
  serverError,
  startFakeDiscord,
  unknownChannel,
} from "../../support/fake-discord/fake-discord.js";
import { makeDigest } from "./digest-fixtures.js";

const TOKEN = "fake-bot-token";
let fake: FakeDiscord;
let rest: REST;

beforeEach(async () => {
  fake = await startFakeDiscord({ token: TOKEN, applicationId: "42" });
  rest = new REST({ api: fake.apiUrl, retries: 1, timeout: 5_000 }).setToken(TOKEN);
});
afterEach(async () => {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await fake.close();
});

const poster = () => createDiscordPoster({ rest, logger: pino({ level: "silent" }) });
const posts = () =>
  fake.state.requests.filter((r) => r.method === "POST" && r.path === "/channels/200/messages");

describe("discord poster", () => {
  it("posts a digest as embeds with a nonce and allowed_mentions {parse: []}", async () => {
    const outcome = await poster().postDigest("discord:100/200", makeDigest(2, 2));
    expect(outcome.status).toBe("posted");
    expect(fake.state.messages).toHaveLength(1);
    const body = fake.state.messages[0]?.body as Record<string, unknown>;
    expect(body.embeds).toHaveLength(2);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.enforce_nonce).toBe(true);
    expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    expect(posts()[0]?.authorization).toBe(`Bot ${TOKEN}`);
  });

  it("posts a 120-item digest in several messages that all pass the fake's limits", async () => {
    const outcome = await poster().postDigest("discord:100/200", makeDigest(15, 8));
    expect(outcome.status).toBe("posted");
    if (outcome.status !== "posted") return;
    expect(outcome.messageIds.length).toBeGreaterThan(1);
    expect(posts().every((r) => r.status === 200)).toBe(true);
    expect(fake.state.messages).toHaveLength(outcome.messageIds.length);
  });

  it("makes a second run of the same digest a no-op through the nonce", async () => {
    const digest = makeDigest(15, 8);
    const first = await poster().postDigest("discord:100/200", digest);
    const second = await poster().postDigest("discord:100/200", digest);
    expect(second).toEqual(first);
    expect(fake.state.messages.length).toBe(
      first.status === "posted" ? first.messageIds.length : -1,
    );
    expect(new Set(posts().map((r) => (r.body as { nonce: string }).nonce)).size).toBe(
      fake.state.messages.length,
    );
  });

  it("waits out a 429 and loses nothing", async () => {
    fake.failNext("POST", /^\/channels\/200\/messages$/, rateLimited(0.05), 2);
    const started = Date.now();
    const digest = makeDigest(15, 8);
    const outcome = await poster().postDigest("discord:100/200", digest);
    expect(outcome.status).toBe("posted");
    expect(posts().filter((r) => r.status === 429)).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    // Every rendered message arrived, in order, exactly once.
    expect(fake.state.messages.map((m) => m.body.embeds)).toEqual(
      renderDigest(digest).map((m) => m.embeds),
    );
  });

  it.each([
    ["50013 Missing Permissions", missingPermissions, /Missing Permissions/],
    ["50001 Missing Access", missingAccess, /Missing Access/],
    ["10003 Unknown Channel", unknownChannel, /Unknown Channel/],
  ])("maps %s to gone, with the reason", async (_name, failure, reason) => {
    fake.failNext("POST", /^\/channels\/200\/messages$/, failure);
    const outcome = await poster().postDigest("discord:100/200", makeDigest(1, 1));
    expect(outcome).toEqual({ status: "gone", reason: expect.stringMatching(reason) });
  });

  it("maps a 5xx that outlasts discord.js's retries to retry", async () => {
    fake.failNext("POST", /^\/channels\/200\/messages$/, serverError, 5);
    const outcome = await poster().postDigest("discord:100/200", makeDigest(1, 1));
    expect(outcome).toMatchObject({ status: "retry", reason: expect.stringMatching(/502/) });
  });

  it("refuses a channel name that is not Discord's", async () => {
    const outcome = await poster().postDigest("slack:T1/C1", makeDigest(1, 1));
    expect(outcome.status).toBe("gone");
    expect(fake.state.requests).toHaveLength(0);
  });

  it("derives nonces of at most 25 characters, stable per digest and part", () => {
    expect(digestNonce("x".repeat(200), 9999).length).toBeLessThanOrEqual(25);
    expect(digestNonce("d1", 0)).toBe(digestNonce("d1", 0));
    expect(digestNonce("d1", 0)).not.toBe(digestNonce("d1", 1));
    expect(digestNonce("d1", 0)).not.toBe(digestNonce("d2", 0));
  });
});
