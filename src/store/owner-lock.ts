import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";

/**
 * Who owns the embedded database in a data dir (DESIGN.md §3 Processes). The
 * owner writes its pid and port to `owner.lock`, created with O_EXCL so two
 * processes can never both create it. A lock is stale when its pid is gone or
 * nothing answers on its port: a SIGKILLed process that lingers as a zombie
 * holds no socket, so the port test is the reliable one.
 */
export interface LockInfo {
  pid: number;
  /** null while the owner is still opening the database. */
  port: number | null;
  startedAt: string;
}

export interface OwnerLock {
  path: string;
  info: LockInfo;
  /** Publish the port once the database is served. */
  setPort(port: number): void;
  /** Remove the lock, if it is still ours. */
  release(): void;
}

export type AcquireResult =
  | { acquired: true; lock: OwnerLock }
  | { acquired: false; owner: LockInfo };

/** How long an owner may take to publish its port before its lock counts as stale. */
const STARTING_GRACE_MS = 60_000;

export function lockPath(dataDir: string): string {
  return join(dataDir, "owner.lock");
}

export function readLock(path: string): LockInfo | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockInfo>;
    if (typeof parsed.pid !== "number") return null;
    return {
      pid: parsed.pid,
      port: parsed.port ?? null,
      startedAt: String(parsed.startedAt ?? ""),
    };
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function portAnswers(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Is the owner described by this lock file still serving? */
export async function isLive(path: string, info: LockInfo | null): Promise<boolean> {
  if (info === null) {
    // Unreadable: a lock being written right now, or debris. Young files get the benefit of the doubt.
    try {
      return Date.now() - statSync(path).mtimeMs < 5_000;
    } catch {
      return false;
    }
  }
  if (!pidAlive(info.pid)) return false;
  if (info.port === null) {
    try {
      return Date.now() - statSync(path).mtimeMs < STARTING_GRACE_MS;
    } catch {
      return false;
    }
  }
  return portAnswers(info.port);
}

function write(path: string, info: LockInfo): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(info)}\n`);
  renameSync(temp, path);
}

/** Take the lock, taking a stale one over; or say who holds it. */
export async function acquireOwnerLock(dataDir: string): Promise<AcquireResult> {
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 5; attempt++) {
    const info: LockInfo = { pid: process.pid, port: null, startedAt: new Date().toISOString() };
    try {
      const fd = openSync(path, "wx");
      writeFileSync(fd, `${JSON.stringify(info)}\n`);
      closeSync(fd);
      return { acquired: true, lock: ownLock(path, info) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readLock(path);
    if (await isLive(path, holder)) {
      if (holder) return { acquired: false, owner: holder };
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    // Stale: move it aside atomically. If another process got there first the
    // rename fails and the next round sees that process's fresh lock.
    const aside = `${path}.stale-${process.pid}-${attempt}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    const moved = readLock(aside);
    if (moved && holder && moved.pid !== holder.pid) {
      // We moved a lock a third process had just created: put it back (link
      // fails rather than overwrite a newer one) and let the next round decide.
      try {
        linkSync(aside, path);
      } catch {
        /* a newer lock is in place */
      }
    }
    rmSync(aside, { force: true });
  }
  const holder = readLock(path);
  if (holder) return { acquired: false, owner: holder };
  throw new Error(`store: could not take the lock ${path}; remove it if no newswire process runs`);
}

function ownLock(path: string, info: LockInfo): OwnerLock {
  const lock: OwnerLock = {
    path,
    info,
    setPort(port: number) {
      lock.info = { ...lock.info, port };
      write(path, lock.info);
    },
    release() {
      const current = readLock(path);
      if (current?.pid === process.pid) rmSync(path, { force: true });
    },
  };
  return lock;
}
