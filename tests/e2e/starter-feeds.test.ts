import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";
import { freePort } from "../support/redis-process.js";
import { rssFeed } from "../support/rss-fixture.js";
import { exited } from "../support/spawn-ts.js";

const BIN = new URL("../../bin/newswire.js", import.meta.url).pathname;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `newswire <args…>` in its own process. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("exit", (code) => done({ code, stdout, stderr }));
  });
}

interface Started {
  child: ChildProcess;
  /** From the guided start text. */
  url: string;
  stdout: () => string;
  /** The JSON log. */
  stderr: () => string;
  stop(): Promise<number | null>;
}

/** A real `newswire start`, up once it printed where it serves. */
async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [BIN, "start"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`start did not come up; log: ${stderr}`)),
      60_000,
    );
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      // Resolve once the whole guided text is there (its last line).
      const match = /running at (http:\/\/\S+) [\s\S]*Try it now/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`start exited (${code}); log: ${stderr}`));
    });
  });
  return {
    child,
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited(child);
    },
  };
}

interface FeedJson {
  id: string;
  url: string;
  title: string | null;
  status: string;
  consecutive_failures: number;
  starter: boolean;
}

async function feedsList(env: NodeJS.ProcessEnv): Promise<FeedJson[]> {
  const ran = await run(["feeds", "list", "--json"], env);
  expect(ran.stderr).toBe("");
  expect(ran.code).toBe(0);
  return JSON.parse(ran.stdout) as FeedJson[];
}

function opml(urls: string[]): string {
  const outlines = urls
    .map(
      (url, i) =>
        `    <outline type="rss" text="Starter ${i + 1}" title="Starter ${i + 1}" xmlUrl="${url}"/>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>Test starter</title></head>\n  <body>\n${outlines}\n  </body>\n</opml>\n`;
}

const dirs: string[] = [];
/** A fresh directory with a starter OPML of `urls` and a config pointing at it; the env for it. */
function setup(urls: string[], extraConfig = ""): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "newswire-starter-"));
  dirs.push(dir);
  const starter = join(dir, "starter.opml");
  writeFileSync(starter, opml(urls));
  const config = join(dir, "config.yaml");
  writeFileSync(
    config,
    `feeds:\n  starter_file: ${starter}\n${extraConfig}queue:\n  drain_delay_ms: 200\nhttp:\n  host: 127.0.0.1\n`,
  );
  return {
    DATA_DIR: join(dir, "data"),
    FEED_ALLOW_PRIVATE: "true",
    PORT: "0",
    NEWSWIRE_CONFIG: config,
    LOG_LEVEL: "info",
    NEWSWIRE_STARTER_FEEDS: "true",
  };
}

let server: FeedServer;
let urls: string[];

beforeAll(async () => {
  server = await startFeedServer();
  urls = ["a", "b", "c"].map((name) => {
    server.route(`/${name}.xml`, {
      kind: "static",
      body: rssFeed(`Desk ${name}`, [
        { title: `Story from ${name}`, link: `https://${name}.example/1`, guid: `${name}-1` },
      ]),
    });
    return server.url(`/${name}.xml`);
  });
});

