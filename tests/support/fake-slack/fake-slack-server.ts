import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";
import { type WebSocket, WebSocketServer } from "ws";
import { type BlockKitVerdict, checkMessage } from "./block-kit-rules.js";

/**
 * A local stand-in for Slack's Web API (https://slack.com/api/<method>) and
 * for response_url, speaking the same HTTP: form or JSON bodies, a bearer
 * token, `{ok:false,error}` answers, 429 with Retry-After. It records every
 * call and enforces Slack's limits (block-kit-rules.ts, one message a second
 * per channel), so tests drive the real @slack/web-api client against it.
 */
export interface FakeSlackOptions {
  botToken?: string;
  /** The app-level token (xapp-…) Socket Mode opens connections with. */
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** Spacing chat.postMessage wants per channel; Slack: about 1,000 ms. Tests use 0 unless testing it. */
  minPostIntervalMs?: number;
  /** The Retry-After (whole seconds, as Slack sends it) of a 429. */
  retryAfterSec?: number;
  users?: Record<string, { is_admin?: boolean; is_owner?: boolean }>;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
  /** What the fake answered: `ok`, a Slack error code, or `429`. */
  outcome: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown;
  metadata: { event_type: string; event_payload: Record<string, unknown> } | undefined;
  thread_ts: string | undefined;
  args: Record<string, unknown>;
}

export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
  verdict: BlockKitVerdict | null;
}

export type ChannelFailure =
  | "channel_not_found"
  | "not_in_channel"
  | "is_archived"
  | "account_inactive"
  | "invalid_auth"
  | "ratelimited"
  | "missing_scope";

export interface FakeSlack {
  /** Base URL of the server, e.g. http://127.0.0.1:5555 */
  url: string;
  /** For WebClient's slackApiUrl / SLACK_API_URL. */
  apiUrl: string;
  options: Required<Omit<FakeSlackOptions, "users">> & Pick<FakeSlackOptions, "users">;
  calls: RecordedCall[];
  messages: StoredMessage[];
  responses: RecordedResponse[];
  /** Requests that came back before a 429's Retry-After had passed. */
  earlyRetries: number;
  /** A fresh response_url served by this fake. */
  responseUrl(): string;
  /**
   * Make calls about this channel fail with `error`: `times` of them (default:
   * all), only calls of `method` when given. `ratelimited` answers 429.
   */
  failChannel(
    channel: string,
    error: ChannelFailure,
    options?: { times?: number; method?: string },
  ): void;
  /** Store the next post to this channel, then drop the connection without answering. */
  dropResponseAfterStore(channel: string): void;
  revokeToken(): void;
  /** Socket Mode: connections opened, envelopes sent, acknowledgements received. */
  socket: {
    connections: number;
    acks: Array<{ envelope_id: string; payload: unknown; at: number }>;
    /** Sends an envelope to every connected client; returns when it was sent. */
    send(envelope: Record<string, unknown>): number;
  };
  callsOf(method: string): RecordedCall[];
  close(): Promise<void>;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const opts = {
    botToken: options.botToken ?? "xoxb-fake-token",
    appToken: options.appToken ?? "xapp-fake-token",
    teamId: options.teamId ?? "T0FAKE",
    botUserId: options.botUserId ?? "U0BOT",
    botId: options.botId ?? "B0BOT",
    minPostIntervalMs: options.minPostIntervalMs ?? 1_000,
    retryAfterSec: options.retryAfterSec ?? 1,
    users: options.users,
  };
  const failures = new Map<
    string,
    { error: ChannelFailure; times: number; method: string | undefined }
  >();
  const drops = new Set<string>();
  const lastPostAt = new Map<string, number>();
  const blockedUntil = new Map<string, number>();
  const responseUses = new Map<string, number>();
  let revoked = false;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  let seq = 0;
  let responseSeq = 0;

