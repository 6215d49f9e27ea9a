import { createHash } from "node:crypto";
import {
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  type REST,
  type RESTPostAPIChannelMessageResult,
  Routes,
} from "discord.js";
import type { Logger } from "pino";
import type { DeliveryOutcome } from "../../core/chat-platform.js";
import type { Digest } from "../../core/digest/digest-model.js";
import { parseDiscordChannel } from "./discord-channel.js";
import { discordLimits } from "./discord-limits.js";
import { type DiscordMessagePayload, renderDigest } from "./render-digest.js";
import type { DiscordReplyPayload } from "./render-reply.js";

export interface DiscordPoster {
  postDigest(channel: string, digest: Digest): Promise<DeliveryOutcome>;
  /** Post one message (a notice); `nonceKey`, when given, makes a re-post a no-op for a few minutes. */
  postMessage(
    channel: string,
    payload: DiscordMessagePayload | DiscordReplyPayload,
    nonceKey?: string,
  ): Promise<DeliveryOutcome>;
}

/**
 * JSON error codes that mean the channel is closed to us: retrying cannot help,
 * so the subscription is paused (DESIGN.md §5; Discord "JSON Error Codes").
 */
const GONE_CODES = new Map<number, string>([
  [10003, "Unknown Channel: the channel was deleted or the bot cannot see it"],
  [10004, "Unknown Guild: the bot is no longer in this server"],
  [50001, "Missing Access: the bot cannot view this channel"],
  [50013, "Missing Permissions: the bot may not send messages or embeds here"],
]);

/**
 * A nonce of at most 25 characters, the same for the same digest part every
 * time, so that `enforce_nonce` turns a job's second run into a no-op (Discord
 * keeps nonces for a few minutes only; delivery records stay the real guard).
 */
export function digestNonce(key: string, part: number): string {
  const hash = createHash("sha256").update(key).digest("base64url").slice(0, 20);
  return `${hash}.${part}`.slice(0, discordLimits.nonce);
}

/** Posts messages through discord.js's REST client, whose rate limiter waits out 429s. */
export function createDiscordPoster(options: { rest: REST; logger: Logger }): DiscordPoster {
  const { rest, logger } = options;

  async function postAll(
    channel: string,
    payloads: Array<DiscordMessagePayload | DiscordReplyPayload>,
    nonceKey: string | undefined,
    logContext: Record<string, unknown>,
  ): Promise<DeliveryOutcome> {
    const ref = parseDiscordChannel(channel);
    if (ref === null)
      return { status: "gone", reason: `discord: not a Discord channel: ${channel}` };
    const messageIds: string[] = [];
    for (const [part, payload] of payloads.entries()) {
      const body = {
        ...payload,
        ...(nonceKey === undefined
          ? {}
          : { nonce: digestNonce(nonceKey, part), enforce_nonce: true }),
      };
      try {
        const message = (await rest.post(Routes.channelMessages(ref.channelId), {
          body,
        })) as RESTPostAPIChannelMessageResult;
        messageIds.push(message.id);
      } catch (error) {
        const outcome = outcomeOf(error);
        logger.warn(
          { ...logContext, channel, part, posted: messageIds.length, outcome, err: error },
          "discord: post failed",
        );
        return outcome;
      }
    }
    return { status: "posted", messageIds };
  }

  return {
    postDigest(channel, digest) {
      return postAll(channel, renderDigest(digest), digest.digestId, {
        digest_id: digest.digestId,
      });
    },
    postMessage(channel, payload, nonceKey) {
      return postAll(channel, [payload], nonceKey, {});
    },
  };
}

/** Map a discord.js REST failure to what the deliver worker should do. */
export function outcomeOf(error: unknown): DeliveryOutcome {
  if (error instanceof DiscordAPIError) {
    const gone = typeof error.code === "number" ? GONE_CODES.get(error.code) : undefined;
    if (gone !== undefined) return { status: "gone", reason: `discord: ${gone} (${error.code})` };
    if (error.status === 401) {
      // Not the channel's fault: keep the subscription, retry once the token is fixed.
      return { status: "retry", reason: "discord: invalid bot token (401)", retryAfterMs: 300_000 };
    }
    return {
      status: "retry",
      reason: `discord: ${error.status} ${error.code}: ${error.message}`,
      retryAfterMs: null,
    };
  }
  if (error instanceof RateLimitError) {
    // Only when the wait was too long to sit out in the worker (rejectOnRateLimit).
    return {
      status: "retry",
      reason: `discord: rate limited on ${error.route}`,
      retryAfterMs: error.retryAfter,
    };
  }
  if (error instanceof HTTPError) {
    return { status: "retry", reason: `discord: HTTP ${error.status}`, retryAfterMs: null };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: "retry", reason: `discord: ${message}`, retryAfterMs: null };
}
