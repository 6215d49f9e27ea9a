import { mkdtempSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { migrate } from "../../src/store/migrate.js";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.js";

/** A frontend message (PostgreSQL protocol §55.7): type byte, length, body. */
function message(type: string, ...parts: Array<string | number[]>): Buffer {
  const body = Buffer.concat(
    parts.map((p) => (typeof p === "string" ? Buffer.from(`${p}\0`) : Buffer.from(p))),
  );
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** Parse, Bind, Describe and Execute of `SELECT 42` on the unnamed statement and portal. */
const SELECT_42 = Buffer.concat([
  message("P", "", "SELECT 42 AS answer", [0, 0]),
  message("B", "", "", [0, 0, 0, 0, 0, 0]),
  message("D", "P"),
  message("E", "", [0, 0, 0, 0]),
]);

/** A raw protocol connection: what arrives, chunk by chunk, as the socket delivers it. */
async function rawConnection(port: number): Promise<{ socket: Socket; chunks: Buffer[] }> {
  const socket = connect({ host: "127.0.0.1", port });
  const chunks: Buffer[] = [];
  socket.on("data", (d: Buffer) => chunks.push(d));
  await new Promise<void>((r) => socket.once("connect", () => r()));
  const params = Buffer.from("user\0postgres\0database\0postgres\0\0");
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(params.length + 8, 0);
  startup.writeInt32BE(196_608, 4); // protocol 3.0
  socket.write(Buffer.concat([startup, params]));
  await until(chunks, "Z");
  chunks.length = 0;
  return { socket, chunks };
}

/** Waits until a backend message of `type` has arrived. */
async function until(chunks: Buffer[], type: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const all = Buffer.concat(chunks);
    for (let at = 0; at + 5 <= all.length; at += 1 + all.readInt32BE(at + 1)) {
      if (String.fromCharCode(all[at] as number) === type) return;
    }
    if (Date.now() > deadline) throw new Error(`no "${type}" message within 10 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The types of the backend messages in `data`, in order. */
function types(data: Buffer): string {
  let out = "";
  for (let at = 0; at + 5 <= data.length; at += 1 + data.readInt32BE(at + 1)) {
    out += String.fromCharCode(data[at] as number);
  }
  return out;
}

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
  it("answers an extended-protocol query in one write at its Sync, as PostgreSQL does", async () => {
    const port = Number(new URL(opened.db.connectionString).port);
    const { socket, chunks } = await rawConnection(port);
    try {
      socket.write(Buffer.concat([SELECT_42, message("S")]));
      await until(chunks, "Z");
      expect(chunks.map(types)).toEqual(["12TDCZ"]);
    } finally {
      socket.destroy();
    }
  });

  it("answers at a Flush without waiting for the Sync", async () => {
    const port = Number(new URL(opened.db.connectionString).port);
    const { socket, chunks } = await rawConnection(port);
    try {
      socket.write(Buffer.concat([SELECT_42, message("H")]));
      await until(chunks, "C");
      expect(types(Buffer.concat(chunks))).toBe("12TDC");
      socket.write(message("S"));
      await until(chunks, "Z");
      // Meanwhile the session served everyone else as before.
      const { rows } = await opened.db.query<{ n: number }>("SELECT 1 AS n");
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      socket.destroy();
    }
  });
});
