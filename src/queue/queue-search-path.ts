import type { Logger } from "pino";

/** The schema BullMQ's PostgreSQL backend keeps its tables and functions in. */
export const QUEUE_SCHEMA = "bullmq";

/** Something that runs SQL: a `pg` client, or a PGlite instance before it is served. */
export interface SqlSession {
  query(sql: string): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/**
 * What the embedded database's owner runs on its PGlite session before serving
 * it: BullMQ's runtime SQL names its tables and functions unqualified and
 * relies on `search_path`, which it normally pins with the start-up option
 * `-c search_path=bullmq`. pglite-socket ignores start-up options and every
 * connection shares the one PGlite session, so the path is set once, here.
 * `bullmq` comes first so BullMQ never resolves into our tables; the store
 * creates and names its own tables in `public` explicitly.
 */
export const EMBEDDED_SEARCH_PATH_SQL = `CREATE SCHEMA IF NOT EXISTS ${QUEUE_SCHEMA}; SET search_path TO ${QUEUE_SCHEMA}, public`;

/**
 * Makes sure the (shared) session's search_path reaches BullMQ's schema. When
 * the owner has set it already this only reads it; otherwise it appends
 * `bullmq` (last, so nothing the store resolves changes) and warns, because
 * the owner should have done it before serving.
 */
export async function ensureQueueSearchPath(session: SqlSession, logger: Logger): Promise<void> {
  const { rows } = await session.query("SELECT current_setting('search_path') AS search_path");
  const current = String(rows[0]?.search_path ?? "");
  const entries = current
    .split(",")
    .map((entry) => entry.trim().replace(/^"(.*)"$/, "$1"))
    .filter((entry) => entry.length > 0);
  if (entries.includes(QUEUE_SCHEMA)) return;
  const next = [
    ...current
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean),
    QUEUE_SCHEMA,
  ].join(", ");
  logger.warn(
    { search_path: current },
    `queue: the embedded database's search_path lacks ${QUEUE_SCHEMA}; setting it to ${next} (the store should run EMBEDDED_SEARCH_PATH_SQL before serving)`,
  );
  await session.query(`SET search_path TO ${next}`);
}
