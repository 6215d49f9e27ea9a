import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { CommandHandler } from "../../../src/core/chat-platform.js";
import type { CommandRequest } from "../../../src/core/commands/command-request.js";
import { UserError } from "../../../src/core/errors.js";
import {
  createSlackAdapter,
  type SlackAdapterConfig,
} from "../../../src/platforms/slack/slack-adapter.js";
import { blockTexts } from "../../support/fake-slack/block-kit-rules.js";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack/fake-slack-server.js";
import {
  eventCallbackBody,
  postSigned,
  replaySigned,
  type SignedPostOptions,
  slashCommandBody,
} from "../../support/fake-slack/signed-request.js";
import { captureLogger, makeItem } from "./slack-test-kit.js";

const SECRET = "test-signing-secret";

/**
 * The test's own handler (its input, not a stand-in for core): it records
 * each request and answers by the first word of the text.
 */
function recordingHandler(): { handler: CommandHandler; requests: CommandRequest[] } {
  const requests: CommandRequest[] = [];
  const handler: CommandHandler = async (request) => {
    requests.push(request);
    const [verb] = request.text.split(" ");
    if (verb === "slow") await sleep(3_500);
    if (verb === "boom") throw new Error("database on fire");
    if (verb === "oops")
      throw new UserError("unknown schedule 'fortnightly'", {
        hint: "use --every daily or weekly",
      });
    return {
      visibility: verb === "share" ? "channel" : "private",
      summary: `echo: ${request.text}`,
      blocks: [
        { kind: "text", text: `You said *${request.text}* (canManage=${request.canManage})` },
        { kind: "items", items: [makeItem(1)], more: 0 },
      ],
    };
  };
  return { handler, requests };
}

interface Harness {
  fake: FakeSlack;
  url: string;
  requests: CommandRequest[];
  slash(
    text: string,
    extra?: Partial<SignedPostOptions> & { userId?: string },
  ): ReturnType<typeof postSigned>;
  event(event: Record<string, unknown>): ReturnType<typeof postSigned>;
}

const servers: Server[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function harness(config: Partial<SlackAdapterConfig> = {}): Promise<Harness> {
  const fake = await startFakeSlack({
    minPostIntervalMs: 0,
    users: { UADMIN: { is_admin: true }, UOWNER: { is_owner: true }, UPLAIN: {} },
  });
  fakes.push(fake);
  const { handler, requests } = recordingHandler();
  const adapter = createSlackAdapter({
    config: {
      botToken: fake.options.botToken,
      signingSecret: SECRET,
      apiUrl: fake.apiUrl,
      managers: "everyone",
      managerIds: [],
      ...config,
    },
    handleCommand: handler,
    logger: captureLogger().logger,
    retryConfig: { retries: 0 },
    minPostIntervalMs: 0,
  });
  await adapter.start();
  const listener = adapter.requestListener;
  if (!listener) throw new Error("expected an HTTP request listener");
  // Our own node:http server, as the lead mounts it: /slack/events goes to Slack.
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/slack/")) listener(req, res);
    else res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return {
    fake,
    url,
    requests,
    slash: (text, extra = {}) =>
      postSigned(url, {
        signingSecret: SECRET,
        contentType: "application/x-www-form-urlencoded",
        body: slashCommandBody({
          teamId: "T0FAKE",
          channelId: "C0NEWS",
          userId: extra.userId ?? "U1",
          text,
          responseUrl: fake.responseUrl(),
        }),
        ...extra,
      }),
    event: (event) =>
      postSigned(url, {
        signingSecret: SECRET,
        contentType: "application/json",
        body: eventCallbackBody("T0FAKE", event),
      }),
  };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 8_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("waitFor: timed out");
    await sleep(20);
  }
}

