import type { Reply, ReplyBlock } from "../../core/commands/reply-model.js";
import { displayWidth } from "./display-width.js";
import { createRenderContext, type RenderContext, type RenderOptions } from "./render-context.js";
import { renderItems } from "./render-items.js";
import { renderTable } from "./render-table.js";
import { sanitizeTerminalText } from "./sanitize-terminal-text.js";
import { wrapText } from "./wrap-text.js";

export interface RenderReplyOptions extends RenderOptions {
  /** Counts item times back from here ("2 h ago"); without it, clock times. */
  now?: Date;
}

/**
 * A command reply as terminal text (no trailing newline), blocks separated by
 * a blank line. Visibility does not apply: a console channel has one reader.
 * Text blocks may quote feed text (titles, feed errors), so they are sanitized
 * like everything else.
 */
export function renderReply(reply: Reply, options: RenderReplyOptions): string {
  const ctx = createRenderContext(options, options.now ?? null);
  const blocks: ReplyBlock[] =
    reply.blocks.length > 0 ? reply.blocks : [{ kind: "text", text: reply.summary }];
  return blocks
    .map((block) => renderBlock(block, ctx).join("\n"))
    .filter((text) => text !== "")
    .join("\n\n");
}

function renderBlock(block: ReplyBlock, ctx: RenderContext): string[] {
  switch (block.kind) {
    case "text":
      return renderText(block.text, ctx);
    case "items":
      return renderItems(block.items, block.more, ctx);
    case "table":
      return renderTable(block.columns, block.rows, ctx);
    case "error":
      return renderError(block.message, block.hint, ctx);
  }
}

/** Keeps the text's own line breaks and spacing; wraps lines that are too long, under their indentation. */
function renderText(text: string, ctx: RenderContext): string[] {
  const lines: string[] = [];
  for (const line of sanitizeTerminalText(text, { multiline: true }).split("\n")) {
    const indent = /^ */.exec(line)?.[0] ?? "";
    if (line.trim() === "") {
      lines.push("");
      continue;
    }
    // A line that fits is kept as written: help text aligns with runs of spaces.
    if (displayWidth(line) <= ctx.width) lines.push(line);
    else for (const part of wrapText(line, ctx.width - indent.length)) lines.push(indent + part);
  }
  while (lines.at(-1) === "") lines.pop();
  while (lines[0] === "") lines.shift();
  return lines;
}

/** "error: <message>" then "hint: <what to do instead>", each wrapped under itself. */
function renderError(message: string, hint: string | undefined, ctx: RenderContext): string[] {
  const { style } = ctx;
  const labelled = (label: string, text: string, styleLabel: (t: string) => string): string[] => {
    const pad = " ".repeat(label.length + 1);
    return wrapText(sanitizeTerminalText(text), ctx.width - pad.length).map((line, i) =>
      i === 0 ? `${styleLabel(label)} ${line}` : pad + line,
    );
  };
  const lines = labelled("error:", message, (t) => style.bold(style.red(t)));
  const cleanHint = hint === undefined ? "" : sanitizeTerminalText(hint);
  if (cleanHint !== "") lines.push(...labelled("hint: ", cleanHint, style.yellow));
  return lines;
}
