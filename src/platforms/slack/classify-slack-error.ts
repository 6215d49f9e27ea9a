import { webApi } from "@slack/bolt";

/**
 * What a failed Slack call means for a delivery (DESIGN.md §5):
 * - `gone`: the channel is closed to us; retrying cannot help, so what depends
 *   on it is paused and the reason shown to people.
 * - `auth`: our token is no good (revoked, uninstalled): nothing this process
 *   sends to Slack can work until an operator fixes it, so the adapter stops.
 * - `retry`: transient (rate limits, network, Slack's 5xx).
 */
export type SlackFailure =
  | { kind: "gone"; code: string; reason: string }
  | { kind: "auth"; code: string; reason: string }
  | { kind: "retry"; code: string; reason: string; retryAfterMs: number | null };

/** Human reasons for the errors Slack documents on chat.postMessage / conversations.history. */
const GONE: Record<string, string> = {
  not_in_channel: "the app is not in the channel: invite it with /invite @Newswire",
  channel_not_found: "the channel was deleted, or it is private and the app is not in it",
  is_archived: "the channel is archived",
  account_inactive: "the app's bot user was deactivated or the app uninstalled",
};

const AUTH: Record<string, string> = {
  invalid_auth: "the bot token is not valid: check SLACK_BOT_TOKEN",
  token_revoked: "the bot token was revoked (app uninstalled?): reinstall and set SLACK_BOT_TOKEN",
  token_expired: "the bot token expired: reinstall and set SLACK_BOT_TOKEN",
  not_authed: "no bot token was sent: set SLACK_BOT_TOKEN",
};

/** The message @slack/web-api throws once its retries of a 429 are used up. */
const RATE_LIMIT_EXHAUSTED = /A rate limit was exceeded .*retry-after: (\d+)/;

export function classifySlackError(error: unknown): SlackFailure {
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    const gone = GONE[code];
    if (gone !== undefined) return { kind: "gone", code, reason: `slack: ${code}: ${gone}` };
    const auth = AUTH[code];
    if (auth !== undefined) return { kind: "auth", code, reason: `slack: ${code}: ${auth}` };
    const retryAfter = error.data.response_metadata?.retryAfter;
    return {
      kind: "retry",
      code,
      reason: `slack: ${code}`,
      retryAfterMs: code === "ratelimited" && retryAfter !== undefined ? retryAfter * 1000 : null,
    };
  }
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return {
      kind: "retry",
      code: "ratelimited",
      reason: `slack: rate limited, retry after ${error.retryAfter}s`,
      retryAfterMs: error.retryAfter * 1000,
    };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return {
      kind: "retry",
      code: `http_${error.statusCode}`,
      reason: `slack: HTTP ${error.statusCode}`,
      retryAfterMs: null,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const rate = RATE_LIMIT_EXHAUSTED.exec(message);
  if (rate?.[1] !== undefined) {
    return {
      kind: "retry",
      code: "ratelimited",
      reason: "slack: still rate limited after waiting as Retry-After asked",
      retryAfterMs: Number(rate[1]) * 1000,
    };
  }
  return {
    kind: "retry",
    code: "request_failed",
    reason: `slack: request failed: ${message}`,
    retryAfterMs: null,
  };
}
