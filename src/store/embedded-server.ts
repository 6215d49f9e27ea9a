import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { EmbeddedThreadMessage, EmbeddedThreadOptions } from "./embedded-server-thread.js";

export interface EmbeddedServer {
  port: number;
  connectionString: string;
  close(): Promise<void>;
}

const ENTRY = new URL("./embedded-server-thread-entry.mjs", import.meta.url);

/**
 * Opens PGlite in `${dataDir}/db` and serves it on a loopback port from a
 * worker thread of this process (embedded-server-thread.ts). PostgreSQL in
 * WebAssembly is the busiest part of storing a poll; on its own thread it
 * runs beside the main thread, which meanwhile fetches and parses, instead of
 * taking turns with it. Only the owner (see owner-lock.ts) may call this:
 * PGlite is one process's database.
 */
export async function startEmbeddedServer(options: {
  dataDir: string;
  port?: number;
}): Promise<EmbeddedServer> {
  const workerData: EmbeddedThreadOptions = { dataDir: options.dataDir, port: options.port ?? 0 };
  const worker = new Worker(ENTRY, { workerData });
  const exited = once(worker, "exit").then(([code]) => code as number);
  /** The thread's next message; fails if the thread dies first. */
  const next = async (): Promise<EmbeddedThreadMessage> => {
    const died = exited.then((code) => {
      throw new Error(`store: the embedded database's thread exited (code ${code})`);
    });
    died.catch(() => {}); // lost the race: the thread ends later, at close
    const [message] = (await Promise.race([once(worker, "message"), died])) as [
      EmbeddedThreadMessage,
    ];
    return message;
  };
  let started: EmbeddedThreadMessage;
  try {
    started = await next();
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  if (started.kind !== "listening") {
    await worker.terminate();
    const reason = started.kind === "failed" ? started.message : started.kind;
    throw new Error(`store: the embedded database did not start: ${reason}`);
  }
  let closing: Promise<void> | undefined;
  return {
    port: started.port,
    connectionString: `postgres://postgres@127.0.0.1:${started.port}/postgres`,
    close(): Promise<void> {
      closing ??= (async () => {
        const closed = next().catch(() => null);
        worker.postMessage("close");
        await closed;
        await worker.terminate();
      })();
      return closing;
    },
  };
}
