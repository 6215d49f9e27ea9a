import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { EMBEDDED_SEARCH_PATH_SQL } from "../queue/queue-search-path.js";
import { serializeProtocolBatches } from "./serialize-protocol-batches.js";

/** What the thread is started with (workerData). */
export interface EmbeddedThreadOptions {
  dataDir: string;
  port: number;
}

/** What the thread tells the thread that started it. */
export type EmbeddedThreadMessage =
  | { kind: "listening"; port: number }
  | { kind: "failed"; message: string }
  | { kind: "closed" };

/**
 * The embedded database's own thread: PGlite (PostgreSQL in WebAssembly) and
 * its socket server run here, so the owner's main thread parses feeds while
 * the database stores them. Told "close", it stops serving, closes the
 * database cleanly and says so.
 */
async function serve(options: EmbeddedThreadOptions): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("store: embedded-server-thread runs only as a worker thread");
  const tell = (message: EmbeddedThreadMessage): void => port.postMessage(message);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    const dir = join(options.dataDir, "db");
    mkdirSync(dir, { recursive: true });
    db = await PGlite.create(dir);
    // pglite-socket ignores start-up options such as BullMQ's
    // `-c search_path=bullmq`, and every connection shares this one session,
    // so the search path the queue needs is set here, once. Our own tables
    // live in `public` and our migrations create them there explicitly.
    await db.exec(EMBEDDED_SEARCH_PATH_SQL);
    server = new PGLiteSocketServer({
      db,
      host: "127.0.0.1",
      port: options.port,
      maxConnections: 200,
    });
    serializeProtocolBatches(server);
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    tell({ kind: "failed", message: (error as Error)?.message ?? String(error) });
    port.close();
    return;
  }
  const conn = server.getServerConn();
  tell({ kind: "listening", port: Number(conn.slice(conn.lastIndexOf(":") + 1)) });
  const open = { db, server };
  port.on("message", async (message: unknown) => {
    if (message !== "close") return;
    await open.server.stop();
    await open.db.close();
    tell({ kind: "closed" });
    port.close();
  });
}

await serve(workerData as EmbeddedThreadOptions);
