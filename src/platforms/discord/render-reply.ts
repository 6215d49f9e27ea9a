import { type APIEmbed, MessageFlags } from "discord.js";
import type { Reply, ReplyBlock } from "../../core/commands/reply-model.js";
import { clip, discordLimits } from "./discord-limits.js";
import { escapeMarkdown } from "./escape-markdown.js";
import { embedLength } from "./render-digest.js";
import { renderItem } from "./render-item.js";

/**
 * A reply as Discord's message body (snake_case, as the API takes it): the
 * interaction response's `data`, a webhook edit, or a channel message.
 */
export interface DiscordReplyPayload {
  content: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: [] };
  /** `MessageFlags.Ephemeral` when only the person who asked should see it. */
  flags?: MessageFlags.Ephemeral;
}

const INFO_COLOR = 0x2b6cb0;
// A reply is a single message: its embeds share 6,000 characters.
const EMBED_CHARS_BUDGET = discordLimits.embedCharsPerMessage - 100;

/** Render a reply as one Discord message; `visibility: 'private'` makes it ephemeral. */
export function renderReply(reply: Reply): DiscordReplyPayload {
  const lines: string[] = [];
  const embeds: APIEmbed[] = [];
  for (const block of reply.blocks) renderBlock(block, lines, embeds);
  let content = lines.join("\n").trim();
  if (content === "" && embeds.length === 0) content = escapeMarkdown(reply.summary) || "Done.";
  const payload: DiscordReplyPayload = {
    content: clip(content, discordLimits.content),
    embeds: fitEmbeds(embeds),
    allowed_mentions: { parse: [] },
  };
  if (reply.visibility === "private") payload.flags = MessageFlags.Ephemeral;
  return payload;
}

function renderBlock(block: ReplyBlock, lines: string[], embeds: APIEmbed[]): void {
  switch (block.kind) {
    case "text":
      lines.push(escapeMarkdown(block.text));
      return;
    case "error":
      // Errors lead with a warning sign so they read as such without colour.
      lines.push(`⚠️ ${escapeMarkdown(block.message)}`);
      if (block.hint) lines.push(`-# ${escapeMarkdown(block.hint)}`);
      return;
    case "items":
      embeds.push(itemsEmbed(block.items.map(renderItem), block.more));
      return;
    case "table":
      embeds.push({ description: tableText(block.columns, block.rows), color: INFO_COLOR });
      return;
  }
}

/** Items in one embed description; those that do not fit join the "and K more". */
function itemsEmbed(items: string[], more: number): APIEmbed {
  let description = "";
  let left = more;
  for (const [index, item] of items.entries()) {
    const next = description === "" ? item : `${description}\n\n${item}`;
    if (next.length > discordLimits.embedDescription) {
      left += items.length - index;
      break;
    }
    description = next;
  }
  const embed: APIEmbed = { description: description || "Nothing found.", color: INFO_COLOR };
  if (left > 0) embed.footer = { text: `and ${left} more` };
  return embed;
}

/**
 * Discord has no tables: a code block keeps the columns aligned on desktop, and
 * nothing inside a code block renders as markdown or a mention.
 */
function tableText(columns: string[], rows: string[][]): string {
  const clean = (cell: string) => clip(cell.replace(/`/g, "'").replace(/\s+/g, " "), 60);
  const all = [columns.map(clean), ...rows.map((row) => row.map(clean))];
  const widths = columns.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  const format = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const budget = discordLimits.embedDescription - 40;
  const out = [format(all[0] ?? [])];
  let used = (out[0] ?? "").length + 8;
  let shown = 0;
  for (const row of all.slice(1)) {
    const line = format(row);
    if (used + line.length + 1 > budget) break;
    out.push(line);
    used += line.length + 1;
    shown += 1;
  }
  const hidden = rows.length - shown;
  const block = `\`\`\`\n${out.join("\n")}\n\`\`\``;
  return hidden > 0 ? `${block}\nand ${hidden} more` : block;
}

function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  const kept: APIEmbed[] = [];
  let chars = 0;
  for (const embed of embeds.slice(0, discordLimits.embedsPerMessage)) {
    const length = embedLength(embed);
    if (chars + length > EMBED_CHARS_BUDGET) break;
    kept.push(embed);
    chars += length;
  }
  return kept;
}
