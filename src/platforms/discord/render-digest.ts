import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from "discord.js";
import type { Digest, DigestTopic } from "../../core/digest/digest-model.js";
import { clip, discordLimits } from "./discord-limits.js";
import { escapeMarkdown } from "./escape-markdown.js";
import { renderItem } from "./render-item.js";

/** One Discord message of a digest: content, embeds and `allowed_mentions`; the poster adds the nonce. */
export type DiscordMessagePayload = RESTPostAPIChannelMessageJSONBody & {
  allowed_mentions: { parse: [] };
};

const EVERY_LABEL: Record<Digest["every"], string> = {
  realtime: "News alert",
  hourly: "Hourly digest",
  daily: "Daily digest",
  weekly: "Weekly digest",
  now: "Digest",
};

const ITEM_SEPARATOR = "\n\n";
// A message's embeds stay a little under 6,000 so a rounding slip here never costs a 400.
const EMBED_CHARS_BUDGET = discordLimits.embedCharsPerMessage - 100;
const EMBED_COLOR = 0x2b6cb0;

/**
 * Render a digest as Discord messages: one embed per topic (continued in more
 * embeds when it outgrows a description), packed into as many messages as the
 * limits need. A long digest is split, never rejected.
 */
export function renderDigest(digest: Digest): DiscordMessagePayload[] {
  const embeds = digest.topics.flatMap((topic) => renderTopic(topic));
  const groups = packEmbeds(embeds);
  const itemCount = digest.topics.reduce((sum, topic) => sum + topic.items.length, 0);
  const header = `**${EVERY_LABEL[digest.every]}** · ${plural(digest.topics.length, "topic")}, ${plural(itemCount, "item")}`;
  return groups.map((group, index) => ({
    content: clip(
      groups.length > 1 ? `${header} · part ${index + 1}/${groups.length}` : header,
      discordLimits.content,
    ),
    embeds: group,
    // Feed text pings nobody (DESIGN.md §5), whatever the escaping missed.
    allowed_mentions: { parse: [] },
  }));
}

/** The characters Discord counts toward a message's 6,000 across its embeds. */
export function embedLength(embed: APIEmbed): number {
  let total = (embed.title ?? "").length + (embed.description ?? "").length;
  total += (embed.footer?.text ?? "").length + (embed.author?.name ?? "").length;
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

function renderTopic(topic: DigestTopic): APIEmbed[] {
  const baseTitle = clip(escapeMarkdown(topic.topic), discordLimits.embedTitle - 12);
  const descriptions: string[] = [];
  let current = "";
  for (const item of topic.items) {
    const text = renderItem(item);
    const joined = current === "" ? text : `${current}${ITEM_SEPARATOR}${text}`;
    if (joined.length > discordLimits.embedDescription && current !== "") {
      descriptions.push(current);
      current = text;
    } else {
      current = joined;
    }
  }
  if (current !== "" || descriptions.length === 0) descriptions.push(current || "Nothing new.");
  return descriptions.map((description, index) => {
    const embed: APIEmbed = {
      title: index === 0 ? baseTitle : `${baseTitle} (cont.)`,
      description: clip(description, discordLimits.embedDescription),
      color: EMBED_COLOR,
    };
    if (index === descriptions.length - 1 && topic.more > 0) {
      embed.footer = { text: `and ${topic.more} more` };
    }
    return embed;
  });
}

function packEmbeds(embeds: APIEmbed[]): APIEmbed[][] {
  const groups: APIEmbed[][] = [];
  let group: APIEmbed[] = [];
  let chars = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    const full =
      group.length >= discordLimits.embedsPerMessage || chars + length > EMBED_CHARS_BUDGET;
    if (full && group.length > 0) {
      groups.push(group);
      group = [];
      chars = 0;
    }
    group.push(embed);
    chars += length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
