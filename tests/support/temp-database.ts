import pg from "pg";
import type { Database } from "../../src/store/database.js";
import { createPgDatabase } from "../../src/store/pg-database.js";
import { POSTGRES_URL } from "./services.js";

/**
 * A fresh database on the shared PostgreSQL server, for one test file: tests
 * in parallel files never see each other's tables. Dropped by `drop()`.
 */
export async function createTempDatabase(
  baseUrl = POSTGRES_URL,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `newswire_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh database on the shared server with a `Database` open on it; `close()` closes and drops it. */
export async function openTempServerDatabase(
  baseUrl = POSTGRES_URL,
): Promise<{ db: Database; url: string; close(): Promise<void> }> {
  const temp = await createTempDatabase(baseUrl);
  const db = await createPgDatabase({
    connectionString: temp.url,
    kind: "server",
    poolSize: 4,
    unreachableHint: "",
  });
  return {
    db,
    url: temp.url,
    async close() {
      await db.close();
      await temp.drop();
    },
  };
}
