// A second process that owns the embedded database: opens it, migrates,
// commits one row, prints "ready <port>", then waits to be killed.
import { pino } from "pino";
import { loadConfig } from "../../src/config/load-config.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open-database.js";

const dataDir = process.argv[2] as string;
const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
const opened = await openDatabase(config, {
  logger: pino({ level: "silent" }),
  requireOwnership: true,
});
await migrate(opened.db);
await opened.db.query("INSERT INTO channels (id, platform) VALUES ($1, 'console')", [
  `console:${process.pid}`,
]);
process.stdout.write(`ready ${opened.via?.port ?? ""} ${process.pid}\n`);
setInterval(() => {}, 1_000);
