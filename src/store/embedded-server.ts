import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { EMBEDDED_SEARCH_PATH_SQL } from "../queue/queue-search-path.js";
import { serializeProtocolBatches } from "./serialize-protocol-batches.js";

export interface EmbeddedServer {
  port: number;
  connectionString: string;
  close(): Promise<void>;
}

/**
 * Opens PGlite in `${dataDir}/db` and serves it on a loopback port. Only the
 * owner (see owner-lock.ts) may call this: PGlite is one process's database.
 */
export async function startEmbeddedServer(options: {
  dataDir: string;
  port?: number;
}): Promise<EmbeddedServer> {
  const dir = join(options.dataDir, "db");
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  // pglite-socket ignores start-up options such as BullMQ's
  // `-c search_path=bullmq`, and every connection shares this one session,
  // so the search path the queue needs is set here, once. Our own tables
  // live in `public` and our migrations create them there explicitly.
  await db.exec(EMBEDDED_SEARCH_PATH_SQL);
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: 200,
  });
  serializeProtocolBatches(server);
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(":") + 1));
  return {
    port,
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async close(): Promise<void> {
      await server.stop();
      await db.close();
    },
  };
}
