import { UserError } from "../errors.js";
import { compileTopic } from "../topics/index.js";
import type { CommandPorts, FeedView } from "./command-ports.js";
import type { CommandRequest } from "./command-request.js";
import { formatInstant } from "./format-instant.js";
import { reply, textReply, userErrorReply } from "./reply-builders.js";
import type { Reply, ReplyBlock } from "./reply-model.js";
import { toReplyItem } from "./to-reply-item.js";

/** How many articles `recent` shows (the rest are counted as "more"). */
export const RECENT_ITEMS = 5;
const ERROR_CHARS = 120;

/** The handlers for articles, digests, feeds and their health. */
export function createChannelReadCommands(ports: CommandPorts) {
  async function zone(channel: string): Promise<string> {
    return ports.channelTimeZone(channel);
  }

  return {
    async recent(request: CommandRequest, topic: string | null, since: Date): Promise<Reply> {
      if (topic !== null) {
        try {
          compileTopic(topic, ports.library);
        } catch (error) {
          if (error instanceof UserError) return userErrorReply(error, topic);
          throw error;
        }
      }
      const { total, items } = await ports.articles.recent({ topic, since, limit: RECENT_ITEMS });
      const when = formatInstant(since, await zone(request.channel));
      if (total === 0) {
        return textReply(
          "private",
          topic === null ? `Nothing new since ${when}.` : `Nothing on "${topic}" since ${when}.`,
        );
      }
      const head =
        topic === null
          ? `${total} article${total === 1 ? "" : "s"} since ${when}, newest first:`
          : `${total} article${total === 1 ? "" : "s"} on "${topic}" since ${when}, best first:`;
      return reply("private", head, [
        { kind: "text", text: head },
        { kind: "items", items: items.map(toReplyItem), more: Math.max(0, total - items.length) },
      ]);
    },

    async digest(request: CommandRequest): Promise<Reply> {
      const subs = (await ports.subscriptions.list(request.channel)).filter((s) => !s.paused);
      if (subs.length === 0) {
        throw new UserError(
          "This channel follows no active topics, so there is no digest to send.",
          {
            hint: "Subscribe first: `/news subscribe Iran sanctions`.",
          },
        );
      }
      const result = await ports.digests.requestNow(
        request.channel,
        subs.map((s) => s.id),
      );
      if (result.status === "nothing-new") {
        return textReply(
          "channel",
          "Nothing new since the last digest: no article has matched this channel's topics since. `/news recent <topic>` searches everything stored.",
        );
      }
      return textReply(
        "channel",
        `A digest with ${result.pending} new match${result.pending === 1 ? "" : "es"} is on its way.`,
      );
    },

    async why(request: CommandRequest, articleId: string): Promise<Reply> {
      const subs = await ports.subscriptions.list(request.channel);
      const explained = /^\d+$/.test(articleId)
        ? await ports.digests.explain(articleId, subs)
        : null;
      if (explained === null) {
        throw new UserError(`There is no article ${articleId}.`, {
          hint: "Use the id shown with a digest item or in `/news recent`.",
        });
      }
      const { article, verdicts } = explained;
      const head = `Article ${article.id}: ${article.title} (${article.source})`;
      if (verdicts.length === 0) {
        return textReply("private", `${head}\nThis channel follows no topics to match it against.`);
      }
      const blocks: ReplyBlock[] = [{ kind: "text", text: head }];
      blocks.push({
        kind: "table",
        columns: ["subscription", "topic", "matched", "why"],
        rows: verdicts.map((v) => [
          v.subscriptionId,
          v.topic,
          v.matched ? `yes (score ${v.score})` : "no",
          v.matched || v.reasons.length > 0
            ? v.reasons.join("; ")
            : "the topic's words are not all there together",
        ]),
      });
      const matched = verdicts.filter((v) => v.matched).length;
      return reply("private", `${head}: matches ${matched} of ${verdicts.length} topics.`, blocks);
    },

    async status(): Promise<Reply> {
      const feeds = await ports.feeds.list();
      if (feeds.length === 0) {
        return textReply("private", "No feeds yet. Add one with `/news feeds add <url>`.");
      }
      const count = (status: FeedView["status"]) => feeds.filter((f) => f.status === status).length;
      const head = `${feeds.length} feed${feeds.length === 1 ? "" : "s"}: ${count("ok")} ok, ${count("failing")} failing, ${count("disabled")} disabled.`;
      const troubled = feeds.filter((f) => f.status !== "ok");
      const blocks: ReplyBlock[] = [{ kind: "text", text: head }];
      if (troubled.length > 0) blocks.push(feedTable(troubled));
      return reply("private", head, blocks);
    },

    async feedsList(): Promise<Reply> {
      const feeds = await ports.feeds.list();
      if (feeds.length === 0) {
        return textReply("private", "No feeds yet. Add one with `/news feeds add <url>`.");
      }
      return reply("private", `${feeds.length} feed${feeds.length === 1 ? "" : "s"}.`, [
        feedTable(feeds),
      ]);
    },

    async feedsAdd(request: CommandRequest, url: string): Promise<Reply> {
      const feed = await ports.feeds.add(url, request.channel);
      const name = feed.title ?? feed.url;
      return textReply(
        "channel",
        feed.created
          ? `Added feed ${feed.id}: ${name}${feed.url !== url ? ` (found from ${url})` : ""}. Its articles arrive within a few minutes.`
          : `Feed ${feed.id} (${name}) was already there; it is polled as before.`,
      );
    },

    async feedsRemove(_request: CommandRequest, target: string): Promise<Reply> {
      const feed = await ports.feeds.remove(target);
      if (feed === null) {
        throw new UserError(`There is no feed ${target}.`, {
          hint: "`/news feeds list` shows the feeds with their ids.",
        });
      }
      return textReply(
        "channel",
        `Removed feed ${feed.id} (${feed.title ?? feed.url}); its articles already stored stay searchable.`,
      );
    },
  };
}

function feedTable(feeds: readonly FeedView[]): ReplyBlock {
  return {
    kind: "table",
    columns: ["id", "status", "feed", "articles", "last error"],
    rows: feeds.map((f) => [
      f.id,
      f.status === "ok" ? "ok" : `${f.status} (${f.consecutiveFailures} failures)`,
      f.title ?? f.url,
      String(f.articles),
      (f.lastError ?? "").slice(0, ERROR_CHARS),
    ]),
  };
}
