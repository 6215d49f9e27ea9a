/**
 * Gateway payloads as Discord sends them (docs: Guild, Interaction, Message
 * objects), cut down to the fields discord.js reads.
 */
export interface FakeUser {
  id: string;
  username: string;
}

export function userObject(user: FakeUser) {
  return { ...user, discriminator: "0", avatar: null, global_name: user.username, bot: false };
}

export function guildObject(guildId: string, channelIds: string[], ownerId = "1") {
  return {
    id: guildId,
    name: `Guild ${guildId}`,
    icon: null,
    owner_id: ownerId,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    preferred_locale: "en-US",
    features: [],
    roles: [
      {
        id: guildId,
        name: "@everyone",
        permissions: "0",
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    channels: channelIds.map((id, position) => ({
      id,
      type: 0,
      name: `channel-${id}`,
      guild_id: guildId,
      position,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
    })),
    threads: [],
    members: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    member_count: 2,
    large: false,
    unavailable: false,
    joined_at: new Date(0).toISOString(),
  };
}

export type FakeOption =
  | { type: 1 | 2; name: string; options?: FakeOption[] }
  | { type: 3 | 4 | 5; name: string; value: string | number | boolean; focused?: boolean };

export interface InteractionInput {
  id: string;
  applicationId: string;
  /** 2: application command, 4: autocomplete. */
  type: 2 | 4;
  guildId: string | null;
  channelId: string;
  user: FakeUser;
  /** Permission bits of the member, as Discord computes them for the channel. */
  permissions: bigint;
  options: FakeOption[];
  commandName?: string;
}

export function interactionObject(input: InteractionInput) {
  const member =
    input.guildId === null
      ? undefined
      : {
          user: userObject(input.user),
          roles: [],
          permissions: input.permissions.toString(),
          joined_at: new Date(0).toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
          nick: null,
          avatar: null,
        };
  return {
    id: input.id,
    application_id: input.applicationId,
    type: input.type,
    token: `token-${input.id}`,
    version: 1,
    guild_id: input.guildId ?? undefined,
    channel_id: input.channelId,
    channel: {
      id: input.channelId,
      type: input.guildId === null ? 1 : 0,
      ...(input.guildId === null
        ? {}
        : { guild_id: input.guildId, name: `channel-${input.channelId}` }),
    },
    member,
    user: input.guildId === null ? userObject(input.user) : undefined,
    data: {
      id: "900",
      name: input.commandName ?? "news",
      type: 1,
      options: input.options,
    },
    locale: "en-US",
    guild_locale: input.guildId === null ? undefined : "en-US",
    app_permissions: "562949953421311",
    entitlements: [],
    authorizing_integration_owners: {},
    context: input.guildId === null ? 1 : 0,
  };
}

export function messageObjectFor(input: {
  id: string;
  guildId: string | null;
  channelId: string;
  author: FakeUser;
  content: string;
  mentions: FakeUser[];
}) {
  return {
    id: input.id,
    channel_id: input.channelId,
    channel_type: input.guildId === null ? 1 : 0,
    guild_id: input.guildId ?? undefined,
    author: userObject(input.author),
    member:
      input.guildId === null
        ? undefined
        : { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
    content: input.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: input.mentions.map((user) => ({ ...userObject(user), bot: true })),
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: 0,
  };
}
