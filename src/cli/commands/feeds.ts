import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { UserError } from "../../core/errors.js";
import { addFeed } from "../../feeds/add-feed.js";
import { parseOpml, toOpml } from "../../feeds/opml.js";
import { scheduleFeed, unscheduleFeed } from "../../queue/workers/feed-schedules.js";
import { createFeedRepository, type FeedRecord } from "../../store/feed-repository.js";
import type { CliContext } from "../cli-context.js";
import { ago, duration, iso, table } from "../format.js";
import { createProgress } from "../progress.js";
import { withApp } from "../with-app.js";
import { registerFeedsCheckCommand } from "./feeds-check.js";

/** `feeds list --json` (DESIGN.md §3): snake_case, more keys may be added, none renamed. */
export function feedJson(feed: FeedRecord) {
  return {
    id: feed.id,
    url: feed.url,
    title: feed.title,
    site_url: feed.siteUrl,
    status: feed.status,
    last_polled_at: iso(feed.lastPolledAt),
    next_poll_at: iso(feed.nextPollAt),
    consecutive_failures: feed.consecutiveFailures,
    last_error: feed.lastError,
    articles: feed.articles,
    last_success_at: iso(feed.lastSuccessAt),
    interval_ms: feed.intervalMs,
    disabled_reason: feed.disabledReason,
    starter: feed.starter,
  };
}

export function registerFeedsCommand(program: Command, context: CliContext): void {
  const feeds = program.command("feeds").description("manage the feeds Newswire polls");
  const out = (s: string): void => {
    context.stdout.write(`${s}\n`);
  };

  feeds
    .command("add <url>")
    .description("add a feed (a web page's URL works too: its feed is discovered)")
    .option("--channel <channel>", "the channel it is for (told if the feed is disabled)")
    .action((url: string, opts: { channel?: string }) =>
      withApp(context, async (app) => {
        const { feed, created } = await addFeed(app, url, opts.channel);
        out(
          `${created ? "added" : "already there:"} feed ${feed.id} ${feed.url}${feed.url !== url ? ` (found from ${url})` : ""}; it is polled within a minute while newswire runs`,
        );
      }),
    );

  feeds
    .command("list")
    .description(
      "every feed with its health: status, last success, last error, next poll, interval",
    )
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      withApp(context, async (app) => {
        const list = await createFeedRepository(app.db).list();
        if (opts.json) return out(JSON.stringify(list.map(feedJson)));
        if (list.length === 0) return out("no feeds yet: add one with `newswire feeds add <url>`");
        const starter = list.filter((f) => f.starter).length;
        out(
          table(
            [
              "id",
              "status",
              "title",
              "articles",
              "last success",
              "next poll",
              "every",
              "last error",
            ],
            list.map((f) => [
              f.id,
              f.status,
              (f.title ?? f.url).slice(0, 40),
              String(f.articles),
              ago(f.lastSuccessAt),
              f.status === "disabled" ? "-" : ago(f.nextPollAt),
              duration(f.intervalMs),
              (f.disabledReason ?? f.lastError ?? "").slice(0, 60),
            ]),
          ),
        );
        if (starter > 0) out(`\n${starter} of these are starter feeds (config/starter-feeds.opml)`);
      }),
    );

  feeds
    .command("remove <idOrUrl>")
    .description("stop polling a feed and forget it (its stored articles stay)")
    .action((idOrUrl: string) =>
      withApp(context, async (app) => {
        const repo = createFeedRepository(app.db);
        const feed = await repo.find(idOrUrl);
        if (!feed)
          throw new UserError(`feeds: no feed ${idOrUrl}`, {
            hint: "see `newswire feeds list` for ids and URLs",
          });
        await unscheduleFeed(app.queue, feed.id);
        await repo.remove(feed.id);
        out(`removed feed ${feed.id} ${feed.url}`);
      }),
    );

  feeds
    .command("import [file]")
    .description("add every feed of an OPML file (or the starter set with --starter)")
    .option("--starter", "import config/starter-feeds.opml")
    .action((file: string | undefined, opts: { starter?: boolean }) =>
      withApp(context, async (app) => {
        const path = opts.starter ? app.config.feeds.starterFile : file;
        if (!path)
          throw new UserError("feeds import: which file?", {
            hint: "newswire feeds import subscriptions.opml, or --starter",
          });
        let text: Buffer;
        try {
          text = readFileSync(path);
        } catch {
          throw new UserError(`feeds import: cannot read ${path}`, { hint: "check the path" });
        }
        const entries = parseOpml(text);
        const repo = createFeedRepository(app.db);
        const progress = createProgress(context, entries.length, "importing");
        let added = 0;
        for (const entry of entries) {
          const { feed, created } = await repo.add({
            url: entry.xmlUrl,
            title: entry.title ?? entry.text,
            siteUrl: entry.htmlUrl,
            starter: Boolean(opts.starter),
            attributes: entry.attributes,
          });
          if (created) {
            added++;
            await scheduleFeed(app.queue, feed, app.config.feeds.minIntervalMs);
          }
          progress.tick(entry.xmlUrl);
        }
        progress.stop();
        out(
          `imported ${added} new feeds from ${path} (${entries.length - added} were already there)`,
        );
      }),
    );

  feeds
    .command("export")
    .description("print every feed as OPML 2.0")
    .action(() =>
      withApp(context, async (app) => {
        const list = await createFeedRepository(app.db).list();
        context.stdout.write(
          toOpml(
            list.map((f) => ({
              xmlUrl: f.url,
              title: f.title,
              text: f.title,
              htmlUrl: f.siteUrl,
              attributes: f.attributes,
            })),
            { title: "Newswire feeds" },
          ),
        );
      }),
    );

  registerFeedsCheckCommand(feeds, context);
}
