import pg from "pg";
import { ServiceUnavailableError } from "../core/errors.js";
import type { Database, Queryable, QueryResult } from "./database.js";

// bigint (int8) columns come back as strings by default; ids stay strings
// (they may exceed 2^53), counts are cast in SQL where a number is wanted.

export interface PgDatabaseOptions {
  connectionString: string;
  kind: "embedded" | "server";
  poolSize: number;
  /** Shown in the "unreachable" message: how to bring the database back. */
  unreachableHint: string;
}

function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    query: async <R extends object>(sql: string, params?: unknown[]): Promise<QueryResult<R>> => {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
  };
}

/** Opens a pool and proves it can reach the server; a clear ServiceUnavailableError otherwise. */
export async function createPgDatabase(options: PgDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process: the next
  // query fails with its own error, and /readyz reports the outage.
  pool.on("error", () => {});
  const where =
    options.kind === "server"
      ? `PostgreSQL at ${redact(options.connectionString)}`
      : "the embedded database";
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ServiceUnavailableError(
      "postgres",
      `store: ${where} is unreachable (${reason})`,
      options.unreachableHint,
      {
        cause: error,
      },
    );
  }
  const queryable = wrap(pool);
  return {
    kind: options.kind,
    connectionString: options.connectionString,
    query: queryable.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async ping(): Promise<boolean> {
      try {
        await pool.query("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
