import type { Article } from "../core/article.js";
import type { Database, Queryable } from "./database.js";

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

/** One poll's items, waiting to be stored. */
interface Request {
  feedId: string;
  articles: Article[];
  now: Date;
}

interface Waiting extends Request {
  resolve(result: InsertResult): void;
  reject(error: unknown): void;
}

/**
 * One statement stores the items of one or more polls, as if the polls had
 * been stored one after the other: an item whose guid its feed already gave
 * (before, or earlier in the statement) is skipped; the rest become articles
 * unless a canonical URL seen before (or earlier in the statement) folds them
 * into that article; each is linked to its article as its feed's source. Ids
 * are drawn up front so that items without a link, which never fold, map back
 * to their rows.
 */
const INSERT_ITEMS = `WITH input AS (
  SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::boolean[],
    $13::timestamptz[]) WITH ORDINALITY
    AS t(request, feed_id, guid, canonical_url, url, title, summary, content, author, categories,
      published_at, from_feed, seen_at, ord)
), fresh AS MATERIALIZED (
  SELECT DISTINCT ON (i.feed_id, i.guid) i.*, nextval('articles_id_seq') AS new_id
  FROM input i
  WHERE NOT EXISTS (SELECT 1 FROM article_sources s WHERE s.feed_id = i.feed_id AND s.guid = i.guid)
  ORDER BY i.feed_id, i.guid, i.ord
), inserted AS (
  INSERT INTO articles (id, canonical_url, url, title, summary, content, author, categories,
    published_at, published_at_from_feed, first_seen_at)
  SELECT new_id, canonical_url, url, title, summary, coalesce(content, summary), author,
    string_to_array(categories, chr(31)), published_at, from_feed, seen_at
  FROM fresh ORDER BY ord
  ON CONFLICT (canonical_url) WHERE canonical_url IS NOT NULL DO NOTHING
  RETURNING id, canonical_url
), resolved AS MATERIALIZED (
  SELECT f.request, f.feed_id, f.guid, f.canonical_url, f.url, f.seen_at, f.ord,
    coalesce(mine.id, folded.id,
      (SELECT a.id FROM articles a WHERE a.canonical_url = f.canonical_url)) AS article_id,
    mine.id IS NOT NULL AS created
  FROM fresh f
  LEFT JOIN inserted mine ON mine.id = f.new_id
  LEFT JOIN inserted folded ON folded.canonical_url = f.canonical_url
), sourced AS (
  INSERT INTO article_sources (feed_id, guid, article_id, url, first_seen_at)
  SELECT feed_id, guid, article_id, url, seen_at FROM resolved WHERE article_id IS NOT NULL
  ON CONFLICT DO NOTHING
)
SELECT request, feed_id::text, guid, canonical_url, url, seen_at, article_id::text, created
FROM resolved ORDER BY ord`;

/**
 * On a PostgreSQL server another session may commit the same canonical URL
 * after the statement above took its snapshot: the insert then finds the
 * conflict but the lookup cannot see the row. A second statement (a new
 * snapshot) links those items to the row that won.
 */
const LINK_LATE_ARRIVALS = `INSERT INTO article_sources (feed_id, guid, article_id, url, first_seen_at)
  SELECT t.feed_id, t.guid, a.id, t.url, t.seen_at
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
    AS t(feed_id, guid, canonical_url, url, seen_at)
  JOIN articles a ON a.canonical_url = t.canonical_url
  ON CONFLICT DO NOTHING`;

interface Row {
  request: number;
  feed_id: string;
  guid: string;
  canonical_url: string | null;
  url: string | null;
  seen_at: Date;
  article_id: string | null;
  created: boolean;
}

async function insertRequests(db: Queryable, requests: Request[]): Promise<InsertResult[]> {
  const items = requests.flatMap((r, request) => r.articles.map((a) => ({ request, r, a })));
  const cols = <T>(pick: (item: (typeof items)[number]) => T): T[] => items.map(pick);
  const { rows } = await db.query<Row>(INSERT_ITEMS, [
    cols((i) => i.request),
    cols((i) => i.r.feedId),
    cols((i) => i.a.guid),
    cols((i) => i.a.canonicalUrl),
    cols((i) => i.a.url),
    cols((i) => i.a.title),
    cols((i) => i.a.summary),
    // Most feeds carry no full content: it is the summary again, not sent twice.
    cols((i) => (i.a.content === i.a.summary ? null : i.a.content)),
    cols((i) => i.a.author),
    cols((i) => i.a.categories.join("\u001f")),
    cols((i) => i.a.publishedAt.toISOString()),
    cols((i) => i.a.publishedAtFromFeed),
    cols((i) => i.r.now.toISOString()),
  ]);
  const late = rows.filter((r) => r.article_id === null);
  if (late.length > 0) {
    // The polls' articles are stored: should this fail, the next poll of
    // these feeds finds the items still new to them and links them then.
    await db
      .query(LINK_LATE_ARRIVALS, [
        late.map((r) => r.feed_id),
        late.map((r) => r.guid),
        late.map((r) => r.canonical_url),
        late.map((r) => r.url),
        late.map((r) => r.seen_at),
      ])
      .catch(() => {});
  }
  const byRequest = requests.map((): Row[] => []);
  for (const row of rows) byRequest[row.request]?.push(row);
  return requests.map((r, request) => {
    const fresh = byRequest[request] ?? [];
    const newIds = fresh.filter((row) => row.created).map((row) => row.article_id as string);
    return {
      newIds,
      known: r.articles.length - fresh.length,
      sameStory: fresh.length - newIds.length,
      freshGuids: fresh.map((row) => row.guid),
    };
  });
}

/** Items per statement at most: polls beyond it wait for the next statement. */
const MAX_ITEMS = 2_000;

/**
 * Stores polls' items, several polls to a statement when they arrive
 * together (group commit): while statements are in flight, new polls wait and
 * then go as one. On the embedded database, whose one session runs one
 * statement at a time, one statement is in flight; a server runs a few side
 * by side. When a shared statement fails, each of its polls is tried alone,
 * so one feed's bad data fails that feed only.
 */
export function createArticleInserter(db: Database) {
  const maxInFlight = db.kind === "embedded" ? 1 : 4;
  const waiting: Waiting[] = [];
  let inFlight = 0;

  const run = async (batch: Waiting[]): Promise<void> => {
    try {
      const results = await insertRequests(db, batch);
      for (const [i, w] of batch.entries()) w.resolve(results[i] as InsertResult);
    } catch (error) {
      // The statement stored nothing: each poll alone, so bad data fails its own feed only.
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const w of batch) {
        await insertRequests(db, [w]).then(
          ([result]) => w.resolve(result as InsertResult),
          (alone: unknown) => w.reject(alone),
        );
      }
    }
  };

  const pump = (): void => {
    while (inFlight < maxInFlight && waiting.length > 0) {
      let items = 0;
      let take = 0;
      while (
        take < waiting.length &&
        (take === 0 || items + (waiting[take]?.articles.length ?? 0) <= MAX_ITEMS)
      ) {
        items += waiting[take]?.articles.length ?? 0;
        take++;
      }
      inFlight++;
      void run(waiting.splice(0, take)).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  return {
    /** Stores what is new in one poll's items (maybe in one statement with other polls'). */
    insert(feedId: string, articles: Article[], now: Date): Promise<InsertResult> {
      if (articles.length === 0)
        return Promise.resolve({ newIds: [], known: 0, sameStory: 0, freshGuids: [] });
      return new Promise((resolve, reject) => {
        waiting.push({ feedId, articles, now, resolve, reject });
        pump();
      });
    },
  };
}
