import { describe, expect, it } from "vitest";
import { startFakeDiscord } from "../../support/fake-discord/fake-discord.js";

/** The fake must refuse what Discord refuses, or the other tests prove nothing. */
describe("fake Discord", () => {
  const post = async (url: string, body: unknown, token?: string) => {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bot ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    };
  };

  it.each([
    ["content over 2,000", { content: "x".repeat(2001) }, 50035],
    ["11 embeds", { embeds: Array.from({ length: 11 }, () => ({ title: "t" })) }, 50035],
    ["a title over 256", { embeds: [{ title: "x".repeat(257) }] }, 50035],
    ["a description over 4,096", { embeds: [{ description: "x".repeat(4097) }] }, 50035],
    [
      "26 fields",
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: "n", value: "v" })) }] },
      50035,
    ],
    [
      "a field value over 1,024",
      { embeds: [{ fields: [{ name: "n", value: "x".repeat(1025) }] }] },
      50035,
    ],
    [
      "over 6,000 across embeds",
      { embeds: [{ description: "x".repeat(4000) }, { description: "x".repeat(2001) }] },
      50035,
    ],
    [
      "a footer over 2,048",
      { embeds: [{ description: "d", footer: { text: "x".repeat(2049) } }] },
      50035,
    ],
    ["a nonce over 25", { content: "hi", nonce: "x".repeat(26) }, 50035],
    ["no allowed_mentions", { content: "hi", noAllowed: true }, 0],
    [
      "allowed_mentions that parse users",
      { content: "hi", allowed_mentions: { parse: ["users"] } },
      0,
    ],
  ])("refuses %s with Discord's error shape", async (_name, raw, code) => {
    const fake = await startFakeDiscord({ token: "t", applicationId: "1" });
    try {
      const { noAllowed, ...body } = raw as Record<string, unknown>;
      const message = noAllowed ? body : { allowed_mentions: { parse: [] }, ...body };
      const result = await post(`${fake.apiUrl}/v10/channels/5/messages`, message, "t");
      expect(result.status).toBe(400);
      expect(result.body.code).toBe(code);
      expect(fake.state.messages).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });

  it("answers 401 without the bot token, and accepts a valid message with it", async () => {
    const fake = await startFakeDiscord({ token: "t", applicationId: "1" });
    try {
      const message = { content: "hi", allowed_mentions: { parse: [] } };
      expect((await post(`${fake.apiUrl}/v10/channels/5/messages`, message)).status).toBe(401);
      expect((await post(`${fake.apiUrl}/v10/channels/5/messages`, message, "nope")).status).toBe(
        401,
      );
      expect((await post(`${fake.apiUrl}/v10/channels/5/messages`, message, "t")).status).toBe(200);
    } finally {
      await fake.close();
    }
  });

  it("refuses a second response to the same interaction", async () => {
    const fake = await startFakeDiscord({ token: "t", applicationId: "1" });
    try {
      const url = `${fake.apiUrl}/v10/interactions/9/tok/callback`;
      const response = { type: 4, data: { content: "a", allowed_mentions: { parse: [] } } };
      expect((await post(url, response)).status).toBe(204);
      const second = await fetch(url, { method: "POST", body: JSON.stringify(response) });
      expect(second.status).toBe(400);
      expect(((await second.json()) as { code: number }).code).toBe(40060);
    } finally {
      await fake.close();
    }
  });
});
