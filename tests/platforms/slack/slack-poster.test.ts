import { afterEach, describe, expect, it } from "vitest";
import type { CommandHandler } from "../../../src/core/chat-platform.js";
import {
  createSlackAdapter,
  type SlackAdapter,
} from "../../../src/platforms/slack/slack-adapter.js";
import { blockTexts } from "../../support/fake-slack/block-kit-rules.js";
import {
  type ChannelFailure,
  type FakeSlack,
  type FakeSlackOptions,
  startFakeSlack,
} from "../../support/fake-slack/fake-slack-server.js";
import { captureLogger, makeDigest, makeItem, manyItems, mrkdwnTokens } from "./slack-test-kit.js";

const CHANNEL = "slack:T0FAKE/C0NEWS";
const never: CommandHandler = async () => {
  throw new Error("no commands in these tests");
};

let fakes: FakeSlack[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function setup(fakeOptions: FakeSlackOptions = {}, token?: string) {
  const fake = await startFakeSlack({ minPostIntervalMs: 0, ...fakeOptions });
  fakes.push(fake);
  const log = captureLogger();
  const makeAdapter = (): SlackAdapter =>
    createSlackAdapter({
      config: {
        botToken: token ?? fake.options.botToken,
        signingSecret: "secret",
        apiUrl: fake.apiUrl,
        managers: "everyone",
        managerIds: [],
      },
      handleCommand: never,
      logger: log.logger,
      retryConfig: { retries: 0 },
      minPostIntervalMs: 0,
    });
  const adapter = makeAdapter();
  await adapter.start();
  return { fake, adapter, log, makeAdapter };
}

describe("Slack digest delivery", () => {
  it("posts a digest with Block Kit, metadata, no unfurls and no mention parsing", async () => {
    const { fake, adapter } = await setup();
    const outcome = await adapter.postDigest(
      CHANNEL,
      makeDigest([{ topic: "Iran sanctions", items: [makeItem(1)] }], "dg-42"),
    );
    expect(fake.messages).toHaveLength(1);
    const message = fake.messages[0];
    expect(outcome).toEqual({ status: "posted", messageIds: [message?.ts] });
    expect(message?.channel).toBe("C0NEWS");
    expect(message?.metadata).toEqual({
      event_type: "newswire_digest",
      event_payload: { digest_id: "dg-42", part: 1 },
    });
    expect(message?.args.unfurl_links).toBe("false");
    expect(message?.args.unfurl_media).toBe("false");
    expect(message?.args).not.toHaveProperty("link_names");
    expect(message?.args).not.toHaveProperty("parse");
    expect(message?.text).toBe("Daily news digest: Iran sanctions");
    expect(blockTexts(message?.blocks)[0]).toBe("Daily news digest");
    // The history check ran first, with metadata asked for.
    expect(fake.callsOf("conversations.history")[0]?.args.include_all_metadata).toBe("true");
  });

  it("splits a 120-item digest and every part passes the fake's validation", async () => {
    const { fake, adapter } = await setup();
    const digest = makeDigest([
      { topic: "A", items: manyItems(60, 0) },
      { topic: "B", items: manyItems(60, 60) },
    ]);
    const outcome = await adapter.postDigest(CHANNEL, digest);
    expect(outcome.status).toBe("posted");
    const posts = fake.callsOf("chat.postMessage");
    expect(posts.length).toBeGreaterThan(2);
    expect(posts.every((call) => call.outcome === "ok")).toBe(true);
    expect(fake.messages.map((m) => m.metadata?.event_payload.part)).toEqual(
      posts.map((_, i) => i + 1),
    );
    const links = new Set(
      fake.messages
        .flatMap((m) => blockTexts(m.blocks).flatMap(mrkdwnTokens))
        .filter((t) => t.includes("/articles/")),
    );
    expect(links.size).toBe(120);
  });

  it("delivers hostile feed text inert", async () => {
    const { fake, adapter } = await setup();
    const hostile = makeItem(1, {
      title: "<!channel> <@U123> &lt; *bold* <http://evil|click>",
      summary: "<!here> <!subteam^S1>",
      url: "https://ok.example/x",
      otherSources: [],
    });
    await adapter.postDigest(CHANNEL, makeDigest([{ topic: "t", items: [hostile] }]));
    const texts = blockTexts(fake.messages[0]?.blocks);
    const tokens = texts.flatMap(mrkdwnTokens);
    expect(tokens.filter((t) => !t.startsWith("<!date^"))).toEqual([
      "<https://ok.example/x|&lt;!channel&gt; &lt;@U123&gt; &amp;lt; *bold* &lt;http://evil|click&gt;>",
    ]);
    expect(texts.join("\n")).toContain("&lt;!here&gt; &lt;!subteam^S1&gt;");
  });

  it("a retry after a crash between post and acknowledgement posts only what is missing", async () => {
    const { fake, adapter, makeAdapter } = await setup();
    const digest = makeDigest([{ topic: "A", items: manyItems(70) }], "dg-crash");
    // Part 1 reaches the channel, but its answer never comes back.
    fake.dropResponseAfterStore("C0NEWS");
    const first = await adapter.postDigest(CHANNEL, digest);
    expect(first.status).toBe("retry");
    expect(fake.messages).toHaveLength(1);

    // A fresh process (no memory of the first try) retries the job.
    const retried = makeAdapter();
    await retried.start();
    const second = await retried.postDigest(CHANNEL, digest);
    expect(second.status).toBe("posted");
    const parts = fake.messages.map((m) => m.metadata?.event_payload.part);
    expect(parts).toEqual([1, 2, 3].slice(0, parts.length));
    expect(new Set(parts).size).toBe(parts.length);
    expect(parts.length).toBeGreaterThan(1);

    // And once more: everything is there, nothing is posted.
    const postsBefore = fake.callsOf("chat.postMessage").length;
    const again = makeAdapter();
    await again.start();
    const third = await again.postDigest(CHANNEL, digest);
    expect(third).toEqual({ status: "already-posted", messageIds: fake.messages.map((m) => m.ts) });
    expect(fake.callsOf("chat.postMessage")).toHaveLength(postsBefore);
  });

  it.each<[ChannelFailure, string]>([
    ["is_archived", "archived"],
    ["not_in_channel", "/invite"],
    ["channel_not_found", "deleted"],
    ["account_inactive", "deactivated"],
  ])("%s → gone, not retried", async (error, words) => {
    const { fake, adapter } = await setup();
    fake.failChannel("C0NEWS", error);
    const outcome = await adapter.postDigest(
      CHANNEL,
      makeDigest([{ topic: "A", items: [makeItem(1)] }]),
    );
    expect(outcome.status).toBe("gone");
    expect(outcome.status === "gone" && outcome.reason).toContain(error);
    expect(outcome.status === "gone" && outcome.reason).toContain(words);
    expect(fake.messages).toHaveLength(0);
  });

  it("waits out a 429's Retry-After and the message arrives", async () => {
    const { fake, adapter } = await setup({ retryAfterSec: 1 });
    fake.failChannel("C0NEWS", "ratelimited", { times: 1, method: "chat.postMessage" });
    const outcome = await adapter.postDigest(
      CHANNEL,
      makeDigest([{ topic: "A", items: [makeItem(1)] }]),
    );
    expect(outcome.status).toBe("posted");
    const posts = fake.callsOf("chat.postMessage");
    expect(posts.map((p) => p.outcome)).toEqual(["429", "ok"]);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(fake.earlyRetries).toBe(0);
    expect(fake.messages).toHaveLength(1);
  });

  it("spaces posts to one channel so its per-channel limit is never hit", async () => {
    const { fake } = await setup({ minPostIntervalMs: 300, retryAfterSec: 1 });
    const log = captureLogger();
    const adapter = createSlackAdapter({
      config: {
        botToken: fake.options.botToken,
        signingSecret: "s",
        apiUrl: fake.apiUrl,
        managers: "everyone",
        managerIds: [],
      },
      handleCommand: never,
      logger: log.logger,
      minPostIntervalMs: 300,
    });
    await adapter.start();
    const outcome = await adapter.postDigest(
      CHANNEL,
      makeDigest([{ topic: "A", items: manyItems(60) }]),
    );
    expect(outcome.status).toBe("posted");
    expect(fake.callsOf("chat.postMessage").every((c) => c.outcome === "ok")).toBe(true);
  });

  it("a Retry-After beyond the wait budget comes back as retry with retryAfterMs", async () => {
    const { fake } = await setup({ retryAfterSec: 120 });
    const adapter = createSlackAdapter({
      config: {
        botToken: fake.options.botToken,
        signingSecret: "s",
        apiUrl: fake.apiUrl,
        managers: "everyone",
        managerIds: [],
      },
      handleCommand: never,
      logger: captureLogger().logger,
      minPostIntervalMs: 0,
    });
    await adapter.start();
    fake.failChannel("C0NEWS", "ratelimited", { times: 1 });
    const outcome = await adapter.postDigest(
      CHANNEL,
      makeDigest([{ topic: "A", items: [makeItem(1)] }]),
    );
    expect(outcome).toEqual({
      status: "retry",
      reason: expect.stringContaining("rate limited"),
      retryAfterMs: 120_000,
    });
  });

  it("a revoked token stops the adapter with one log line and no more calls", async () => {
    const { fake, adapter, log } = await setup();
    fake.revokeToken();
    const digest = makeDigest([{ topic: "A", items: [makeItem(1)] }]);
    const first = await adapter.postDigest(CHANNEL, digest);
    expect(first).toMatchObject({
      status: "retry",
      reason: expect.stringContaining("token_revoked"),
    });
    const callsAfter = fake.calls.length;
    const second = await adapter.postDigest(CHANNEL, digest);
    expect(second).toMatchObject({
      status: "retry",
      reason: expect.stringContaining("adapter stopped"),
    });
    expect(
      await adapter.postNotice(CHANNEL, { visibility: "channel", summary: "x", blocks: [] }),
    ).toMatchObject({ status: "retry" });
    expect(fake.calls.length).toBe(callsAfter);
    const stops = log.lines.filter((l) => String(l.msg).startsWith("slack: adapter stopped"));
    expect(stops).toHaveLength(1);
    expect(stops[0]?.level).toBe(50);
  });

  it("an invalid token at start stops the adapter, start still resolves", async () => {
    const { fake, adapter, log } = await setup({}, "xoxb-wrong");
    expect(fake.callsOf("auth.test")[0]?.outcome).toBe("invalid_auth");
    expect(log.lines.filter((l) => String(l.msg).includes("adapter stopped"))).toHaveLength(1);
    const outcome = await adapter.postDigest(
      CHANNEL,
      makeDigest([{ topic: "A", items: [makeItem(1)] }]),
    );
    expect(outcome.status).toBe("retry");
    expect(fake.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it("without the history scope it still posts, with a warning", async () => {
    const { fake, adapter, log } = await setup();
    fake.failChannel("C0NEWS", "missing_scope", { method: "conversations.history" });
    const outcome = await adapter.postDigest(
      CHANNEL,
      makeDigest([{ topic: "A", items: [makeItem(1)] }]),
    );
    expect(outcome.status).toBe("posted");
    expect(fake.messages).toHaveLength(1);
    expect(log.lines.some((l) => String(l.msg).includes("missing scope"))).toBe(true);
  });

  it("posts a notice", async () => {
    const { fake, adapter } = await setup();
    const outcome = await adapter.postNotice(CHANNEL, {
      visibility: "channel",
      summary: "Feed disabled",
      blocks: [{ kind: "text", text: "The feed <https://x> was disabled after 10 failures." }],
    });
    expect(outcome.status).toBe("posted");
    expect(blockTexts(fake.messages[0]?.blocks)).toEqual([
      "The feed &lt;https://x&gt; was disabled after 10 failures.",
    ]);
  });

  it("refuses a channel that is not Slack's", async () => {
    const { adapter } = await setup();
    expect(
      (await adapter.postDigest("discord:1/2", makeDigest([{ topic: "A", items: [makeItem(1)] }])))
        .status,
    ).toBe("gone");
  });
});
