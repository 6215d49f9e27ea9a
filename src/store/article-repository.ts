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

/** What listing and matching an article need: its text, link, times and first source. */
export interface ArticleListing {
  id: string;
  title: string;
  url: string | null;
  summary: string;
  content: string;
  publishedAt: Date;
  firstSeenAt: Date;
  /** Title (or URL) of the first feed that carried it; "" when none is left. */
  source: string;
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

/**
 * One statement stores a poll's items: those this feed already gave (same
 * guid) are skipped, the rest become articles unless another feed (or an
 * earlier item of this batch) brought the same canonical URL, and each is
 * linked to its article as this feed's source. Ids are drawn up front so that
 * items without a link, which never fold, map back to their rows.
 */
const INSERT_ITEMS = `WITH input AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::timestamptz[], $11::boolean[]) WITH ORDINALITY
    AS t(guid, canonical_url, url, title, summary, content, author, categories, published_at, from_feed, ord)
), fresh AS MATERIALIZED (
  SELECT DISTINCT ON (i.guid) i.*, nextval('articles_id_seq') AS new_id
  FROM input i
  WHERE NOT EXISTS (SELECT 1 FROM article_sources s WHERE s.feed_id = $1 AND s.guid = i.guid)
  ORDER BY i.guid, i.ord
), inserted AS (
  INSERT INTO articles (id, canonical_url, url, title, summary, content, author, categories,
    published_at, published_at_from_feed, first_seen_at)
  SELECT new_id, canonical_url, url, title, summary, coalesce(content, summary), author,
    string_to_array(categories, chr(31)), published_at, from_feed, $12
  FROM fresh ORDER BY ord
  ON CONFLICT (canonical_url) WHERE canonical_url IS NOT NULL DO NOTHING
  RETURNING id, canonical_url
), resolved AS MATERIALIZED (
  SELECT f.guid, f.canonical_url, f.url, f.ord,
    coalesce(mine.id, folded.id,
      (SELECT a.id FROM articles a WHERE a.canonical_url = f.canonical_url)) AS article_id,
    mine.id IS NOT NULL AS created
  FROM fresh f
  LEFT JOIN inserted mine ON mine.id = f.new_id
  LEFT JOIN inserted folded ON folded.canonical_url = f.canonical_url
), sourced AS (
  INSERT INTO article_sources (feed_id, guid, article_id, url, first_seen_at)
  SELECT $1, guid, article_id, url, $12 FROM resolved WHERE article_id IS NOT NULL
  ON CONFLICT DO NOTHING
)
SELECT guid, canonical_url, article_id::text, created FROM resolved ORDER BY ord`;

/**
 * On a PostgreSQL server another session may commit the same canonical URL
 * after the statement above took its snapshot: the insert then finds the
 * conflict but the lookup cannot see the row. A second statement (a new
 * snapshot) links those items to the row that won.
 */
const LINK_LATE_ARRIVALS = `INSERT INTO article_sources (feed_id, guid, article_id, url, first_seen_at)
  SELECT $1, t.guid, a.id, t.url, $5
  FROM unnest($2::text[], $3::text[], $4::text[]) AS t(guid, canonical_url, url)
  JOIN articles a ON a.canonical_url = t.canonical_url
  ON CONFLICT DO NOTHING`;

async function insertBatch(
  db: Queryable,
  feedId: string,
  articles: Article[],
  now: Date,
): Promise<InsertResult> {
  const cols = <T>(pick: (a: Article) => T): T[] => articles.map(pick);
  const { rows } = await db.query<{
    guid: string;
    canonical_url: string | null;
    article_id: string | null;
    created: boolean;
  }>(INSERT_ITEMS, [
    feedId,
    cols((a) => a.guid),
    cols((a) => a.canonicalUrl),
    cols((a) => a.url),
    cols((a) => a.title),
    cols((a) => a.summary),
    // Most feeds carry no full content: it is the summary again, not sent twice.
    cols((a) => (a.content === a.summary ? null : a.content)),
    cols((a) => a.author),
    cols((a) => a.categories.join("\u001f")),
    cols((a) => a.publishedAt),
    cols((a) => a.publishedAtFromFeed),
    now,
  ]);
  const late = rows.filter((r) => r.article_id === null);
  if (late.length > 0) {
    const byGuid = new Map(articles.map((a) => [a.guid, a]));
    await db.query(LINK_LATE_ARRIVALS, [
      feedId,
      late.map((r) => r.guid),
      late.map((r) => r.canonical_url),
      late.map((r) => byGuid.get(r.guid)?.url ?? null),
      now,
    ]);
  }
  const newIds = rows.filter((r) => r.created).map((r) => r.article_id as string);
  return {
    newIds,
    known: articles.length - rows.length,
    sameStory: rows.length - newIds.length,
    freshGuids: rows.map((r) => r.guid),
  };
}

/** Articles, stored once: per feed by guid, across feeds by canonical URL. */
export function createArticleRepository(db: Database) {
  return {
    /** Stores what is new: one statement whatever the item count (two after a race with another writer). */
    insert(feedId: string, articles: Article[], now: Date): Promise<InsertResult> {
      if (articles.length === 0)
        return Promise.resolve({ newIds: [], known: 0, sameStory: 0, freshGuids: [] });
      return insertBatch(db, feedId, articles, now);
    },
    async getMany(ids: string[]): Promise<StoredArticle[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.query<Row>(
        `${SELECT} WHERE a.id = ANY($1::bigint[]) ORDER BY a.id`,
        [ids],
      );
      return rows.map(toArticle);
    },
    /**
     * First seen at or after `since`, newest first: only what a preview reads
     * (a week of 40 feeds is 7,000 rows), and the content only when it is not
     * the summary again (a feed without full text: half of the bytes). The
     * first sources come from a second statement over those ids: on the
     * embedded database that costs a tenth of joining them in, and a subquery
     * per row twice that.
     */
    async seenSince(since: Date, limit = 10_000): Promise<ArticleListing[]> {
      const { rows } = await db.query<Row>(
        `SELECT a.id::text, a.title, a.url, a.summary,
           CASE WHEN a.content = a.summary THEN NULL ELSE a.content END AS content,
           a.published_at, a.first_seen_at
         FROM articles a WHERE a.first_seen_at >= $1
         ORDER BY a.first_seen_at DESC, a.id DESC LIMIT $2`,
        [since, limit],
      );
      if (rows.length === 0) return [];
      const firsts = await db.query<{ id: string; name: string }>(
        `SELECT DISTINCT ON (s.article_id) s.article_id::text AS id, coalesce(f.title, f.url) AS name
         FROM article_sources s JOIN feeds f ON f.id = s.feed_id
         WHERE s.article_id = ANY($1::bigint[])
         ORDER BY s.article_id, s.first_seen_at, f.id`,
        [rows.map((row) => row.id)],
      );
      const sourceOf = new Map(firsts.rows.map((r) => [r.id, r.name]));
      return rows.map((row) => ({
        id: row.id as string,
        title: row.title as string,
        url: (row.url as string | null) ?? null,
        summary: row.summary as string,
        content: (row.content as string | null) ?? (row.summary as string),
        publishedAt: row.published_at as Date,
        firstSeenAt: row.first_seen_at as Date,
        source: sourceOf.get(row.id as string) ?? "",
      }));
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
