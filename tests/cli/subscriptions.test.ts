import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, startApp } from "../../src/app.js";
import type { CliContext } from "../../src/cli/cli-context.js";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { Article } from "../../src/core/article.js";
import { digestSchedulerId } from "../../src/queue/workers/digest-schedules.js";
import { createArticleRepository } from "../../src/store/article-repository.js";
import { createFeedRepository } from "../../src/store/feed-repository.js";

const logger = pino({ level: "silent" });

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

let dataDir: string;
let owner: App;

/** `newswire <args…>` in this process, against the test's data dir, with in-memory streams. */
async function newswire(...args: string[]): Promise<Ran> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => {
    out += c.toString("utf8");
  });
  stderr.on("data", (c: Buffer) => {
    err += c.toString("utf8");
  });
  const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
  const context: CliContext = {
    config: () => config,
    stdin: Readable.from([]),
    stdout,
    stderr,
    isTty: false,
  };
  const code = await main(args, context);
  return { code, stdout: out, stderr: err };
}

function article(n: number, title: string): Article {
  return {
    guid: `g-${n}`,
    url: `https://example.test/${n}`,
    canonicalUrl: `https://example.test/${n}`,
    title,
    summary: `${title}. More on this story as it develops.`,
    content: "",
    author: null,
    categories: [],
    publishedAt: new Date(Date.now() - n * 60_000),
    publishedAtFromFeed: true,
  };
}

async function digestSchedulers(): Promise<string[]> {
  const schedulers = await owner.queue.queue("digest").getJobSchedulers();
  return schedulers.map((s) => String((s as { id?: string | null }).id ?? s.key));
}

const weeklyScheduler = digestSchedulerId({
  channel: "console:general",
  schedule: { every: "weekly", at: "09:30", day: "fri", timeZone: "Europe/Berlin" },
});
const opsScheduler = digestSchedulerId({
  channel: "console:ops",
  schedule: { every: "daily", at: "08:00", day: "mon", timeZone: "UTC" },
});

beforeAll(async () => {
  // The test owns the embedded database like a running `newswire start`; each command joins it.
  dataDir = mkdtempSync(join(tmpdir(), "newswire-subs-"));
  const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
  owner = await startApp({ config, logger, role: "client" });
  const { feed } = await createFeedRepository(owner.db).add({ url: "https://example.test/feed" });
  await createArticleRepository(owner.db).insert(
    feed.id,
    [
      article(1, "Wind farms win new climate policy support"),
      article(2, "Parliament debates climate policy targets"),
      article(3, "Football club signs striker"),
    ],
    new Date(),
  );
}, 60_000);

afterAll(async () => {
  await owner?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("newswire subscribe / subscriptions / unsubscribe", () => {
  let weeklyId = "";

  it("subscribes through the chat handler: reply with the schedule and the week's preview", async () => {
    const ran = await newswire(
      "subscribe",
      "climate",
      "policy",
      "--channel",
      "console:general",
      "--every",
      "weekly",
      "--at",
      "09:30",
      "--day",
      "fri",
      "--tz",
      "Europe/Berlin",
    );
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(
      /Subscribed this channel to [*"]?climate policy[*"]? \(subscription \d+\)/,
    );
    expect(ran.stdout).toContain("weekly on Friday at 09:30 Europe/Berlin");
    expect(ran.stdout).toMatch(/2 articles from the last 7 days would have matched/);
    expect(ran.stdout).toContain("Parliament debates climate policy targets");
    expect(ran.stdout).not.toContain("Football");
    expect(ran.stdout).toContain("newswire digest --channel console:general");
    weeklyId = /subscription (\d+)/.exec(ran.stdout)?.[1] ?? "";
    expect(weeklyId).not.toBe("");
    // The channel's scheduler was synced, as for a `/news subscribe`.
    expect(await digestSchedulers()).toEqual([weeklyScheduler]);
  });

  it("lists every channel's subscriptions as JSON, topic exactly as typed", async () => {
    const other = await newswire("subscribe", '"Iran sanctions"', "--channel", "console:ops");
    expect(other.code).toBe(0);
    expect(other.stdout).toContain("daily at 08:00 UTC");

    const all = await newswire("subscriptions", "--json");
    expect(all.code).toBe(0);
    const list = JSON.parse(all.stdout) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      id: weeklyId,
      channel: "console:general",
      topic: "climate policy",
      schedule: { every: "weekly", at: "09:30", day: "fri", tz: "Europe/Berlin" },
      paused: false,
      pause_reason: null,
      last_digest_at: null,
    });
    expect(new Date(String(list[0]?.created_at)).getTime()).toBeGreaterThan(Date.now() - 120_000);
    expect(list[1]).toMatchObject({
      channel: "console:ops",
      topic: '"Iran sanctions"',
      schedule: { every: "daily", at: "08:00", day: null, tz: "UTC" },
    });

    const one = await newswire("subscriptions", "--channel", "console:ops", "--json");
    expect(
      (JSON.parse(one.stdout) as unknown[]).map((s) => (s as { channel: string }).channel),
    ).toEqual(["console:ops"]);

    const table = await newswire("subscriptions");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^id\s+channel\s+topic\s+schedule\s+status\s+last digest/);
    expect(table.stdout).toContain("weekly on Friday at 09:30 Europe/Berlin");
    expect(table.stdout).toContain("console:ops");
  });

  it("exits 1 with the handler's message when the subscription is refused", async () => {
    const again = await newswire("subscribe", "Climate  Policy", "--channel", "console:general");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already follows "climate policy"');
    expect(again.stdout).toBe("");

    const badEvery = await newswire(
      "subscribe",
      "oil",
      "--channel",
      "console:general",
      "--every",
      "monthly",
    );
    expect(badEvery.code).toBe(1);
    expect(badEvery.stderr).toContain("--every monthly is not a schedule");

    const badZone = await newswire(
      "subscribe",
      "oil",
      "--channel",
      "console:general",
      "--tz",
      "Mars/Base",
    );
    expect(badZone.code).toBe(1);
    expect(badZone.stderr).toMatch(/Mars\/Base/);

    const badChannel = await newswire("subscribe", "oil", "--channel", "general");
    expect(badChannel.code).toBe(1);
    expect(badChannel.stderr).toContain("general is not a channel");

    const noChannel = await newswire("subscribe", "oil");
    expect(noChannel.code).toBe(2);

    const list = JSON.parse((await newswire("subscriptions", "--json")).stdout) as unknown[];
    expect(list).toHaveLength(2);
  });

  it("unsubscribes by id, removing the channel's scheduler; an unknown id exits 1 with a hint", async () => {
    const ran = await newswire("unsubscribe", weeklyId);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain(`Unsubscribed from`);
    expect(ran.stdout).toContain(`subscription ${weeklyId}`);
    const left = JSON.parse((await newswire("subscriptions", "--json")).stdout) as Array<{
      id: string;
    }>;
    expect(left.map((s) => s.id)).not.toContain(weeklyId);
    expect(await digestSchedulers()).toEqual([opsScheduler]);

    for (const id of [weeklyId, "nope"]) {
      const unknown = await newswire("unsubscribe", id);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain(`there is no subscription ${id}`);
      expect(unknown.stderr).toContain("newswire subscriptions");
    }
  });
});
