import type { Logger } from "pino";
import type { ChatPlatform } from "../../core/chat-platform.js";
import type { Clock } from "../../core/clock.js";
import type { DigestRepository } from "../../store/digest-repository.js";
import type { SubscriptionRepository } from "../../store/subscription-repository.js";
import { giveUp, retryLater } from "../job-errors.js";

export interface DeliverDeps {
  digests: DigestRepository;
  subscriptions: SubscriptionRepository;
  /** By platform name: the part of a channel before the first `:`. */
  platforms: ReadonlyMap<string, ChatPlatform>;
  clock: Clock;
  logger: Logger;
}

export type DeliverResult = "delivered" | "already-delivered" | "paused";

/**
 * The deliver job: post a persisted digest through its platform, then mark it
 * and its matches delivered, only after the platform accepted it. Posting is
 * idempotent on every platform, so a retried job (a worker killed between the
 * post and this record) posts nothing twice.
 */
export async function deliverDigest(digestId: string, deps: DeliverDeps): Promise<DeliverResult> {
  const stored = await deps.digests.get(digestId);
  if (!stored) throw giveUp(`deliver: digest ${digestId} does not exist`);
  if (stored.status === "delivered") return "already-delivered";
  if (stored.status === "failed") throw giveUp(`deliver: digest ${digestId} was given up on`);
  const log = deps.logger.child({ digest_id: digestId, channel: stored.channel });
  const platformName = stored.channel.slice(0, stored.channel.indexOf(":"));
  const platform = deps.platforms.get(platformName);
  if (!platform) {
    // Not configured in this process (e.g. Slack tokens unset): keep it for later.
    await deps.digests.recordAttempt(digestId, `${platformName} is not configured`);
    throw retryLater(
      5 * 60_000,
      `deliver: ${platformName} is not configured here; set its tokens to deliver to ${stored.channel}`,
    );
  }
  const outcome = await platform.postDigest(stored.channel, stored.digest);
  switch (outcome.status) {
    case "posted":
    case "already-posted":
      await deps.digests.markDelivered(digestId, outcome.messageIds, deps.clock.now());
      log.info(
        { parts: outcome.messageIds.length, outcome: outcome.status },
        "deliver: digest delivered",
      );
      return "delivered";
    case "gone": {
      const paused = await deps.subscriptions.pauseChannel(stored.channel, outcome.reason);
      await deps.digests.markFailed(digestId, outcome.reason);
      log.warn(
        { reason: outcome.reason, paused: paused.length },
        "deliver: channel is gone or closed to us; its subscriptions are paused",
      );
      return "paused";
    }
    case "retry":
      await deps.digests.recordAttempt(digestId, outcome.reason);
      if (outcome.retryAfterMs !== null)
        throw retryLater(outcome.retryAfterMs, `deliver: ${outcome.reason}`);
      throw new Error(`deliver: ${outcome.reason}`);
  }
}
