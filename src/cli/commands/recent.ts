import type { Command } from "commander";
import { parseSince } from "../../core/commands/parse-since.js";
import { UserError } from "../../core/errors.js";
import { createArticleRepository } from "../../store/article-repository.js";
import type { CliContext } from "../cli-context.js";
import { ago, iso } from "../format.js";
import { withApp } from "../with-app.js";

export function registerRecentCommand(program: Command, context: CliContext): void {
  program
    .command("recent [query...]")
    .description("search stored articles, newest first (all of them without a query)")
    .option("--since <window>", "how far back: 24h, 3d, 1w, monday…", "24h")
    .option("--limit <n>", "at most this many (up to 1000)", "20")
    .option("--json", "print JSON")
    .action((words: string[], opts: { since: string; limit: string; json?: boolean }) =>
      withApp(context, async (app) => {
        const now = new Date();
        const since = parseSince(opts.since, now, app.config.defaults.timezone);
        if (!since)
          throw new UserError(`recent: --since ${opts.since} is not a time window`, {
            hint: "try --since 24h, 3d, 1w or monday",
          });
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
          throw new UserError(`recent: --limit ${opts.limit} is not a number from 1 to 1000`, {
            hint: "e.g. --limit 50",
          });
        }
        const query = words.join(" ").trim();
        const articles = await createArticleRepository(app.db).search({ query, since, limit });
        if (opts.json) {
          const rows = articles.map((a) => ({
            id: a.id,
            title: a.title,
            url: a.url,
            source: a.sources[0] ?? null,
            published_at: iso(a.publishedAt),
            summary: a.summary.slice(0, 280),
          }));
          context.stdout.write(`${JSON.stringify(rows)}\n`);
          return;
        }
        if (articles.length === 0) {
          context.stdout.write(
            `nothing${query ? ` on "${query}"` : ""} since ${since.toISOString()}\n`,
          );
          return;
        }
        for (const a of articles) {
          context.stdout.write(
            `${a.id.padStart(6)}  ${ago(a.publishedAt, now).padEnd(8)} ${a.title}\n        ${a.sources[0] ?? ""} ${a.url ?? ""}\n`,
          );
        }
      }),
    );
}
