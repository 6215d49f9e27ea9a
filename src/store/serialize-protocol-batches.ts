/**
 * pglite-socket 0.2.17 multiplexes many client connections onto PGlite's one
 * session by queueing protocol messages, one message at a time. Two faults
 * follow, both seen under concurrent load here:
 *
 * - The extended query protocol is a batch: Parse, Bind, Describe, Execute
 *   (and Close, Flush) up to Sync share the session's unnamed statement and
 *   portal (PostgreSQL docs, "Extended Query", protocol-flow §55.2.3). The
 *   queue only keeps a connection exclusive while a transaction is open, so
 *   another connection's Parse can land between our Bind and Execute: the
 *   client gets `portal "" does not exist` or another query's rows.
 * - When PGlite throws while running a message, the queue returns with its
 *   `processing` flag still set, and no message is ever processed again.
 *
 * This replaces the queue's scheduling step on the running server: a
 * connection keeps the session from its first extended-protocol message to
 * its Sync (as it already did for transactions), and a failure rejects that
 * one message and carries on.
 *
 * It also answers a batch in one write, as PostgreSQL does: the server keeps
 * the replies to Parse, Bind, Describe, Execute and Close until Sync or Flush
 * (protocol-flow §55.2.3), where pglite-socket wrote each reply to the socket
 * as it came, four or five small writes and reads per query on each side.
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
/** Messages of an extended-protocol batch whose replies wait for its Sync or Flush. */
const HELD = new Set([0x50, 0x42, 0x44, 0x45, 0x43]); // P B D E C

export function serializeProtocolBatches(server: object): void {
  const manager = (server as { queryQueue?: QueueManager }).queryQueue;
  if (!manager || !Array.isArray(manager.queue) || typeof manager.processQueue !== "function") {
    throw new Error(
      "store: pglite-socket's query queue is not where this version expects it; check serialize-protocol-batches.ts",
    );
  }
  /** The connection in the middle of an extended-protocol batch (until its Sync). */
  let batchOwner: number | null = null;
  /** Replies held back until the end of each connection's batch. */
  const held = new Map<number, Uint8Array[]>();
  const release = (item: QueuedMessage, reply: Uint8Array[]): void => {
    const earlier = held.get(item.handlerId);
    held.delete(item.handlerId);
    const chunks = earlier ? [...earlier, ...reply] : reply;
    if (chunks.length === 1) item.onData(chunks[0] as Uint8Array);
    else if (chunks.length > 1) item.onData(Buffer.concat(chunks));
  };

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
        let bytes = 0;
        const reply: Uint8Array[] = [];
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                // PGlite reuses its buffer: keep a copy.
                reply.push(Uint8Array.prototype.slice.call(data));
              },
            }),
          );
        } catch (error) {
          if (batchOwner === current.handlerId) batchOwner = null;
          held.delete(current.handlerId);
          current.reject(error);
          continue;
        }
        this.lastHandlerId = current.handlerId;
        if (HELD.has(type)) {
          batchOwner = current.handlerId;
          const earlier = held.get(current.handlerId);
          if (earlier) earlier.push(...reply);
          else held.set(current.handlerId, reply);
        } else {
          if (type === FLUSH) batchOwner = current.handlerId;
          else if (type === SYNC || type === QUERY) batchOwner = null;
          release(current, reply);
        }
        current.resolve(bytes);
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
