import type { DigestItem } from "../../core/digest/digest-model.js";
import { clip } from "./discord-limits.js";
import { escapeMarkdown } from "./escape-markdown.js";

// Budgets for the raw feed text of one item, before escaping (which can at most
// double it). They keep one item far below an embed description, so packing
// never has to cut an item in the middle.
const TITLE_BUDGET = 200;
const SOURCE_BUDGET = 80;
const SUMMARY_BUDGET = 300;
const ITEM_MAX = 1_200;

/**
 * One article as embed-description markdown: linked title, sources, relative
 * time, summary. Everything taken from a feed is escaped.
 */
export function renderItem(item: DigestItem): string {
  // `]` would end the masked link's text early: escape it as well.
  const title = escapeMarkdown(clip(item.title.trim() || "(untitled)", TITLE_BUDGET)).replace(
    /]/g,
    "\\]",
  );
  const url = safeUrl(item.url);
  const heading = url === null ? `**${title}**` : `**[${title}](${url})**`;
  const sources = [item.source, ...item.otherSources.map((other) => other.source)]
    .slice(0, 4)
    .map((source) => escapeMarkdown(clip(source, SOURCE_BUDGET)))
    .join(", ");
  // <t:…:R> renders in each reader's own time zone and language ("3 hours ago").
  const seconds = Math.floor(item.publishedAt.getTime() / 1000);
  const when = Number.isFinite(seconds) ? ` · <t:${seconds}:R>` : "";
  const summaryText = item.summary.trim();
  const summary =
    summaryText === "" ? "" : `\n${escapeMarkdown(clip(summaryText, SUMMARY_BUDGET))}`;
  return clip(`${heading}\n${sources}${when}${summary}`, ITEM_MAX);
}

/**
 * A URL fit for a masked link: http(s) only (a `javascript:` link has no place
 * in a channel), with the characters that would end the link's parentheses
 * percent-encoded.
 */
export function safeUrl(url: string | null): string | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  const href = parsed.href.replace(/[()<>\s]/g, (char) => encodeURIComponent(char));
  return href.length > 1_000 ? null : href;
}
