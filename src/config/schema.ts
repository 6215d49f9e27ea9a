import { z } from "zod";

/**
 * Every setting Newswire reads, with its default. `config/default.yaml` and the
 * environment (see env-map.ts) are merged and validated against this once, at
 * start-up; the typed result is handed down (DESIGN.md §4).
 */
const duration = z.number().int().positive();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time as HH:MM, e.g. 08:00");

export const configSchema = z.object({
  database: z
    .object({
      /** PostgreSQL connection string; unset: embedded PGlite in `${dataDir}/db`. */
      url: z.string().url("expected a postgres:// connection string").optional(),
      /** Connections in the pool of each process. */
      poolSize: z.number().int().min(1).max(100).default(10),
    })
    .prefault({}),
  redis: z
    .object({
      /** Redis URL for the BullMQ queue; unset: the queue lives in the database. */
      url: z.string().url("expected a redis:// URL").optional(),
    })
    .prefault({}),
  dataDir: z.string().min(1).default("./data"),
  http: z
    .object({
      port: z.number().int().min(0).max(65535).default(3000),
      host: z.string().default("0.0.0.0"),
    })
    .prefault({}),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  shutdownGraceMs: duration.default(30_000),
  queue: z
    .object({
      /** Jobs a worker runs at once, per queue. */
      concurrency: z.number().int().min(1).max(100).default(4),
      /** How long an idle worker waits before it looks for new jobs (embedded: LISTEN/NOTIFY does not cross processes). */
      drainDelayMs: duration.default(1_000),
    })
    .prefault({}),
  feeds: z
    .object({
      allowPrivate: z.boolean().default(false),
      starterFeeds: z.boolean().default(true),
      starterFile: z.string().default("config/starter-feeds.opml"),
      userAgent: z.string().default("Newswire/0.1 (+https://github.com/newswire-bot/newswire)"),
      connectTimeoutMs: duration.default(10_000),
      totalTimeoutMs: duration.default(30_000),
      maxBodyBytes: duration.default(5 * 1024 * 1024),
      maxRedirects: z.number().int().min(0).max(20).default(5),
      perHostConcurrency: z.number().int().min(1).max(20).default(2),
      minIntervalMs: duration.default(5 * 60_000),
      maxIntervalMs: duration.default(6 * 60 * 60_000),
      disableAfterFailures: z.number().int().min(1).default(10),
    })
    .prefault({}),
  topics: z
    .object({
      /** The topic library: concept vocabulary (YAML). */
      library: z.string().default("config/topics.yaml"),
      /** Extra concepts, merged over the library: name -> { terms: [...] }. */
      custom: z.record(z.string(), z.object({ terms: z.array(z.string()).min(1) })).default({}),
    })
    .prefault({}),
  defaults: z
    .object({
      timezone: z.string().default("UTC"),
      every: z.enum(["realtime", "hourly", "daily", "weekly"]).default("daily"),
      at: hhmm.default("08:00"),
      day: z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]).default("mon"),
    })
    .prefault({}),
  digest: z
    .object({
      maxItemsPerTopic: z.number().int().min(1).max(50).default(8),
      realtimeWindowMs: duration.default(60_000),
    })
    .prefault({}),
  summarizer: z
    .object({
      url: z.string().url("expected the base URL of an OpenAI-compatible API").optional(),
      model: z.string().optional(),
      apiKey: z.string().optional(),
      timeoutMs: duration.default(10_000),
    })
    .prefault({}),
  slack: z
    .object({
      botToken: z.string().optional(),
      signingSecret: z.string().optional(),
      appToken: z.string().optional(),
      apiUrl: z.string().url().optional(),
      /** Who may change subscriptions: everyone, or only admins and the listed user ids. */
      managers: z.enum(["everyone", "admins"]).default("everyone"),
      managerIds: z.array(z.string()).default([]),
    })
    .prefault({}),
  discord: z
    .object({
      token: z.string().optional(),
      applicationId: z.string().optional(),
      apiUrl: z.string().url().optional(),
      guildId: z.string().optional(),
      /** Permission needed to change subscriptions (Discord permission flag name). */
      managePermission: z.string().default("ManageChannels"),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
