import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import type { Reply } from "../../../src/core/commands/reply-model.js";
import { createConsoleInbox } from "../../../src/platforms/console/console-inbox.js";
import { createConsolePlatform } from "../../../src/platforms/console/console-platform.js";
import { migrate } from "../../../src/store/migrate.js";
import { type OpenedDatabase, openDatabase } from "../../../src/store/open-database.js";
import { makeDigest, makeItem } from "./digest-fixtures.js";

const logger = pino({ level: "silent" });

/** Two handles to one embedded database, as two processes have: its owner and one that joined it. */
let dataDir: string;
let owner: OpenedDatabase;
let joined: OpenedDatabase;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "newswire-console-"));
  const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
  owner = await openDatabase(config, { logger, requireOwnership: true });
  joined = await openDatabase(config, { logger });
  await migrate(owner.db);
}, 60_000);

afterAll(async () => {
  await joined?.close();
  await owner?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function rowsFor(channel: string): Promise<number> {
  const { rows } = await owner.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM console_messages WHERE channel_id = $1",
    [channel],
  );
  return rows[0]?.n ?? -1;
}

const notice: Reply = {
  visibility: "channel",
  summary: "feed disabled",
  blocks: [
    { kind: "text", text: "Feed 3 is disabled: 10 failures in a row." },
    {
      kind: "items",
      items: [makeItem({ publishedAt: new Date("2026-11-29T10:00:00Z") })],
      more: 2,
    },
  ],
};

describe("console platform", () => {
  it("posts a digest once: a second post of the same digest writes nothing", async () => {
    const platform = createConsolePlatform({ db: owner.db, logger });
    const digest = makeDigest({ channel: "console:once", digestId: "d-once" });
    const first = await platform.postDigest("console:once", digest);
    const second = await platform.postDigest("console:once", digest);
    expect(first.status).toBe("posted");
    expect(second).toEqual({
      status: "already-posted",
      messageIds: first.status === "posted" ? first.messageIds : [],
    });
    expect(await rowsFor("console:once")).toBe(1);
  });

  it("treats a retry from another process (another handle) as the same post", async () => {
    const digest = makeDigest({ channel: "console:retry", digestId: "d-retry" });
    await createConsolePlatform({ db: owner.db, logger }).postDigest("console:retry", digest);
    const again = await createConsolePlatform({ db: joined.db, logger }).postDigest(
      "console:retry",
      digest,
    );
    expect(again.status).toBe("already-posted");
    expect(await rowsFor("console:retry")).toBe(1);
  });

  it("posts notices: a new one each time, or once for a given id", async () => {
    const platform = createConsolePlatform({ db: owner.db, logger });
    await platform.postNotice("console:notices", notice);
    await platform.postNotice("console:notices", notice);
    expect((await platform.postNotice("console:notices", notice, "n1")).status).toBe("posted");
    expect((await platform.postNotice("console:notices", notice, "n1")).status).toBe(
      "already-posted",
    );
    expect(await rowsFor("console:notices")).toBe(3);
  });

  it("refuses a channel that is not console:<name> without writing", async () => {
    const platform = createConsolePlatform({ db: owner.db, logger });
    const outcome = await platform.postDigest(
      "slack:T1/C1",
      makeDigest({ channel: "slack:T1/C1" }),
    );
    expect(outcome.status).toBe("gone");
    expect(await rowsFor("slack:T1/C1")).toBe(0);
  });

  it("has nothing to start or stop", async () => {
    const platform = createConsolePlatform({ db: owner.db, logger });
    expect(platform.name).toBe("console");
    await expect(platform.start()).resolves.toBeUndefined();
    await expect(platform.stop()).resolves.toBeUndefined();
  });
});

describe("console inbox", () => {
  it("returns what another process posted, new messages only, dates revived", async () => {
    const channel = "console:inbox";
    const poster = createConsolePlatform({ db: owner.db, logger });
    const inbox = createConsoleInbox({ db: joined.db, channel });
    expect(await inbox.next()).toEqual([]);

    const digest = makeDigest({ channel, digestId: "d-inbox" });
    await poster.postDigest(channel, digest);
    await poster.postNotice(channel, notice);
    await poster.postDigest("console:elsewhere", makeDigest({ channel: "console:elsewhere" }));

    const first = await inbox.next();
    expect(first.map((m) => m.kind)).toEqual(["digest", "notice"]);
    const [posted, noted] = first;
    expect(posted?.kind === "digest" && posted.digest).toEqual(digest);
    expect(posted?.kind === "digest" && posted.digest.createdAt).toBeInstanceOf(Date);
    expect(noted?.kind === "notice" && noted.reply).toEqual(notice);
    expect(await inbox.next()).toEqual([]);

    await poster.postDigest(channel, makeDigest({ channel, digestId: "d-inbox-2" }));
    const second = await inbox.next();
    expect(second.map((m) => m.kind === "digest" && m.digest.digestId)).toEqual(["d-inbox-2"]);
  });

  it('starting "now" skips the history and returns only what comes after', async () => {
    const channel = "console:now";
    const poster = createConsolePlatform({ db: joined.db, logger });
    await poster.postDigest(channel, makeDigest({ channel, digestId: "old" }));
    const inbox = createConsoleInbox({ db: owner.db, channel, since: "now" });
    expect(await inbox.next()).toEqual([]);
    expect(await inbox.next()).toEqual([]);
    await poster.postDigest(channel, makeDigest({ channel, digestId: "new" }));
    const fresh = await inbox.next();
    expect(fresh.map((m) => m.kind === "digest" && m.digest.digestId)).toEqual(["new"]);
  });

  it("starting from a date skips what was posted before it", async () => {
    const channel = "console:since";
    const poster = createConsolePlatform({ db: owner.db, logger });
    await poster.postNotice(channel, notice, "before");
    const { rows } = await owner.db.query<{ now: Date }>("SELECT clock_timestamp() AS now");
    // A Date holds milliseconds and the database microseconds: a mark cut down
    // to its millisecond could fall before "before". Round it up, and post
    // "after" once the clock has passed it.
    const now = rows[0]?.now;
    if (!now) throw new Error("clock_timestamp() returned no row");
    const since = new Date(now.getTime() + 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const inbox = createConsoleInbox({ db: joined.db, channel, since });
    await poster.postNotice(channel, notice, "after");
    const fresh = await inbox.next();
    expect(fresh).toHaveLength(1);
    expect(await inbox.next()).toEqual([]);
  });
});
