import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { App, HTTPModuleFunctions, HTTPReceiver, isValidSlackRequest, webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { ChatPlatform, CommandHandler } from "../../core/chat-platform.js";
import { createBoltLogger } from "./bolt-logger.js";
import { createCanManage } from "./can-manage.js";
import { classifySlackError } from "./classify-slack-error.js";
import { registerSlackListeners } from "./register-slack-listeners.js";
import { createReplayGuard } from "./replay-guard.js";
import { createPosterClient, createSlackPoster } from "./slack-poster.js";

export interface SlackAdapterConfig {
  botToken: string;
  /** Required over HTTP; Socket Mode (appToken set) does not sign requests. */
  signingSecret?: string;
  /** `xapp-…`: Socket Mode instead of HTTP. */
  appToken?: string;
  /** Web API base URL (SLACK_API_URL); tests point it at a local fake. */
  apiUrl?: string;
  managers: "everyone" | "admins";
  managerIds: string[];
}

export interface SlackAdapterOptions {
  config: SlackAdapterConfig;
  handleCommand: CommandHandler;
  logger: Logger;
  /**
   * @slack/web-api retry policy for Bolt's own calls (auth.test, users.info,
   * thread answers; it waits out each 429's Retry-After between attempts).
   * Default: 4 retries within about a minute, not the client's 30 minutes.
   * Digest posting does its own waiting (slack-poster.ts).
   */
  retryConfig?: webApi.RetryOptions;
  /** Spacing of posts to one channel; Slack allows about one a second. Default 1,000. */
  minPostIntervalMs?: number;
}

export interface SlackAdapter extends ChatPlatform {
  readonly name: "slack";
  /**
   * Over HTTP: mount on our node:http server for `POST /slack/events`. Other
   * paths answer 404; before start() or after a stop, 503. Unset in Socket Mode.
   */
  readonly requestListener?: RequestListener;
}

/** The path Slack posts commands and events to (manifest request_url). */
export const SLACK_EVENTS_PATH = "/slack/events";

const DEFAULT_RETRY: webApi.RetryOptions = {
  retries: 4,
  factor: 2,
  minTimeout: 1_000,
  maxTimeout: 15_000,
  randomize: true,
};

/**
 * The Slack ChatPlatform: a Bolt app whose HTTPReceiver we do not start (it
 * would open its own port); its request listener is served on our HTTP
 * server, behind a replay guard. Bolt verifies every request (HMAC-SHA256 of
 * `v0:{ts}:{body}` with the signing secret, timestamps older than five
 * minutes refused) and answers 401 before any listener runs.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, logger } = options;
  const boltLogger = createBoltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    logger: boltLogger,
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
  };
  const socketMode = Boolean(config.appToken);
  if (!socketMode && !config.signingSecret) {
    throw new Error(
      "slack: SLACK_SIGNING_SECRET is required over HTTP (or set SLACK_APP_TOKEN for Socket Mode)",
    );
  }
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.signingSecret ?? "",
        endpoints: SLACK_EVENTS_PATH,
        logger: boltLogger,
      });
  const app = new App({
    token: config.botToken,
    logger: boltLogger,
    clientOptions,
    // auth.test runs in start(), where a bad token can be reported, not in the constructor.
    deferInitialization: true,
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken }),
  });
  const client = new webApi.WebClient(config.botToken, clientOptions);
  const posterClient = createPosterClient(config.botToken, clientOptions);

  let started = false;
  let stoppedReason: string | null = null;

  async function stopFor(reason: string): Promise<void> {
    if (stoppedReason !== null) return;
    stoppedReason = reason;
    logger.error(
      { reason },
      `slack: adapter stopped: ${reason}; the rest of Newswire keeps running`,
    );
    if (socketMode && started) await app.stop().catch(() => undefined);
  }

  const poster = createSlackPoster({
    client: posterClient,
    logger,
    onAuthFailure: (reason) => void stopFor(reason),
    stoppedReason: () => stoppedReason,
    ...(options.minPostIntervalMs !== undefined
      ? { minPostIntervalMs: options.minPostIntervalMs }
      : {}),
  });

  registerSlackListeners(app, {
    handleCommand: options.handleCommand,
    canManage: createCanManage(client, config, logger),
    logger,
  });
  app.error(async (error) => {
    logger.error({ err: error }, "slack: unhandled error in a listener");
  });

  const replay = createReplayGuard();
  const signingSecret = config.signingSecret ?? "";
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "POST" || path !== SLACK_EVENTS_PATH || !receiver) {
      res.writeHead(404).end();
      return;
    }
    if (!started || stoppedReason !== null) {
      res.writeHead(503).end();
      return;
    }
    // Buffer once; Bolt reuses `rawBody` instead of reading the stream again.
    const buffered = await HTTPModuleFunctions.bufferIncomingMessage(
      req,
      HTTPModuleFunctions.defaultBodyLimit,
    );
    const signature = req.headers["x-slack-signature"];
    const timestamp = Number(req.headers["x-slack-request-timestamp"]);
    const valid =
      typeof signature === "string" &&
      isValidSlackRequest({
        signingSecret,
        body: buffered.rawBody.toString(),
        headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
      });
    if (valid && replay.seenBefore(signature)) {
      logger.warn("slack: refused a replayed request (same signature seen within 5 minutes)");
      res.writeHead(401).end();
      return;
    }
    // Bolt verifies again, answers 401 to anything unsigned, badly signed or stale.
    receiver.requestListener(buffered, res);
  };

  return {
    name: "slack",
    ...(receiver
      ? {
          requestListener: (req: IncomingMessage, res: ServerResponse) => {
            serve(req, res).catch((err: unknown) => {
              logger.warn({ err }, "slack: could not read a request");
              const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413;
              if (!res.headersSent) res.writeHead(tooLarge ? 413 : 400).end();
            });
          },
        }
      : {}),

    async start() {
      if (started || stoppedReason !== null) return;
      try {
        // auth.test: proves the token and tells Bolt our bot user id, which
        // it uses to ignore our own messages.
        await app.init();
        if (socketMode) await app.start();
        started = true;
        logger.info({ mode: socketMode ? "socket" : "http" }, "slack: adapter ready");
      } catch (error) {
        const failure = classifySlackError(error);
        if (failure.kind === "auth") {
          await stopFor(failure.reason);
          return;
        }
        throw new Error(`slack: could not start: ${failure.reason}`, { cause: error });
      }
    },

    async stop() {
      const wasStarted = started;
      started = false;
      if (socketMode && wasStarted) await app.stop();
    },

    postDigest: (channel, digest) => poster.postDigest(channel, digest),
    postNotice: (channel, reply) => poster.postNotice(channel, reply),
  };
}
