import type { types } from "@slack/bolt";

/**
 * Slack refuses a message whose blocks carry about 13,200 characters of text
 * in all (`msg_blocks_too_long`; undocumented, observed, DESIGN.md §5). We
 * count every text a block carries, the same way for every renderer.
 */
export function blockTextLength(block: types.KnownBlock): number {
  switch (block.type) {
    case "header":
      return block.text.text.length;
    case "section":
      return (
        (block.text?.text.length ?? 0) +
        (block.fields ?? []).reduce((sum, field) => sum + field.text.length, 0)
      );
    case "context":
      return block.elements.reduce(
        (sum, element) => sum + ("text" in element ? element.text.length : 0),
        0,
      );
    default:
      return 0;
  }
}

export function blocksTextLength(blocks: readonly types.KnownBlock[]): number {
  return blocks.reduce((sum, block) => sum + blockTextLength(block), 0);
}

/** Cuts plain text (not mrkdwn) to at most `max` characters, ending with "…" when cut. */
export function clampPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
