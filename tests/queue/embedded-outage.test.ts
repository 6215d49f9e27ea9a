/**
 * The embedded database's owner stops and starts again on the same port (a
 * restart of `newswire start` while a `newswire worker` runs): the worker
 * process stays up, logs one line each way, ready() follows, and jobs flow again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createQueueBackend, type QueueBackend } from "../../src/queue/queue-backend.js";
import { type EmbeddedServer, startEmbeddedServer } from "../../src/store/embedded-server.js";
import { captureLogger } from "./support/capture-logger.js";
import { sleep, waitFor } from "./support/wait-for.js";

describe("queue on the embedded database: its owner goes away and comes back", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "newswire-queue-outage-"));
  let server: EmbeddedServer | undefined;
  let backend: QueueBackend | undefined;

  afterAll(async () => {
    await backend?.close({ graceMs: 1_000 });
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("ready() turns false and true again, logging once each way, and jobs flow again", async () => {
    const { logger, lines } = captureLogger("debug");
    server = await startEmbeddedServer({ dataDir });
    const port = server.port;
    backend = await createQueueBackend({
      postgresUrl: server.connectionString,
      embedded: true,
      drainDelayMs: 300,
      logger,
    });
    const seen: string[] = [];
    backend.worker(
      "poll",
      async (job) => {
        seen.push(job.data.feedId);
      },
      { concurrency: 1 },
    );
    await backend.queue("poll").add("poll", { feedId: "before" });
    await waitFor(() => seen.includes("before"), "a job before the outage");
    expect(await backend.ready()).toBe(true);

    await server.close();
    server = undefined;
    await waitFor(async () => !(await backend?.ready()), "ready() to turn false", 10_000);
    await sleep(2_000);

    server = await startEmbeddedServer({ dataDir, port });
    await waitFor(async () => (await backend?.ready()) === true, "ready() true again", 15_000);
    await backend.queue("poll").add("poll", { feedId: "after" });
    await waitFor(() => seen.includes("after"), "a job after the outage", 20_000);

    const messages = lines.map((l) => l.msg);
    expect(messages.filter((m) => m.includes("is unreachable"))).toHaveLength(1);
    expect(messages.filter((m) => m.includes("is reachable again"))).toHaveLength(1);
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
  });
});
