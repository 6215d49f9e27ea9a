import type { Database, Queryable } from "./database.js";

export type Every = "realtime" | "hourly" | "daily" | "weekly";

export interface SubscriptionRecord {
  id: string;
  channel: string;
  /** Exactly what the person typed. */
  topic: string;
  every: Every;
  at: string | null;
  day: string | null;
  timezone: string;
  paused: boolean;
  pauseReason: string | null;
  createdBy: string | null;
  createdAt: Date;
  lastDigestAt: Date | null;
}

export interface NewSubscription {
  channel: string;
  topic: string;
  every: Every;
  at: string | null;
  day: string | null;
  timezone: string;
  createdBy: string | null;
}

type Row = Record<string, unknown>;
const COLUMNS = `id::text, channel_id, topic, every, at, day, timezone, paused, pause_reason, created_by, created_at, last_digest_at`;

function toSubscription(row: Row): SubscriptionRecord {
  return {
    id: row.id as string,
    channel: row.channel_id as string,
    topic: row.topic as string,
    every: row.every as Every,
    at: (row.at as string | null) ?? null,
    day: (row.day as string | null) ?? null,
    timezone: row.timezone as string,
    paused: row.paused as boolean,
    pauseReason: (row.pause_reason as string | null) ?? null,
    createdBy: (row.created_by as string | null) ?? null,
    createdAt: row.created_at as Date,
    lastDigestAt: (row.last_digest_at as Date | null) ?? null,
  };
}

async function bump(tx: Queryable): Promise<void> {
  await tx.query("UPDATE versions SET value = value + 1 WHERE name = 'subscriptions'");
}

/** Subscriptions (and the channels they belong to). Every change bumps the `subscriptions` version in its transaction. */
export function createSubscriptionRepository(db: Database) {
  const one = async (q: Queryable, sql: string, params: unknown[]) => {
    const { rows } = await q.query<Row>(sql, params);
    return rows[0] ? toSubscription(rows[0]) : null;
  };
  return {
    create(s: NewSubscription): Promise<SubscriptionRecord> {
      return db.transaction(async (tx) => {
        await tx.query(
          "INSERT INTO channels (id, platform) VALUES ($1, split_part($1, ':', 1)) ON CONFLICT DO NOTHING",
          [s.channel],
        );
        const created = await one(
          tx,
          `INSERT INTO subscriptions (channel_id, topic, every, at, day, timezone, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
          [s.channel, s.topic, s.every, s.at, s.day, s.timezone, s.createdBy],
        );
        await bump(tx);
        return created as SubscriptionRecord;
      });
    },
    get: (id: string) =>
      /^\d+$/.test(id)
        ? one(db, `SELECT ${COLUMNS} FROM subscriptions WHERE id = $1`, [id])
        : Promise.resolve(null),
    async listByChannel(channel: string): Promise<SubscriptionRecord[]> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM subscriptions WHERE channel_id = $1 ORDER BY id`,
        [channel],
      );
      return rows.map(toSubscription);
    },
    async listAll(): Promise<SubscriptionRecord[]> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM subscriptions ORDER BY id`);
      return rows.map(toSubscription);
    },
    remove(id: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        const { rowCount } = await tx.query("DELETE FROM subscriptions WHERE id = $1", [id]);
        if (rowCount > 0) await bump(tx);
        return rowCount > 0;
      });
    },
    setPaused(
      id: string,
      paused: boolean,
      reason: string | null,
    ): Promise<SubscriptionRecord | null> {
      return db.transaction(async (tx) => {
        const updated = await one(
          tx,
          `UPDATE subscriptions SET paused = $2, pause_reason = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
          [id, paused, paused ? reason : null],
        );
        await bump(tx);
        return updated;
      });
    },
    /** Pauses every subscription of channels whose id starts with `prefix` (a channel, or a whole guild `discord:G/`). */
    pauseChannel(prefix: string, reason: string): Promise<SubscriptionRecord[]> {
      return db.transaction(async (tx) => {
        const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}${prefix.endsWith("/") ? "%" : ""}`;
        const { rows } = await tx.query<Row>(
          `UPDATE subscriptions SET paused = true, pause_reason = $2 WHERE channel_id LIKE $1 AND NOT paused RETURNING ${COLUMNS}`,
          [pattern, reason],
        );
        await tx.query("UPDATE channels SET paused = true, pause_reason = $2 WHERE id LIKE $1", [
          pattern,
          reason,
        ]);
        await bump(tx);
        return rows.map(toSubscription);
      });
    },
    reschedule(
      id: string,
      s: Pick<NewSubscription, "every" | "at" | "day" | "timezone">,
    ): Promise<SubscriptionRecord | null> {
      return db.transaction(async (tx) => {
        const updated = await one(
          tx,
          `UPDATE subscriptions SET every = $2, at = $3, day = $4, timezone = $5 WHERE id = $1 RETURNING ${COLUMNS}`,
          [id, s.every, s.at, s.day, s.timezone],
        );
        await bump(tx);
        return updated;
      });
    },
    async markDigested(ids: string[], at: Date): Promise<void> {
      await db.query("UPDATE subscriptions SET last_digest_at = $2 WHERE id = ANY($1::bigint[])", [
        ids,
        at,
      ]);
    },
    async version(): Promise<string> {
      const { rows } = await db.query<{ value: string }>(
        "SELECT value::text FROM versions WHERE name = 'subscriptions'",
      );
      return rows[0]?.value ?? "0";
    },
  };
}

export type SubscriptionRepository = ReturnType<typeof createSubscriptionRepository>;
