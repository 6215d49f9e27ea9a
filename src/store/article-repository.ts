import type { Article } from "../core/article.js";
import { createArticleInserter } from "./article-inserter.js";
import type { Database } from "./database.js";

export interface StoredArticle extends Article {
  id: string;
  firstSeenAt: Date;
  /** Titles (or URLs) of the feeds that carried it, first one first. */
  sources: string[];
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

/** Articles, stored once: per feed by guid, across feeds by canonical URL. */
export function createArticleRepository(db: Database) {
  return {
    /** Stores what is new in a poll's items (article-inserter.ts). */
    insert: createArticleInserter(db).insert,
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
