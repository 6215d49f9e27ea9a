/**
 * Newswire names a Slack channel `slack:<team_id>/<channel_id>` (DESIGN.md §3).
 * The adapter is the only place that takes that name apart.
 */
export interface SlackChannelRef {
  teamId: string;
  channelId: string;
}

const CHANNEL_NAME = /^slack:([A-Z0-9_-]+)\/([A-Z0-9]+)$/i;

export function parseSlackChannel(name: string): SlackChannelRef | null {
  const match = CHANNEL_NAME.exec(name);
  if (!match?.[1] || !match[2]) return null;
  return { teamId: match[1], channelId: match[2] };
}

export function formatSlackChannel(teamId: string, channelId: string): string {
  return `slack:${teamId}/${channelId}`;
}
