import type { types } from "@slack/bolt";
import type { Reply, ReplyBlock } from "../../core/commands/reply-model.js";
import { blocksTextLength, clampPlain } from "./block-text.js";
import { escapeMrkdwn } from "./escape-mrkdwn.js";
import { MAX_BLOCK_TEXT_PER_MESSAGE, MAX_BLOCKS_PER_MESSAGE } from "./render-digest.js";
import { renderItemBlocks } from "./render-item.js";

/** A command reply as Slack wants it for `respond()` / response_url, or chat.postMessage. */
export interface SlackReplyMessage {
  /** Slash command responses: `ephemeral` (only the caller sees it) or `in_channel`. */
  response_type: "ephemeral" | "in_channel";
  text: string;
  blocks: types.KnownBlock[];
}

/** Below Slack's 3,000 per section, leaving room for the code fence. */
const SECTION_CHUNK = 2_900;
const FALLBACK_TEXT_MAX = 3_000;

/**
 * Renders a Reply. Reply text is our own wording but may quote what a person
 * typed or a feed title, so it is escaped like feed text: `*bold*` and
 * `` `code` `` still work, mentions and links cannot. A reply too big for one
 * message is cut (with a note) rather than refused: replies are answers, not
 * digests, and a cut list says how to see more.
 */
export function renderReply(reply: Reply): SlackReplyMessage {
  const rendered = reply.blocks.flatMap(renderReplyBlock);
  const blocks: types.KnownBlock[] = [];
  let textLength = 0;
  let cut = false;
  for (const block of rendered) {
    const length = blocksTextLength([block]);
    if (
      blocks.length + 2 > MAX_BLOCKS_PER_MESSAGE ||
      textLength + length + 100 > MAX_BLOCK_TEXT_PER_MESSAGE
    ) {
      cut = true;
      break;
    }
    blocks.push(block);
    textLength += length;
  }
  if (cut) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: "_…cut to fit in one Slack message._" }],
    });
  }
  const summary = reply.summary.trim() === "" ? "Newswire" : reply.summary;
  return {
    response_type: reply.visibility === "private" ? "ephemeral" : "in_channel",
    text: escapeMrkdwn(clampPlain(summary, FALLBACK_TEXT_MAX)),
    blocks,
  };
}

function renderReplyBlock(block: ReplyBlock): types.KnownBlock[] {
  switch (block.kind) {
    case "text":
      return sections(chunkLines(escapeMrkdwn(block.text), SECTION_CHUNK));
    case "items": {
      const blocks = block.items.flatMap(renderItemBlocks);
      if (block.more > 0) {
        blocks.push({
          type: "context",
          elements: [{ type: "mrkdwn", text: `_…and ${block.more} more_` }],
        });
      }
      return blocks;
    }
    case "table":
      return renderTable(block.columns, block.rows);
    case "error": {
      const hint = block.hint ? `\n_${escapeMrkdwn(block.hint)}_` : "";
      return sections(chunkLines(`:warning: ${escapeMrkdwn(block.message)}${hint}`, SECTION_CHUNK));
    }
  }
}

/** A table as aligned monospace text: Slack has no table block for bots' messages. */
function renderTable(columns: string[], rows: string[][]): types.KnownBlock[] {
  const all = [columns, ...rows];
  const widths = columns.map((_, i) =>
    Math.min(40, Math.max(...all.map((row) => (row[i] ?? "").length))),
  );
  const line = (row: string[]): string =>
    columns
      .map((_, i) => clampPlain(row[i] ?? "", widths[i] ?? 0).padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const text = escapeMrkdwn([line(columns), ...rows.map(line)].join("\n"));
  return chunkLines(text, SECTION_CHUNK - 8).map((chunk) => section(`\`\`\`${chunk}\`\`\``));
}

function section(text: string): types.SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

/** Slack refuses an empty section text: blank chunks are dropped. */
function sections(chunks: string[]): types.SectionBlock[] {
  return chunks.filter((chunk) => chunk.trim() !== "").map(section);
}

/** Splits at line ends where it can, inside a line only when one line is too long. */
function chunkLines(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    let rest = line;
    while (rest.length > max) {
      if (current !== "") {
        chunks.push(current);
        current = "";
      }
      // Never cut inside an `&amp;` entity.
      let at = max;
      const amp = rest.lastIndexOf("&", at);
      if (amp > at - 5 && amp >= 0) at = amp;
      chunks.push(rest.slice(0, at));
      rest = rest.slice(at);
    }
    const joined = current === "" ? rest : `${current}\n${rest}`;
    if (joined.length > max) {
      chunks.push(current);
      current = rest;
    } else {
      current = joined;
    }
  }
  if (current !== "" || chunks.length === 0) chunks.push(current);
  return chunks;
}
