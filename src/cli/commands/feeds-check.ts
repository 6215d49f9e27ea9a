import { readFile } from "node:fs/promises";
import { type Command, InvalidArgumentError } from "commander";
import { createConfiguredFetcher } from "../../feeds/create-ingestion.js";
import type { Fetcher } from "../../feeds/fetch-types.js";
import { checkFeed, type FeedCheck } from "../../feeds/normalize/check-feed.js";
import type { CliContext } from "../cli-context.js";
import { EXIT_USER_ERROR } from "../exit-codes.js";

interface CheckOptions {
  json?: boolean;
  items: number;
  contentType?: string;
  baseUrl?: string;
}

/** What `--json` prints per input (DESIGN.md §3): snake_case, keys only ever added. */
interface CheckLine {
  input: string;
  ok: boolean;
  error: string | null;
  format: string | null;
  title: string | null;
  link: string | null;
  item_count: number;
  items: Array<{ title: string; link: string | null; guid: string; published_at: string }>;
  warnings: string[];
}

export interface FeedsCheckDependencies {
  /** The fetcher for URL inputs; by default one built from the feeds config, as the poller's. */
  fetcher?: Fetcher;
  now?: () => Date;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError("give a whole number, 0 or more");
  return n;
}

function toLine(input: string, check: FeedCheck, items: number): CheckLine {
  if (!check.ok) {
    return {
      input,
      ok: false,
      error: check.error,
      format: null,
      title: null,
      link: null,
      item_count: 0,
      items: [],
      warnings: [],
    };
  }
  return {
    input,
    ok: true,
    error: null,
    format: check.format,
    title: check.title,
    link: check.link,
    item_count: check.articles.length,
    items: check.articles.slice(0, items).map((a) => ({
      title: a.title,
      link: a.url,
      guid: a.guid,
      published_at: a.publishedAt.toISOString(),
    })),
    warnings: check.warnings,
  };
}

function toText(line: CheckLine): string {
  if (!line.ok) return `${line.input}\n  error: ${line.error}\n`;
  const out = [
    line.input,
    `  ${line.format}: ${line.title || "(untitled)"}${line.link ? ` <${line.link}>` : ""}`,
    `  ${line.item_count} item${line.item_count === 1 ? "" : "s"}`,
  ];
  for (const item of line.items) {
    out.push(
      `  - ${item.published_at.slice(0, 16).replace("T", " ")}  ${item.title || "(untitled)"}`,
    );
    if (item.link) out.push(`      ${item.link}`);
  }
  for (const warning of line.warnings) out.push(`  warning: ${warning}`);
  return `${out.join("\n")}\n`;
}

/** Reads one input as the poller would: a URL through the fetcher, a file as bytes. */
async function checkInput(
  input: string,
  options: CheckOptions,
  fetcher: () => Fetcher,
  now: Date,
): Promise<FeedCheck> {
  if (/^https?:\/\//i.test(input)) {
    try {
      const result = await fetcher().fetch({ url: input });
      if (result.kind !== "ok") return { ok: false, error: "fetcher: not modified" };
      return checkFeed(result.body, {
        contentType: options.contentType ?? result.contentType,
        url: options.baseUrl ?? result.url,
        now,
      });
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
  let body: Buffer;
  try {
    body = await readFile(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, error: `feeds check: cannot read ${input} (${code ?? "error"})` };
  }
  return checkFeed(body, {
    contentType: options.contentType ?? null,
    url: options.baseUrl ?? null,
    now,
  });
}

/**
 * `newswire feeds check <url or file…>`: what Newswire makes of each feed,
 * storing nothing. One bad input never stops the others; exit code 1 when any
 * input could not be read as a feed.
 */
export function registerFeedsCheckCommand(
  feeds: Command,
  context: CliContext,
  dependencies: FeedsCheckDependencies = {},
): void {
  feeds
    .command("check")
    .description("read feeds exactly as the poller would and show what Newswire makes of them")
    .argument("<inputs...>", "feed URLs or files")
    .option("--json", "one JSON line per input")
    .option("--items <n>", "how many of the first items to show", positiveInt, 3)
    .option("--content-type <type>", "Content-Type to assume for files (its charset counts)")
    .option("--base-url <url>", "the document's address, for relative links")
    .action(async (inputs: string[], options: CheckOptions) => {
      let fetcher = dependencies.fetcher;
      const owned = fetcher === undefined;
      const getFetcher = (): Fetcher => {
        fetcher ??= createConfiguredFetcher(context.config());
        return fetcher;
      };
      let failed = 0;
      try {
        for (const input of inputs) {
          const check = await checkInput(
            input,
            options,
            getFetcher,
            dependencies.now?.() ?? new Date(),
          );
          if (!check.ok) failed++;
          const line = toLine(input, check, options.items);
          context.stdout.write(options.json ? `${JSON.stringify(line)}\n` : toText(line));
        }
      } finally {
        if (owned && fetcher) await fetcher.close();
      }
      if (failed > 0) process.exitCode = EXIT_USER_ERROR;
    });
}
