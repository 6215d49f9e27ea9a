import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config/schema.js";
import { UserError } from "../core/errors.js";
import type { Database } from "./database.js";
import { startEmbeddedServer } from "./embedded-server.js";
import { acquireOwnerLock, isLive, type LockInfo, lockPath, readLock } from "./owner-lock.js";
import { createPgDatabase } from "./pg-database.js";

export interface OpenedDatabase {
  db: Database;
  /** True when this process owns (serves) the embedded database. */
  owner: boolean;
  /** The owner this process connects through, when it is not the owner. */
  via: LockInfo | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  logger: Logger;
  /** `start` must own the embedded database; other commands join a running owner. */
  requireOwnership?: boolean;
}

const SERVER_HINT =
  "check DATABASE_URL, start PostgreSQL (pg_ctlcluster <version> main start), or unset DATABASE_URL to use the embedded database";

/** DATABASE_URL set: that server. Unset: the embedded database, owned by this process or joined through its owner. */
export async function openDatabase(
  config: Config,
  options: OpenDatabaseOptions,
): Promise<OpenedDatabase> {
  const poolSize = config.database.poolSize;
  if (config.database.url) {
    const db = await createPgDatabase({
      connectionString: config.database.url,
      kind: "server",
      poolSize,
      unreachableHint: SERVER_HINT,
    });
    return { db, owner: false, via: null, close: () => db.close() };
  }
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await acquireOwnerLock(dataDir);
    if (result.acquired) {
      const { lock } = result;
      try {
        const server = await startEmbeddedServer({ dataDir });
        lock.setPort(server.port);
        const db = await createPgDatabase({
          connectionString: server.connectionString,
          kind: "embedded",
          poolSize,
          unreachableHint: `remove ${lock.path} if no newswire process runs, then try again`,
        });
        options.logger.info(
          { data_dir: dataDir, port: server.port },
          "store: embedded database opened",
        );
        return {
          db,
          owner: true,
          via: null,
          async close() {
            await db.close();
            await server.close();
            lock.release();
          },
        };
      } catch (error) {
        lock.release();
        throw error;
      }
    }
    const owner = result.owner;
    if (options.requireOwnership) {
      throw new UserError(
        `store: the embedded database in ${dataDir} is in use by newswire process ${owner.pid}${owner.port ? ` (port ${owner.port})` : ""}`,
        {
          hint: `stop that process first (kill ${owner.pid}), use another DATA_DIR, or run \`newswire worker\` to add workers to it`,
        },
      );
    }
    const port = await waitForPort(dataDir, owner);
    if (port === null) continue;
    const db = await createPgDatabase({
      connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
      kind: "embedded",
      poolSize: Math.min(poolSize, 5),
      unreachableHint: `the owner (pid ${owner.pid}) stopped answering; try again`,
    });
    options.logger.debug(
      { owner_pid: owner.pid, port },
      "store: joined the embedded database's owner",
    );
    return { db, owner: false, via: { ...owner, port }, close: () => db.close() };
  }
  throw new UserError(`store: could not open or join the embedded database in ${dataDir}`, {
    hint: `remove ${lockPath(dataDir)} if no newswire process runs, then try again`,
  });
}

/** The owner may still be opening the database: wait for it to publish its port. */
async function waitForPort(dataDir: string, owner: LockInfo): Promise<number | null> {
  const path = lockPath(dataDir);
  const deadline = Date.now() + 60_000;
  let info: LockInfo | null = owner;
  while (Date.now() < deadline) {
    if (info?.port) return info.port;
    await new Promise((r) => setTimeout(r, 100));
    info = readLock(path);
    if (!(await isLive(path, info))) return null;
  }
  return null;
}
