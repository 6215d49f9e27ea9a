import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedServer } from "../../src/store/embedded-server.js";

describe("the embedded database server", () => {
  it("runs PGlite beside the main thread: the owner's event loop keeps turning during a long query", async () => {
    const server = await startEmbeddedServer({
      dataDir: mkdtempSync(join(tmpdir(), "newswire-embedded-")),
    });
    const client = new pg.Client({ connectionString: server.connectionString });
    try {
      await client.connect();
      const sleeping = client.query("SELECT pg_sleep(2)");
      // A 20 ms timer started once the query is running fires about on time.
      await new Promise((r) => setTimeout(r, 100));
      const started = performance.now();
      const late = await new Promise<number>((r) =>
        setTimeout(() => r(performance.now() - started - 20), 20),
      );
      expect(late).toBeLessThan(1_000);
      await sleeping;
    } finally {
      await client.end();
      await server.close();
      await server.close(); // a second close is harmless
    }
  });

  it("fails to start with the reason when the data directory cannot be made", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "newswire-embedded-")), "not-a-dir");
    writeFileSync(file, "");
    await expect(startEmbeddedServer({ dataDir: file })).rejects.toThrow(
      /^store: the embedded database did not start: .*not-a-dir/,
    );
  });
});
