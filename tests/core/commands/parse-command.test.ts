import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/core/commands/parse-command.js";
import type { ParsedCommand } from "../../../src/core/commands/parsed-command.js";
import { UserError } from "../../../src/core/errors.js";

// Monday 30 November 2026, 10:00 UTC.
const now = new Date("2026-11-30T10:00:00Z");
const context = { now, timeZone: "UTC" };
const parse = (text: string) => parseCommand(text, context);

describe("parseCommand: accepted", () => {
  const cases: Array<{ name: string; text: string; expected: ParsedCommand }> = [
    {
      name: "subscribe, topic exactly as typed",
      text: "subscribe Iran  Sanctions",
      expected: { kind: "subscribe", topic: "Iran  Sanctions", schedule: {} },
    },
    {
      name: "subscribe with every options",
      text: "subscribe oil prices every weekly on fri at 5:30pm in europe/london",
      expected: {
        kind: "subscribe",
        topic: "oil prices",
        schedule: { every: "weekly", day: "fri", at: "17:30", timeZone: "Europe/London" },
      },
    },
    {
      name: "subscribe: on DAY implies weekly",
      text: "subscribe China trade on monday",
      expected: {
        kind: "subscribe",
        topic: "China trade",
        schedule: { every: "weekly", day: "mon" },
      },
    },
    {
      name: "subscribe: every monday",
      text: "subscribe China trade every monday at 9",
      expected: {
        kind: "subscribe",
        topic: "China trade",
        schedule: { every: "weekly", day: "mon", at: "09:00" },
      },
    },
    {
      name: "subscribe: topic words that look like options stay in the topic",
      text: "subscribe elections in France focus on China look at Tesla every daily",
      expected: {
        kind: "subscribe",
        topic: "elections in France focus on China look at Tesla",
        schedule: { every: "daily" },
      },
    },
    {
      name: "subscribe: UTC zone",
      text: "subscribe AI safety every hourly in UTC",
      expected: {
        kind: "subscribe",
        topic: "AI safety",
        schedule: { every: "hourly", timeZone: "UTC" },
      },
    },
    {
      name: "/news prefix and alias",
      text: "/news sub Iran sanctions",
      expected: { kind: "subscribe", topic: "Iran sanctions", schedule: {} },
    },
    {
      name: "unsubscribe by topic",
      text: "unsubscribe Iran sanctions",
      expected: { kind: "unsubscribe", target: "Iran sanctions" },
    },
    {
      name: "unsubscribe by id",
      text: "unsubscribe 12",
      expected: { kind: "unsubscribe", target: "12" },
    },
    { name: "list", text: "list", expected: { kind: "list" } },
    { name: "pause", text: "pause 12", expected: { kind: "pause", id: "12" } },
    { name: "resume", text: "RESUME 12", expected: { kind: "resume", id: "12" } },
    {
      name: "schedule",
      text: "schedule 12 every daily at 07:30 in America/New_York",
      expected: {
        kind: "schedule",
        id: "12",
        schedule: { every: "daily", at: "07:30", timeZone: "America/New_York" },
      },
    },
    { name: "feeds alone lists", text: "feeds", expected: { kind: "feeds", action: "list" } },
    { name: "feeds list", text: "feeds list", expected: { kind: "feeds", action: "list" } },
    {
      name: "feeds add a URL",
      text: "feeds add https://example.com/rss",
      expected: { kind: "feeds", action: "add", url: "https://example.com/rss" },
    },
    {
      name: "feeds add a Slack-wrapped bare domain",
      text: "feeds add <http://example.com|example.com>",
      expected: { kind: "feeds", action: "add", url: "http://example.com/" },
    },
    {
      name: "feeds add a bare domain",
      text: "feeds add example.com",
      expected: { kind: "feeds", action: "add", url: "https://example.com/" },
    },
    {
      name: "feeds remove",
      text: "feeds remove 7",
      expected: { kind: "feeds", action: "remove", target: "7" },
    },
    {
      name: "recent with nothing: last 24 hours",
      text: "recent",
      expected: { kind: "recent", topic: null, since: new Date("2026-11-29T10:00:00Z") },
    },
    {
      name: "recent topic since 3d",
      text: "recent Russia relations since 3d",
      expected: {
        kind: "recent",
        topic: "Russia relations",
        since: new Date("2026-11-27T10:00:00Z"),
      },
    },
    {
      name: "recent since monday (today is Monday: this morning)",
      text: "recent since monday",
      expected: { kind: "recent", topic: null, since: new Date("2026-11-30T00:00:00Z") },
    },
    {
      name: "recent since 1w",
      text: "recent oil since 1w",
      expected: { kind: "recent", topic: "oil", since: new Date("2026-11-23T10:00:00Z") },
    },
    { name: "digest", text: "digest", expected: { kind: "digest" } },
    { name: "why", text: "why 4821", expected: { kind: "why", itemId: "4821" } },
    { name: "status", text: "status", expected: { kind: "status" } },
    { name: "empty text is help", text: "  ", expected: { kind: "help", command: null } },
    {
      name: "help command",
      text: "help subscribe",
      expected: { kind: "help", command: "subscribe" },
    },
  ];
  for (const { name, text, expected } of cases) {
    it(name, () => expect(parse(text)).toEqual(expected));
  }

  it("since resolves in the channel's time zone", () => {
    const berlin = parseCommand("recent since yesterday", { now, timeZone: "Europe/Berlin" });
    expect(berlin).toEqual({
      kind: "recent",
      topic: null,
      since: new Date("2026-11-28T23:00:00Z"),
    });
  });
});

