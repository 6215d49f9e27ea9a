/**
 * pglite-socket 0.2.17 multiplexes many client connections onto PGlite's one
 * session by queueing protocol messages, one message at a time. Three faults
 * follow, the first two seen under concurrent load here:
 *
 * - The extended query protocol is a batch: Parse, Bind, Describe, Execute
 *   (and Close, Flush) up to Sync share the session's unnamed statement and
 *   portal (PostgreSQL docs, "Extended Query", protocol-flow §55.2.3). The
 *   queue only keeps a connection exclusive while a transaction is open, so
 *   another connection's Parse can land between our Bind and Execute: the
 *   client gets `portal "" does not exist` or another query's rows.
 * - When PGlite throws while running a message, the queue returns with its
 *   `processing` flag still set, and no message is ever processed again.
 * - Each message is a separate trip into PGlite and a separate write to the
 *   socket: five of each for every parameterized query, where PostgreSQL
 *   answers a batch once, at its Sync or Flush.
 *
 * This replaces the queue's scheduling step on the running server. A
 * connection's Parse, Bind, Describe, Execute and Close are held (the client
 * expects no answer to them before Sync or Flush) and run with the message
 * that ends the batch, in one call into PGlite, answered in one write: no
 * other connection's message can land inside the batch. After a Flush the
 * connection keeps the session until its Sync (as it does for a
 * transaction). A failure rejects that one message and the queue carries on.
 */

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

interface SessionDb {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(
    message: Uint8Array,
    options: { onRawData: (data: Uint8Array) => void },
  ): Promise<unknown>;
  exec(sql: string): Promise<unknown>;
}

/** The fields of pglite-socket's QueryQueueManager this patch relies on (checked at run time). */
interface QueueManager {
  queue: QueuedMessage[];
  processing: boolean;
  db: SessionDb;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

// Frontend message types (PostgreSQL protocol §55.7).
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const FLUSH = 0x48; // 'H'
/** PGlite answers Terminate itself, outside its main loop: it must come alone. */
const TERMINATE = 0x58; // 'X'
/** Messages of an extended-protocol batch, held until the message that ends it. */
const HELD = new Set([0x50, 0x42, 0x44, 0x45, 0x43]); // P B D E C

export function serializeProtocolBatches(server: object): void {
  const manager = (server as { queryQueue?: QueueManager }).queryQueue;
  if (!manager || !Array.isArray(manager.queue) || typeof manager.processQueue !== "function") {
    throw new Error(
      "store: pglite-socket's query queue is not where this version expects it; check serialize-protocol-batches.ts",
    );
  }
  /** The connection between a Flush and its Sync: it keeps the session (its portal lives there). */
  let batchOwner: number | null = null;
  /** Each connection's batch so far, not yet run. */
  const held = new Map<number, Uint8Array[]>();

  manager.processQueue = async function processQueue(this: QueueManager): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = batchOwner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        let item: QueuedMessage | undefined;
        if (owner !== null) {
          const index = this.queue.findIndex((q) => q.handlerId === owner);
          if (index === -1) break; // wait for the owner's next message
          item = this.queue.splice(index, 1)[0];
        } else {
          item = this.queue.shift();
        }
        if (!item) break;
        const current = item;
        const type = current.message[0] ?? 0;
        const batch = held.get(current.handlerId);
        if (HELD.has(type)) {
          if (batch) batch.push(current.message);
          else held.set(current.handlerId, [current.message]);
          current.resolve(0);
          continue;
        }
        held.delete(current.handlerId);
        const input =
          batch && type !== TERMINATE
            ? Buffer.concat([...batch, current.message])
            : current.message;
        const reply: Uint8Array[] = [];
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(input, {
              // PGlite reuses its buffer: keep a copy.
              onRawData: (data) => reply.push(Uint8Array.prototype.slice.call(data)),
            }),
          );
        } catch (error) {
          if (batchOwner === current.handlerId) batchOwner = null;
          current.reject(error);
          continue;
        }
        this.lastHandlerId = current.handlerId;
        if (type === FLUSH) batchOwner = current.handlerId;
        else if (type === SYNC || type === QUERY) batchOwner = null;
        const answer = reply.length === 1 ? (reply[0] as Uint8Array) : Buffer.concat(reply);
        if (answer.length > 0) current.onData(answer);
        current.resolve(answer.length);
      }
    } finally {
      this.processing = false;
    }
  };

  const clearTransaction = manager.clearTransactionIfNeeded.bind(manager);
  manager.clearTransactionIfNeeded = async (handlerId: number): Promise<void> => {
    // A connection that left mid-batch must not hold the session for ever.
    if (batchOwner === handlerId) batchOwner = null;
    held.delete(handlerId);
    await clearTransaction(handlerId);
    await manager.processQueue();
  };
}
