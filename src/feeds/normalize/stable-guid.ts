import { createHash } from "node:crypto";

/**
 * An id for an item that has no guid: a hash of what identifies it (link,
 * title, date), stable across polls as long as those do not change.
 */
export function stableGuid(parts: {
  link: string | null;
  title: string;
  published: string | null;
}): string {
  const key = [parts.link ?? "", parts.title, parts.published ?? ""].join("\n");
  return `sha1:${createHash("sha1").update(key).digest("hex")}`;
}
