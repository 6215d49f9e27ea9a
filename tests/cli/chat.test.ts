import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { Command } from "commander";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import type { CliContext } from "../../src/cli/cli-context.js";
import { type ChatDeps, registerChatCommand } from "../../src/cli/commands/chat.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { CommandHandler } from "../../src/core/chat-platform.js";
import type { CommandRequest } from "../../src/core/commands/command-request.js";
import type { Reply } from "../../src/core/commands/reply-model.js";
import { UserError } from "../../src/core/errors.js";
import { createConsolePlatform } from "../../src/platforms/console/console-platform.js";
import { lineToRequest } from "../../src/platforms/console/line-to-request.js";
import { migrate } from "../../src/store/migrate.js";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.js";
import { makeDigest } from "../platforms/console/digest-fixtures.js";
import { exited } from "../support/spawn-ts.js";

const logger = pino({ level: "silent" });
const ESC = "\x1b[";

const text = (body: string, visibility: Reply["visibility"] = "private"): Reply => ({
  visibility,
  summary: body,
  blocks: [{ kind: "text", text: body }],
});

/**
 * A small handler written for these tests (the real one is wired by app
 * code): it echoes what it was asked, posts a digest through the console
 * platform on `digest`, and fails on request.
 */
function testHandler(app: App, seen: CommandRequest[] = []): CommandHandler {
  return async (request) => {
    seen.push(request);
    if (request.text === "digest") {
      const digest = makeDigest({ channel: request.channel, digestId: randomUUID() });
      await createConsolePlatform({ db: app.db, logger }).postDigest(request.channel, digest);
      return text("digest on its way", "channel");
    }
    if (request.text === "oops") {
      throw new UserError("oops is not a thing", { hint: "type /news help" });
    }
    if (request.text === "crash") throw new Error("database on fire");
    return text(`echo ${request.isQuestion ? "question" : "command"}: ${request.text}`);
  };
}

function collect(stream: PassThrough): () => string {
  let out = "";
  stream.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  return () => out;
}

interface Run {
  done: Promise<void>;
  stdout: () => string;
  stderr: () => string;
}

