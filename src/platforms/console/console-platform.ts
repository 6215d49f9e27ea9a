import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { ChatPlatform, DeliveryOutcome } from "../../core/chat-platform.js";
import type { Reply } from "../../core/commands/reply-model.js";
import type { Digest } from "../../core/digest/digest-model.js";
import type { Queryable } from "../../store/database.js";
import { parseConsoleChannel } from "./console-channel.js";
import type { ConsoleMessageKind } from "./revive-model.js";

/**
 * The console platform: "posting" to `console:<name>` stores the model in
 * console_messages, and `newswire chat` (any process, see console-inbox.ts)
 * prints it. Nothing to connect to, so start and stop do nothing.
 */
export interface ConsolePlatformOptions {
  db: Queryable;
  logger: Logger;
}

export interface ConsolePlatform extends ChatPlatform {
  readonly name: "console";
  /** `noticeId` makes a retried notice idempotent; without it each call posts a new one. */
  postNotice(channel: string, reply: Reply, noticeId?: string): Promise<DeliveryOutcome>;
}

export function createConsolePlatform(options: ConsolePlatformOptions): ConsolePlatform {
  const { db } = options;
  const logger = options.logger.child({ component: "console" });

  const store = async (
    channel: string,
    kind: ConsoleMessageKind,
    key: string,
    body: Digest | Reply,
  ): Promise<DeliveryOutcome> => {
    if (parseConsoleChannel(channel) === null) {
      return { status: "gone", reason: `console: ${channel} is not a console:<name> channel` };
    }
    // ON CONFLICT DO NOTHING: a retried delivery (the same key) writes nothing,
    // and the row that is there already says where it went.
    const inserted = await db.query<{ id: string }>(
      `INSERT INTO console_messages (channel_id, message_key, kind, body)
       VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (channel_id, message_key) DO NOTHING
       RETURNING id::text AS id`,
      [channel, key, kind, JSON.stringify(body)],
    );
    const id = inserted.rows[0]?.id;
    if (id !== undefined) {
      logger.debug({ channel, message_key: key }, "console: posted");
      return { status: "posted", messageIds: [id] };
    }
    const existing = await db.query<{ id: string }>(
      "SELECT id::text AS id FROM console_messages WHERE channel_id = $1 AND message_key = $2",
      [channel, key],
    );
    return { status: "already-posted", messageIds: existing.rows.map((r) => r.id) };
  };

  return {
    name: "console",
    start: async () => {},
    stop: async () => {},
    postDigest: (channel, digest) => store(channel, "digest", `digest:${digest.digestId}`, digest),
    postNotice: (channel, reply, noticeId) =>
      store(channel, "notice", `notice:${noticeId ?? randomUUID()}`, reply),
  };
}
