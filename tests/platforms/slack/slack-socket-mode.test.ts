import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { CommandHandler } from "../../../src/core/chat-platform.js";
import type { CommandRequest } from "../../../src/core/commands/command-request.js";
import {
  createSlackAdapter,
  type SlackAdapter,
} from "../../../src/platforms/slack/slack-adapter.js";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack/fake-slack-server.js";
import { captureLogger } from "./slack-test-kit.js";

let fake: FakeSlack | undefined;
let adapter: SlackAdapter | undefined;
afterEach(async () => {
  // Stop the client first, or it would reconnect to a closed server.
  await adapter?.stop();
  await fake?.close();
  adapter = undefined;
  fake = undefined;
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 8_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("waitFor: timed out");
    await sleep(20);
  }
}

/** How long the slash command's handler takes: the ack must come before it is done. */
const HANDLER_MS = 1_500;

describe("Slack adapter in Socket Mode", () => {
  it("connects with the app token, acks a slash command at once and answers through response_url", async () => {
    fake = await startFakeSlack({ minPostIntervalMs: 0 });
    const requests: CommandRequest[] = [];
    const handler: CommandHandler = async (request) => {
      requests.push(request);
      await sleep(HANDLER_MS);
      return {
        visibility: "channel",
        summary: "ok",
        blocks: [{ kind: "text", text: `got ${request.text}` }],
      };
    };
    adapter = createSlackAdapter({
      config: {
        botToken: fake.options.botToken,
        appToken: fake.options.appToken,
        apiUrl: fake.apiUrl,
        managers: "everyone",
        managerIds: [],
      },
      handleCommand: handler,
      logger: captureLogger().logger,
      retryConfig: { retries: 0 },
    });
    expect(adapter.requestListener).toBeUndefined();
    await adapter.start();
    expect(fake.socket.connections).toBe(1);
    expect(fake.callsOf("apps.connections.open")[0]?.token).toBe(fake.options.appToken);

    const sentAt = fake.socket.send({
      envelope_id: "env-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        team_id: "T0FAKE",
        channel_id: "C0NEWS",
        user_id: "U1",
        command: "/news",
        text: "list",
        response_url: fake.responseUrl(),
      },
    });
    const ack = await waitFor(() => fake?.socket.acks.find((a) => a.envelope_id === "env-1"));
    // Acked before the handler finished (a margin a busy machine cannot eat).
    expect(ack.at - sentAt).toBeLessThan(HANDLER_MS);
    const response = await waitFor(() => fake?.responses[0]);
    expect(response.body).toMatchObject({ response_type: "in_channel", text: "ok" });
    expect(requests[0]).toMatchObject({
      channel: "slack:T0FAKE/C0NEWS",
      text: "list",
      isQuestion: false,
    });
  });
});
