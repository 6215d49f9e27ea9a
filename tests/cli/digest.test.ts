import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { Command, CommanderError } from "commander";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import type { CliContext } from "../../src/cli/cli-context.js";
import { registerDigestCommand } from "../../src/cli/commands/digest.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { Digest } from "../../src/core/digest/digest-model.js";
import { UserError } from "../../src/core/errors.js";
import { createConsolePlatform } from "../../src/platforms/console/console-platform.js";
import { migrate } from "../../src/store/migrate.js";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.js";
import { makeDigest, makeItem } from "../platforms/console/digest-fixtures.js";

const logger = pino({ level: "silent" });

/**
 * The test's own digest builder (the real one belongs to the digest part):
 * `console:quiet` has nothing new, `console:hollow` a digest whose topics are
 * all empty; any other channel gets a fixture digest, posted through the
 * console platform unless it is a dry run.
 */
const calls: Array<{ channel: string; dryRun: boolean }> = [];
async function buildDigestNow(
  app: App,
  channel: string,
  options: { dryRun: boolean },
): Promise<Digest | null> {
  calls.push({ channel, ...options });
  if (channel === "console:quiet") return null;
  if (channel === "console:hollow") {
    return makeDigest({
      channel,
      digestId: "hollow",
      topics: [{ topic: "x", subscriptionId: "s", items: [], more: 0 }],
    });
  }
  const digest = makeDigest({
    channel,
    digestId: `d-${channel}`,
    every: "now",
    topics: [
      {
        topic: "climate policy",
        subscriptionId: "s1",
        items: [makeItem(), makeItem({ articleId: "a2", title: "Second story", url: null })],
        more: 3,
      },
    ],
  });
  if (channel.startsWith("console:") && !options.dryRun) {
    await createConsolePlatform({ db: app.db, logger }).postDigest(channel, digest);
  }
  return digest;
}

let dataDir: string;
let bot: OpenedDatabase;
beforeAll(async () => {
  // The test owns the embedded database like a running `newswire start`; the command joins it.
  dataDir = mkdtempSync(join(tmpdir(), "newswire-digest-"));
  bot = await openDatabase(loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" }), {
    logger,
    requireOwnership: true,
  });
  await migrate(bot.db);
}, 60_000);
afterAll(async () => {
  await bot?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function run(args: string[], options: { isTty?: boolean } = {}): Promise<string> {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
  const context: CliContext = {
    config: () => config,
    stdin: Readable.from([]),
    stdout,
    stderr: new PassThrough(),
    isTty: options.isTty ?? false,
  };
  const program = new Command("newswire")
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerDigestCommand(program, context, { buildDigestNow, env: {} });
  await program.parseAsync(["digest", ...args], { from: "user" });
  return out;
}

async function postedRows(channel: string): Promise<number> {
  const { rows } = await bot.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM console_messages WHERE channel_id = $1",
    [channel],
  );
  return rows[0]?.n ?? -1;
}

describe("newswire digest", () => {
  it("prints the digest model as one JSON document with --json", async () => {
    const out = await run(["--channel", "console:news", "--json"]);
    expect(out.endsWith("\n")).toBe(true);
    const json = JSON.parse(out);
    expect(json).toMatchObject({
      channel: "console:news",
      digest_id: "d-console:news",
      topics: [
        {
          topic: "climate policy",
          subscription_id: "s1",
          more: 3,
          items: [
            {
              title: "EU agrees 2040 climate target after all-night talks",
              url: "https://example.com/eu-2040",
              source: "BBC News",
              other_sources: [],
              published_at: "2026-11-30T06:00:00.000Z",
              summary: "Ministers agreed to cut net emissions by 90% by 2040.",
              reasons: ["climate ← climate"],
            },
            { title: "Second story", url: null },
          ],
        },
      ],
    });
  });

  it("posts unless --dry-run", async () => {
    await run(["--channel", "console:posted"]);
    expect(calls.at(-1)).toEqual({ channel: "console:posted", dryRun: false });
    expect(await postedRows("console:posted")).toBe(1);

    const out = await run(["--channel", "console:dry", "--dry-run"]);
    expect(calls.at(-1)).toEqual({ channel: "console:dry", dryRun: true });
    expect(await postedRows("console:dry")).toBe(0);
    expect(out).toContain("dry run: nothing was posted to console:dry");
  });

  it("prints an empty model and exits 0 when nothing is new", async () => {
    expect(JSON.parse(await run(["--channel", "console:quiet", "--json"]))).toEqual({
      channel: "console:quiet",
      digest_id: null,
      topics: [],
    });
    expect(JSON.parse(await run(["--channel", "console:hollow", "--json"]))).toEqual({
      channel: "console:hollow",
      digest_id: null,
      topics: [],
    });
  });

  it("renders for people, plain off a terminal and coloured on one", async () => {
    const plain = await run(["--channel", "console:render"]);
    expect(plain).toMatch(/^Newswire · digest · console:render · 30 Nov 08:00\n/);
    expect(plain).toContain("1. EU agrees 2040 climate target");
    expect(plain).toContain("…and 3 more");
    expect(plain).not.toContain("\x1b[");
    expect(await run(["--channel", "console:render", "--dry-run"], { isTty: true })).toContain(
      "\x1b[1m",
    );
  });

  it("says when there is nothing new", async () => {
    expect(await run(["--channel", "console:quiet"])).toBe(
      "nothing new for console:quiet since the last digest\n",
    );
  });

  it.each([
    "slack:T0123/C0456",
    "discord:123456789012345678/234567890123456789",
    "console:team-news",
  ])("accepts %s", async (channel) => {
    await run(["--channel", channel, "--json", "--dry-run"]);
    expect(calls.at(-1)).toEqual({ channel, dryRun: true });
  });

  it.each(["general", "#general", "slack:general", "discord:abc/def", "console:", "email:a/b"])(
    "refuses %s, naming the forms, before building anything",
    async (channel) => {
      const before = calls.length;
      const error = await run(["--channel", channel]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(`digest: ${channel} is not a channel`);
      expect((error as UserError).hint).toContain(
        "slack:<team>/<channel>, discord:<guild>/<channel> or console:<name>",
      );
      expect(calls.length).toBe(before);
    },
  );

  it("needs --channel (a usage error)", async () => {
    const error = await run([]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommanderError);
  });
});