function chat(
  dataDir: string,
  stdin: NodeJS.ReadableStream,
  args: string[] = [],
  options: { isTty?: boolean; deps?: Partial<ChatDeps>; seen?: CommandRequest[] } = {},
): Run {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
  const context: CliContext = {
    config: () => config,
    stdin,
    stdout,
    stderr,
    isTty: options.isTty ?? false,
  };
  const program = new Command("newswire").exitOverride();
  registerChatCommand(program, context, {
    handlerFor: (app) => testHandler(app, options.seen),
    pollIntervalMs: 100,
    env: {},
    ...options.deps,
  });
  const out = collect(stdout);
  const err = collect(stderr);
  const done = program.parseAsync(["chat", ...args], { from: "user" }).then(() => {});
  return { done, stdout: out, stderr: err };
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const tempDirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "newswire-chat-"));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("newswire chat, attached to a running owner of the embedded database", () => {
  // The test holds the database like `newswire start` would, and posts "from the bot" through it.
  let dataDir: string;
  let bot: OpenedDatabase;
  beforeAll(async () => {
    dataDir = tempDataDir();
    const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
    bot = await openDatabase(config, { logger, requireOwnership: true });
    await migrate(bot.db);
  }, 60_000);
  afterAll(async () => {
    await bot?.close();
  });

  it("answers piped lines in order, prints the digest a command posted, exits at EOF", async () => {
    const seen: CommandRequest[] = [];
    const input = [
      "/news subscribe Iran sanctions",
      "what's new on Iran sanctions?",
      "",
      "list",
      "hello there",
      "/news digest",
    ].join("\n");
    const run = chat(dataDir, Readable.from([`${input}\n`]), [], { seen });
    await run.done;
    const out = run.stdout();
    const order = [
      "echo command: subscribe Iran sanctions",
      "echo question: what's new on Iran sanctions?",
      "echo command: list",
      "echo command: hello there",
      "digest on its way",
      "Newswire · daily digest · console:general",
      "EU agrees 2040 climate target",
    ].map((needle) => out.indexOf(needle));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out).not.toContain(ESC);
    expect(run.stderr()).toBe("");
    expect(seen[0]).toMatchObject({
      channel: "console:general",
      platform: "console",
      canManage: true,
      text: "subscribe Iran sanctions",
      isQuestion: false,
    });
    expect(seen[0]?.userId).not.toBe("");
  }, 60_000);

  it("stops at exit: lines after it are not run", async () => {
    const seen: CommandRequest[] = [];
    const run = chat(dataDir, Readable.from(["status\nexit\nsubscribe climate\n"]), [], { seen });
    await run.done;
    expect(seen.map((r) => r.text)).toEqual(["status"]);
  }, 60_000);

  it("shows a user error with its hint and an internal error as an apology, and goes on", async () => {
    const run = chat(dataDir, Readable.from(["/news oops\n/news crash\n/news status\n"]));
    await run.done;
    const out = run.stdout();
    expect(out).toContain("error: oops is not a thing");
    expect(out).toContain("hint:  type /news help");
    expect(out).toMatch(/error: Sorry, that went wrong on our side \(error id \w+\)/);
    expect(out).not.toContain("database on fire");
    expect(out).toContain("echo command: status");
  }, 60_000);

  it("prints what the bot posts to its channel while it runs, and only that channel", async () => {
    const stdin = new PassThrough();
    const run = chat(dataDir, stdin, ["--channel", "console:live"]);
    const platform = createConsolePlatform({ db: bot.db, logger });
    await platform.postDigest(
      "console:live",
      makeDigest({ channel: "console:live", digestId: "before-chat" }),
    );
    stdin.write("ping\n");
    await until(() => run.stdout().includes("echo command: ping"), "the reply to ping");
    expect(run.stdout()).not.toContain("Newswire ·");

    await platform.postDigest(
      "console:other",
      makeDigest({ channel: "console:other", digestId: "elsewhere" }),
    );
    await platform.postDigest(
      "console:live",
      makeDigest({ channel: "console:live", digestId: "live-1" }),
    );
    await platform.postNotice("console:live", text("feed 3 disabled: 10 failures", "channel"));
    await until(() => run.stdout().includes("feed 3 disabled"), "the notice");
    stdin.end();
    await run.done;
    const out = run.stdout();
    expect(out.match(/Newswire · daily digest/g)).toHaveLength(1);
    expect(out).toContain("console:live");
    expect(out).not.toContain("console:other");
    expect(out.indexOf("Newswire · daily digest")).toBeLessThan(out.indexOf("feed 3 disabled"));
  }, 60_000);

  it("colours on a terminal, not with NO_COLOR set", async () => {
    const coloured = chat(dataDir, Readable.from(["/news digest\n"]), [], { isTty: true });
    await coloured.done;
    expect(coloured.stdout()).toContain(`${ESC}1m`);
    const plain = chat(dataDir, Readable.from(["/news digest\n"]), [], {
      isTty: true,
      deps: { env: { NO_COLOR: "1" } },
    });
    await plain.done;
    expect(plain.stdout()).toContain("Newswire · daily digest");
    expect(plain.stdout()).not.toContain(ESC);
  }, 60_000);

  it("at a terminal: greets, prompts, and redraws the prompt under a digest that arrives", async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const run = chat(dataDir, stdin, ["--channel", "console:tty"], { isTty: true });
    stdin.write("ping\r");
    await until(() => run.stdout().includes("echo command: ping"), "the reply to ping");
    expect(run.stdout()).toContain("Newswire chat on console:tty: type /news help");
    expect(run.stdout()).toContain("console:tty> ");
    stdin.write("half-typed");
    const before = run.stdout().length;
    await createConsolePlatform({ db: bot.db, logger }).postDigest(
      "console:tty",
      makeDigest({ channel: "console:tty", digestId: "tty-1" }),
    );
    await until(() => run.stdout().includes("daily digest"), "the digest");
    await until(() => run.stdout().slice(before).includes("half-typed"), "the redrawn line");
    const after = run.stdout().slice(before);
    // The line being typed is cleared before the digest and comes back after it, still unsent.
    expect(after.indexOf(`${ESC}2K`)).toBeLessThan(after.indexOf("daily digest"));
    expect(after.lastIndexOf("console:tty> ")).toBeGreaterThan(after.indexOf("daily digest"));
    // Ctrl-U clears the half-typed line; Ctrl-D on an empty line leaves, as in a shell.
    stdin.write("\u0015\u0004");
    await run.done;
    expect(run.stdout()).not.toContain("echo command: half-typed");
  }, 60_000);

  it("refuses a channel that is not console:<name>", async () => {
    const run = chat(dataDir, Readable.from([""]), ["--channel", "slack:T1/C1"]);
    await expect(run.done).rejects.toThrow(UserError);
    await expect(run.done).rejects.toThrow(/console:<name>/);
  });
});

describe("newswire chat with no newswire start running", () => {
  it("works for commands and says once that digests need newswire start", async () => {
    const run = chat(tempDataDir(), Readable.from(["status\nlist\n"]));
    await run.done;
    expect(run.stdout()).toContain("echo command: status");
    expect(run.stdout()).toContain("echo command: list");
    expect(run.stderr().match(/No newswire start is running/g)).toHaveLength(1);
    expect(run.stderr()).toContain("newswire start");
  }, 60_000);
});

