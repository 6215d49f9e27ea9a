import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { startEmbeddedServer } from "../../src/store/embedded-server.js";
import { queueContract } from "./queue-contract.js";

describe("queue contract: embedded PGlite through pglite-socket", () => {
  queueContract(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-queue-"));
    const server = await startEmbeddedServer({ dataDir });
    return {
      options: { postgresUrl: server.connectionString, embedded: true, drainDelayMs: 500 },
      async cleanup() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });
});
