import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../../src/core/errors.js";
import type { RecordedRequest } from "../../support/fake-discord/fake-discord.js";
import {
  ALICE,
  APP_ID,
  CHANNEL,
  GUILD,
  READER_PERMISSIONS,
  recordingHandler,
  startHarness,
  TOKEN,
  waitFor,
} from "./adapter-harness.js";
import { makeDigest } from "./digest-fixtures.js";

type Harness = Awaited<ReturnType<typeof startHarness>>;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.adapter.start();
});
afterAll(async () => {
  await h.adapter.stop();
  await h.fake.close();
});
beforeEach(() => {
  const fresh = recordingHandler();
  h.recorder.requests = fresh.requests;
  h.recorder.answer = fresh.answer;
});

const callbackFor = (id: string) =>
  waitFor(() =>
    h.fake.state.requests.find(
      (r) => r.method === "POST" && r.path.startsWith(`/interactions/${id}/`),
    ),
  );
const callbackBody = (request: RecordedRequest) =>
  request.body as { type: number; data: Record<string, unknown> };

const subscribeOptions = [
  {
    type: 1 as const,
    name: "subscribe",
    options: [
      { type: 3 as const, name: "topic", value: "Iran sanctions" },
      { type: 3 as const, name: "every", value: "daily" },
      { type: 3 as const, name: "at", value: "08:00" },
      { type: 3 as const, name: "timezone", value: "Europe/Berlin" },
    ],
  },
];

