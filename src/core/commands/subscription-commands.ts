import { describeSchedule } from "../digest/describe-schedule.js";
import { nextRunAt } from "../digest/next-run-at.js";
import type { Schedule } from "../digest/schedule.js";
import { UserError } from "../errors.js";
import { compileTopic } from "../topics/index.js";
import type { CommandPorts, SubscriptionView } from "./command-ports.js";
import type { CommandRequest } from "./command-request.js";
import { formatInstant } from "./format-instant.js";
import type { ScheduleOptions } from "./parsed-command.js";
import { reply, textReply, userErrorReply } from "./reply-builders.js";
import type { Reply } from "./reply-model.js";
import { PREVIEW_DAYS, subscribeReply } from "./subscribe-reply.js";

/** How many of the preview's matches the subscribe reply shows. */
const PREVIEW_ITEMS = 3;
const DAY_MS = 86_400_000;

/** The handlers that change or list a channel's subscriptions. */
export function createSubscriptionCommands(ports: CommandPorts) {
  const { subscriptions, schedules } = ports;

  /** A subscription of this channel by id; other channels' subscriptions do not exist here. */
  async function ownSubscription(channel: string, id: string): Promise<SubscriptionView> {
    const sub = await subscriptions.get(id);
    if (sub === null || sub.channel !== channel) {
      throw new UserError(`There is no subscription ${id} in this channel.`, {
        hint: "`/news list` shows this channel's subscriptions and their ids.",
      });
    }
    return sub;
  }

  /** Runs a change and then keeps the digest schedulers in step with it. */
  async function changing<T>(channel: string, change: () => Promise<T>): Promise<T> {
    const before = await subscriptions.list(channel);
    const result = await change();
    await schedules.sync(channel, before);
    return result;
  }

  return {
    async subscribe(
      request: CommandRequest,
      topic: string,
      options: ScheduleOptions,
    ): Promise<Reply> {
      try {
        compileTopic(topic, ports.library);
      } catch (error) {
        if (error instanceof UserError) return userErrorReply(error, topic);
        throw error;
      }
      const existing = await subscriptions.findByTopic(request.channel, topic);
      if (existing[0] !== undefined) {
        throw new UserError(
          `This channel already follows "${existing[0].topic}" (subscription ${existing[0].id}).`,
          { hint: `Change when it comes with \`/news schedule ${existing[0].id} every …\`.` },
        );
      }
      const timeZone = options.timeZone ?? (await ports.channelTimeZone(request.channel));
      const schedule: Schedule = {
        every: options.every ?? ports.defaults.every,
        at: options.at ?? ports.defaults.at,
        day: options.day ?? ports.defaults.day,
        timeZone,
      };
      const now = ports.clock.now();
      const sub = await changing(request.channel, () =>
        subscriptions.create({
          channel: request.channel,
          topic,
          schedule,
          createdBy: request.userId,
        }),
      );
      const preview = await ports.articles.preview(
        topic,
        new Date(now.getTime() - PREVIEW_DAYS * DAY_MS),
        PREVIEW_ITEMS,
      );
      return subscribeReply(sub, preview, now);
    },

    async unsubscribe(request: CommandRequest, target: string): Promise<Reply> {
      let sub: SubscriptionView;
      if (/^\d+$/.test(target)) {
        sub = await ownSubscription(request.channel, target);
      } else {
        const found = await subscriptions.findByTopic(request.channel, target);
        if (found.length === 0) {
          throw new UserError(`This channel does not follow "${target}".`, {
            hint: "`/news list` shows this channel's subscriptions; unsubscribe by id or by topic as listed.",
          });
        }
        if (found.length > 1) {
          throw new UserError(`Several subscriptions here follow "${target}".`, {
            hint: `Say which by id: ${found.map((s) => `\`/news unsubscribe ${s.id}\``).join(", ")}.`,
          });
        }
        sub = found[0] as SubscriptionView;
      }
      await changing(request.channel, () => subscriptions.remove(sub.id));
      return textReply(
        "channel",
        `Unsubscribed from "${sub.topic}" (subscription ${sub.id}): no more digests for it here.`,
      );
    },

    async list(request: CommandRequest): Promise<Reply> {
      const subs = await subscriptions.list(request.channel);
      if (subs.length === 0) {
        return textReply(
          "private",
          "This channel follows no topics yet. Try `/news subscribe Iran sanctions`.",
        );
      }
      return reply(
        "private",
        `This channel follows ${subs.length} topic${subs.length === 1 ? "" : "s"}.`,
        [
          {
            kind: "table",
            columns: ["id", "topic", "schedule", "status", "last digest"],
            rows: subs.map((s) => [
              s.id,
              s.topic,
              describeSchedule(s.schedule),
              s.paused ? `paused${s.pauseReason ? `: ${s.pauseReason}` : ""}` : "active",
              s.lastDigestAt === null
                ? "never"
                : formatInstant(s.lastDigestAt, s.schedule.timeZone),
            ]),
          },
        ],
      );
    },

    async pause(request: CommandRequest, id: string): Promise<Reply> {
      const sub = await ownSubscription(request.channel, id);
      if (sub.paused) return textReply("private", `Subscription ${id} is already paused.`);
      await changing(request.channel, () => subscriptions.pause(id, `paused by ${request.userId}`));
      return textReply(
        "channel",
        `Paused "${sub.topic}" (subscription ${id}): no digests for it until \`/news resume ${id}\`.`,
      );
    },

    async resume(request: CommandRequest, id: string): Promise<Reply> {
      const sub = await ownSubscription(request.channel, id);
      if (!sub.paused) return textReply("private", `Subscription ${id} is not paused.`);
      await changing(request.channel, () => subscriptions.resume(id));
      return textReply(
        "channel",
        `Resumed "${sub.topic}" (subscription ${id}), ${describeSchedule(sub.schedule)}. ${nextDigest(sub.schedule, ports.clock.now())}`,
      );
    },

    async schedule(request: CommandRequest, id: string, options: ScheduleOptions): Promise<Reply> {
      const sub = await ownSubscription(request.channel, id);
      const schedule: Schedule = { ...sub.schedule, ...options };
      const updated = await changing(request.channel, () => subscriptions.reschedule(id, schedule));
      const now = ports.clock.now();
      return textReply(
        "channel",
        `"${sub.topic}" (subscription ${id}) now comes ${describeSchedule(updated?.schedule ?? schedule)}. ${sub.paused ? `It is paused: \`/news resume ${id}\` to get it again.` : nextDigest(schedule, now)}`,
      );
    },
  };
}

function nextDigest(schedule: Schedule, now: Date): string {
  return schedule.every === "realtime"
    ? "Digests come as matching articles arrive."
    : `The next digest comes ${formatInstant(nextRunAt(schedule, now), schedule.timeZone)}.`;
}
