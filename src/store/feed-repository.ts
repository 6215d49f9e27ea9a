import type { Queryable } from "./database.js";

export type FeedStatus = "ok" | "failing" | "disabled";

/** A feed's row: its address, poll state and health. */
export interface FeedState {
  id: string;
  url: string;
  title: string | null;
  siteUrl: string | null;
  status: FeedStatus;
  starter: boolean;
  attributes: Record<string, string>;
  etag: string | null;
  lastModified: string | null;
  intervalMs: number | null;
  hints: Record<string, number | null>;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  nextPollAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
  disabledReason: string | null;
  firstPolledAt: Date | null;
  createdAt: Date;
  /** Publication times of the feed's latest items, newest first (its publishing rhythm). */
  recentItemTimes: Date[];
}

/** A feed with how many stored articles came through it. */
export interface FeedRecord extends FeedState {
  articles: number;
}

/** How many recent item times a feed keeps (PollHistory.newItemTimes: "a few dozen are plenty"). */
export const RECENT_ITEM_TIMES = 30;

const STATE_COLUMNS = `f.id::text, f.url, f.title, f.site_url, f.status, f.starter, f.attributes, f.etag, f.last_modified,
  f.interval_ms, f.hints, f.last_polled_at, f.last_success_at, f.next_poll_at, f.consecutive_failures,
  f.last_error, f.disabled_reason, f.first_polled_at, f.created_at, f.recent_item_times`;
const COLUMNS = `${STATE_COLUMNS},
  (SELECT count(*)::int FROM article_sources s WHERE s.feed_id = f.id) AS articles`;

type Row = Record<string, unknown>;

function toFeed(row: Row): FeedRecord {
  return { ...toFeedState(row), articles: (row.articles as number) ?? 0 };
}

function toFeedState(row: Row): FeedState {
  return {
    id: row.id as string,
    url: row.url as string,
    title: (row.title as string | null) ?? null,
    siteUrl: (row.site_url as string | null) ?? null,
    status: row.status as FeedStatus,
    starter: row.starter as boolean,
    attributes: (row.attributes as Record<string, string>) ?? {},
    etag: (row.etag as string | null) ?? null,
    lastModified: (row.last_modified as string | null) ?? null,
    intervalMs: (row.interval_ms as number | null) ?? null,
    hints: (row.hints as Record<string, number | null>) ?? {},
    lastPolledAt: (row.last_polled_at as Date | null) ?? null,
    lastSuccessAt: (row.last_success_at as Date | null) ?? null,
    nextPollAt: (row.next_poll_at as Date | null) ?? null,
    consecutiveFailures: row.consecutive_failures as number,
    lastError: (row.last_error as string | null) ?? null,
    disabledReason: (row.disabled_reason as string | null) ?? null,
    firstPolledAt: (row.first_polled_at as Date | null) ?? null,
    createdAt: row.created_at as Date,
    recentItemTimes: (row.recent_item_times as Date[] | null) ?? [],
  };
}

export interface NewFeed {
  url: string;
  title?: string | null;
  siteUrl?: string | null;
  starter?: boolean;
  attributes?: Record<string, string>;
  /** The channel that added it (told when the feed is disabled). */
  channel?: string | null;
}

export interface PollSuccess {
  at: Date;
  /** Set after a permanent redirect: the stored URL changes. */
  url?: string;
  title?: string | null;
  siteUrl?: string | null;
  etag: string | null;
  lastModified: string | null;
  hints: Record<string, number | null>;
  intervalMs: number;
  nextPollAt: Date;
  /** The feed's publishing rhythm after this poll, newest first (kept to RECENT_ITEM_TIMES); unchanged when absent. */
  recentItemTimes?: Date[];
}

export interface PollFailure {
  at: Date;
  error: string;
  intervalMs: number;
  nextPollAt: Date;
  disable: boolean;
}

