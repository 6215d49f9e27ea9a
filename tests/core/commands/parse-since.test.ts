import { describe, expect, it } from "vitest";
import { parseTimeOfDay } from "../../../src/core/commands/parse-schedule-options.js";
import { parseSince } from "../../../src/core/commands/parse-since.js";

// Wednesday 2 December 2026, 15:00 UTC.
const now = new Date("2026-12-02T15:00:00Z");

describe("parseSince", () => {
  const cases: Array<{ text: string; zone?: string; expected: string | null }> = [
    { text: "24h", expected: "2026-12-01T15:00:00.000Z" },
    { text: "3 days", expected: "2026-11-29T15:00:00.000Z" },
    { text: "1w", expected: "2026-11-25T15:00:00.000Z" },
    { text: "90 min", expected: "2026-12-02T13:30:00.000Z" },
    { text: "the past week", expected: "2026-11-25T15:00:00.000Z" },
    { text: "monday", expected: "2026-11-30T00:00:00.000Z" },
    { text: "Wednesday", expected: "2026-12-02T00:00:00.000Z" },
    { text: "thursday", expected: "2026-11-26T00:00:00.000Z" },
    { text: "today", zone: "Asia/Tokyo", expected: "2026-12-02T15:00:00.000Z" },
    { text: "yesterday", zone: "Europe/Berlin", expected: "2026-11-30T23:00:00.000Z" },
    { text: "this week", expected: "2026-11-30T00:00:00.000Z" },
    { text: "this month", expected: "2026-12-01T00:00:00.000Z" },
    { text: "2026-11-01", zone: "America/New_York", expected: "2026-11-01T04:00:00.000Z" },
    { text: "0h", expected: null },
    { text: "forever", expected: null },
    { text: "2026-13-01", expected: null },
  ];
  for (const { text, zone, expected } of cases) {
    it(`${text} (${zone ?? "UTC"})`, () => {
      expect(parseSince(text, now, zone ?? "UTC")?.toISOString() ?? null).toBe(expected);
    });
  }
});

describe("parseTimeOfDay", () => {
  const cases: Array<{ text: string; expected: string | null }> = [
    { text: "8", expected: "08:00" },
    { text: "08:30", expected: "08:30" },
    { text: "8am", expected: "08:00" },
    { text: "12am", expected: "00:00" },
    { text: "12pm", expected: "12:00" },
    { text: "5:30pm", expected: "17:30" },
    { text: "noon", expected: "12:00" },
    { text: "24:00", expected: null },
    { text: "13pm", expected: null },
    { text: "8:60", expected: null },
    { text: "Tesla", expected: null },
  ];
  for (const { text, expected } of cases)
    it(text, () => expect(parseTimeOfDay(text)).toBe(expected));
});
