import { describe, expect, it } from "vitest";
import { parseQuestion } from "../../../src/core/commands/parse-question.js";

// Wednesday 2 December 2026, 15:00 UTC.
const now = new Date("2026-12-02T15:00:00Z");
const dayAgo = new Date("2026-12-01T15:00:00Z");

describe("parseQuestion", () => {
  const cases: Array<{
    name: string;
    text: string;
    timeZone?: string;
    expected: { topic: string; since: Date } | null;
  }> = [
    {
      name: "what's new on",
      text: "what's new on Iran sanctions?",
      expected: { topic: "Iran sanctions", since: dayAgo },
    },
    {
      name: "curly apostrophe",
      text: "What’s new with the Iran sanctions?",
      expected: { topic: "Iran sanctions", since: dayAgo },
    },
    {
      name: "anything about … since Monday",
      text: "anything about Russia relations since Monday?",
      expected: { topic: "Russia relations", since: new Date("2026-11-30T00:00:00Z") },
    },
    {
      name: "since Monday in the asker's zone",
      text: "anything about Russia relations since Monday?",
      timeZone: "America/New_York",
      expected: { topic: "Russia relations", since: new Date("2026-11-30T05:00:00Z") },
    },
    {
      name: "latest on",
      text: "latest on oil prices",
      expected: { topic: "oil prices", since: dayAgo },
    },
    {
      name: "news about … this week (Monday 00:00)",
      text: "news about China trade this week",
      expected: { topic: "China trade", since: new Date("2026-11-30T00:00:00Z") },
    },
    {
      name: "Slack mention and a bare topic",
      text: "<@U024BE7LH> Iran sanctions?",
      expected: { topic: "Iran sanctions", since: dayAgo },
    },
    {
      name: "console mention and a bare topic",
      text: "@bot Iran sanctions?",
      expected: { topic: "Iran sanctions", since: dayAgo },
    },
    {
      name: "in the last 3 days",
      text: "any news on the EU budget in the last 3 days?",
      expected: { topic: "EU budget", since: new Date("2026-11-29T15:00:00Z") },
    },
    {
      name: "past week",
      text: "tell me about semiconductor exports over the past week",
      expected: { topic: "semiconductor exports", since: new Date("2026-11-25T15:00:00Z") },
    },
    {
      name: "yesterday",
      text: "what happened with Brexit yesterday?",
      expected: { topic: "Brexit", since: new Date("2026-12-01T00:00:00Z") },
    },
    {
      name: "is there anything new on",
      text: "Is there anything new on the Fed?",
      expected: { topic: "Fed", since: dayAgo },
    },
    { name: "greeting", text: "@bot hello", expected: null },
    { name: "thanks", text: "thanks!", expected: null },
    { name: "a slash command is not a question", text: "/news list", expected: null },
    {
      name: "plain chatter without mention or question mark",
      text: "I think we should ship it tomorrow",
      expected: null,
    },
    { name: "an unrelated question", text: "why is the build failing on main?", expected: null },
  ];
  for (const { name, text, timeZone, expected } of cases) {
    it(name, () => expect(parseQuestion(text, now, timeZone ?? "UTC")).toEqual(expected));
  }
});
