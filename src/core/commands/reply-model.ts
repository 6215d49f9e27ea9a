import type { DigestItem } from "../digest/digest-model.js";

/**
 * What a command handler returns: plain data that every platform renders its
 * own way (Block Kit, embeds, terminal). Never a platform object.
 */
export type ReplyVisibility = "private" | "channel";

export type ReplyBlock =
  | { kind: "text"; text: string }
  /** A list of articles (recent, subscribe preview, question answers). */
  | { kind: "items"; items: DigestItem[]; more: number }
  /** Label/value rows (subscriptions list, feed health, status). */
  | { kind: "table"; columns: string[]; rows: string[][] }
  | { kind: "error"; message: string; hint?: string };

export interface Reply {
  visibility: ReplyVisibility;
  /** A short plain-text version for notifications and fallbacks. */
  summary: string;
  blocks: ReplyBlock[];
}
