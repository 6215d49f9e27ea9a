import { parseHhmm } from "../../core/digest/next-run-at.js";
import { type Schedule, WEEKDAYS } from "../../core/digest/schedule.js";
import { jobId } from "../job-id.js";
import type { QueueBackend } from "../queue-backend.js";

/**
 * One BullMQ job scheduler per channel and schedule: subscriptions of a
 * channel that share a schedule share one digest. Realtime subscriptions have
 * no scheduler (the match worker asks for their digests as articles arrive).
 */
export interface ScheduledSubscription {
  id: string;
  channel: string;
  schedule: Schedule;
  paused: boolean;
}

/** The parts of a schedule that matter for when it fires (an hourly digest ignores the hour and day). */
function scheduleKey(schedule: Schedule): [string, string, string] {
  const [hour, minute] = parseHhmm(schedule.at);
  const hhmm = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
  switch (schedule.every) {
    case "realtime":
      return ["-", "-", "-"];
    case "hourly":
      return [`:${hhmm.slice(3)}`, "-", schedule.timeZone];
    case "daily":
      return [hhmm, "-", schedule.timeZone];
    case "weekly":
      return [hhmm, schedule.day, schedule.timeZone];
  }
}

/** `digest|<channel>|<every>|<at>|<day>|<tz>`, the same for every subscription of the group. */
export function digestSchedulerId(
  sub: Pick<ScheduledSubscription, "channel" | "schedule">,
): string {
  const [at, day, tz] = scheduleKey(sub.schedule);
  return jobId("digest", sub.channel, sub.schedule.every, at, day, tz);
}

/** The cron pattern (minute hour day-of-month month day-of-week) of a schedule; null for realtime. */
export function digestCron(schedule: Pick<Schedule, "every" | "at" | "day">): string | null {
  if (schedule.every === "realtime") return null;
  const [hour, minute] = parseHhmm(schedule.at);
  if (hour > 23 || minute > 59)
    throw new RangeError(`schedule: ${schedule.at} is not a time of day`);
  switch (schedule.every) {
    case "hourly":
      return `${minute} * * * *`;
    case "daily":
      return `${minute} ${hour} * * *`;
    case "weekly":
      // Cron counts days from Sunday = 0, as WEEKDAYS does.
      return `${minute} ${hour} * * ${WEEKDAYS.indexOf(schedule.day)}`;
  }
}

function isScheduled(sub: ScheduledSubscription): boolean {
  return !sub.paused && sub.schedule.every !== "realtime";
}

/**
 * Creates or updates the scheduler of `sub`'s group. `channelSubscriptions`
 * (the channel's subscriptions as they are now) names the group's members in
 * the job, so a channel with two schedules gets two digests, each with its own topics.
 */
export async function scheduleSubscription(
  queue: QueueBackend,
  sub: ScheduledSubscription,
  channelSubscriptions: readonly ScheduledSubscription[] = [sub],
): Promise<void> {
  const cron = digestCron(sub.schedule);
  if (cron === null || sub.paused) return;
  const id = digestSchedulerId(sub);
  const members = new Set(
    channelSubscriptions
      .filter((s) => isScheduled(s) && s.channel === sub.channel && digestSchedulerId(s) === id)
      .map((s) => s.id),
  );
  members.add(sub.id);
  await queue.upsertScheduler(
    "digest",
    id,
    { pattern: cron, tz: sub.schedule.timeZone },
    {
      name: "digest",
      data: {
        channel: sub.channel,
        every: sub.schedule.every,
        subscriptionIds: [...members].sort((a, b) => Number(a) - Number(b)),
      },
    },
  );
}

/**
 * `sub` no longer uses its scheduler (removed, paused or rescheduled). The
 * scheduler goes only when no other active subscription of the channel in
 * `remaining` shares it; otherwise it is updated to name the ones left.
 * True when the scheduler was removed.
 */
export async function unscheduleSubscription(
  queue: QueueBackend,
  sub: ScheduledSubscription,
  remaining: readonly ScheduledSubscription[] = [],
): Promise<boolean> {
  if (sub.schedule.every === "realtime") return false;
  const id = digestSchedulerId(sub);
  const others = remaining.filter(
    (s) =>
      s.id !== sub.id && isScheduled(s) && s.channel === sub.channel && digestSchedulerId(s) === id,
  );
  const [first] = others;
  if (first !== undefined) {
    await scheduleSubscription(queue, first, others);
    return false;
  }
  return queue.removeScheduler("digest", id);
}

/**
 * Brings a channel's digest schedulers in step after any change: every group
 * in `after` is (re)written with its members, and every group of `before`
 * that no active subscription uses any more is removed.
 */
export async function syncChannelSchedules(
  queue: QueueBackend,
  before: readonly ScheduledSubscription[],
  after: readonly ScheduledSubscription[],
): Promise<void> {
  const active = after.filter(isScheduled);
  const kept = new Set<string>();
  for (const sub of active) {
    const id = digestSchedulerId(sub);
    if (kept.has(id)) continue;
    kept.add(id);
    await scheduleSubscription(queue, sub, active);
  }
  const dropped = new Set<string>();
  for (const sub of before) {
    if (sub.schedule.every === "realtime") continue;
    const id = digestSchedulerId(sub);
    if (kept.has(id) || dropped.has(id)) continue;
    dropped.add(id);
    await queue.removeScheduler("digest", id);
  }
}
