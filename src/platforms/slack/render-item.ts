import type { types } from "@slack/bolt";
import type { DigestItem } from "../../core/digest/digest-model.js";
import { escapeMrkdwnClamped, mrkdwnLink } from "./escape-mrkdwn.js";

/**
 * One article as Block Kit: a section with the linked title, source, time and
 * summary, then a context line with the other outlets that carried the story.
 * Every string from a feed goes through escape-mrkdwn. Budgets keep a section
 * far below Slack's 3,000 characters even when every character escapes to
 * `&amp;`: title 300 + source 100 + summary 700 + URL 1,500 + date token.
 */
const TITLE_MAX = 300;
const SOURCE_MAX = 100;
const SUMMARY_MAX = 700;
const OTHER_SOURCE_MAX = 80;
/** Context blocks hold at most 10 elements: a label, 8 sources and "+K more". */
const OTHER_SOURCES_SHOWN = 8;
/** All other-source links of one item together, so one story cannot fill a message. */
const OTHER_SOURCES_TEXT_MAX = 2_000;

/**
 * Slack's date token shows the time in each reader's own zone; the text after
 * `|` is the fallback for clients that cannot
 * (https://docs.slack.dev/messaging/formatting-message-text#date-formatting).
 */
export function slackDate(date: Date): string {
  const unix = Math.floor(date.getTime() / 1000);
  if (!Number.isFinite(unix)) return "";
  const fallback = `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return `<!date^${unix}^{date_short_pretty} {time}|${fallback}>`;
}

export function renderItemBlocks(item: DigestItem): types.KnownBlock[] {
  const title = item.title.trim() === "" ? "(untitled)" : item.title;
  const lines = [`*${mrkdwnLink(item.url, title, TITLE_MAX)}*`];
  const byline = [escapeMrkdwnClamped(item.source, SOURCE_MAX), slackDate(item.publishedAt)]
    .filter((part) => part !== "")
    .join(" · ");
  if (byline !== "") lines.push(byline);
  if (item.summary.trim() !== "") lines.push(escapeMrkdwnClamped(item.summary, SUMMARY_MAX));
  const blocks: types.KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: lines.join("\n") } },
  ];
  if (item.otherSources.length > 0) blocks.push(otherSourcesContext(item.otherSources));
  return blocks;
}

function otherSourcesContext(others: DigestItem["otherSources"]): types.ContextBlock {
  const elements: types.MrkdwnElement[] = [{ type: "mrkdwn", text: "Also covered by" }];
  let used = 0;
  let shown = 0;
  for (const other of others) {
    if (shown === OTHER_SOURCES_SHOWN) break;
    const label = other.source || "another source";
    // A long URL is dropped before the outlet is: the context stays within budget.
    let text = mrkdwnLink(other.url, label, OTHER_SOURCE_MAX);
    if (used + text.length > OTHER_SOURCES_TEXT_MAX)
      text = mrkdwnLink(null, label, OTHER_SOURCE_MAX);
    if (used + text.length > OTHER_SOURCES_TEXT_MAX) break;
    elements.push({ type: "mrkdwn", text });
    used += text.length;
    shown += 1;
  }
  const hidden = others.length - shown;
  if (hidden > 0) elements.push({ type: "mrkdwn", text: `+${hidden} more` });
  return { type: "context", elements };
}
