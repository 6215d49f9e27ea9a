import type { Digest } from "../core/digest/digest-model.js";
import type { Database } from "./database.js";

export interface NewMatch {
  subscriptionId: string;
  articleId: string;
  score: number;
  reasons: string[];
}

/** An undelivered match with what a digest needs of its article. */
export interface PendingMatch {
  subscriptionId: string;
  score: number;
  reasons: string[];
  article: {
    id: string;
    title: string;
    url: string | null;
    canonicalUrl: string | null;
    source: string;
    publishedAt: Date;
    text: string;
    fingerprint: bigint | null;
  };
}

export interface StoredDigest {
  id: string;
  channel: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  digest: Digest;
}

/** Dates in the model travel as ISO strings in jsonb; they come back as Dates. */
function reviveDigest(model: Digest & { createdAt: string | Date }): Digest {
  return {
    ...model,
    createdAt: new Date(model.createdAt),
    topics: model.topics.map((t) => ({
      ...t,
      items: t.items.map((i) => ({ ...i, publishedAt: new Date(i.publishedAt) })),
    })),
  };
}

/** The matches outbox, digests (persisted before they are posted) and their deliveries. */
export function createDigestRepository(db: Database) {
  return {
    /** Writes each (subscription, article) match once; returns the subscriptions that got a new one. */
    async insertMatches(matches: NewMatch[]): Promise<string[]> {
      if (matches.length === 0) return [];
      const { rows } = await db.query<{ subscription_id: string }>(
        `INSERT INTO matches (subscription_id, article_id, score, reasons)
         SELECT t.s, t.a, t.sc, t.r::jsonb FROM unnest($1::bigint[], $2::bigint[], $3::real[], $4::text[]) AS t(s, a, sc, r)
         WHERE EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = t.s)
         ON CONFLICT DO NOTHING RETURNING subscription_id::text`,
        [
          matches.map((m) => m.subscriptionId),
          matches.map((m) => m.articleId),
          matches.map((m) => m.score),
          matches.map((m) => JSON.stringify(m.reasons)),
        ],
      );
      return [...new Set(rows.map((r) => r.subscription_id))];
    },
    /** Matches not yet taken by a digest, for these subscriptions. */
    async pendingMatches(subscriptionIds: string[]): Promise<PendingMatch[]> {
      if (subscriptionIds.length === 0) return [];
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT m.subscription_id::text, m.score, m.reasons, a.id::text AS article_id, a.title, a.url, a.canonical_url,
           a.published_at, CASE WHEN length(a.content) > length(a.summary) THEN a.content ELSE a.summary END AS text,
           a.fingerprint::text AS fingerprint,
           (SELECT coalesce(f.title, f.url) FROM article_sources s JOIN feeds f ON f.id = s.feed_id
             WHERE s.article_id = a.id ORDER BY s.first_seen_at, f.id LIMIT 1) AS source
         FROM matches m JOIN articles a ON a.id = m.article_id
         WHERE m.subscription_id = ANY($1::bigint[]) AND m.digest_id IS NULL AND m.delivered_at IS NULL
         ORDER BY m.matched_at`,
        [subscriptionIds],
      );
      return rows.map((r) => ({
        subscriptionId: r.subscription_id as string,
        score: Number(r.score),
        reasons: (r.reasons as string[]) ?? [],
        article: {
          id: r.article_id as string,
          title: r.title as string,
          url: (r.url as string | null) ?? null,
          canonicalUrl: (r.canonical_url as string | null) ?? null,
          source: (r.source as string | null) ?? "",
          publishedAt: r.published_at as Date,
          text: (r.text as string) ?? "",
          fingerprint: r.fingerprint ? BigInt(r.fingerprint as string) : null,
        },
      }));
    },
    /**
     * Persists a built digest (pending) and hands it the matches it covers, in
     * one transaction: a second digest can never take the same match. Null
     * when another digest took one of them first.
     */
    save(
      digest: Digest,
      matches: Array<{ subscriptionId: string; articleId: string }>,
    ): Promise<Digest | null> {
      return db.transaction(async (tx) => {
        // One digest at a time per channel; if another took any of these
        // matches meanwhile, this one is stale: the caller rebuilds it.
        await tx.query("SELECT pg_advisory_xact_lock(hashtext('digest:' || $1))", [digest.channel]);
        const subs = matches.map((m) => m.subscriptionId);
        const arts = matches.map((m) => m.articleId);
        const free = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM matches m JOIN unnest($1::bigint[], $2::bigint[]) AS t(s, a)
             ON m.subscription_id = t.s AND m.article_id = t.a WHERE m.digest_id IS NULL AND m.delivered_at IS NULL`,
          [subs, arts],
        );
        if ((free.rows[0]?.n ?? 0) < matches.length) return null;
        const { rows } = await tx.query<{ id: string }>(
          "INSERT INTO digests (channel_id, every, model) VALUES ($1, $2, '{}') RETURNING id::text",
          [digest.channel, digest.every],
        );
        const id = rows[0]?.id as string;
        const saved: Digest = { ...digest, digestId: id };
        await tx.query("UPDATE digests SET model = $2 WHERE id = $1", [id, JSON.stringify(saved)]);
        await tx.query(
          `UPDATE matches m SET digest_id = $1 FROM unnest($2::bigint[], $3::bigint[]) AS t(s, a)
           WHERE m.subscription_id = t.s AND m.article_id = t.a AND m.digest_id IS NULL`,
          [id, subs, arts],
        );
        return saved;
      });
    },
    async get(id: string): Promise<StoredDigest | null> {
      const { rows } = await db.query<Record<string, unknown>>(
        "SELECT id::text, channel_id, status, attempts, model FROM digests WHERE id = $1",
        [id],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        id: row.id as string,
        channel: row.channel_id as string,
        status: row.status as StoredDigest["status"],
        attempts: row.attempts as number,
        digest: reviveDigest(row.model as Digest & { createdAt: string }),
      };
    },
    /** The platform accepted it: the digest and its matches are delivered. */
    markDelivered(id: string, messageIds: string[], at: Date): Promise<void> {
      return db.transaction(async (tx) => {
        await tx.query(
          "UPDATE digests SET status = 'delivered', delivered_at = $2, last_error = NULL WHERE id = $1",
          [id, at],
        );
        await tx.query(
          "UPDATE matches SET delivered_at = $2 WHERE digest_id = $1 AND delivered_at IS NULL",
          [id, at],
        );
        await tx.query(
          `INSERT INTO deliveries (digest_id, part, platform_message_id, posted_at)
           SELECT $1, t.ord::int, t.mid, $3 FROM unnest($2::text[]) WITH ORDINALITY AS t(mid, ord) ON CONFLICT DO NOTHING`,
          [id, messageIds, at],
        );
      });
    },
    /** The channel's digests persisted but not yet delivered nor given up on, oldest first. */
    async pendingIds(channel: string): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        "SELECT id::text FROM digests WHERE channel_id = $1 AND status = 'pending' ORDER BY id",
        [channel],
      );
      return rows.map((r) => r.id);
    },
    async recordAttempt(id: string, error: string | null): Promise<void> {
      await db.query("UPDATE digests SET attempts = attempts + 1, last_error = $2 WHERE id = $1", [
        id,
        error,
      ]);
    },
    /** Never delivered (channel gone): its matches go back to the outbox for when the channel is resumed. */
    markFailed(id: string, error: string): Promise<void> {
      return db.transaction(async (tx) => {
        await tx.query("UPDATE digests SET status = 'failed', last_error = $2 WHERE id = $1", [
          id,
          error,
        ]);
        await tx.query(
          "UPDATE matches SET digest_id = NULL WHERE digest_id = $1 AND delivered_at IS NULL",
          [id],
        );
      });
    },
  };
}

export type DigestRepository = ReturnType<typeof createDigestRepository>;
