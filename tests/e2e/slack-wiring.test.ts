import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, startApp } from "../../src/app.js";
import { defaultParts } from "../../src/app-parts.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { ChatPlatform } from "../../src/core/chat-platform.js";
import { createSubscriptionRepository } from "../../src/store/subscription-repository.js";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack/fake-slack-server.js";
import { postSigned, slashCommandBody } from "../support/fake-slack/signed-request.js";

const SECRET = "test-signing-secret";
const TOKEN = "xoxb-wiring-test";

// The whole wiring, in process: `start`'s parts with Slack configured from the
// environment (SLACK_API_URL without its trailing slash), a signed /news
// command to our own HTTP server, the real command handler and store, and the
// reply back through Slack's response_url.
describe("Slack wired into the bot", () => {
  let slack: FakeSlack;
  let app: App;
  const registry = new Map<string, ChatPlatform>();
  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: TOKEN });
    const config = loadConfig({
      env: {
        DATA_DIR: mkdtempSync(join(tmpdir(), "newswire-slack-wiring-")),
        NEWSWIRE_STARTER_FEEDS: "false",
        PORT: "0",
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl.replace(/\/$/, ""),
      },
      file: "/dev/null",
      overrides: { http: { host: "127.0.0.1" } },
    });
    app = await startApp({
      config,
      logger: pino({ level: "silent" }),
      role: "all",
      parts: defaultParts(config, "all", registry),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });

  it("subscribes a channel from a signed slash command and answers in the channel", async () => {
    const responseUrl = slack.responseUrl();
    const sent = await postSigned(`http://127.0.0.1:${app.http?.address.port}/slack/events`, {
      signingSecret: SECRET,
      contentType: "application/x-www-form-urlencoded",
      body: slashCommandBody({
        teamId: "T1",
        channelId: "C1",
        userId: "U1",
        text: "subscribe Iran sanctions every daily at 07:30",
        responseUrl,
      }),
    });
    expect(sent.status).toBe(200);
    const deadline = Date.now() + 15_000;
    while (slack.responses.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const [response] = slack.responses;
    expect(JSON.stringify(response?.body)).toMatch(/Iran sanctions/);
    expect(JSON.stringify(response?.body)).toMatch(/in_channel/);
    const subs = await createSubscriptionRepository(app.db).listByChannel("slack:T1/C1");
    expect(subs.map((s) => [s.topic, s.every, s.at])).toEqual([
      ["Iran sanctions", "daily", "07:30"],
    ]);
  });

  it("posts to channels through the Web API at SLACK_API_URL", async () => {
    const outcome = await registry.get("slack")?.postNotice("slack:T1/C1", {
      visibility: "channel",
      summary: "A feed was disabled",
      blocks: [{ kind: "text", text: "Newswire stopped polling a feed." }],
    });
    expect(outcome?.status).toBe("posted");
    expect(
      slack.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.args.channel),
    ).toEqual(["C1"]);
  });

  it("refuses an unsigned request before anything runs", async () => {
    const sent = await postSigned(`http://127.0.0.1:${app.http?.address.port}/slack/events`, {
      signingSecret: "wrong-secret",
      contentType: "application/x-www-form-urlencoded",
      body: slashCommandBody({
        teamId: "T1",
        channelId: "C2",
        userId: "U1",
        text: "subscribe oil prices",
        responseUrl: slack.responseUrl(),
      }),
    });
    expect(sent.status).toBe(401);
    expect(await createSubscriptionRepository(app.db).listByChannel("slack:T1/C2")).toEqual([]);
  });
});
