import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { UserError } from "../../src/core/errors.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open-database.js";
import { lockPath, readLock } from "../../src/store/owner-lock.js";
import { exited, spawnTs, waitForLine } from "../support/spawn-ts.js";

const logger = pino({ level: "silent" });
const child = new URL("./embedded-owner-child.ts", import.meta.url).pathname;
const children: ChildProcess[] = [];

function configFor(dataDir: string) {
  return loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
}

async function startOwner(dataDir: string): Promise<ChildProcess> {
  const owner = spawnTs(child, [dataDir]);
  children.push(owner);
  await waitForLine(owner, /^ready/m);
  return owner;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

afterEach(async () => {
  for (const c of children.splice(0)) {
    c.kill("SIGKILL");
    await exited(c);
  }
});

describe("embedded database ownership", () => {
  it("refuses a second owner, naming the pid that owns the data dir", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-lock-"));
    const owner = await startOwner(dataDir);
    const attempt = openDatabase(configFor(dataDir), { logger, requireOwnership: true });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(`in use by newswire process ${owner.pid}`);
  });

  it("lets another command join the owner and see its rows", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-lock-"));
    const owner = await startOwner(dataDir);
    const joined = await openDatabase(configFor(dataDir), { logger });
    try {
      expect(joined.owner).toBe(false);
      expect(joined.via?.pid).toBe(owner.pid);
      await migrate(joined.db); // through the owner: nothing left to apply, and no error
      const { rows } = await joined.db.query<{ id: string }>("SELECT id FROM channels");
      expect(rows.map((r) => r.id)).toEqual([`console:${owner.pid}`]);
    } finally {
      await joined.close();
    }
  });

  it("takes over the lock of a SIGKILLed owner and loses no committed row", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-lock-"));
    const owner = await startOwner(dataDir);
    owner.kill("SIGKILL");
    await exited(owner);
    expect(readLock(lockPath(dataDir))?.pid).toBe(owner.pid); // the lock outlived its owner
    const next = await openDatabase(configFor(dataDir), { logger, requireOwnership: true });
    try {
      expect(next.owner).toBe(true);
      expect(readLock(lockPath(dataDir))?.pid).toBe(process.pid);
      const { rows } = await next.db.query<{ id: string }>("SELECT id FROM channels");
      expect(rows.map((r) => r.id)).toEqual([`console:${owner.pid}`]);
    } finally {
      await next.close();
    }
    expect(readLock(lockPath(dataDir))).toBeNull(); // released on close
  });

  it("takes over a lock whose pid is alive but whose port answers nothing", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-lock-"));
    const deadPort = await freePort();
    // Our own pid is certainly alive; nothing listens on deadPort.
    writeFileSync(
      lockPath(dataDir),
      JSON.stringify({ pid: process.pid, port: deadPort, startedAt: "x" }),
    );
    const opened = await openDatabase(configFor(dataDir), { logger, requireOwnership: true });
    try {
      expect(opened.owner).toBe(true);
      expect(readLock(lockPath(dataDir))?.port).not.toBe(deadPort);
    } finally {
      await opened.close();
    }
  });
});
