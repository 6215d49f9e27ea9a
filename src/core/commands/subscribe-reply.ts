import { describeSchedule } from "../digest/describe-schedule.js";
import { nextRunAt } from "../digest/next-run-at.js";
import type { SubscriptionView, TopicPreview } from "./command-ports.js";
import { formatInstant } from "./format-instant.js";
import type { Reply, ReplyBlock } from "./reply-model.js";
import { toReplyItem } from "./to-reply-item.js";

/** At or above this many matches in a week, a topic is broad enough to say so. */
export const BROAD_PREVIEW_COUNT = 100;
export const PREVIEW_DAYS = 7;

/**
 * The reply to `subscribe`, posted in the channel: what was subscribed, when
 * the first digest comes, how to get one now, and what the topic would have
 * caught over the last week (DESIGN.md §3), with advice when that is nothing
 * or too much.
 */
export function subscribeReply(sub: SubscriptionView, preview: TopicPreview, now: Date): Reply {
  const schedule = describeSchedule(sub.schedule);
  const when =
    sub.schedule.every === "realtime"
      ? "in real time: digests come as matching articles arrive"
      : `${schedule}. The first digest comes ${formatInstant(nextRunAt(sub.schedule, now), sub.schedule.timeZone)}`;
  const blocks: ReplyBlock[] = [
    {
      kind: "text",
      text: `Subscribed this channel to "${sub.topic}" (subscription ${sub.id}), ${when}. Type \`/news digest\` to get one now. Only articles first seen from now on are delivered.`,
    },
  ];
  blocks.push(...previewBlocks(sub, preview));
  return {
    visibility: "channel",
    summary: `Subscribed to ${sub.topic} (${sub.id}), ${schedule}.`,
    blocks,
  };
}

function previewBlocks(sub: SubscriptionView, preview: TopicPreview): ReplyBlock[] {
  const { topic } = sub;
  const n = preview.count;
  if (n === 0) {
    return [
      {
        kind: "text",
        text: `No article from the last ${PREVIEW_DAYS} days would have matched "${topic}". ${broaderAdvice(topic)}`,
      },
    ];
  }
  const blocks: ReplyBlock[] = [
    {
      kind: "text",
      text: `${n} article${n === 1 ? "" : "s"} from the last ${PREVIEW_DAYS} days would have matched${n > preview.best.length ? `; the best ${preview.best.length}` : ""}:`,
    },
    {
      kind: "items",
      items: preview.best.map(toReplyItem),
      more: Math.max(0, n - preview.best.length),
    },
  ];
  if (n >= BROAD_PREVIEW_COUNT) {
    blocks.push({
      kind: "text",
      text: `That is a broad topic (${n} articles a week). To narrow it, unsubscribe (\`/news unsubscribe ${sub.id}\`) and subscribe again with one more word that must appear, a phrase in quotes (\`"${topic}"\`) or a word to exclude (\`-sport\`).`,
    });
  }
  return blocks;
}

/** A broader form of a topic that caught nothing: drop the last word, or join the words with OR. */
export function broaderAdvice(topic: string): string {
  const words = topic.trim().split(/\s+/);
  if (words.length >= 2 && !/\b(AND|OR|NOT)\b|["()]/.test(topic)) {
    return `Try something broader: \`${words.slice(0, -1).join(" ")}\` (one word fewer) or \`${words.join(" OR ")}\` (any of the words).`;
  }
  return "Try something broader: fewer words, a synonym, or alternatives joined with OR (`oil OR gas`).";
}
