/**
 * The question in a mention or DM: the bot's own `<@U…>` mention is taken
 * out (an app_mention's text starts with it), other text is kept as typed.
 */
export function questionText(text: string, botUserId: string | undefined): string {
  const own = botUserId
    ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g")
    : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(own, " ").replace(/\s+/g, " ").trim();
}
