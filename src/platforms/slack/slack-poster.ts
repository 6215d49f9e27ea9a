import { setTimeout as sleep } from "node:timers/promises";
import { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { DeliveryOutcome } from "../../core/chat-platform.js";
import type { Reply } from "../../core/commands/reply-model.js";
import type { Digest } from "../../core/digest/digest-model.js";
import { classifySlackError } from "./classify-slack-error.js";
import { renderDigest } from "./render-digest.js";
import { renderReply } from "./render-reply.js";
import { parseSlackChannel } from "./slack-channel.js";

/** The metadata event type our digest messages carry (idempotency, DESIGN.md §1). */
export const DIGEST_EVENT_TYPE = "newswire_digest";

export interface SlackPosterOptions {
  /**
   * A client made with `rejectRateLimitedCalls: true` and no retries (see
   * createPosterClient): the poster waits out 429s itself and never lets the
   * client re-send a post blindly after a network error, which could post twice.
   */
  client: webApi.WebClient;
  logger: Logger;
  /**
   * Slack refused our token: called once per failure so the adapter can stop.
   * The poster itself keeps answering `retry` without calling Slack.
   */
  onAuthFailure: (reason: string) => void;
  /** Null while working; the reason once the adapter is stopped for a bad token. */
  stoppedReason: () => string | null;
  /**
   * chat.postMessage allows about one message a second per channel
   * (https://docs.slack.dev/reference/methods/chat.postMessage#rate_limiting):
   * consecutive posts to one channel are spaced this far apart. Default 1,000.
   */
  minPostIntervalMs?: number;
  /** How far before the digest's creation the history check looks (clock skew). Default 10 min. */
  historySkewMs?: number;
  /** A Retry-After longer than this is not waited out: the delivery is retried later. Default 60 s. */
  maxRateLimitWaitMs?: number;
  /** 429s waited out per call before giving up to a later retry. Default 5. */
  maxRateLimitWaits?: number;
}

/** The client the poster wants: 429s handed back to it, nothing re-sent behind its back. */
export function createPosterClient(
  token: string,
  options: webApi.WebClientOptions,
): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...options,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
}

export interface SlackPoster {
  postDigest(channel: string, digest: Digest): Promise<DeliveryOutcome>;
  postNotice(channel: string, reply: Reply): Promise<DeliveryOutcome>;
}

/** conversations.history pages read at most, each of up to 200 messages. */
const HISTORY_PAGES = 10;

