/**
 * Our channel names for Discord (DESIGN.md §3): `discord:<guild_id>/<channel_id>`,
 * and `discord:@me/<channel_id>` for a DM, which has no guild.
 */
export interface DiscordChannelRef {
  guildId: string | null;
  channelId: string;
}

const SNOWFLAKE = /^\d{1,20}$/;

export function formatDiscordChannel(guildId: string | null, channelId: string): string {
  return `discord:${guildId ?? "@me"}/${channelId}`;
}

/** Null when the name is not a Discord channel of ours. */
export function parseDiscordChannel(channel: string): DiscordChannelRef | null {
  const match = /^discord:([^/]+)\/([^/]+)$/.exec(channel);
  if (!match) return null;
  const [, guild = "", channelId = ""] = match;
  if (!SNOWFLAKE.test(channelId)) return null;
  if (guild === "@me") return { guildId: null, channelId };
  return SNOWFLAKE.test(guild) ? { guildId: guild, channelId } : null;
}
