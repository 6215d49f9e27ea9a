import type { Clock } from "../clock.js";
import type { Every, Schedule, Weekday } from "../digest/schedule.js";
import type { TopicLibrary } from "../topics/index.js";

/**
 * What the command handlers need from the world, as small ports of plain
 * data (DESIGN.md §4). Core defines them; src/app-command-ports.ts implements
 * them over the store, the queue and the feed fetcher.
 */
export interface SubscriptionView {
  id: string;
  channel: string;
  /** Exactly what the person typed. */
  topic: string;
  schedule: Schedule;
  paused: boolean;
  pauseReason: string | null;
  createdAt: Date;
  lastDigestAt: Date | null;
}

export interface NewSubscriptionInput {
  channel: string;
  topic: string;
  schedule: Schedule;
  createdBy: string | null;
}

export interface SubscriptionsPort {
  create(input: NewSubscriptionInput): Promise<SubscriptionView>;
  list(channel: string): Promise<SubscriptionView[]>;
  get(id: string): Promise<SubscriptionView | null>;
  remove(id: string): Promise<boolean>;
  pause(id: string, reason: string | null): Promise<SubscriptionView | null>;
  resume(id: string): Promise<SubscriptionView | null>;
  reschedule(id: string, schedule: Schedule): Promise<SubscriptionView | null>;
  /** The channel's subscriptions whose topic is this text (case and spacing ignored). */
  findByTopic(channel: string, topic: string): Promise<SubscriptionView[]>;
}

export type FeedHealth = "ok" | "failing" | "disabled";

export interface FeedView {
  id: string;
  url: string;
  title: string | null;
  status: FeedHealth;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  /** The last poll error, or why the feed was disabled. */
  lastError: string | null;
  articles: number;
}

export interface FeedsPort {
  /** Discovers, guards (SSRF) and stores the feed, and schedules its polls; a UserError says why not. */
  add(
    url: string,
    channel: string,
  ): Promise<{ id: string; url: string; title: string | null; created: boolean }>;
  /** By id or URL; the feed removed, or null when there is none. */
  remove(idOrUrl: string): Promise<FeedView | null>;
  list(): Promise<FeedView[]>;
}

/** An article as the handlers show it. */
export interface ArticleView {
  id: string;
  title: string;
  url: string | null;
  source: string;
  publishedAt: Date;
  firstSeenAt: Date;
  summary: string;
  content: string;
  /** The longer of the two: what summaries are cut from. */
  text: string;
}

export interface ScoredArticle {
  article: ArticleView;
  /** 0 and no reasons when no topic was given. */
  score: number;
  reasons: string[];
  /** The words that made it match, to focus its summary on. */
  focusTerms: string[];
}

export interface TopicPreview {
  /** Articles first seen in the window that the topic matches. */
  count: number;
  /** The best few, best first. */
  best: ScoredArticle[];
  /** How many articles were looked at. */
  considered: number;
}

export interface ArticlesPort {
  /**
   * Stored articles published since `since`; with a topic, only those it
   * matches (the delivery matcher), best first; without, newest first.
   * `total` counts all of them, `items` holds at most `limit`.
   */
  recent(query: {
    topic: string | null;
    since: Date;
    limit: number;
  }): Promise<{ total: number; items: ScoredArticle[] }>;
  /** How many articles first seen since `since` the topic would have matched, and the best `limit`. */
  preview(topic: string, since: Date, limit: number): Promise<TopicPreview>;
}

export type DigestRequest =
  | { status: "enqueued"; pending: number; jobId: string }
  | { status: "nothing-new" };

export interface TopicVerdict {
  subscriptionId: string;
  topic: string;
  matched: boolean;
  score: number;
  reasons: string[];
}

export interface DigestsPort {
  /** Asks for a digest of these subscriptions now, unless none has an undelivered match. */
  requestNow(channel: string, subscriptionIds: string[]): Promise<DigestRequest>;
  /** Why an article matched (or not) each of these subscriptions; null when there is no such article. */
  explain(
    articleId: string,
    subscriptions: ReadonlyArray<Pick<SubscriptionView, "id" | "topic">>,
  ): Promise<{ article: ArticleView; verdicts: TopicVerdict[] } | null>;
}

export interface SchedulesPort {
  /** Brings the channel's digest schedulers in step; `before` is the channel's subscriptions before the change. */
  sync(channel: string, before: readonly SubscriptionView[]): Promise<void>;
}

export interface ScheduleDefaults {
  timezone: string;
  every: Every;
  at: string;
  day: Weekday;
}

export interface CommandPorts {
  subscriptions: SubscriptionsPort;
  feeds: FeedsPort;
  articles: ArticlesPort;
  digests: DigestsPort;
  schedules: SchedulesPort;
  clock: Clock;
  /** The topic library, to check a topic before it is stored. */
  library: TopicLibrary;
  defaults: ScheduleDefaults;
  /** The channel's time zone (config `defaults.timezone` until channels carry their own). */
  channelTimeZone(channel: string): Promise<string>;
}
