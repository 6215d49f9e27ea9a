import type { CommandRequest } from "./commands/command-request.js";
import type { Reply } from "./commands/reply-model.js";
import type { Digest } from "./digest/digest-model.js";

/**
 * The chat platform port (DESIGN.md §4): Slack, Discord and the console each
 * implement it in platforms/<p>/; the deliver worker and app.ts use it.
 */
export type DeliveryOutcome =
  /** The platform accepted every part; ids of the messages posted. */
  | { status: "posted"; messageIds: string[] }
  /** A retried delivery found the digest already posted (idempotency check). */
  | { status: "already-posted"; messageIds: string[] }
  /** The channel is gone or closed to us: do not retry; pause what depends on it. */
  | { status: "gone"; reason: string }
  /** A transient failure: retry later (after retryAfterMs when the platform said). */
  | { status: "retry"; reason: string; retryAfterMs: number | null };

/** Runs a command for a platform; the adapters call it and render the Reply. */
export type CommandHandler = (request: CommandRequest) => Promise<Reply>;

export interface ChatPlatform {
  readonly name: "slack" | "discord" | "console";
  /** Connect (gateway, socket mode) and register commands; resolves when ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Post a digest to a channel of this platform (`slack:T/C`, `discord:G/C`, `console:name`). */
  postDigest(channel: string, digest: Digest): Promise<DeliveryOutcome>;
  /** Post a reply outside a command's own response (e.g. "feed disabled" notices). */
  postNotice(channel: string, reply: Reply): Promise<DeliveryOutcome>;
}