/** Feeds and their poll state and health (one row per feed URL). */
export function createFeedRepository(db: Queryable) {
  const one = async (sql: string, params: unknown[]): Promise<FeedRecord | null> => {
    const { rows } = await db.query<Row>(sql, params);
    return rows[0] ? toFeed(rows[0]) : null;
  };
  return {
    /** Adds a feed once; adding a known URL again returns the existing one. */
    async add(feed: NewFeed): Promise<{ feed: FeedRecord; created: boolean }> {
      const inserted = await db.query<{ id: string }>(
        `INSERT INTO feeds (url, title, site_url, starter, attributes) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (url) DO NOTHING RETURNING id::text`,
        [
          feed.url,
          feed.title ?? null,
          feed.siteUrl ?? null,
          feed.starter ?? false,
          JSON.stringify(feed.attributes ?? {}),
        ],
      );
      const record = await one(`SELECT ${COLUMNS} FROM feeds f WHERE f.url = $1`, [feed.url]);
      if (!record) throw new Error(`store: feed ${feed.url} vanished while being added`);
      if (feed.channel) {
        await db.query(
          "INSERT INTO channels (id, platform) VALUES ($1, split_part($1, ':', 1)) ON CONFLICT DO NOTHING",
          [feed.channel],
        );
        await db.query(
          "INSERT INTO channel_feeds (channel_id, feed_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
          [feed.channel, record.id],
        );
      }
      return { feed: record, created: inserted.rowCount === 1 };
    },
    get: (id: string) => one(`SELECT ${COLUMNS} FROM feeds f WHERE f.id = $1`, [id]),
    /** What a poll needs: the feed's row without counting its articles. */
    async state(id: string): Promise<FeedState | null> {
      const { rows } = await db.query<Row>(`SELECT ${STATE_COLUMNS} FROM feeds f WHERE f.id = $1`, [
        id,
      ]);
      return rows[0] ? toFeedState(rows[0]) : null;
    },
    /** By id, or by URL as stored. */
    find: (idOrUrl: string) =>
      /^\d+$/.test(idOrUrl)
        ? one(`SELECT ${COLUMNS} FROM feeds f WHERE f.id = $1`, [idOrUrl])
        : one(`SELECT ${COLUMNS} FROM feeds f WHERE f.url = $1`, [idOrUrl]),
    async list(): Promise<FeedRecord[]> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM feeds f ORDER BY f.id`);
      return rows.map(toFeed);
    },
    async count(): Promise<number> {
      const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM feeds");
      return rows[0]?.n ?? 0;
    },
    async remove(id: string): Promise<boolean> {
      return (await db.query("DELETE FROM feeds WHERE id = $1", [id])).rowCount === 1;
    },
    async enabledIds(): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        "SELECT id::text FROM feeds WHERE status <> 'disabled' ORDER BY id",
      );
      return rows.map((r) => r.id);
    },
    async recordSuccess(id: string, s: PollSuccess): Promise<void> {
      await db.query(
        `UPDATE feeds SET url = coalesce($2, url), title = coalesce($3, title), site_url = coalesce($4, site_url),
           etag = $5, last_modified = $6, hints = $7, interval_ms = $8, next_poll_at = $9,
           last_polled_at = $10, last_success_at = $10, first_polled_at = coalesce(first_polled_at, $10),
           consecutive_failures = 0, last_error = NULL, status = 'ok',
           recent_item_times = coalesce($11, recent_item_times)
         WHERE id = $1`,
        [
          id,
          s.url ?? null,
          s.title || null,
          s.siteUrl ?? null,
          s.etag,
          s.lastModified,
          JSON.stringify(s.hints),
          s.intervalMs,
          s.nextPollAt,
          s.at,
          s.recentItemTimes?.slice(0, RECENT_ITEM_TIMES) ?? null,
        ],
      );
    },
    /** Records a failed poll; returns the channels to tell, once, when this failure disabled the feed. */
    async recordFailure(
      id: string,
      f: PollFailure,
    ): Promise<{ disabled: boolean; channels: string[] }> {
      const { rows } = await db.query<{ was: string; status: string }>(
        `UPDATE feeds n SET consecutive_failures = n.consecutive_failures + 1, last_error = $2, last_polled_at = $3,
           interval_ms = $4, next_poll_at = $5,
           status = CASE WHEN $6 THEN 'disabled' ELSE 'failing' END,
           disabled_reason = CASE WHEN $6 THEN $2 ELSE n.disabled_reason END
         FROM feeds o WHERE n.id = o.id AND n.id = $1 RETURNING o.status AS was, n.status`,
        [id, f.error, f.at, f.intervalMs, f.nextPollAt, f.disable],
      );
      const justDisabled = rows[0]?.status === "disabled" && rows[0]?.was !== "disabled";
      if (!justDisabled) return { disabled: false, channels: [] };
      const notified = await db.query<{ channel_id: string }>(
        `UPDATE channel_feeds SET notified_disabled_at = $2 WHERE feed_id = $1 AND notified_disabled_at IS NULL RETURNING channel_id`,
        [id, f.at],
      );
      return { disabled: true, channels: notified.rows.map((r) => r.channel_id) };
    },
    /** Re-enables a disabled feed (a person asked for it again). */
    async enable(id: string): Promise<void> {
      await db.query(
        "UPDATE feeds SET status = 'ok', disabled_reason = NULL, consecutive_failures = 0 WHERE id = $1",
        [id],
      );
      await db.query("UPDATE channel_feeds SET notified_disabled_at = NULL WHERE feed_id = $1", [
        id,
      ]);
    },
  };
}

export type FeedRepository = ReturnType<typeof createFeedRepository>;
