import type { App } from "./app.js";
import { loadTopicLibrary } from "./config/load-topic-library.js";
import { systemClock } from "./core/clock.js";
import type {
  ArticleView,
  CommandPorts,
  FeedView,
  SubscriptionView,
} from "./core/commands/command-ports.js";
import { matchArticles, toTopicArticle } from "./core/commands/match-articles.js";
import type { Schedule, Weekday } from "./core/digest/schedule.js";
import { UserError } from "./core/errors.js";
import { compileTopic, matchTopic } from "./core/topics/index.js";
import { addFeed } from "./feeds/add-feed.js";
import { jobId } from "./queue/job-id.js";
import { syncChannelSchedules } from "./queue/workers/digest-schedules.js";
import { unscheduleFeed } from "./queue/workers/feed-schedules.js";
import {
  type ArticleListing,
  createArticleRepository,
  type StoredArticle,
} from "./store/article-repository.js";
import { createDigestRepository } from "./store/digest-repository.js";
import { createFeedRepository, type FeedRecord } from "./store/feed-repository.js";
import {
  createSubscriptionRepository,
  type SubscriptionRecord,
} from "./store/subscription-repository.js";

/** How many stored articles a topic search or preview reads at most (a busy week of 40 feeds is a few thousand). */
const SCAN_LIMIT = 10_000;

/**
 * The command handlers' ports over the real store, queue, topic library and
 * feed fetcher. Matching is the delivery matcher (core/topics) over stored
 * articles, so a preview shows what digests would carry.
 */
