import type { Article } from "../core/article.js";
import type { Database, Queryable } from "./database.js";

export interface StoredArticle extends Article {
  id: string;
  firstSeenAt: Date;
  /** Titles (or URLs) of the feeds that carried it, first one first. */
  sources: string[];
}

export interface InsertResult {
  /** Articles the world had not seen before (new rows). */
  newIds: string[];
  /** Items this feed had already given us (same guid). */
  known: number;
  /** Items new to this feed whose story another feed had already brought (same canonical URL). */
  sameStory: number;
  /** Guids of the items new to this feed. */
  freshGuids: string[];
}

type Row = Record<string, unknown>;

const SELECT = `SELECT a.id::text, a.canonical_url, a.url, a.title, a.summary, a.content, a.author, a.categories,
  a.published_at, a.published_at_from_feed, a.first_seen_at,
  ARRAY(SELECT coalesce(f.title, f.url) FROM article_sources s JOIN feeds f ON f.id = s.feed_id
        WHERE s.article_id = a.id ORDER BY s.first_seen_at, f.id) AS sources,
  (SELECT s.guid FROM article_sources s WHERE s.article_id = a.id ORDER BY s.first_seen_at LIMIT 1) AS guid
  FROM articles a`;

function toArticle(row: Row): StoredArticle {
  return {
    id: row.id as string,
    guid: (row.guid as string | null) ?? (row.id as string),
    url: (row.url as string | null) ?? null,
    canonicalUrl: (row.canonical_url as string | null) ?? null,
    title: row.title as string,
    summary: row.summary as string,
    content: row.content as string,
    author: (row.author as string | null) ?? null,
    categories: (row.categories as string[]) ?? [],
    publishedAt: row.published_at as Date,
    publishedAtFromFeed: row.published_at_from_feed as boolean,
    firstSeenAt: row.first_seen_at as Date,
    sources: (row.sources as string[]) ?? [],
  };
}

