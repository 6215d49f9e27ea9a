import type { IncomingMessage, ServerResponse } from "node:http";
import { validateMessage } from "./validate-message.js";

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v10` prefix, e.g. `/channels/1/messages`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
  status: number;
}

/** A failure to answer instead of the route's normal response. */
export interface FakeFailure {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  body: Record<string, unknown>;
}

export interface FakeRestState {
  token: string;
  applicationId: string;
  botUser: { id: string; username: string };
  gatewayUrl: () => string;
  requests: RecordedRequest[];
  /** Messages created in channels, by interaction responses and by webhooks. */
  messages: StoredMessage[];
  /** Application commands as last PUT: key `global` or the guild id. */
  commands: Map<string, unknown[]>;
  failures: Array<{ method: string; path: RegExp; failure: FakeFailure; times: number }>;
  /** Interaction callbacks by interaction id (only one allowed each). */
  callbacks: Map<string, Record<string, unknown>>;
  nonces: Map<string, StoredMessage>;
  nextId: () => string;
}

type Handler = (
  state: FakeRestState,
  match: RegExpExecArray,
  body: unknown,
  query: URLSearchParams,
) => { status: number; body?: unknown };

const bad = (error: unknown) => ({ status: 400, body: error });
const notFound = { status: 404, body: { message: "404: Not Found", code: 0 } };

function messageObject(state: FakeRestState, id: string, channelId: string, body: unknown) {
  const data = (body ?? {}) as Record<string, unknown>;
  return {
    id,
    channel_id: channelId,
    type: 0,
    content: data.content ?? "",
    embeds: data.embeds ?? [],
    flags: data.flags ?? 0,
    nonce: data.nonce,
    author: { ...state.botUser, discriminator: "0", avatar: null, bot: true, global_name: null },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    components: [],
    pinned: false,
    webhook_id: undefined,
  };
}

/** The routes, with `auth: true` where Discord wants `Authorization: Bot <token>`. */
const routes: Array<{ method: string; path: RegExp; auth: boolean; handle: Handler }> = [
  {
    method: "GET",
    path: /^\/gateway\/bot$/,
    auth: true,
    handle: (state) => ({
      status: 200,
      body: {
        url: state.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      },
    }),
  },
  {
    method: "GET",
    path: /^\/users\/@me$/,
    auth: true,
    handle: (state) => ({
      status: 200,
      body: { ...state.botUser, discriminator: "0", avatar: null, bot: true },
    }),
  },
  {
    method: "PUT",
    path: /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/,
    auth: true,
    handle: (state, match, body) => {
      if (match[1] !== state.applicationId) return notFound;
      if (!Array.isArray(body))
        return bad({ code: 50035, message: "Invalid Form Body", errors: {} });
      const stored = body.map((command) => ({
        ...(command as object),
        id: state.nextId(),
        application_id: state.applicationId,
        version: "1",
      }));
      state.commands.set(match[2] ?? "global", stored);
      return { status: 200, body: stored };
    },
  },
  {
    method: "GET",
    path: /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/,
    auth: true,
    handle: (state, match) => ({
      status: 200,
      body: state.commands.get(match[2] ?? "global") ?? [],
    }),
  },
  {
    method: "POST",
    path: /^\/channels\/(\d+)\/messages$/,
    auth: true,
    handle: (state, match, body) => {
      const error = validateMessage(body);
      if (error) return bad(error);
      const channelId = match[1] ?? "";
      const data = body as Record<string, unknown>;
      // enforce_nonce: a second message with the same nonce returns the first one.
      const nonceKey =
        data.enforce_nonce === true && data.nonce !== undefined
          ? `${channelId}:${String(data.nonce)}`
          : null;
      const seen = nonceKey === null ? undefined : state.nonces.get(nonceKey);
      if (seen) return { status: 200, body: messageObject(state, seen.id, channelId, seen.body) };
      const stored = { id: state.nextId(), channelId, body: data };
      state.messages.push(stored);
      if (nonceKey !== null) state.nonces.set(nonceKey, stored);
      return { status: 200, body: messageObject(state, stored.id, channelId, data) };
    },
  },
  {
    method: "POST",
    path: /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
    auth: false,
    handle: (state, match, body, query) => {
      const id = match[1] ?? "";
      if (state.callbacks.has(id))
        return bad({ code: 40060, message: "Interaction has already been acknowledged." });
      const callback = (body ?? {}) as { type?: number; data?: Record<string, unknown> };
      if (callback.type === 4) {
        const error = validateMessage(callback.data);
        if (error) return bad(error);
      } else if (callback.type === 8) {
        const choices = (callback.data?.choices ?? []) as Array<{ name: string; value: unknown }>;
        const tooLong = choices.some((c) => c.name.length > 100 || String(c.value).length > 100);
        if (choices.length > 25 || tooLong)
          return bad({ code: 50035, message: "Invalid Form Body", errors: { choices: {} } });
      } else if (callback.type !== 5) {
        return bad({ code: 50035, message: `fake-discord: callback type ${callback.type}` });
      }
      state.callbacks.set(id, callback);
      if (callback.type === 4) {
        state.messages.push({
          id: state.nextId(),
          channelId: `interaction:${id}`,
          body: callback.data ?? {},
        });
      }
      return query.get("with_response") === "true"
        ? { status: 200, body: { interaction: { id, type: 2 }, resource: { type: callback.type } } }
        : { status: 204 };
    },
  },
  {
    method: "PATCH",
    path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
    auth: false,
    handle: (state, match, body) => {
      const error = validateMessage(body);
      if (error) return bad(error);
      const id = state.nextId();
      state.messages.push({
        id,
        channelId: `webhook:${match[2]}`,
        body: body as Record<string, unknown>,
      });
      return { status: 200, body: messageObject(state, id, "0", body) };
    },
  },
  {
    method: "DELETE",
    path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
    auth: false,
    handle: () => ({ status: 204 }),
  },
  {
    method: "POST",
    path: /^\/webhooks\/(\d+)\/([^/]+)$/,
    auth: false,
    handle: (state, match, body) => {
      const error = validateMessage(body);
      if (error) return bad(error);
      const id = state.nextId();
      state.messages.push({
        id,
        channelId: `webhook:${match[2]}`,
        body: body as Record<string, unknown>,
      });
      return { status: 200, body: messageObject(state, id, "0", body) };
    },
  },
];

/** Serve one HTTP request against the fake's state. */
export async function handleRest(
  state: FakeRestState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://fake");
  // discord.js percent-encodes route parts (`@original` arrives as `%40original`).
  const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, "");
  const method = req.method ?? "GET";
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  let body: unknown;
  try {
    body = raw === "" ? undefined : JSON.parse(raw);
  } catch {
    body = raw;
  }
  const authorization = req.headers.authorization;
  const answer = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
    state.requests.push({ method, path, query: url.searchParams, authorization, body, status });
    res.writeHead(status, {
      ...headers,
      ...(payload === undefined ? {} : { "content-type": "application/json" }),
    });
    res.end(payload === undefined ? undefined : JSON.stringify(payload));
  };

  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.path.exec(path);
    if (!match) continue;
    if (route.auth && authorization !== `Bot ${state.token}`) {
      answer(401, { message: "401: Unauthorized", code: 0 });
      return;
    }
    const failureIndex = state.failures.findIndex(
      (f) => f.method === method && f.path.test(path) && f.times > 0,
    );
    const failure = state.failures[failureIndex];
    if (failure) {
      failure.times -= 1;
      answer(failure.failure.status, failure.failure.body, failure.failure.headers);
      return;
    }
    const result = route.handle(state, match, body, url.searchParams);
    answer(result.status, result.body);
    return;
  }
  answer(404, { message: "404: Not Found", code: 0 });
}
