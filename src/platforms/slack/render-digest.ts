import type { types } from "@slack/bolt";
import type { Digest, DigestTopic } from "../../core/digest/digest-model.js";
import { blocksTextLength, clampPlain } from "./block-text.js";
import { escapeMrkdwn, escapeMrkdwnClamped } from "./escape-mrkdwn.js";
import { renderItemBlocks } from "./render-item.js";

/** One Slack message of a digest, ready for chat.postMessage. */
export interface SlackDigestMessage {
  /** 1-based; the idempotency metadata carries it. */
  part: number;
  parts: number;
  /** Short notification / fallback text (Slack asks for one alongside blocks). */
  text: string;
  blocks: types.KnownBlock[];
}

/**
 * Slack's limits (https://docs.slack.dev/reference/block-kit/blocks and
 * DESIGN.md §5): 50 blocks a message; header text 150, plain_text only;
 * section text 3,000. Messages whose blocks carry about 13,200 characters are
 * refused (`msg_blocks_too_long`), so we keep under 12,000; `text` over about
 * 4,000 is refused (`msg_too_long`), so ours stays short.
 */
export const MAX_BLOCKS_PER_MESSAGE = 50;
export const MAX_BLOCK_TEXT_PER_MESSAGE = 12_000;
export const MAX_HEADER_TEXT = 150;
const TOPIC_TITLE_MAX = 200;
const FALLBACK_TEXT_MAX = 300;

const LABELS: Record<Digest["every"], string> = {
  realtime: "Breaking news",
  hourly: "Hourly news digest",
  daily: "Daily news digest",
  weekly: "Weekly news digest",
  now: "News digest",
};

interface Page {
  blocks: types.KnownBlock[];
  textLength: number;
  topics: string[];
}

/**
 * Renders a digest as one or more messages. A long digest is split, never
 * rejected: each message gets its own header with its part number, and a
 * topic that runs over into the next message repeats its title, marked
 * "continued". An item (section plus its context line) is never split.
 */
export function renderDigest(digest: Digest): SlackDigestMessage[] {
  const pages: Page[] = [];
  let page = newPage();
  for (const topic of digest.topics) {
    const groups = topicGroups(topic);
    let titled = false;
    for (const group of groups) {
      let lead: types.KnownBlock[] = titled
        ? []
        : [...(page.blocks.length > 0 ? [divider()] : []), topicTitle(topic.topic, false)];
      if (!fits(page, [...lead, ...group]) && page.blocks.length > 0) {
        pages.push(page);
        page = newPage();
        lead = [topicTitle(topic.topic, titled)];
      }
      add(page, [...lead, ...group], topic.topic);
      titled = true;
    }
  }
  if (page.blocks.length > 0) pages.push(page);

  const label = LABELS[digest.every];
  return pages.map((p, index) => {
    const part = index + 1;
    const suffix = pages.length > 1 ? ` (${part}/${pages.length})` : "";
    const header: types.HeaderBlock = {
      type: "header",
      text: {
        type: "plain_text",
        text: clampPlain(`${label}${suffix}`, MAX_HEADER_TEXT),
        emoji: true,
      },
    };
    return {
      part,
      parts: pages.length,
      text: fallbackText(label, p.topics, suffix),
      blocks: [header, ...p.blocks],
    };
  });
}

function newPage(): Page {
  return { blocks: [], textLength: 0, topics: [] };
}

/** Room is kept for the header every message starts with. */
function fits(page: Page, blocks: types.KnownBlock[]): boolean {
  return (
    page.blocks.length + blocks.length + 1 <= MAX_BLOCKS_PER_MESSAGE &&
    page.textLength + blocksTextLength(blocks) + MAX_HEADER_TEXT <= MAX_BLOCK_TEXT_PER_MESSAGE
  );
}

function add(page: Page, blocks: types.KnownBlock[], topic: string): void {
  page.blocks.push(...blocks);
  page.textLength += blocksTextLength(blocks);
  if (!page.topics.includes(topic)) page.topics.push(topic);
}

function topicGroups(topic: DigestTopic): types.KnownBlock[][] {
  const groups = topic.items.map(renderItemBlocks);
  if (topic.more > 0) {
    groups.push([
      { type: "context", elements: [{ type: "mrkdwn", text: `_…and ${topic.more} more_` }] },
    ]);
  }
  return groups;
}

function topicTitle(topic: string, continued: boolean): types.SectionBlock {
  // The topic is what a person typed: escaped like feed text, so it cannot ping.
  const title = `*${escapeMrkdwnClamped(topic, TOPIC_TITLE_MAX)}*`;
  return {
    type: "section",
    text: { type: "mrkdwn", text: continued ? `${title} _(continued)_` : title },
  };
}

function divider(): types.DividerBlock {
  return { type: "divider" };
}

function fallbackText(label: string, topics: string[], suffix: string): string {
  const list = topics.join(", ");
  return escapeMrkdwn(clampPlain(`${label}${suffix}: ${list}`, FALLBACK_TEXT_MAX));
}
