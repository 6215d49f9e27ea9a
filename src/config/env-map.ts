/**
 * Environment variables and the settings they set (DESIGN.md §3). The README's
 * configuration table lists the same names; a test keeps the two in step.
 */
export interface EnvSetting {
  env: string;
  path: string[];
  type: "string" | "number" | "boolean";
  doc: string;
}

export const envSettings: EnvSetting[] = [
  {
    env: "DATABASE_URL",
    path: ["database", "url"],
    type: "string",
    doc: "PostgreSQL connection string; unset: embedded PGlite in $DATA_DIR/db",
  },
  {
    env: "REDIS_URL",
    path: ["redis", "url"],
    type: "string",
    doc: "Redis for the BullMQ queue (ioredis); unset: the queue lives in the database",
  },
  { env: "DATA_DIR", path: ["dataDir"], type: "string", doc: "where embedded data lives" },
  {
    env: "PORT",
    path: ["http", "port"],
    type: "number",
    doc: "HTTP port: /slack/events, /healthz, /readyz, /metrics",
  },
  {
    env: "LOG_LEVEL",
    path: ["logLevel"],
    type: "string",
    doc: "pino level: fatal, error, warn, info, debug, trace, silent",
  },
  {
    env: "SLACK_BOT_TOKEN",
    path: ["slack", "botToken"],
    type: "string",
    doc: "Slack bot token (xoxb-…); with SLACK_SIGNING_SECRET turns Slack on",
  },
  {
    env: "SLACK_SIGNING_SECRET",
    path: ["slack", "signingSecret"],
    type: "string",
    doc: "Slack signing secret for POST /slack/events",
  },
  {
    env: "SLACK_APP_TOKEN",
    path: ["slack", "appToken"],
    type: "string",
    doc: "Slack app-level token (xapp-…): Socket Mode instead of HTTP",
  },
  {
    env: "SLACK_API_URL",
    path: ["slack", "apiUrl"],
    type: "string",
    doc: "Slack Web API base URL (tests point it at a local server)",
  },
  {
    env: "DISCORD_TOKEN",
    path: ["discord", "token"],
    type: "string",
    doc: "Discord bot token; with DISCORD_APPLICATION_ID turns Discord on",
  },
  {
    env: "DISCORD_APPLICATION_ID",
    path: ["discord", "applicationId"],
    type: "string",
    doc: "Discord application id",
  },
  {
    env: "DISCORD_API_URL",
    path: ["discord", "apiUrl"],
    type: "string",
    doc: "Discord REST base URL; the gateway URL then comes from its /gateway/bot",
  },
  {
    env: "DISCORD_GUILD_ID",
    path: ["discord", "guildId"],
    type: "string",
    doc: "register commands in this guild only (development: updates at once)",
  },
  {
    env: "SUMMARIZER_URL",
    path: ["summarizer", "url"],
    type: "string",
    doc: "OpenAI-compatible API base URL for one-sentence summaries; unset: extractive",
  },
  {
    env: "SUMMARIZER_MODEL",
    path: ["summarizer", "model"],
    type: "string",
    doc: "model name for SUMMARIZER_URL",
  },
  {
    env: "SUMMARIZER_API_KEY",
    path: ["summarizer", "apiKey"],
    type: "string",
    doc: "API key for SUMMARIZER_URL",
  },
  {
    env: "NEWSWIRE_STARTER_FEEDS",
    path: ["feeds", "starterFeeds"],
    type: "boolean",
    doc: "add config/starter-feeds.opml when the database has no feeds",
  },
  {
    env: "FEED_ALLOW_PRIVATE",
    path: ["feeds", "allowPrivate"],
    type: "boolean",
    doc: "allow feeds on loopback and private addresses (tests, intranets)",
  },
];

/** NEWSWIRE_CONFIG names the YAML file; it is read before the others. */
export const CONFIG_FILE_ENV = "NEWSWIRE_CONFIG";
export const DEFAULT_CONFIG_FILE = "config/default.yaml";
