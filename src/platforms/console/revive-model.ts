import type { Reply, ReplyBlock } from "../../core/commands/reply-model.js";
import type { Digest, DigestItem } from "../../core/digest/digest-model.js";

/**
 * The console stores digests and replies as JSON (console_messages.body), where
 * a Date becomes its ISO string. These put the Dates back, field by field:
 * a generic "looks like a date" reviver would also turn a headline that
 * happens to be an ISO timestamp into a Date.
 */
export type ConsoleMessageKind = "digest" | "notice";

export type RevivedMessage = { kind: "digest"; digest: Digest } | { kind: "notice"; reply: Reply };

/** Rebuilds the model stored under `kind` from its JSON body. */
export function reviveModel(kind: ConsoleMessageKind, body: unknown): RevivedMessage {
  return kind === "digest"
    ? { kind, digest: reviveDigest(body) }
    : { kind, reply: reviveReply(body) };
}

export function reviveDigest(body: unknown): Digest {
  const digest = body as Digest;
  return {
    ...digest,
    createdAt: toDate(digest.createdAt),
    topics: digest.topics.map((topic) => ({ ...topic, items: topic.items.map(reviveItem) })),
  };
}

export function reviveReply(body: unknown): Reply {
  const reply = body as Reply;
  return { ...reply, blocks: reply.blocks.map(reviveBlock) };
}

function reviveBlock(block: ReplyBlock): ReplyBlock {
  return block.kind === "items" ? { ...block, items: block.items.map(reviveItem) } : block;
}

function reviveItem(item: DigestItem): DigestItem {
  return { ...item, publishedAt: toDate(item.publishedAt) };
}

/** Accepts a Date too, so reviving a model that never went through JSON is harmless. */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}