afterAll(async () => {
  await server?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("starter feeds", () => {
  it("are added on the first start of an empty database, and only while it has no feed at all", async () => {
    const env = setup(urls);

    const first = await start(env);
    expect(first.stdout()).toContain("polling 3 feeds (3 starter feeds added");
    expect(await first.stop()).toBe(0);
    const added = await feedsList(env);
    expect(added.map((f) => f.url).sort()).toEqual([...urls].sort());
    expect(added.every((f) => f.starter)).toBe(true);

    // The person removes one; the next start adds nothing back (there are feeds).
    const removed = added.find((f) => f.url === urls[1]) as FeedJson;
    expect((await run(["feeds", "remove", removed.id], env)).code).toBe(0);
    const second = await start(env);
    expect(second.stdout()).toContain("polling 2 feeds.");
    expect(second.stdout()).not.toContain("starter");
    expect(await second.stop()).toBe(0);
    const after = await feedsList(env);
    expect(after.map((f) => f.url).sort()).toEqual([urls[0], urls[2]].sort());
    expect(after.map((f) => f.id).sort()).toEqual(
      added
        .filter((f) => f.id !== removed.id)
        .map((f) => f.id)
        .sort(),
    );

    // What the code does: "no feeds at all" is the test, so removing every feed brings the set back.
    for (const f of after) expect((await run(["feeds", "remove", f.id], env)).code).toBe(0);
    const third = await start(env);
    expect(third.stdout()).toContain("(3 starter feeds added");
    expect(await third.stop()).toBe(0);
    const again = await feedsList(env);
    expect(again.map((f) => f.url).sort()).toEqual([...urls].sort());
  }, 180_000);

  it("are not added with NEWSWIRE_STARTER_FEEDS=false", async () => {
    const env = { ...setup(urls), NEWSWIRE_STARTER_FEEDS: "false" };
    const started = await start(env);
    expect(started.stdout()).toContain("Feeds: none yet");
    expect(await started.stop()).toBe(0);
    expect(await feedsList(env)).toEqual([]);
  }, 90_000);

  it("`feeds import --starter` adds each feed once", async () => {
    const env = setup(urls);
    const first = await run(["feeds", "import", "--starter"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("imported 3 new feeds");
    const second = await run(["feeds", "import", "--starter"], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("imported 0 new feeds");
    expect(second.stdout).toContain("(3 were already there)");
    const list = await feedsList(env);
    expect(list).toHaveLength(3);
    expect(new Set(list.map((f) => f.url)).size).toBe(3);
    expect(list.every((f) => f.starter)).toBe(true);
  }, 90_000);
});

describe("starter feeds on unreachable hosts", () => {
  let started: Started;
  let env: NodeJS.ProcessEnv;
  let dead: string[];
  let startedAt: number;

  beforeAll(async () => {
    const closed = await freePort();
    dead = [1, 2, 3].map((n) => `http://127.0.0.1:${closed}/x${n}.xml`);
    // A short minimum interval, so each feed comes due again within the test.
    env = setup(dead, "  min_interval_ms: 1000\n");
    startedAt = Date.now();
    started = await start(env);
  }, 90_000);

  afterAll(async () => {
    if (started) expect(await started.stop()).toBe(0);
  });

  it("start keeps running, is ready, and logs one `feed failing` line per feed, not one per retry", async () => {
    expect((await fetch(`${started.url}/readyz`)).status).toBe(200);
    // Wait until every feed has failed again (a retry), then a little more.
    const deadline = Date.now() + 30_000;
    let feeds: FeedJson[] = [];
    while (Date.now() < deadline) {
      feeds = await feedsList(env);
      if (feeds.length === 3 && feeds.every((f) => f.consecutive_failures >= 2)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(feeds.map((f) => f.consecutive_failures >= 2)).toEqual([true, true, true]);
    await new Promise((r) => setTimeout(r, 2_000));

    expect(started.child.exitCode).toBeNull();
    expect((await fetch(`${started.url}/readyz`)).status).toBe(200);
    const failing = started
      .stderr()
      .split("\n")
      .filter((line) => line.includes('"poll: feed failing"'))
      .map((line) => JSON.parse(line) as { feed_url: string });
    expect(failing.map((l) => l.feed_url).sort()).toEqual([...dead].sort());
  }, 60_000);

  /**
   * After a failure the feed backs off (1 s, 2 s, 4 s … here; 5 min, 10 min …
   * by default): a poll that fires before the feed's next poll time is
   * skipped, whatever fired it, so an unreachable feed is not disabled
   * within seconds of start. Doubling from 1 s, T seconds hold at most about
   * log2(T) failures (one more for jitter, one for the first poll); a feed
   * retried every tick would have one a second. The bound follows the time
   * the test really took, which a busy machine stretches.
   */
  it("backs off between retries: not disabled within seconds of start", async () => {
    const feeds = await feedsList(env);
    const seconds = (Date.now() - startedAt) / 1000;
    const bound = 2 + Math.ceil(Math.log2(seconds + 1));
    expect(feeds.map((f) => f.status)).toEqual(["failing", "failing", "failing"]);
    for (const f of feeds)
      expect(f.consecutive_failures, `after ${seconds} s`).toBeLessThanOrEqual(bound);
  });
});