async function insertBatch(
  tx: Queryable,
  feedId: string,
  articles: Article[],
  now: Date,
): Promise<InsertResult> {
  const guids = articles.map((a) => a.guid);
  const seen = await tx.query<{ guid: string }>(
    "SELECT guid FROM article_sources WHERE feed_id = $1 AND guid = ANY($2::text[])",
    [feedId, guids],
  );
  const known = new Set(seen.rows.map((r) => r.guid));
  const fresh: Article[] = [];
  const freshGuids = new Set<string>();
  for (const a of articles) {
    if (known.has(a.guid) || freshGuids.has(a.guid)) continue;
    freshGuids.add(a.guid);
    fresh.push(a);
  }
  if (fresh.length === 0)
    return { newIds: [], known: articles.length, sameStory: 0, freshGuids: [] };
  const newIds: string[] = [];
  const idOf = new Map<Article, string>();
  // Items with a canonical URL go in one statement; the unique index folds the
  // same story from another feed (or twice in this one) into the existing row.
  const linked = fresh.filter((a) => a.canonicalUrl);
  if (linked.length > 0) {
    const cols = (pick: (a: Article) => unknown) => linked.map(pick);
    const inserted = await tx.query<{ id: string; canonical_url: string }>(
      `INSERT INTO articles (canonical_url, url, title, summary, content, author, published_at, published_at_from_feed, first_seen_at, categories)
       SELECT t.cu, t.u, t.ti, t.su, t.co, t.au, t.pa, t.pf, $9, string_to_array(t.ca, chr(31))
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::boolean[], $10::text[])
         AS t(cu, u, ti, su, co, au, pa, pf, ca)
       ON CONFLICT (canonical_url) WHERE canonical_url IS NOT NULL DO NOTHING
       RETURNING id::text, canonical_url`,
      [
        cols((a) => a.canonicalUrl),
        cols((a) => a.url),
        cols((a) => a.title),
        cols((a) => a.summary),
        cols((a) => a.content),
        cols((a) => a.author),
        cols((a) => a.publishedAt),
        cols((a) => a.publishedAtFromFeed),
        now,
        cols((a) => a.categories.join("\u001f")),
      ],
    );
    newIds.push(...inserted.rows.map((r) => r.id));
    const all = await tx.query<{ id: string; canonical_url: string }>(
      "SELECT id::text, canonical_url FROM articles WHERE canonical_url = ANY($1::text[])",
      [linked.map((a) => a.canonicalUrl)],
    );
    const byUrl = new Map(all.rows.map((r) => [r.canonical_url, r.id]));
    for (const a of linked) {
      const id = byUrl.get(a.canonicalUrl as string);
      if (id) idOf.set(a, id);
    }
  }
  // Items without a link cannot be matched across feeds: one row each.
  for (const a of fresh.filter((x) => !x.canonicalUrl)) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO articles (url, title, summary, content, author, categories, published_at, published_at_from_feed, first_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text`,
      [
        a.url,
        a.title,
        a.summary,
        a.content,
        a.author,
        a.categories,
        a.publishedAt,
        a.publishedAtFromFeed,
        now,
      ],
    );
    const id = rows[0]?.id as string;
    newIds.push(id);
    idOf.set(a, id);
  }
  const sourced = fresh.filter((a) => idOf.has(a));
  await tx.query(
    `INSERT INTO article_sources (feed_id, guid, article_id, url, first_seen_at)
     SELECT $1, t.g, t.a, t.u, $5 FROM unnest($2::text[], $3::bigint[], $4::text[]) AS t(g, a, u)
     ON CONFLICT DO NOTHING`,
    [
      feedId,
      sourced.map((a) => a.guid),
      sourced.map((a) => idOf.get(a)),
      sourced.map((a) => a.url),
      now,
    ],
  );
  return {
    newIds,
    known: articles.length - fresh.length,
    sameStory: fresh.length - newIds.length,
    freshGuids: fresh.map((a) => a.guid),
  };
}

/** Articles, stored once: per feed by guid, across feeds by canonical URL. */
export function createArticleRepository(db: Database) {
  return {
    /** Stores what is new; one transaction, a handful of statements whatever the item count. */
    insert(feedId: string, articles: Article[], now: Date): Promise<InsertResult> {
      if (articles.length === 0)
        return Promise.resolve({ newIds: [], known: 0, sameStory: 0, freshGuids: [] });
      return db.transaction((tx) => insertBatch(tx, feedId, articles, now));
    },
    async getMany(ids: string[]): Promise<StoredArticle[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.query<Row>(
        `${SELECT} WHERE a.id = ANY($1::bigint[]) ORDER BY a.id`,
        [ids],
      );
      return rows.map(toArticle);
    },
    /** When this feed's latest items were published (its publishing rhythm, for the poll interval). */
    async recentPublicationTimes(feedId: string, limit: number): Promise<Date[]> {
      const { rows } = await db.query<{ published_at: Date }>(
        `SELECT a.published_at FROM article_sources s JOIN articles a ON a.id = s.article_id
         WHERE s.feed_id = $1 ORDER BY s.first_seen_at DESC, a.published_at DESC LIMIT $2`,
        [feedId, limit],
      );
      return rows.map((r) => r.published_at);
    },
    /** First seen at or after `since`, newest first. */
    async seenSince(since: Date, limit = 10_000): Promise<StoredArticle[]> {
      const { rows } = await db.query<Row>(
        `${SELECT} WHERE a.first_seen_at >= $1 ORDER BY a.first_seen_at DESC, a.id DESC LIMIT $2`,
        [since, limit],
      );
      return rows.map(toArticle);
    },
    /** Full-text search (PostgreSQL's websearch syntax) over titles and summaries; all recent ones without a query. */
    async search(options: {
      query?: string;
      since: Date;
      limit: number;
    }): Promise<StoredArticle[]> {
      const params: unknown[] = [options.since, options.limit];
      let where = "a.published_at >= $1";
      if (options.query?.trim()) {
        params.push(options.query);
        where +=
          " AND (setweight(to_tsvector('english', a.title), 'A') || setweight(to_tsvector('english', a.summary), 'B')) @@ websearch_to_tsquery('english', $3)";
      }
      const { rows } = await db.query<Row>(
        `${SELECT} WHERE ${where} ORDER BY a.published_at DESC, a.id DESC LIMIT $2`,
        params,
      );
      return rows.map(toArticle);
    },
  };
}

export type ArticleRepository = ReturnType<typeof createArticleRepository>;
