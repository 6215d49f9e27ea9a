import type { Queryable } from "../../store/database.js";
import { type ConsoleMessageKind, type RevivedMessage, reviveModel } from "./revive-model.js";

/**
 * Reads what was posted to one console channel, by polling console_messages:
 * it works across processes (the `start` process's deliver worker posts, the
 * `chat` process reads) on either kind of database, with no LISTEN/NOTIFY,
 * which the embedded database does not carry across connections.
 */
export type ConsoleInboxMessage = RevivedMessage & { id: string; createdAt: Date };

export interface ConsoleInbox {
  /** Messages not returned before, oldest first; [] when there is nothing new. */
  next(): Promise<ConsoleInboxMessage[]>;
}

export interface ConsoleInboxOptions {
  db: Queryable;
  channel: string;
  /**
   * Where to start: a Date returns messages created from then on; "now" skips
   * everything already there (the first `next()` only takes note and returns
   * []); absent, the whole history.
   */
  since?: Date | "now";
}

/**
 * Ids come from a sequence, but a row with a lower id can commit after one
 * with a higher id (two posters at once). So each poll looks back this many
 * ids below the highest seen, and a set of recent ids keeps what was already
 * returned from coming back.
 */
const LOOK_BACK_IDS = 50;
const REMEMBERED_IDS = 500;

interface Row {
  id: string;
  kind: ConsoleMessageKind;
  body: unknown;
  created_at: Date;
}

export function createConsoleInbox(options: ConsoleInboxOptions): ConsoleInbox {
  const { db, channel } = options;
  let highest: bigint | null = null;
  const seen = new Set<string>();
  const since = options.since instanceof Date ? options.since : null;

  const remember = (id: string): void => {
    seen.add(id);
    const value = BigInt(id);
    if (highest === null || value > highest) highest = value;
    // A Set keeps insertion order: drop the oldest entries.
    for (const old of seen) {
      if (seen.size <= REMEMBERED_IDS) break;
      seen.delete(old);
    }
  };

  const startFromNow = async (): Promise<void> => {
    const { rows } = await db.query<{ id: string | null }>(
      "SELECT max(id)::text AS id FROM console_messages WHERE channel_id = $1",
      [channel],
    );
    highest = BigInt(rows[0]?.id ?? 0);
    // Rows just below the mark may still commit: those, too, are history.
    const recent = await db.query<{ id: string }>(
      "SELECT id::text AS id FROM console_messages WHERE channel_id = $1 AND id > $2",
      [channel, String(highest - BigInt(LOOK_BACK_IDS))],
    );
    for (const row of recent.rows) seen.add(row.id);
  };

  let pendingStart = options.since === "now";

  return {
    async next() {
      if (pendingStart) {
        pendingStart = false;
        await startFromNow();
        return [];
      }
      const from = highest === null ? "0" : String(highest - BigInt(LOOK_BACK_IDS));
      // ORDER BY names the table's column: the bare `id` would be the text alias ("10" < "9").
      const { rows } = await db.query<Row>(
        `SELECT id::text AS id, kind, body, created_at FROM console_messages
         WHERE channel_id = $1 AND id > $2 AND ($3::timestamptz IS NULL OR created_at >= $3)
         ORDER BY console_messages.id`,
        [channel, from, since],
      );
      const fresh: ConsoleInboxMessage[] = [];
      for (const row of rows) {
        if (seen.has(row.id)) continue;
        remember(row.id);
        fresh.push({ ...reviveModel(row.kind, row.body), id: row.id, createdAt: row.created_at });
      }
      return fresh;
    },
  };
}
