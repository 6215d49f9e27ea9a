import { createHmac } from "node:crypto";

/**
 * Sends requests to our `/slack/events` the way Slack does: signed with the
 * app's signing secret, `X-Slack-Signature: v0=HMAC_SHA256(secret,
 * "v0:{ts}:{body}")` and `X-Slack-Request-Timestamp: {ts}`
 * (https://docs.slack.dev/authentication/verifying-requests-from-slack).
 */
export function slackSignature(signingSecret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${body}`).digest("hex")}`;
}

export interface SignedPostOptions {
  signingSecret: string;
  body: string;
  contentType: "application/x-www-form-urlencoded" | "application/json";
  /** Default: now. */
  timestampSec?: number;
  /** Override the signature (bad-signature tests); null sends none. */
  signature?: string | null;
}

export interface SignedPostResult {
  status: number;
  body: string;
  elapsedMs: number;
  signature: string | null;
  timestampSec: number;
}

export async function postSigned(
  url: string,
  options: SignedPostOptions,
): Promise<SignedPostResult> {
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const signature =
    options.signature === undefined
      ? slackSignature(options.signingSecret, timestampSec, options.body)
      : options.signature;
  const headers: Record<string, string> = {
    "content-type": options.contentType,
    "x-slack-request-timestamp": String(timestampSec),
  };
  if (signature !== null) headers["x-slack-signature"] = signature;
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers, body: options.body });
  const body = await response.text();
  return {
    status: response.status,
    body,
    elapsedMs: performance.now() - started,
    signature,
    timestampSec,
  };
}

/** Re-sends exactly the same request (same timestamp and signature): a replay. */
export async function replaySigned(
  url: string,
  previous: SignedPostResult,
  options: SignedPostOptions,
): Promise<SignedPostResult> {
  return postSigned(url, {
    ...options,
    timestampSec: previous.timestampSec,
    signature: previous.signature,
  });
}

export interface SlashCommandFields {
  teamId: string;
  channelId: string;
  userId: string;
  text: string;
  responseUrl: string;
  command?: string;
}

/** A slash command as Slack posts it: form-encoded. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: fields.teamId,
    team_domain: "fake",
    channel_id: fields.channelId,
    channel_name: "news",
    user_id: fields.userId,
    user_name: "someone",
    command: fields.command ?? "/news",
    text: fields.text,
    api_app_id: "A0FAKE",
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: "1.2.3",
  }).toString();
}

/** An Events API `event_callback` envelope: JSON. */
export function eventCallbackBody(teamId: string, event: Record<string, unknown>): string {
  return JSON.stringify({
    token: "deprecated-verification-token",
    team_id: teamId,
    api_app_id: "A0FAKE",
    type: "event_callback",
    event_id: `Ev${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: teamId, user_id: "U0BOT", is_bot: true, is_enterprise_install: false },
    ],
    event,
  });
}
