import type { Digest } from "../../core/digest/digest-model.js";
import { displayWidth } from "./display-width.js";
import { formatClockTime } from "./format-item-time.js";
import { createRenderContext, type RenderOptions } from "./render-context.js";
import { renderItems } from "./render-items.js";
import { sanitizeTerminalText } from "./sanitize-terminal-text.js";
import { wrapPhrases } from "./wrap-text.js";

export type RenderDigestOptions = RenderOptions;

const scheduleLabel: Record<Digest["every"], string> = {
  realtime: "realtime digest",
  hourly: "hourly digest",
  daily: "daily digest",
  weekly: "weekly digest",
  now: "digest",
};

/**
 * A digest as terminal text (no trailing newline):
 *
 *   Newswire · daily digest · console:general · 30 Nov 08:00
 *
 *   ── climate policy ──────────────────────────
 *   1. Title …
 *
 * Item times count back from the digest's creation, so the same digest always
 * renders the same text.
 */
export function renderDigest(digest: Digest, options: RenderDigestOptions): string {
  const ctx = createRenderContext(options, digest.createdAt);
  const { style } = ctx;
  const header = [
    "Newswire",
    scheduleLabel[digest.every],
    sanitizeTerminalText(digest.channel),
    formatClockTime(digest.createdAt, ctx.timeZone),
  ].filter((part) => part !== "");
  const lines = wrapPhrases(header, " · ", ctx.width).map((line) => style.bold(line));

  const topics = digest.topics.filter((t) => t.items.length > 0 || t.more > 0);
  if (topics.length === 0) lines.push("", style.dim("Nothing new."));
  for (const topic of topics) {
    lines.push("", heading(sanitizeTerminalText(topic.topic), ctx.width, style.bold));
    lines.push(...renderItems(topic.items, topic.more, ctx));
  }
  return lines.join("\n");
}

/** "── topic ─────…" filling the width; no rule at all when the topic leaves no room. */
function heading(topic: string, width: number, bold: (text: string) => string): string {
  const lead = `── ${topic} `;
  const fill = width - displayWidth(lead);
  return bold(fill >= 3 ? `${lead}${"─".repeat(fill)}` : lead.trimEnd());
}