describe("parseCommand: refused with what to type instead", () => {
  const cases: Array<{
    name: string;
    text: string;
    message: RegExp;
    position: number;
    hint: RegExp;
  }> = [
    {
      name: "unknown command suggests the closest",
      text: "subscibe Iran",
      message: /"subscibe" is not a command/,
      position: 0,
      hint: /\/news subscribe/,
    },
    {
      name: "subscribe without a topic",
      text: "subscribe every daily",
      message: /subscribe needs a topic/,
      position: 9,
      hint: /\/news subscribe Iran sanctions/,
    },
    {
      name: "bad every",
      text: "subscribe oil every fortnight",
      message: /"fortnight" is not a schedule/,
      position: 20,
      hint: /every daily/,
    },
    {
      name: "bad time",
      text: "subscribe oil at 25:00",
      message: /"25:00" is not a time of day/,
      position: 17,
      hint: /HH:MM/,
    },
    {
      name: "bad zone",
      text: "subscribe oil in Europe/Berln",
      message: /"Europe\/Berln" is not a time zone/,
      position: 17,
      hint: /Europe\/Berlin/,
    },
    {
      name: "day with daily",
      text: "subscribe oil every daily on fri",
      message: /only applies to weekly/,
      position: 26,
      hint: /every weekly/,
    },
    {
      name: "option twice",
      text: "subscribe oil at 08:00 at 09:00",
      message: /"at" is given twice/,
      position: 14,
      hint: /once/,
    },
    {
      name: "pause without id",
      text: "pause",
      message: /pause needs a subscription id/,
      position: 5,
      hint: /\/news pause 12/,
    },
    {
      name: "pause with two ids",
      text: "pause 1 2",
      message: /unexpected "2"/,
      position: 8,
      hint: /pause/,
    },
    {
      name: "schedule with no options",
      text: "schedule 12",
      message: /at least one/,
      position: 11,
      hint: /schedule/,
    },
    {
      name: "schedule with a stray word",
      text: "schedule 12 every daily soon",
      message: /"soon" needs a value/,
      position: 28,
      hint: /every daily/,
    },
    {
      name: "feeds with an unknown action",
      text: "feeds purge",
      message: /feeds has no "purge" action/,
      position: 6,
      hint: /feeds add/,
    },
    {
      name: "feeds add something that is no URL",
      text: "feeds add notaurl",
      message: /not a web address/,
      position: 10,
      hint: /https:\/\/example.com\/rss/,
    },
    {
      name: "recent since nonsense",
      text: "recent oil since forever",
      message: /"forever" is not a time/,
      position: 17,
      hint: /since 24h/,
    },
    {
      name: "list takes no arguments",
      text: "list all",
      message: /unexpected "all"/,
      position: 5,
      hint: /\/news list/,
    },
    {
      name: "help for an unknown command",
      text: "help frobnicate",
      message: /"frobnicate" is not a command/,
      position: 5,
      hint: /\/news help/,
    },
  ];
  for (const { name, text, message, position, hint } of cases) {
    it(name, () => {
      let error: unknown;
      try {
        parse(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      const userError = error as UserError;
      expect(userError.message).toMatch(message);
      expect(userError.position).toBe(position);
      expect(userError.hint).toMatch(hint);
    });
  }
});
