/**
 * The embedded database ignores BullMQ's `-c search_path=bullmq` start-up
 * option and shares one session among connections. When its owner has not
 * set the path, the queue appends `bullmq` itself (and says so) and works.
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueBackend } from "../../src/queue/queue-backend.js";
import { captureLogger } from "./support/capture-logger.js";
import { waitFor } from "./support/wait-for.js";

describe("queue on an embedded database whose owner did not set search_path", () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  let url: string;

  beforeAll(async () => {
    db = await PGlite.create();
    server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 100 });
    await server.start();
    const conn = server.getServerConn();
    url = `postgres://postgres@127.0.0.1:${conn.slice(conn.lastIndexOf(":") + 1)}/postgres`;
  });

  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it("appends bullmq to the session's search_path, warns once, and runs jobs", async () => {
    const { logger, lines } = captureLogger("debug");
    const backend = await createQueueBackend({
      postgresUrl: url,
      embedded: true,
      drainDelayMs: 300,
      logger,
    });
    try {
      const { rows } = await db.query<{ path: string }>(
        "SELECT current_setting('search_path') AS path",
      );
      expect(rows[0]?.path).toMatch(/, bullmq$/);
      expect(lines.filter((l) => l.msg.includes("search_path lacks bullmq"))).toHaveLength(1);
      const seen: string[] = [];
      backend.worker("match", async (job) => void seen.push(...job.data.articleIds), {
        concurrency: 1,
      });
      await backend.queue("match").add("match", { articleIds: ["a", "b"] });
      await waitFor(() => seen.length === 2, "the job processed");
      expect(seen).toEqual(["a", "b"]);
    } finally {
      await backend.close({ graceMs: 1_000 });
    }
  });
});
