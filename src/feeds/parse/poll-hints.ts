import type { PollHints } from "./parsed-feed.js";
import { childText, NS } from "./xml-query.js";
import type { XmlElement } from "./xml-tree.js";

const PERIOD_MINUTES: Record<string, number> = {
  hourly: 60,
  daily: 1440,
  weekly: 10080,
  monthly: 43200,
  yearly: 525600,
};

/**
 * RSS 2.0 `<ttl>` (minutes to cache) and the Syndication module's
 * `sy:updatePeriod` divided by `sy:updateFrequency` (default 1): hints for the
 * poll interval, never obeyed blindly.
 */
export function readPollHints(channel: XmlElement): PollHints {
  const ttl = Number.parseInt(childText(channel, "ttl") ?? "", 10);
  const period = PERIOD_MINUTES[(childText(channel, "updateperiod", NS.sy) ?? "").toLowerCase()];
  const frequency = Number.parseInt(childText(channel, "updatefrequency", NS.sy) ?? "1", 10);
  return {
    ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : null,
    updatePeriodMinutes:
      period === undefined ? null : Math.round(period / (frequency > 0 ? frequency : 1)),
  };
}