export function createSlackPoster(options: SlackPosterOptions): SlackPoster {
  const { client, logger } = options;
  const interval = options.minPostIntervalMs ?? 1_000;
  const skew = options.historySkewMs ?? 10 * 60_000;
  const maxWaitMs = options.maxRateLimitWaitMs ?? 60_000;
  const maxWaits = options.maxRateLimitWaits ?? 5;
  const lastPostAt = new Map<string, number>();

  /**
   * Calls Slack; on a 429 waits the Retry-After Slack sent (never less) and
   * calls again: DESIGN.md §5 says it is obeyed. A 429 is a refusal, so the
   * repeat cannot post twice. A wait longer than maxWaitMs goes back to the
   * queue as `retry` with retryAfterMs instead of holding the job.
   */
  async function obeyingRateLimits<T>(call: () => Promise<T>): Promise<T> {
    for (let waits = 0; ; waits += 1) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof webApi.WebAPIRateLimitedError)) throw error;
        const waitMs = error.retryAfter * 1000;
        if (waits >= maxWaits || waitMs > maxWaitMs) throw error;
        logger.info(
          { retry_after_s: error.retryAfter },
          "slack: rate limited, waiting as Retry-After asks",
        );
        await sleep(waitMs);
      }
    }
  }

  async function post(args: webApi.ChatPostMessageArguments): Promise<string> {
    const wait = (lastPostAt.get(args.channel) ?? Number.NEGATIVE_INFINITY) + interval - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      const result = await obeyingRateLimits(() => client.chat.postMessage(args));
      return result.ts ?? "";
    } finally {
      lastPostAt.set(args.channel, Date.now());
    }
  }

  /**
   * The parts of this digest already in the channel, by part number. The
   * deliver job cannot know whether it is a retry after a crash between
   * posting and recording, so every delivery looks first: one history call,
   * bounded by the digest's creation time.
   */
  async function postedParts(channelId: string, digest: Digest): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const oldest = ((digest.createdAt.getTime() - skew) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page += 1) {
      const result = await obeyingRateLimits(() =>
        client.conversations.history({
          channel: channelId,
          oldest,
          limit: 200,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const message of result.messages ?? []) {
        const metadata = message.metadata;
        if (metadata?.event_type !== DIGEST_EVENT_TYPE) continue;
        const payload = metadata.event_payload as
          | { digest_id?: unknown; part?: unknown }
          | undefined;
        if (
          payload?.digest_id === digest.digestId &&
          typeof payload.part === "number" &&
          message.ts
        ) {
          found.set(payload.part, message.ts);
        }
      }
      cursor = result.response_metadata?.next_cursor;
      if (!result.has_more || !cursor) break;
    }
    return found;
  }

  function failed(error: unknown, context: Record<string, unknown>): DeliveryOutcome {
    const failure = classifySlackError(error);
    if (failure.kind === "gone") {
      logger.warn(
        { ...context, slack_error: failure.code },
        "slack: channel closed to us, not retrying",
      );
      return { status: "gone", reason: failure.reason };
    }
    if (failure.kind === "auth") {
      options.onAuthFailure(failure.reason);
      return { status: "retry", reason: failure.reason, retryAfterMs: null };
    }
    logger.warn(
      { ...context, slack_error: failure.code, err: error },
      "slack: delivery failed, will retry",
    );
    return { status: "retry", reason: failure.reason, retryAfterMs: failure.retryAfterMs };
  }

  function precheck(channel: string): DeliveryOutcome | { channelId: string } {
    const stopped = options.stoppedReason();
    if (stopped !== null)
      return { status: "retry", reason: `slack: adapter stopped: ${stopped}`, retryAfterMs: null };
    const ref = parseSlackChannel(channel);
    if (ref === null)
      return { status: "gone", reason: `slack: not a Slack channel name: ${channel}` };
    return { channelId: ref.channelId };
  }

  return {
    async postDigest(channel, digest) {
      const checked = precheck(channel);
      if ("status" in checked) return checked;
      const { channelId } = checked;
      const messages = renderDigest(digest);
      const context = { channel, digest_id: digest.digestId };
      if (messages.length === 0) return { status: "posted", messageIds: [] };
      try {
        const already = await postedParts(channelId, digest).catch((error: unknown) => {
          // Installed before the history scopes were granted: post without the
          // duplicate check rather than never post (a retry could repeat a part).
          if (error instanceof webApi.WebAPIPlatformError && error.data.error === "missing_scope") {
            logger.warn(
              { ...context, needed: (error.data as { needed?: string }).needed },
              "slack: cannot read channel history (missing scope; reinstall the app from slack/manifest.yaml); posting without the duplicate check",
            );
            return new Map<number, string>();
          }
          throw error;
        });
        const ids: string[] = [];
        let postedNow = 0;
        for (const message of messages) {
          const existing = already.get(message.part);
          if (existing !== undefined) {
            ids.push(existing);
            continue;
          }
          ids.push(
            await post({
              channel: channelId,
              text: message.text,
              blocks: message.blocks,
              // Feed links would each unfurl into a preview: a digest stays a list.
              unfurl_links: false,
              unfurl_media: false,
              metadata: {
                event_type: DIGEST_EVENT_TYPE,
                event_payload: { digest_id: digest.digestId, part: message.part },
              },
            }),
          );
          postedNow += 1;
        }
        logger.info(
          { ...context, parts: messages.length, skipped: messages.length - postedNow },
          "slack: digest delivered",
        );
        return postedNow === 0
          ? { status: "already-posted", messageIds: ids }
          : { status: "posted", messageIds: ids };
      } catch (error) {
        return failed(error, context);
      }
    },

    async postNotice(channel, reply) {
      const checked = precheck(channel);
      if ("status" in checked) return checked;
      const rendered = renderReply(reply);
      try {
        const ts = await post({
          channel: checked.channelId,
          text: rendered.text,
          blocks: rendered.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        return { status: "posted", messageIds: [ts] };
      } catch (error) {
        return failed(error, { channel });
      }
    },
  };
}
