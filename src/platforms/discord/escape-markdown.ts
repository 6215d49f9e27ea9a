import { escapeMarkdown as escapeDiscordMarkdown } from "discord.js";

/**
 * Feed text is written by strangers: a title like `@everyone **FREE** [click](http://evil)`
 * must reach the channel as those literal characters, not as a ping, bold text
 * or a disguised link.
 */

// U+200B, the character discord.js's own `cleanContent` uses: invisible, and it
// breaks the tokens Discord looks for (`@everyone`, `<@id>`) without changing
// what a reader sees.
const ZERO_WIDTH_SPACE = "\u200b";

/**
 * `@everyone` / `@here`, and the `<@user>`, `<@!user>`, `<@&role>`, `<#channel>`,
 * `</command:id>` and `<:emoji:id>` forms (Discord "Message Formatting" docs).
 * `allowed_mentions: {parse: []}` already stops the ping; this also stops the
 * text from *rendering* as a mention, which would still look like one.
 */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/@(?=(everyone|here)\b)/gi, `@${ZERO_WIDTH_SPACE}`)
    .replace(/<(?=[@#/:]|a:)/g, `<${ZERO_WIDTH_SPACE}`);
}

/** Escape Discord markdown (bold, italics, code, spoilers, headings, lists, masked links) and neutralise mentions. */
export function escapeMarkdown(text: string): string {
  const escaped = escapeDiscordMarkdown(text, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  });
  return neutraliseMentions(escaped);
}
