/** What `newswire start` knows once it is up, for the guided start text. */
export interface StartFacts {
  /** Where the HTTP server answers, e.g. `http://localhost:3000`. */
  url: string;
  /** Slack is configured (a bot token and a signing secret or app token). */
  slack: boolean;
  /** Discord is configured (a token and an application id). */
  discord: boolean;
  /** Feeds being polled (not disabled). */
  feeds: number;
  /** Starter feeds this start added to an empty database. */
  starterAdded: number;
}

export interface GuidedStartOptions {
  /** Bold headings (a terminal); plain text otherwise. */
  color: boolean;
}

const BOLD = "\x1b[1m";
const RESET = "\x1b[0m";

/**
 * The few lines `newswire start` prints once it is up (issue "First run"):
 * where it serves, which chat platforms are on (and how to add one when none
 * is), how many feeds it polls, and how to try it in the terminal now.
 */
export function guidedStart(facts: StartFacts, options: GuidedStartOptions): string {
  const bold = (s: string) => (options.color ? `${BOLD}${s}${RESET}` : s);
  const lines = [`${bold("Newswire is running")} at ${facts.url} (/healthz, /readyz, /metrics).`];

  const on = [facts.slack ? "Slack" : null, facts.discord ? "Discord" : null].filter(
    (p): p is string => p !== null,
  );
  if (on.length > 0) {
    lines.push(`${bold("Chat:")} ${on.join(" and ")} connected; type /news help in a channel.`);
  } else {
    lines.push(`${bold("Chat:")} no Slack or Discord yet. To add one, set and restart:`);
    lines.push(
      "  Slack:   create the app from slack/manifest.yaml, then SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see slack/README.md)",
    );
    lines.push("  Discord: DISCORD_TOKEN and DISCORD_APPLICATION_ID (see discord/README.md)");
  }

  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (facts.feeds === 0) {
    lines.push(`${bold("Feeds:")} none yet; add one with \`npx newswire feeds add <url>\`.`);
  } else {
    const starter =
      facts.starterAdded > 0
        ? ` (${plural(facts.starterAdded, "starter feed")} added; \`npx newswire feeds list\`)`
        : "";
    lines.push(`${bold("Feeds:")} polling ${plural(facts.feeds, "feed")}${starter}.`);
  }

  lines.push(
    `${bold("Try it now:")} in another terminal, \`npx newswire chat\`, then /news subscribe <topic>.`,
  );
  return `${lines.join("\n")}\n`;
}