  const state: FakeSlack = {
    url: "",
    apiUrl: "",
    options: opts,
    calls: [],
    messages: [],
    responses: [],
    earlyRetries: 0,
    responseUrl() {
      responseSeq += 1;
      return `${state.url}/response/R${responseSeq}`;
    },
    failChannel(channel, error, options = {}) {
      failures.set(channel, {
        error,
        times: options.times ?? Number.POSITIVE_INFINITY,
        method: options.method,
      });
    },
    dropResponseAfterStore(channel) {
      drops.add(channel);
    },
    revokeToken() {
      revoked = true;
    },
    socket: {
      connections: 0,
      acks: [],
      send(envelope) {
        for (const socket of sockets) socket.send(JSON.stringify(envelope));
        return Date.now();
      },
    },
    callsOf(method) {
      return state.calls.filter((call) => call.method === method);
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };

  function nextTs(): string {
    seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, "0")}`;
  }

  /** A channel failure that applies to this call, used up once. */
  function failureFor(channel: unknown, method: string): ChannelFailure | null {
    if (typeof channel !== "string") return null;
    const failure = failures.get(channel);
    if (!failure || failure.times <= 0) return null;
    if (failure.method !== undefined && failure.method !== method) return null;
    failure.times -= 1;
    return failure.error;
  }

  function rateLimited(res: ServerResponse, channel: string): string {
    blockedUntil.set(channel, Date.now() + opts.retryAfterSec * 1000);
    send(
      res,
      429,
      { ok: false, error: "ratelimited" },
      { "Retry-After": String(opts.retryAfterSec) },
    );
    return "429";
  }

  const methods: Record<
    string,
    (args: Record<string, unknown>, res: ServerResponse, req: IncomingMessage) => string
  > = {
    // Socket Mode: https://docs.slack.dev/apis/events-api/using-socket-mode
    "apps.connections.open": (_args, res) => {
      send(res, 200, { ok: true, url: `${state.url.replace("http", "ws")}/socket` });
      return "ok";
    },
    "auth.test": (_args, res) => {
      send(res, 200, {
        ok: true,
        url: "https://fake.slack.com/",
        team: "Fake",
        user: "newswire",
        team_id: opts.teamId,
        user_id: opts.botUserId,
        bot_id: opts.botId,
      });
      return "ok";
    },
    "users.info": (args, res) => {
      const id = String(args.user ?? "");
      const user = opts.users?.[id];
      if (!user) return fail(res, "user_not_found");
      send(res, 200, {
        ok: true,
        user: {
          id,
          team_id: opts.teamId,
          is_admin: Boolean(user.is_admin),
          is_owner: Boolean(user.is_owner),
          is_primary_owner: false,
        },
      });
      return "ok";
    },
    "chat.postMessage": (args, res, req) => {
      const channel = typeof args.channel === "string" ? args.channel : "";
      if (channel === "") return fail(res, "channel_not_found");
      const now = Date.now();
      if ((blockedUntil.get(channel) ?? 0) > now) {
        state.earlyRetries += 1;
        return rateLimited(res, channel);
      }
      const failure = failureFor(channel, "chat.postMessage");
      if (failure === "ratelimited") return rateLimited(res, channel);
      if (failure) return fail(res, failure);
      if (now - (lastPostAt.get(channel) ?? Number.NEGATIVE_INFINITY) < opts.minPostIntervalMs) {
        return rateLimited(res, channel);
      }
      let blocks: unknown;
      let metadata: StoredMessage["metadata"];
      try {
        blocks = typeof args.blocks === "string" ? JSON.parse(args.blocks) : args.blocks;
        metadata =
          typeof args.metadata === "string"
            ? JSON.parse(args.metadata)
            : (args.metadata as StoredMessage["metadata"]);
      } catch {
        return fail(res, "invalid_blocks_format");
      }
      if (
        metadata !== undefined &&
        (typeof metadata?.event_type !== "string" || typeof metadata.event_payload !== "object")
      ) {
        return fail(res, "invalid_metadata_format");
      }
      const verdict = checkMessage(args.text, blocks);
      if (verdict) {
        send(res, 200, {
          ok: false,
          error: verdict.error,
          response_metadata: { messages: verdict.messages },
        });
        return verdict.error;
      }
      const ts = nextTs();
      const thread = typeof args.thread_ts === "string" ? args.thread_ts : undefined;
      const text = typeof args.text === "string" ? args.text : undefined;
      state.messages.push({ channel, ts, text, blocks, metadata, thread_ts: thread, args });
      lastPostAt.set(channel, now);
      if (drops.delete(channel)) {
        // The message is in the channel, but the poster never hears so.
        req.socket.destroy();
        return "dropped";
      }
      send(res, 200, {
        ok: true,
        channel,
        ts,
        message: { type: "message", text, ts, bot_id: opts.botId, blocks },
      });
      return "ok";
    },
    "conversations.history": (args, res) => {
      const channel = String(args.channel ?? "");
      const failure = failureFor(channel, "conversations.history");
      if (failure === "ratelimited") return rateLimited(res, channel);
      if (failure) return fail(res, failure);
      const oldest = Number(args.oldest ?? 0);
      const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
      const limit = Math.min(999, Number(args.limit ?? 100));
      const start = Number(args.cursor ?? 0);
      const withMetadata =
        args.include_all_metadata === true || args.include_all_metadata === "true";
      const all = state.messages
        .filter((m) => m.channel === channel && (m.thread_ts === undefined || m.thread_ts === m.ts))
        .filter((m) => Number(m.ts) > oldest && Number(m.ts) < latest)
        .reverse();
      const page = all.slice(start, start + limit);
      const hasMore = start + limit < all.length;
      send(res, 200, {
        ok: true,
        has_more: hasMore,
        messages: page.map((m) => ({
          type: "message",
          ts: m.ts,
          text: m.text,
          bot_id: opts.botId,
          ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
        })),
        response_metadata: { next_cursor: hasMore ? String(start + limit) : "" },
      });
      return "ok";
    },
  };

  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const path = new URL(req.url ?? "/", "http://localhost").pathname;
        if (req.method === "POST" && path.startsWith("/response/")) {
          const id = path.slice("/response/".length);
          const uses = (responseUses.get(id) ?? 0) + 1;
          responseUses.set(id, uses);
          const body = JSON.parse(raw || "{}") as Record<string, unknown>;
          const verdict = checkMessage(body.text, body.blocks);
          state.responses.push({ id, body, at: Date.now(), verdict });
          // A response_url takes up to 5 answers (DESIGN.md §5).
          if (uses > 5) return void res.writeHead(404).end("used_url");
          if (verdict) return void res.writeHead(400).end(verdict.error);
          return void res.writeHead(200).end("ok");
        }
        const method = path.startsWith("/api/") ? path.slice("/api/".length) : "";
        const args = parseArgs(req, raw);
        const auth = req.headers.authorization;
        const token = auth?.startsWith("Bearer ")
          ? auth.slice(7)
          : typeof args.token === "string"
            ? args.token
            : undefined;
        const call: RecordedCall = { method, args, token, at: Date.now(), outcome: "" };
        state.calls.push(call);
        if (token === undefined) call.outcome = fail(res, "not_authed");
        else if (token !== (method === "apps.connections.open" ? opts.appToken : opts.botToken)) {
          call.outcome = fail(res, "invalid_auth");
        } else if (revoked) call.outcome = fail(res, "token_revoked");
        else if (
          failures.get(String(args.channel))?.error === "invalid_auth" &&
          failureFor(args.channel, method)
        ) {
          call.outcome = fail(res, "invalid_auth");
        } else {
          const handler = methods[method];
          call.outcome = handler ? handler(args, res, req) : fail(res, "unknown_method");
        }
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== "/socket") {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      state.socket.connections += 1;
      ws.on("close", () => sockets.delete(ws));
      ws.on("message", (data) => {
        const message = JSON.parse(String(data)) as { envelope_id: string; payload: unknown };
        state.socket.acks.push({
          envelope_id: message.envelope_id,
          payload: message.payload,
          at: Date.now(),
        });
      });
      ws.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          connection_info: { app_id: "A0FAKE" },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.apiUrl = `${state.url}/api/`;
  return state;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, error: string): string {
  send(res, 200, { ok: false, error });
  return error;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Slack takes form-encoded bodies (the client's default) or JSON. */
function parseArgs(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers["content-type"] ?? "").includes("application/json")) {
    return raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
  }
  const parsed = parseQuery(raw);
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed))
    args[key] = Array.isArray(value) ? value[0] : value;
  return args;
}
