/**
 * The one database interface (DESIGN.md §1): `pg` in every mode, whether the
 * server is PostgreSQL or embedded PGlite served on loopback. Nothing above
 * store/ knows which.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<QueryResult<R>>;
}

export interface Database extends Queryable {
  /** `embedded`: PGlite in $DATA_DIR/db; `server`: DATABASE_URL. */
  readonly kind: "embedded" | "server";
  /** What the queue's PostgreSQL backend connects to (the same database). */
  readonly connectionString: string;
  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A cheap round trip, for /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