describe("Slack adapter over HTTP", () => {
  it("/news: acks, runs the handler, answers ephemeral through response_url", async () => {
    const h = await harness();
    const result = await h.slash("list");
    expect(result.status).toBe(200);
    expect(result.body).toBe("");
    const response = await waitFor(() => h.fake.responses[0]);
    expect(h.requests).toEqual([
      {
        channel: "slack:T0FAKE/C0NEWS",
        platform: "slack",
        userId: "U1",
        canManage: true,
        text: "list",
        isQuestion: false,
      },
    ]);
    expect(response.body.response_type).toBe("ephemeral");
    expect(response.body.text).toBe("echo: list");
    expect(response.verdict).toBeNull();
    expect(blockTexts(response.body.blocks)[0]).toBe("You said *list* (canManage=true)");
  });

  it("/news: a reply for the channel goes in_channel", async () => {
    const h = await harness();
    await h.slash("share this");
    const response = await waitFor(() => h.fake.responses[0]);
    expect(response.body.response_type).toBe("in_channel");
  });

  it("acks within 3 seconds even when the handler takes 3.5", async () => {
    const h = await harness();
    const result = await h.slash("slow");
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeLessThan(3_000);
    expect(h.fake.responses).toHaveLength(0);
    const response = await waitFor(() => h.fake.responses[0]);
    expect(response.body.text).toBe("echo: slow");
  });

  it.each([
    ["a bad signature", { signature: "v0=deadbeef" }],
    ["no signature", { signature: null }],
    ["a signature from another secret", { signingSecret: "not-the-secret" }],
    ["a stale timestamp (6 minutes old)", { timestampSec: Math.floor(Date.now() / 1000) - 360 }],
  ])("refuses %s with 401 and runs nothing", async (_name, extra) => {
    const h = await harness();
    const result = await h.slash("subscribe everything", extra);
    expect(result.status).toBe(401);
    await sleep(100);
    expect(h.requests).toHaveLength(0);
    expect(h.fake.responses).toHaveLength(0);
  });

  it("refuses a replayed request with 401", async () => {
    const h = await harness();
    const options: SignedPostOptions = {
      signingSecret: SECRET,
      contentType: "application/x-www-form-urlencoded",
      body: slashCommandBody({
        teamId: "T0FAKE",
        channelId: "C0NEWS",
        userId: "U1",
        text: "unsubscribe s1",
        responseUrl: h.fake.responseUrl(),
      }),
    };
    const first = await postSigned(h.url, options);
    expect(first.status).toBe(200);
    const replay = await replaySigned(h.url, first, options);
    expect(replay.status).toBe(401);
    await waitFor(() => h.fake.responses[0]);
    await sleep(100);
    expect(h.requests).toHaveLength(1);
  });

  it("answers Slack's url_verification challenge", async () => {
    const h = await harness();
    const body = JSON.stringify({ type: "url_verification", challenge: "abc123", token: "t" });
    const result = await postSigned(h.url, {
      signingSecret: SECRET,
      contentType: "application/json",
      body,
    });
    expect(result.status).toBe(200);
    expect(result.body).toContain("abc123");
  });

  it("an app_mention is a question, answered in its thread", async () => {
    const h = await harness();
    const result = await h.event({
      type: "app_mention",
      user: "U1",
      text: "<@U0BOT> what happened in Iran?",
      ts: "1700000000.000100",
      channel: "C0NEWS",
      event_ts: "1700000000.000100",
    });
    expect(result.status).toBe(200);
    const message = await waitFor(() => h.fake.messages[0]);
    expect(h.requests[0]).toMatchObject({
      channel: "slack:T0FAKE/C0NEWS",
      text: "what happened in Iran?",
      isQuestion: true,
    });
    expect(message.channel).toBe("C0NEWS");
    expect(message.thread_ts).toBe("1700000000.000100");
    expect(message.args.unfurl_links).toBe("false");
  });

  it("a direct message is a question, answered in its thread; our own messages are not", async () => {
    const h = await harness();
    await h.event({
      type: "message",
      channel_type: "im",
      channel: "D0DM",
      user: "U0BOT",
      text: "my own answer",
      ts: "1700000001.000001",
    });
    await h.event({
      type: "message",
      subtype: "message_changed",
      channel_type: "im",
      channel: "D0DM",
      ts: "1700000001.000002",
    });
    await h.event({
      type: "message",
      channel_type: "im",
      channel: "D0DM",
      user: "U1",
      text: "anything on chips?",
      ts: "1700000002.000200",
    });
    const message = await waitFor(() => h.fake.messages[0]);
    expect(message.channel).toBe("D0DM");
    expect(message.thread_ts).toBe("1700000002.000200");
    await sleep(100);
    expect(h.requests).toEqual([
      {
        channel: "slack:T0FAKE/D0DM",
        platform: "slack",
        userId: "U1",
        canManage: true,
        text: "anything on chips?",
        isQuestion: true,
      },
    ]);
  });

  it("an event Slack delivers twice (same event_id) is answered once", async () => {
    const h = await harness();
    const body = eventCallbackBody("T0FAKE", {
      type: "app_mention",
      user: "U1",
      text: "<@U0BOT> chips?",
      ts: "1700000003.000300",
      channel: "C0NEWS",
    });
    const send = (timestampSec: number) =>
      postSigned(h.url, {
        signingSecret: SECRET,
        contentType: "application/json",
        body,
        timestampSec,
      });
    const now = Math.floor(Date.now() / 1000);
    expect((await send(now - 2)).status).toBe(200);
    expect((await send(now)).status).toBe(200);
    await waitFor(() => h.fake.messages[0]);
    await sleep(150);
    expect(h.requests).toHaveLength(1);
    expect(h.fake.messages).toHaveLength(1);
  });

  it("managers: admins → workspace admins, owners and listed ids may manage; others may not", async () => {
    const h = await harness({ managers: "admins", managerIds: ["ULISTED"] });
    for (const userId of ["UADMIN", "UOWNER", "UPLAIN", "ULISTED", "UNKNOWN"]) {
      await h.slash(`list ${userId}`, { userId });
    }
    await waitFor(() => (h.fake.responses.length === 5 ? true : undefined));
    const verdicts = Object.fromEntries(h.requests.map((r) => [r.userId, r.canManage]));
    expect(verdicts).toEqual({
      UADMIN: true,
      UOWNER: true,
      UPLAIN: false,
      ULISTED: true,
      UNKNOWN: false,
    });
    // Listed ids are trusted without asking Slack.
    expect(h.fake.callsOf("users.info").map((c) => c.args.user)).not.toContain("ULISTED");
  });

  it("a failing handler gives an apology with an error id; a UserError its message and hint", async () => {
    const h = await harness();
    await h.slash("boom");
    await h.slash("oops");
    await waitFor(() => (h.fake.responses.length === 2 ? true : undefined));
    const texts = h.fake.responses.map((r) => blockTexts(r.body.blocks).join("\n"));
    expect(texts.some((t) => /Sorry, something went wrong \(error id [0-9a-f]{8}\)/.test(t))).toBe(
      true,
    );
    expect(
      texts.some(
        (t) =>
          t.includes("unknown schedule 'fortnightly'") &&
          t.includes("_use --every daily or weekly_"),
      ),
    ).toBe(true);
    expect(texts.join("\n")).not.toContain("database on fire");
    expect(h.fake.responses.every((r) => r.body.response_type === "ephemeral")).toBe(true);
  });

  it("other paths and methods are not Slack's", async () => {
    const h = await harness();
    const response = await fetch(h.url, { method: "GET" });
    expect(response.status).toBe(404);
  });
});
