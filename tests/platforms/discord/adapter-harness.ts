import { Writable } from "node:stream";
import { pino } from "pino";
import type { CommandHandler } from "../../../src/core/chat-platform.js";
import type { CommandRequest } from "../../../src/core/commands/command-request.js";
import type { Reply } from "../../../src/core/commands/reply-model.js";
import {
  createDiscordAdapter,
  type DiscordAdapterOptions,
} from "../../../src/platforms/discord/discord-adapter.js";
import type { SuggestFunction } from "../../../src/platforms/discord/interaction-responder.js";
import { startFakeDiscord } from "../../support/fake-discord/fake-discord.js";
import {
  type FakeOption,
  interactionObject,
  messageObjectFor,
} from "../../support/fake-discord/fake-payloads.js";

export const TOKEN = "fake-bot-token";
export const APP_ID = "42";
export const GUILD = "100";
export const CHANNEL = "200";
export const BOT = { id: "1000", username: "newswire" };
export const ALICE = { id: "501", username: "alice" };
/** Manage Channels (1 << 4) plus View Channel and Send Messages. */
export const MANAGER_PERMISSIONS = (1n << 4n) | (1n << 10n) | (1n << 11n);
export const READER_PERMISSIONS = (1n << 10n) | (1n << 11n);

/** Test input: a command handler that records requests and answers what the test says. */
export interface RecordingHandler {
  handler: CommandHandler;
  requests: CommandRequest[];
  answer: (request: CommandRequest) => Promise<Reply>;
}

export function recordingHandler(): RecordingHandler {
  const recorder: RecordingHandler = {
    requests: [],
    answer: async (request) => ({
      visibility: "channel",
      summary: "ok",
      blocks: [{ kind: "text", text: `ran: ${request.text}` }],
    }),
    handler: async (request) => {
      recorder.requests.push(request);
      return recorder.answer(request);
    },
  };
  return recorder;
}

export function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

export async function startHarness(
  overrides: Partial<DiscordAdapterOptions> = {},
  config: Partial<DiscordAdapterOptions["config"]> = {},
) {
  const fake = await startFakeDiscord({
    token: TOKEN,
    applicationId: APP_ID,
    botUser: BOT,
    guilds: { [GUILD]: [CHANNEL] },
  });
  const recorder = recordingHandler();
  const gone: Array<[string, string]> = [];
  const suggest: SuggestFunction = async (kind, _channel, prefix) =>
    Array.from({ length: 40 }, (_, i) => ({
      name: `${kind} ${prefix} ${i} ${"x".repeat(150)}`,
      value: `${kind}-${i}`,
    }));
  const { logger, lines } = captureLogger();
  const adapter = createDiscordAdapter({
    config: {
      token: TOKEN,
      applicationId: APP_ID,
      apiUrl: fake.apiUrl,
      guildId: GUILD,
      managePermission: "ManageChannels",
      ...config,
    },
    handleCommand: (request) => recorder.handler(request),
    suggest,
    logger,
    onGone: (prefix, reason) => gone.push([prefix, reason]),
    deferAfterMs: 300,
    restRetries: 1,
    ...overrides,
  });
  let nextId = 800;
  const interact = (
    options: FakeOption[],
    extra: { permissions?: bigint; type?: 2 | 4; guildId?: string | null } = {},
  ) => {
    nextId += 1;
    const id = String(nextId);
    fake.gateway.dispatch(
      "INTERACTION_CREATE",
      interactionObject({
        id,
        applicationId: APP_ID,
        type: extra.type ?? 2,
        guildId: extra.guildId === undefined ? GUILD : extra.guildId,
        channelId: CHANNEL,
        user: ALICE,
        permissions: extra.permissions ?? MANAGER_PERMISSIONS,
        options,
      }),
    );
    return id;
  };
  const say = (content: string, mentionBot: boolean) => {
    nextId += 1;
    fake.gateway.dispatch(
      "MESSAGE_CREATE",
      messageObjectFor({
        id: String(nextId),
        guildId: GUILD,
        channelId: CHANNEL,
        author: ALICE,
        content,
        mentions: mentionBot ? [BOT] : [],
      }),
    );
  };
  return { fake, adapter, recorder, gone, lines, interact, say };
}

/** Poll until `check` returns a value (not undefined), or fail after `ms`. */
export async function waitFor<T>(check: () => T | undefined, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("waitFor: timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
