import type { DigestItem } from "../../core/digest/digest-model.js";
import { displayWidth } from "./display-width.js";
import { formatItemTime } from "./format-item-time.js";
import type { RenderContext } from "./render-context.js";
import { sanitizeTerminalText } from "./sanitize-terminal-text.js";
import { wrapPhrases, wrapText } from "./wrap-text.js";

/**
 * A numbered list of articles, shared by digests and replies:
 *
 *   1. Title, wrapped under itself
 *      Source · 2 h ago · also: Reuters, AP
 *      The summary, wrapped to the width.
 *      https://example.com/story
 *
 * Every feed-provided string is sanitized before it is measured or styled.
 */
export function renderItems(items: DigestItem[], more: number, ctx: RenderContext): string[] {
  const { style } = ctx;
  const numberWidth = String(items.length).length;
  const indent = " ".repeat(numberWidth + 2);
  const textWidth = ctx.width - indent.length;
  const lines: string[] = [];

  items.forEach((item, index) => {
    if (index > 0) lines.push("");
    const number = `${String(index + 1).padStart(numberWidth)}. `;
    const title = sanitizeTerminalText(item.title) || "(untitled)";
    wrapText(title, textWidth).forEach((line, i) => {
      lines.push(`${i === 0 ? number : indent}${style.bold(line)}`);
    });
    for (const line of wrapPhrases(metadata(item, ctx), " · ", textWidth)) {
      lines.push(`${indent}${style.dim(line)}`);
    }
    const summary = sanitizeTerminalText(item.summary);
    if (summary !== "") {
      for (const line of wrapText(summary, textWidth)) lines.push(`${indent}${line}`);
    }
    // Links are not wrapped: a broken URL is no longer clickable.
    const url = item.url === null ? "" : sanitizeTerminalText(item.url).replace(/ /g, "%20");
    if (url !== "") lines.push(`${indent}${style.underline(url)}`);
  });

  if (more > 0) {
    if (lines.length > 0) lines.push("");
    const moreIndent = items.length > 0 ? indent : "";
    lines.push(`${moreIndent}${style.dim(`…and ${more} more`)}`);
  }
  return lines;
}

function metadata(item: DigestItem, ctx: RenderContext): string[] {
  const source = sanitizeTerminalText(item.source);
  const parts = [source, formatItemTime(item.publishedAt, ctx.now, ctx.timeZone)];
  const others = [...new Set(item.otherSources.map((o) => sanitizeTerminalText(o.source)))].filter(
    (name) => name !== "" && name !== source,
  );
  if (others.length > 0) parts.push(`also: ${others.join(", ")}`);
  return parts.filter((part) => displayWidth(part) > 0);
}
