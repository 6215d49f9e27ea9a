import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import type { Database } from "../../src/store/database.js";
import { loadMigrations, migrate } from "../../src/store/migrate.js";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.js";
import { createPgDatabase } from "../../src/store/pg-database.js";
import { describeWithPostgres } from "../support/services.js";
import { createTempDatabase } from "../support/temp-database.js";

const logger = pino({ level: "silent" });
const TABLES = [
  "article_sources",
  "articles",
  "channel_feeds",
  "channels",
  "console_messages",
  "deliveries",
  "digests",
  "feeds",
  "matches",
  "subscriptions",
  "versions",
];

async function tablesIn(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1",
  );
  return rows.map((r) => r.table_name);
}

/** The same checks on either kind of database: `open` gives two handles to one database. */
function migrationContract(
  open: () => Promise<{ a: Database; b: Database; close(): Promise<void> }>,
) {
  let handles: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    handles = await open();
  });
  afterAll(async () => {
    await handles?.close();
  });

  it("applies every migration once when two migrators run at the same time", async () => {
    const [first, second] = await Promise.all([migrate(handles.a), migrate(handles.b)]);
    const all = loadMigrations().map((m) => m.version);
    expect([...first, ...second].map((m) => m.version).sort()).toEqual(all);
    expect(await tablesIn(handles.a)).toEqual(TABLES);
    const { rows } = await handles.a.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM schema_migrations",
    );
    expect(rows[0]?.n).toBe(all.length);
  });

  it("finds nothing to do the second time", async () => {
    expect(await migrate(handles.a)).toEqual([]);
  });

  it("builds a schema that keeps one article per canonical URL", async () => {
    const insert =
      "INSERT INTO articles (canonical_url, title, published_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING RETURNING id";
    const once = await handles.a.query(insert, ["https://example.com/a", "A"]);
    const twice = await handles.b.query(insert, ["https://example.com/a", "A again"]);
    expect(once.rowCount).toBe(1);
    expect(twice.rowCount).toBe(0);
  });
}

describe("migrations on the embedded database", () => {
  migrationContract(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-migrate-"));
    const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
    const owner: OpenedDatabase = await openDatabase(config, { logger, requireOwnership: true });
    const joined: OpenedDatabase = await openDatabase(config, { logger });
    return {
      a: owner.db,
      b: joined.db,
      close: async () => {
        await joined.close();
        await owner.close();
      },
    };
  });
});

await describeWithPostgres("migrations on a PostgreSQL server", (baseUrl) => {
  migrationContract(async () => {
    const temp = await createTempDatabase(baseUrl);
    const options = {
      connectionString: temp.url,
      kind: "server" as const,
      poolSize: 4,
      unreachableHint: "",
    };
    const a = await createPgDatabase(options);
    const b = await createPgDatabase(options);
    return {
      a,
      b,
      close: async () => {
        await a.close();
        await b.close();
        await temp.drop();
      },
    };
  });
});

/** Upgrading a database that already holds feeds and articles. */
function upgradeContract(open: () => Promise<{ db: Database; close(): Promise<void> }>) {
  it("004 gives each feed the publication times of its latest 30 items, newest first", async () => {
    const { db, close } = await open();
    try {
      await migrate(
        db,
        loadMigrations().filter((m) => m.version <= 3),
      );
      const { rows } = await db.query<{ id: string }>(
        "INSERT INTO feeds (url) VALUES ('https://a.example/feed'), ('https://b.example/feed') RETURNING id::text",
      );
      const [busy, quiet] = rows.map((r) => r.id);
      const hour = (h: number) => new Date(Date.UTC(2026, 10, 30, h));
      // 40 items first seen in two polls: the later poll's items come first.
      for (let i = 0; i < 40; i++) {
        await db.query(
          `WITH a AS (INSERT INTO articles (canonical_url, title, published_at) VALUES ($1, 't', $2) RETURNING id)
           INSERT INTO article_sources (feed_id, guid, article_id, first_seen_at) SELECT $3, $1, id, $4 FROM a`,
          [`https://a.example/${i}`, hour(i % 20), busy, i < 20 ? hour(0) : hour(1)],
        );
      }
      await migrate(db);
      const times = await db.query<{ id: string; recent_item_times: Date[] }>(
        "SELECT id::text, recent_item_times FROM feeds ORDER BY id",
      );
      const expected = [19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
      expect(times.rows).toEqual([
        { id: busy, recent_item_times: [...expected, ...expected.slice(0, 10)].map(hour) },
        { id: quiet, recent_item_times: [] },
      ]);
    } finally {
      await close();
    }
  });
}

describe("upgrading the embedded database", () => {
  upgradeContract(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-upgrade-"));
    const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
    const opened = await openDatabase(config, { logger });
    return { db: opened.db, close: () => opened.close() };
  });
});

await describeWithPostgres("upgrading a PostgreSQL server database", (baseUrl) => {
  upgradeContract(async () => {
    const temp = await createTempDatabase(baseUrl);
    const db = await createPgDatabase({
      connectionString: temp.url,
      kind: "server",
      poolSize: 2,
      unreachableHint: "",
    });
    return {
      db,
      close: async () => {
        await db.close();
        await temp.drop();
      },
    };
  });
});
