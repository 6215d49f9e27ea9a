import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/cli-context.js";
import { registerFeedsCheckCommand } from "../../src/cli/commands/feeds-check.js";
import type { Fetcher } from "../../src/feeds/fetch-types.js";
import { createFetcher } from "../../src/feeds/fetcher.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/feeds/${name}`, import.meta.url));

let server: Server;
let base: string;
let fetcher: Fetcher;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/cyrillic.xml") {
      response.writeHead(200, { "content-type": "application/rss+xml; charset=windows-1251" });
      response.end(readFileSync(fixture("rss-windows-1251.xml")));
    } else if (request.url === "/page") {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(readFileSync(fixture("not-a-feed.html")));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fetcher = createFetcher({
    userAgent: "newswire-test",
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 3,
    perHostConcurrency: 2,
    allowPrivate: true,
  });
});

afterAll(async () => {
  await fetcher.close();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  process.exitCode = undefined;
});

async function run(args: string[]): Promise<{ out: string; exitCode: number }> {
  let out = "";
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const context: CliContext = {
    config: () => {
      throw new Error("config is not read when a fetcher is given");
    },
    stdin: process.stdin,
    stdout,
    stderr: stdout,
    isTty: false,
  };
  const program = new Command("newswire").exitOverride();
  registerFeedsCheckCommand(program.command("feeds"), context, {
    fetcher,
    now: () => new Date("2026-03-05T00:00:00Z"),
  });
  await program.parseAsync(["feeds", "check", ...args], { from: "user" });
  const exitCode = typeof process.exitCode === "number" ? process.exitCode : 0;
  return { out, exitCode };
}

describe("newswire feeds check", () => {
  it("prints one JSON line per input, URL and file, and exits 0 when all were read", async () => {
    const { out, exitCode } = await run([
      `${base}/cyrillic.xml`,
      fixture("atom-xml-base.xml"),
      "--json",
      "--items",
      "1",
    ]);
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      input: `${base}/cyrillic.xml`,
      ok: true,
      error: null,
      format: "rss2",
      title: "Новости дня",
      link: "https://novosti.example/",
      item_count: 1,
      items: [
        {
          title: "Погода в Москве",
          link: "https://novosti.example/pogoda",
          guid: expect.stringMatching(/^sha1:/),
          published_at: "2026-03-05T00:00:00.000Z",
        },
      ],
      warnings: [
        "1 items without a usable date were given the time first seen",
        "1 items have no guid; ids derived from link, title and date",
      ],
    });
    expect(lines[1]).toMatchObject({ ok: true, format: "atom10", item_count: 2 });
    expect(lines[1].items).toHaveLength(1);
    expect(exitCode).toBe(0);
  });

  it("goes on after a bad input and exits 1", async () => {
    const { out, exitCode } = await run([
      `${base}/page`,
      `${base}/missing`,
      "/no/such/file.xml",
      fixture("rss-unversioned.xml"),
      "--json",
    ]);
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.ok, l.error])).toEqual([
      [false, "not a feed: root element is <html>"],
      [false, expect.stringMatching(/^fetcher: /)],
      [false, "feeds check: cannot read /no/such/file.xml (ENOENT)"],
      [true, null],
    ]);
    expect(exitCode).toBe(1);
  });

  it("takes --content-type for a file's charset and --base-url for its links", async () => {
    const { out } = await run([
      fixture("rss-latin1-no-declaration.xml"),
      "--content-type",
      "text/xml; charset=iso-8859-1",
      "--json",
    ]);
    expect(JSON.parse(out).title).toBe("Notícias da Região");
    expect(JSON.parse(out).warnings).not.toContain(expect.stringMatching(/charset guessed/));
    const relative = await run([
      fixture("jsonfeed-1.0.json"),
      "--base-url",
      "https://x.example/f/",
      "--json",
    ]);
    expect(JSON.parse(relative.out).items[0].link).toBe("https://x.example/firing-one");
  });

  it("prints a readable summary without --json", async () => {
    const { out } = await run([fixture("rss-unversioned.xml"), fixture("entity-bomb.xml")]);
    expect(out).toContain("  rss2: Harbour Notes <https://harbour.example/>\n  1 item\n");
    expect(out).toContain(
      "  - 2026-03-03 08:15  Ferry timetable changes\n      https://harbour.example/ferry",
    );
    expect(out).toMatch(/entity-bomb\.xml\n {2}error: XML error: entity/);
  });
});
