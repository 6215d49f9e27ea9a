import pg from "pg";
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
