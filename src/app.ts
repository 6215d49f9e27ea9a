import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Config } from "./config/schema.js";
import type { Logger } from "./logger.js";
import type { QueueBackend } from "./queue/queue-backend.js";
import { createQueueBackend } from "./queue/queue-backend.js";
import { createHttpServer, type HttpServer } from "./server/http-server.js";
import type { Database } from "./store/database.js";
import { migrate } from "./store/migrate.js";
import { type OpenedDatabase, openDatabase } from "./store/open-database.js";

/**
 * The composition root: the one place that wires the parts together
 * (DESIGN.md §2). `start` runs every role in one process; `worker` only the
 * workers; other CLI commands open the store and the queue and nothing else.
 */
export type AppRole = "all" | "worker" | "client";

export interface AppOptions {
  config: Config;
  logger: Logger;
  role: AppRole;
  /** Registers the workers and schedulers of each part on a running app. */
  parts?: AppPart[];
}

/** A part of the bot (ingestion, digests, a platform) that plugs into the app. */
export interface AppPart {
  name: string;
  start(app: App): Promise<void>;
  stop?(): Promise<void>;
}

export interface App {
  config: Config;
  logger: Logger;
  db: Database;
  queue: QueueBackend;
  role: AppRole;
  /** True when this process owns the embedded database. */
  ownsDatabase: boolean;
  http: (HttpServer & { address: AddressInfo }) | null;
  metrics: Registry;
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { config, logger, role } = options;
  const opened: OpenedDatabase = await openDatabase(config, {
    logger,
    requireOwnership: role === "all",
  });
  let queue: QueueBackend | undefined;
  const parts: AppPart[] = [];
  let http: App["http"] = null;
  try {
    await migrate(opened.db);
    queue = await createQueueBackend({
      ...(config.redis.url ? { redisUrl: config.redis.url } : {}),
      postgresUrl: opened.db.connectionString,
      embedded: opened.db.kind === "embedded",
      drainDelayMs: config.queue.drainDelayMs,
      logger,
    });
    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });
    if (role === "all") {
      const db = opened.db;
      const q = queue;
      const server = createHttpServer({
        logger,
        registry: metrics,
        readiness: async () => {
          const [database, queueReady] = await Promise.all([db.ping(), q.ready()]);
          return { database, queue: queueReady };
        },
      });
      const address = await server.listen(config.http.port, config.http.host);
      http = Object.assign(server, { address });
    }
    const app: App = {
      config,
      logger,
      db: opened.db,
      queue,
      role,
      ownsDatabase: opened.owner,
      http,
      metrics,
      stop: async () => {
        // SIGTERM: stop taking new jobs and requests, let running jobs finish
        // within the grace period, then close connections (DESIGN.md §3).
        await http?.close();
        for (const part of [...parts].reverse()) await part.stop?.().catch(() => {});
        await queue?.close({ graceMs: config.shutdownGraceMs });
        await opened.close();
      },
    };
    for (const part of options.parts ?? []) {
      await part.start(app);
      parts.push(part);
    }
    return app;
  } catch (error) {
    await http?.close().catch(() => {});
    for (const part of parts.reverse()) await part.stop?.().catch(() => {});
    await queue?.close({ graceMs: 1_000 }).catch(() => {});
    await opened.close().catch(() => {});
    throw error;
  }
}
