/**
 * A `newswire worker` stand-in for delivery-crash.test.ts: joins the embedded
 * database in DATA_DIR (owned by the test process), or the server at
 * DATABASE_URL, runs the real deliver worker on the queue in that database (or
 * on Redis at REDIS_URL, keys under QUEUE_PREFIX) with the real console
 * platform, and prints "working". With CRASH_AFTER_POST=1 the platform is wrapped (test
 * input) so the process SIGKILLs itself right after a post resolves: after
 * the console_messages row is written, before markDelivered.
 */
import { pino } from "pino";
import { loadConfig } from "../../../src/config/load-config.js";
import type { ChatPlatform } from "../../../src/core/chat-platform.js";
import { systemClock } from "../../../src/core/clock.js";
import { createConsolePlatform } from "../../../src/platforms/console/console-platform.js";
import { createQueueBackend } from "../../../src/queue/queue-backend.js";
import { deliverDigest } from "../../../src/queue/workers/deliver-digest.js";
import { openDatabase } from "../../../src/store/open-database.js";
import { digestRepos } from "./digest-fixture.js";

const logger = pino({ level: "warn" }, pino.destination(2));
const crash = process.env.CRASH_AFTER_POST === "1";
const { DATA_DIR, DATABASE_URL, REDIS_URL, QUEUE_PREFIX } = process.env;
const config = loadConfig({
  env: { DATA_DIR: DATA_DIR ?? "", ...(DATABASE_URL ? { DATABASE_URL } : {}) },
  file: "/dev/null",
});
const opened = await openDatabase(config, { logger });
if (opened.owner) throw new Error("crash child: expected to join the test's embedded database");
const queue = await createQueueBackend({
  ...(REDIS_URL
    ? { redisUrl: REDIS_URL, prefix: QUEUE_PREFIX || "newswire" }
    : { postgresUrl: opened.db.connectionString, embedded: !DATABASE_URL }),
  drainDelayMs: 200,
  logger,
});
const consolePlatform = createConsolePlatform({ db: opened.db, logger });
const platform: ChatPlatform = {
  ...consolePlatform,
  async postDigest(channel, digest) {
    const outcome = await consolePlatform.postDigest(channel, digest);
    console.log(`posted ${outcome.status}`);
    if (crash) process.kill(process.pid, "SIGKILL");
    return outcome;
  },
};
queue.worker(
  "deliver",
  async (job) => {
    const result = await deliverDigest(job.data.digestId, {
      ...digestRepos(opened.db),
      platforms: new Map([["console", platform]]),
      clock: systemClock,
      logger,
    });
    console.log(`deliver ${job.data.digestId} ${result}`);
    return result;
  },
  // Short locks, so the job a killed worker held is found stalled in seconds, not 30 s.
  { concurrency: 1, lockDurationMs: 1_500, stalledIntervalMs: 500 },
);
process.once("SIGTERM", () => {
  void queue
    .close({ graceMs: 2_000 })
    .then(() => opened.close())
    .then(() => process.exit(0));
});
console.log("working");
