import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createFakeGateway, type FakeGateway } from "./fake-gateway.js";
import { guildObject } from "./fake-payloads.js";
import { type FakeFailure, type FakeRestState, handleRest } from "./fake-rest.js";

export type { FakeFailure, RecordedRequest, StoredMessage } from "./fake-rest.js";

export interface FakeDiscordOptions {
  token: string;
  applicationId: string;
  botUser?: { id: string; username: string };
  /** Guilds the bot is in: id -> text channel ids. */
  guilds?: Record<string, string[]>;
}

export interface FakeDiscord {
  /** The REST base as discord.js's `rest.api` option takes it: `http://127.0.0.1:<port>/api`. */
  apiUrl: string;
  gatewayUrl: string;
  state: FakeRestState;
  gateway: FakeGateway;
  /** Answer the next `times` matching requests with `failure` instead. */
  failNext(method: string, path: RegExp, failure: FakeFailure, times?: number): void;
  close(): Promise<void>;
}

/** A local Discord: REST routes and the gateway on one 127.0.0.1 port. */
export async function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  const botUser = options.botUser ?? { id: "1000", username: "newswire" };
  const guilds = options.guilds ?? {};
  let counter = 5_000;
  let gatewayUrl = "";
  const state: FakeRestState = {
    token: options.token,
    applicationId: options.applicationId,
    botUser,
    gatewayUrl: () => gatewayUrl,
    requests: [],
    messages: [],
    commands: new Map(),
    failures: [],
    callbacks: new Map(),
    nonces: new Map(),
    nextId: () => {
      counter += 1;
      return String(counter);
    },
  };
  const server = createServer((req, res) => {
    handleRest(state, req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  const gateway = createFakeGateway(server, {
    token: options.token,
    applicationId: options.applicationId,
    botUser,
    guilds: () => Object.entries(guilds).map(([id, channels]) => guildObject(id, channels)),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  gatewayUrl = `ws://127.0.0.1:${port}`;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl,
    state,
    gateway,
    failNext(method, path, failure, times = 1) {
      state.failures.push({ method, path, failure, times });
    },
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A 429 as Discord sends it: headers and body both carry the wait, in seconds. */
export function rateLimited(retryAfterSeconds: number, global = false): FakeFailure {
  return {
    status: 429,
    body: { message: "You are being rate limited.", retry_after: retryAfterSeconds, global },
    headers: {
      "retry-after": String(retryAfterSeconds),
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset-after": String(retryAfterSeconds),
      "x-ratelimit-bucket": "fake-bucket",
      "x-ratelimit-scope": global ? "global" : "user",
      ...(global ? { "x-ratelimit-global": "true" } : {}),
    },
  };
}

export const missingPermissions: FakeFailure = {
  status: 403,
  body: { message: "Missing Permissions", code: 50013 },
};

export const missingAccess: FakeFailure = {
  status: 403,
  body: { message: "Missing Access", code: 50001 },
};

export const unknownChannel: FakeFailure = {
  status: 404,
  body: { message: "Unknown Channel", code: 10003 },
};

export const serverError: FakeFailure = {
  status: 502,
  body: { message: "502: Bad Gateway", code: 0 },
};
