import { randomUUID } from "node:crypto";
import pg from "pg";
import { describeWithPostgres } from "../support/services.js";
import { queueContract } from "./queue-contract.js";

await describeWithPostgres("queue contract: PostgreSQL server", (url) => {
  queueContract(async () => {
    // BullMQ keeps every queue in the `bullmq` schema of its database, so a
    // database of our own is what isolates this file from others' tests.
    const database = `nwtest_queue_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const own = new URL(url);
    own.pathname = `/${database}`;
    return {
      options: { postgresUrl: own.toString(), drainDelayMs: 500 },
      async cleanup() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await client.end();
      },
    };
  });
});
