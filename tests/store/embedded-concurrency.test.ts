import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { migrate } from "../../src/store/migrate.js";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.js";

// Many connections share PGlite's one session through pglite-socket: a
// transaction or an extended-protocol batch (Parse…Sync) of one connection
// must never be split by another's messages (serialize-protocol-batches.ts).
describe("the embedded database under concurrent connections", () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-concurrency-"));
    opened = await openDatabase(loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" }), {
      logger: pino({ level: "silent" }),
    });
    await migrate(opened.db);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it("keeps transactions and parameterized queries of 20 concurrent callers apart", async () => {
    const { db } = opened;
    const errors: string[] = [];
    const wrong: string[] = [];
    const writer = async (n: number) => {
      await db.transaction(async (tx) => {
        await tx.query("INSERT INTO channels (id, platform) VALUES ($1, $2)", [
          `console:c${n}`,
          "console",
        ]);
        const { rows } = await tx.query<{ id: string }>("SELECT id FROM channels WHERE id = $1", [
          `console:c${n}`,
        ]);
        if (rows[0]?.id !== `console:c${n}`) wrong.push(`writer ${n} read ${rows[0]?.id}`);
      });
    };
    const reader = async (n: number) => {
      const { rows } = await db.query<{ v: number; t: string }>(
        "SELECT $1::int + 0 AS v, $2::text AS t",
        [n, `r${n}`],
      );
      if (rows[0]?.v !== n || rows[0]?.t !== `r${n}`)
        wrong.push(`reader ${n} got ${JSON.stringify(rows[0])}`);
    };
    const tasks: Array<Promise<void>> = [];
    for (let n = 0; n < 20; n++) {
      tasks.push(writer(n).catch((e: Error) => void errors.push(e.message)));
      for (let r = 0; r < 5; r++)
        tasks.push(reader(n * 10 + r).catch((e: Error) => void errors.push(e.message)));
    }
    const settled = await Promise.race([
      Promise.all(tasks).then(() => "done"),
      new Promise((resolve) => setTimeout(() => resolve("stalled"), 20_000)),
    ]);
    expect(settled).toBe("done");
    expect(errors).toEqual([]);
    expect(wrong).toEqual([]);
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM channels WHERE id LIKE 'console:c%'",
    );
    expect(rows[0]?.n).toBe(20);
  });
});
