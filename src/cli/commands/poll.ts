import type { Command } from "commander";
import { UserError } from "../../core/errors.js";
import { createIngestion } from "../../feeds/create-ingestion.js";
import type { PollOutcome } from "../../feeds/poll-feed.js";
import { jobId } from "../../queue/job-id.js";
import type { CliContext } from "../cli-context.js";
import { createProgress } from "../progress.js";
import { withApp } from "../with-app.js";

function describeOutcome(o: PollOutcome): string {
  switch (o.status) {
    case "new":
      return `${o.newArticles} new of ${o.items} items${o.backlog ? " (first poll: stored as backlog, not announced)" : ""}`;
    case "not-modified":
      return "not modified";
    case "error":
      return `error: ${o.error}${o.disabled ? " (feed now disabled)" : ""}`;
    case "skipped":
      return `skipped: ${o.reason}`;
  }
}

export function registerPollCommand(program: Command, context: CliContext): void {
  program
    .command("poll")
    .description("poll every enabled feed (or one) now, once, and print what happened per feed")
    .option("--feed <idOrUrl>", "only this feed")
    .option("--json", "print one JSON line per feed")
    .action((opts: { feed?: string; json?: boolean }) =>
      withApp(context, async (app) => {
        const ingestion = createIngestion({
          db: app.db,
          config: app.config,
          logger: app.logger,
          onNewArticles: async (feed, articleIds) => {
            await app.queue
              .queue("match")
              .add(
                "match",
                { articleIds },
                { jobId: jobId("match", feed.id, articleIds[0] ?? "") },
              );
          },
        });
        try {
          let ids: string[];
          if (opts.feed) {
            const feed = await ingestion.feeds.find(opts.feed);
            if (!feed)
              throw new UserError(`poll: no feed ${opts.feed}`, {
                hint: "see `newswire feeds list` for ids and URLs",
              });
            ids = [feed.id];
          } else {
            ids = await ingestion.feeds.enabledIds();
          }
          if (ids.length === 0 && !opts.json)
            context.stdout.write(
              "poll: no enabled feeds; add one with `newswire feeds add <url>`\n",
            );
          const progress = createProgress(context, ids.length, "polling");
          let failed = 0;
          // In parallel, bounded: the fetcher keeps at most 2 requests per host anyway.
          const queue = [...ids];
          const workers = Array.from({ length: Math.min(8, ids.length) }, async () => {
            for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
              const outcome = await ingestion.poll(id, { force: true });
              if (outcome.status === "error") failed++;
              progress.tick(outcome.url);
              if (opts.json) {
                context.stdout.write(
                  `${JSON.stringify({ feed_id: outcome.feedId, url: outcome.url, ...outcomeJson(outcome) })}\n`,
                );
              } else {
                context.stdout.write(
                  `${outcome.feedId.padStart(4)} ${outcome.url}: ${describeOutcome(outcome)}\n`,
                );
              }
            }
          });
          await Promise.all(workers);
          progress.stop();
          if (failed > 0) process.exitCode = 1;
        } finally {
          await ingestion.close();
        }
      }),
    );
}

function outcomeJson(o: PollOutcome) {
  switch (o.status) {
    case "new":
      return {
        status: "ok",
        items: o.items,
        new_articles: o.newArticles,
        backlog: o.backlog,
        interval_ms: o.intervalMs,
      };
    case "not-modified":
      return { status: "not_modified", new_articles: 0, interval_ms: o.intervalMs };
    case "error":
      return { status: "error", error: o.error, disabled: o.disabled, interval_ms: o.intervalMs };
    case "skipped":
      return { status: "skipped", reason: o.reason };
  }
}