describe("newswire chat and a digest delivered by another process", () => {
  it("prints a digest that a second process posts to the channel", async () => {
    const dataDir = tempDataDir();
    const stdin = new PassThrough();
    const run = chat(dataDir, stdin, ["--channel", "console:remote"]);
    stdin.write("ping\n");
    await until(() => run.stdout().includes("echo command: ping"), "chat to be up");
    // A real second process joins the embedded database through chat's lock file and posts.
    const poster = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "--eval", postFromAnotherProcess],
      { env: { ...process.env, DATA_DIR: dataDir }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    poster.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    expect(await exited(poster), stderr).toBe(0);
    await until(() => run.stdout().includes("from the other process"), "the remote digest");
    stdin.end();
    await run.done;
  }, 60_000);
});

describe("newswire chat when the running newswire stops", () => {
  it("says once that it cannot read the channel, and keeps answering", async () => {
    const dataDir = tempDataDir();
    const config = loadConfig({ env: { DATA_DIR: dataDir }, file: "/dev/null" });
    const bot = await openDatabase(config, { logger, requireOwnership: true });
    await migrate(bot.db);
    const stdin = new PassThrough();
    const run = chat(dataDir, stdin, ["--channel", "console:gone"]);
    stdin.write("ping\n");
    await until(() => run.stdout().includes("echo command: ping"), "chat to be up");
    await bot.close();
    await until(() => run.stdout().includes("cannot read console:gone"), "the outage notice");
    await new Promise((r) => setTimeout(r, 500));
    stdin.end("status\n");
    await run.done;
    expect(run.stdout().match(/cannot read console:gone/g)).toHaveLength(1);
    expect(run.stdout()).toContain("echo command: status");
  }, 60_000);
});

const src = new URL("../../src/", import.meta.url).href;
const postFromAnotherProcess = `
  import { pino } from "pino";
  import { loadConfig } from "${src}config/load-config.ts";
  import { openDatabase } from "${src}store/open-database.ts";
  import { createConsolePlatform } from "${src}platforms/console/console-platform.ts";
  const config = loadConfig({ env: { DATA_DIR: process.env.DATA_DIR }, file: "/dev/null" });
  const logger = pino({ level: "silent" });
  const opened = await openDatabase(config, { logger });
  if (opened.owner) throw new Error("expected to join chat's database, not to own it");
  const outcome = await createConsolePlatform({ db: opened.db, logger }).postDigest("console:remote", {
    channel: "console:remote", digestId: "remote-1", every: "hourly", createdAt: new Date(),
    topics: [{ topic: "from the other process", subscriptionId: "s1", more: 2, items: [] }],
  });
  await opened.close();
  if (outcome.status !== "posted") throw new Error(JSON.stringify(outcome));
`;

describe("what a chat line means", () => {
  const context = {
    channel: "console:general",
    userId: "ada",
    now: new Date("2026-11-30T12:00:00Z"),
    timeZone: "UTC",
  };
  const cases: Array<[string, string, { text: string; isQuestion: boolean } | "exit" | "empty"]> = [
    [
      "a slash command loses its /news",
      "/news subscribe Iran",
      { text: "subscribe Iran", isQuestion: false },
    ],
    [
      "a slash command stays one even when it reads as a question",
      "/news what's new on Iran?",
      { text: "what's new on Iran?", isQuestion: false },
    ],
    ["/news alone asks for help", "/news", { text: "", isQuestion: false }],
    ["a bare command", "recent Iran since 3d", { text: "recent Iran since 3d", isQuestion: false }],
    [
      "a free-text question",
      "what's new on Iran sanctions?",
      { text: "what's new on Iran sanctions?", isQuestion: true },
    ],
    [
      "a command word with a question mark is a question",
      "search Iran sanctions?",
      { text: "search Iran sanctions?", isQuestion: true },
    ],
    [
      "a typo goes as a command, to get the grammar's did-you-mean",
      "subscrib Iran",
      { text: "subscrib Iran", isQuestion: false },
    ],
    ["exit", " exit ", "exit"],
    ["quit", "QUIT", "exit"],
    ["blank", "   ", "empty"],
  ];
  it.each(cases)("%s", (_name, line, expected) => {
    const parsed = lineToRequest(line, context);
    if (expected === "exit" || expected === "empty") {
      expect(parsed.kind).toBe(expected);
      return;
    }
    expect(parsed).toEqual({
      kind: "request",
      request: {
        channel: "console:general",
        platform: "console",
        userId: "ada",
        canManage: true,
        ...expected,
      },
    });
  });
});