export function createCommandPorts(app: App): CommandPorts {
  const { config, db, queue } = app;
  const subscriptions = createSubscriptionRepository(db);
  const feeds = createFeedRepository(db);
  const articles = createArticleRepository(db);
  const digests = createDigestRepository(db);
  const library = loadTopicLibrary(config.topics);
  const defaults = config.defaults;

  const toView = (r: SubscriptionRecord): SubscriptionView => ({
    id: r.id,
    channel: r.channel,
    topic: r.topic,
    schedule: {
      every: r.every,
      at: r.at ?? defaults.at,
      day: (r.day as Weekday | null) ?? defaults.day,
      timeZone: r.timezone,
    },
    paused: r.paused,
    pauseReason: r.pauseReason,
    createdAt: r.createdAt,
    lastDigestAt: r.lastDigestAt,
  });
  const orNull = (r: SubscriptionRecord | null) => (r === null ? null : toView(r));
  const columns = (s: Schedule) => ({
    every: s.every,
    at: s.at,
    day: s.every === "weekly" ? s.day : null,
    timezone: s.timeZone,
  });
  const listViews = async (channel: string) =>
    (await subscriptions.listByChannel(channel)).map(toView);

  return {
    subscriptions: {
      create: async (input) =>
        toView(
          await subscriptions.create({
            channel: input.channel,
            topic: input.topic,
            createdBy: input.createdBy,
            ...columns(input.schedule),
          }),
        ),
      list: listViews,
      get: async (id) => orNull(await subscriptions.get(id)),
      remove: (id) => subscriptions.remove(id),
      pause: async (id, reason) => orNull(await subscriptions.setPaused(id, true, reason)),
      resume: async (id) => orNull(await subscriptions.setPaused(id, false, null)),
      reschedule: async (id, schedule) =>
        orNull(await subscriptions.reschedule(id, columns(schedule))),
      async findByTopic(channel, topic) {
        const key = normalizeTopic(topic);
        return (await listViews(channel)).filter((s) => normalizeTopic(s.topic) === key);
      },
    },

    feeds: {
      async add(url, channel) {
        const { feed, created } = await addFeed({ config, db, queue }, url, channel);
        return { id: feed.id, url: feed.url, title: feed.title, created };
      },
      async remove(idOrUrl) {
        const feed = await feeds.find(idOrUrl);
        if (feed === null) return null;
        await unscheduleFeed(queue, feed.id);
        await feeds.remove(feed.id);
        return toFeedView(feed);
      },
      list: async () => (await feeds.list()).map(toFeedView),
    },

    articles: {
      async recent({ topic, since, limit }) {
        const stored = (await articles.search({ since, limit: SCAN_LIMIT })).map(toArticleView);
        if (topic === null) {
          return {
            total: stored.length,
            items: stored
              .slice(0, limit)
              .map((article) => ({ article, score: 0, reasons: [], focusTerms: [] })),
          };
        }
        const matched = matchArticles(compileTopic(topic, library), stored);
        return { total: matched.length, items: matched.slice(0, limit) };
      },
      async preview(topic, since, limit) {
        const seen = (await articles.seenSince(since, SCAN_LIMIT)).map(listingView);
        const matched = matchArticles(compileTopic(topic, library), seen);
        return { count: matched.length, best: matched.slice(0, limit), considered: seen.length };
      },
    },

    digests: {
      async requestNow(channel, subscriptionIds) {
        const pending = await digests.pendingMatches(subscriptionIds);
        if (pending.length === 0) return { status: "nothing-new" };
        // Keyed on the newest pending match: asking twice before the digest is
        // built adds one job; asking again after new matches arrive adds another.
        const newest = pending.reduce((max, m) =>
          Number(m.article.id) > Number(max.article.id) ? m : max,
        );
        const id = jobId("digest-now", channel, newest.article.id, pending.length);
        await queue
          .queue("digest")
          .add(
            "digest",
            { channel, subscriptionIds: [...subscriptionIds], every: "realtime" },
            { jobId: id },
          );
        return { status: "enqueued", pending: pending.length, jobId: id };
      },
      async explain(articleId, subs) {
        const [stored] = await articles.getMany([articleId]);
        if (stored === undefined) return null;
        const article = toArticleView(stored);
        const topicArticle = toTopicArticle(article);
        const verdicts = subs.map((s) => {
          let result: ReturnType<typeof matchTopic>;
          try {
            result = matchTopic(compileTopic(s.topic, library), topicArticle);
          } catch (error) {
            // A topic stored before the library changed may no longer compile: say so for that row.
            if (!(error instanceof UserError)) throw error;
            const why = `the topic no longer reads: ${error.message}`;
            return {
              subscriptionId: s.id,
              topic: s.topic,
              matched: false,
              score: 0,
              reasons: [why],
            };
          }
          return {
            subscriptionId: s.id,
            topic: s.topic,
            matched: result !== undefined,
            score: result?.score ?? 0,
            reasons: result?.reasons ?? [],
          };
        });
        return { article, verdicts };
      },
    },

    schedules: {
      async sync(channel, before) {
        const after = await listViews(channel);
        await syncChannelSchedules(queue, before, after);
      },
    },

    clock: systemClock,
    library,
    defaults,
    channelTimeZone: async () => defaults.timezone,
  };
}

/** Topics compare as people see them: case and spacing do not count. */
function normalizeTopic(topic: string): string {
  return topic.trim().replace(/\s+/g, " ").toLowerCase();
}

function toArticleView(a: StoredArticle): ArticleView {
  return listingView({ ...a, source: a.sources[0] ?? "" });
}

/** A listing as commands see it: `text` is the longer of summary and content. */
function listingView(a: ArticleListing): ArticleView {
  return {
    id: a.id,
    title: a.title,
    url: a.url,
    source: a.source,
    publishedAt: a.publishedAt,
    firstSeenAt: a.firstSeenAt,
    summary: a.summary,
    content: a.content,
    text: a.content.length > a.summary.length ? a.content : a.summary,
  };
}

function toFeedView(f: FeedRecord): FeedView {
  return {
    id: f.id,
    url: f.url,
    title: f.title,
    status: f.status,
    lastSuccessAt: f.lastSuccessAt,
    consecutiveFailures: f.consecutiveFailures,
    lastError: f.disabledReason ?? f.lastError,
    articles: f.articles,
  };
}