describe("discord adapter against the fake Discord", () => {
  it("connects through the fake's /gateway/bot and identifies with the smallest intents", () => {
    expect(h.fake.state.requests.some((r) => r.path === "/gateway/bot" && r.status === 200)).toBe(
      true,
    );
    // Guilds (1) | GuildMessages (512) | DirectMessages (4096): no privileged intent.
    expect(h.fake.gateway.identifies[0]?.intents).toBe(1 + 512 + 4096);
  });

  it("registers /news in the guild by bulk overwrite, reading left open", async () => {
    const put = await waitFor(() =>
      h.fake.state.requests.find((r) => r.method === "PUT" && r.status === 200),
    );
    expect(put.path).toBe(`/applications/${APP_ID}/guilds/${GUILD}/commands`);
    expect(put.authorization).toBe(`Bot ${TOKEN}`);
    const [news] = put.body as Array<Record<string, unknown>>;
    expect(news?.name).toBe("news");
    expect(news?.default_member_permissions).toBeUndefined();
    const options = news?.options as Array<{ name: string; type: number; options?: unknown[] }>;
    expect(options.map((o) => o.name)).toEqual([
      "subscribe",
      "unsubscribe",
      "list",
      "pause",
      "resume",
      "feeds",
      "recent",
      "digest",
      "why",
      "status",
      "help",
    ]);
    const subscribe = options[0]?.options as Array<Record<string, unknown>>;
    expect(
      subscribe.map((o) => [o.name, o.type, o.required ?? false, o.autocomplete ?? false]),
    ).toEqual([
      ["topic", 3, true, false],
      ["every", 3, false, false],
      ["at", 3, false, false],
      ["timezone", 3, false, true],
    ]);
    expect(((subscribe[1]?.choices ?? []) as Array<{ value: string }>).map((c) => c.value)).toEqual(
      ["realtime", "hourly", "daily", "weekly"],
    );
    const feeds = options.find((o) => o.name === "feeds");
    expect(feeds?.type).toBe(2);
    expect(h.fake.state.commands.get(GUILD)).toHaveLength(1);
  });

  it("turns /news subscribe into a request and answers the interaction", async () => {
    const id = h.interact(subscribeOptions);
    const callback = await callbackFor(id);
    expect(h.recorder.requests).toEqual([
      {
        channel: `discord:${GUILD}/${CHANNEL}`,
        platform: "discord",
        userId: ALICE.id,
        canManage: true,
        text: "subscribe Iran sanctions every daily at 08:00 in Europe/Berlin",
        isQuestion: false,
      },
    ]);
    expect(callback.status).toBe(204);
    expect(callbackBody(callback).type).toBe(4);
    expect(callbackBody(callback).data.content).toBe(
      "ran: subscribe Iran sanctions every daily at 08:00 in Europe/Berlin",
    );
    expect(callbackBody(callback).data.allowed_mentions).toEqual({ parse: [] });
    expect(callbackBody(callback).data.flags ?? 0).toBe(0);
  });

  it("defers a slow command, then edits the original response", async () => {
    h.recorder.answer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return {
        visibility: "channel",
        summary: "done",
        blocks: [{ kind: "text", text: "slow done" }],
      };
    };
    const id = h.interact([{ type: 1, name: "digest" }]);
    const callback = await callbackFor(id);
    expect(callbackBody(callback).type).toBe(5);
    const edit = await waitFor(() =>
      h.fake.state.requests.find(
        (r) =>
          r.method === "PATCH" && r.path === `/webhooks/${APP_ID}/token-${id}/messages/@original`,
      ),
    );
    expect(edit.status).toBe(200);
    expect((edit.body as { content: string }).content).toBe("slow done");
  });

  it("refuses a change from a member without Manage Channels, privately, without running it", async () => {
    const id = h.interact(subscribeOptions, { permissions: READER_PERMISSIONS });
    const callback = await callbackFor(id);
    expect(h.recorder.requests).toEqual([]);
    expect(callbackBody(callback).type).toBe(4);
    expect(callbackBody(callback).data.flags).toBe(64);
    expect(String(callbackBody(callback).data.content)).toContain("Manage Channels");
  });

  it("lets the same member read: list runs with canManage false", async () => {
    const id = h.interact([{ type: 1, name: "list" }], { permissions: READER_PERMISSIONS });
    await callbackFor(id);
    expect(h.recorder.requests.map((r) => [r.text, r.canManage])).toEqual([["list", false]]);
  });

  it("maps a feeds subcommand group to text", async () => {
    const id = h.interact([
      {
        type: 2,
        name: "feeds",
        options: [
          {
            type: 1,
            name: "add",
            options: [{ type: 3, name: "url", value: "https://a.example/feed" }],
          },
        ],
      },
    ]);
    await callbackFor(id);
    expect(h.recorder.requests[0]?.text).toBe("feeds add https://a.example/feed");
  });

  const sub = (name: string, values: Record<string, string> = {}) => [
    {
      type: 1 as const,
      name,
      options: Object.entries(values).map(([key, value]) => ({
        type: 3 as const,
        name: key,
        value,
      })),
    },
  ];
  it.each([
    ["subscribe, topic only", sub("subscribe", { topic: "ECB rates" }), "subscribe ECB rates"],
    [
      "subscribe weekly",
      sub("subscribe", { topic: "AI", every: "weekly" }),
      "subscribe AI every weekly",
    ],
    ["unsubscribe", sub("unsubscribe", { subscription: "12" }), "unsubscribe 12"],
    ["pause", sub("pause", { subscription: "12" }), "pause 12"],
    ["resume", sub("resume", { subscription: "12" }), "resume 12"],
    ["recent with since", sub("recent", { topic: "Iran", since: "24h" }), "recent Iran since 24h"],
    ["recent bare", sub("recent"), "recent"],
    ["why", sub("why", { article: "a-1" }), "why a-1"],
    ["status", sub("status"), "status"],
    ["help", sub("help"), "help"],
    [
      "feeds remove",
      [{ type: 2 as const, name: "feeds", options: sub("remove", { feed: "3" }) }],
      "feeds remove 3",
    ],
    ["feeds list", [{ type: 2 as const, name: "feeds", options: sub("list") }], "feeds list"],
  ])("translates %s", async (_name, options, text) => {
    const id = h.interact(options);
    await callbackFor(id);
    expect(h.recorder.requests.map((r) => r.text)).toEqual([text]);
  });

  it("answers a user error privately with its hint", async () => {
    h.recorder.answer = async () => {
      throw new UserError("No subscription 7 here.", { hint: "Try /news list." });
    };
    const id = h.interact([
      { type: 1, name: "unsubscribe", options: [{ type: 3, name: "subscription", value: "7" }] },
    ]);
    const data = callbackBody(await callbackFor(id)).data;
    expect(data.flags).toBe(64);
    expect(String(data.content)).toContain("No subscription 7 here.");
    expect(String(data.content)).toContain("Try /news list.");
  });

  it("answers autocomplete with at most 25 choices, names at most 100 characters", async () => {
    const id = h.interact(
      [
        {
          type: 1,
          name: "subscribe",
          options: [
            { type: 3, name: "topic", value: "x" },
            { type: 3, name: "timezone", value: "Europe/", focused: true },
          ],
        },
      ],
      { type: 4 },
    );
    const callback = await callbackFor(id);
    expect(callback.status).toBe(204);
    const { type, data } = callbackBody(callback);
    expect(type).toBe(8);
    const choices = data.choices as Array<{ name: string; value: string }>;
    expect(choices).toHaveLength(25);
    expect(choices.every((c) => c.name.length <= 100)).toBe(true);
    expect(choices[0]?.name.startsWith("timezone Europe/ 0")).toBe(true);
  });

  it("answers a mention with a question as a reply", async () => {
    h.say(`<@${h.fake.state.botUser.id}> what happened with Iran sanctions?`, true);
    const post = await waitFor(() =>
      h.fake.state.requests.find(
        (r) => r.method === "POST" && r.path === `/channels/${CHANNEL}/messages`,
      ),
    );
    expect(h.recorder.requests[0]).toMatchObject({
      isQuestion: true,
      text: "what happened with Iran sanctions?",
      channel: `discord:${GUILD}/${CHANNEL}`,
    });
    const body = post.body as Record<string, unknown>;
    expect(post.status).toBe(200);
    expect(body.message_reference).toMatchObject({ message_id: expect.any(String) });
    expect(body.allowed_mentions).toMatchObject({ parse: [] });
  });

  it("ignores messages that do not mention it", async () => {
    h.say("just chatting", false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.recorder.requests).toEqual([]);
  });

  it("posts a digest and a notice through the same client", async () => {
    const outcome = await h.adapter.postNotice(`discord:${GUILD}/${CHANNEL}`, {
      visibility: "private",
      summary: "Feed disabled",
      blocks: [{ kind: "text", text: "Feed @everyone was disabled" }],
    });
    expect(outcome.status).toBe("posted");
    const last = h.fake.state.messages.at(-1)?.body as Record<string, unknown>;
    expect(last.flags).toBeUndefined();
    expect(String(last.content)).not.toContain("@everyone");
  });

  it("replaces a deferred private answer when the reply is for the channel", async () => {
    h.recorder.answer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { visibility: "channel", summary: "s", blocks: [{ kind: "text", text: "for all" }] };
    };
    const id = h.interact([{ type: 1, name: "status" }]);
    const callback = await callbackFor(id);
    expect(callbackBody(callback)).toEqual({ type: 5, data: { flags: 64 } });
    const followUp = await waitFor(() =>
      h.fake.state.requests.find(
        (r) => r.method === "POST" && r.path === `/webhooks/${APP_ID}/token-${id}`,
      ),
    );
    expect(
      h.fake.state.requests.some(
        (r) =>
          r.method === "DELETE" && r.path === `/webhooks/${APP_ID}/token-${id}/messages/@original`,
      ),
    ).toBe(true);
    expect(followUp.status).toBe(200);
    const body = followUp.body as { content: string; flags?: number };
    expect(body.content).toBe("for all");
    expect(body.flags ?? 0).toBe(0);
  });

  it("names a DM channel discord:@me/<channel> and lets its person manage it", async () => {
    const id = h.interact([{ type: 1, name: "list" }], { guildId: null });
    await callbackFor(id);
    expect(h.recorder.requests[0]).toMatchObject({
      channel: `discord:@me/${CHANNEL}`,
      canManage: true,
    });
  });

  it("answers a question sent in a DM", async () => {
    const before = h.fake.state.requests.length;
    h.fake.gateway.dispatch("MESSAGE_CREATE", {
      id: "7001",
      channel_id: "300",
      // Discord names the channel type in MESSAGE_CREATE; discord.js needs it for an uncached DM.
      channel_type: 1,
      author: {
        id: ALICE.id,
        username: ALICE.username,
        discriminator: "0",
        avatar: null,
        global_name: null,
      },
      content: "anything on ECB rates?",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
    });
    const post = await waitFor(() =>
      h.fake.state.requests
        .slice(before)
        .find((r) => r.method === "POST" && r.path === "/channels/300/messages"),
    );
    expect(post.status).toBe(200);
    expect(h.recorder.requests[0]).toMatchObject({
      channel: "discord:@me/300",
      text: "anything on ECB rates?",
      isQuestion: true,
    });
  });

  it("posts hostile feed text inert, with allowed_mentions {parse: []}", async () => {
    const hostile = ["@everyone", "@here", "<@123>", "<@&456>", "**bold**", "[click](http://evil)"];
    const digest = makeDigest(1, hostile.length);
    digest.topics[0]?.items.forEach((item, i) => {
      item.title = `${hostile[i]} breaking`;
      item.summary = hostile[i] ?? "";
    });
    const before = h.fake.state.messages.length;
    const outcome = await h.adapter.postDigest(`discord:${GUILD}/${CHANNEL}`, digest);
    expect(outcome.status).toBe("posted");
    const [message] = h.fake.state.messages.slice(before);
    expect(message?.body.allowed_mentions).toEqual({ parse: [] });
    const embeds = (message?.body.embeds ?? []) as Array<{ description?: string }>;
    const text = embeds.map((embed) => embed.description ?? "").join("\n");
    for (const raw of ["@everyone", "@here", "<@123>", "<@&456>", "**bold**"]) {
      expect(text).not.toContain(raw);
    }
    // The masked link's bracket is escaped: the reader sees the text, not a disguised link.
    expect(text).toContain("\\[click](http://evil)");
    expect(text).not.toMatch(/(?<!\\)\[click\]\(http/);
  });

  it("reports leaving a guild through onGone", async () => {
    h.fake.gateway.dispatch("GUILD_DELETE", { id: GUILD });
    await waitFor(() => (h.gone.length > 0 ? true : undefined));
    expect(h.gone[0]?.[0]).toBe(`discord:${GUILD}/`);
  });
});
