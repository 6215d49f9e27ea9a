import { describe, expect, it } from "vitest";
import { freshnessLifetimeMs } from "../../src/feeds/freshness-lifetime.js";
import { formatBytes } from "../../src/feeds/read-capped-body.js";
import { parseRetryAfter } from "../../src/feeds/retry-after.js";

const NOW = new Date("2025-01-01T10:00:00Z");

describe("parseRetryAfter (RFC 9110 §10.2.3)", () => {
  it.each([
    ["seconds", "120", 120_000],
    ["zero seconds", "0", 0],
    ["padded seconds", " 30 ", 30_000],
    ["an HTTP date", "Wed, 01 Jan 2025 10:01:30 GMT", 90_000],
    ["a date in the past", "Wed, 01 Jan 2025 09:00:00 GMT", 0],
    ["garbage", "soon", null],
    ["negative seconds", "-5", null],
    ["empty", "", null],
    ["absent", null, null],
  ])("%s", (_name, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe("freshnessLifetimeMs (RFC 9111 §4.2)", () => {
  const none = { cacheControl: null, expires: null, date: null, age: null };
  it.each([
    ["no headers", none, null],
    ["max-age", { ...none, cacheControl: "public, max-age=300" }, 300_000],
    ["max-age quoted, upper case", { ...none, cacheControl: 'MAX-AGE="60"' }, 60_000],
    ["max-age less Age", { ...none, cacheControl: "max-age=300", age: "100" }, 200_000],
    ["Age beyond max-age", { ...none, cacheControl: "max-age=300", age: "900" }, 0],
    [
      "max-age wins over Expires",
      { ...none, cacheControl: "max-age=60", expires: "Wed, 01 Jan 2025 12:00:00 GMT" },
      60_000,
    ],
    [
      "Expires from Date",
      { ...none, expires: "Wed, 01 Jan 2025 08:10:00 GMT", date: "Wed, 01 Jan 2025 08:00:00 GMT" },
      600_000,
    ],
    [
      "Expires from now without Date",
      { ...none, expires: "Wed, 01 Jan 2025 10:05:00 GMT" },
      300_000,
    ],
    ["unreadable Expires is already expired", { ...none, expires: "0" }, 0],
    ["no-cache", { ...none, cacheControl: "no-cache, max-age=600" }, 0],
    ["no-store", { ...none, cacheControl: "no-store" }, 0],
    ["other directives only", { ...none, cacheControl: "public, must-revalidate" }, null],
  ])("%s", (_name, headers, expected) => {
    expect(freshnessLifetimeMs(headers, NOW)).toBe(expected);
  });
});

describe("formatBytes", () => {
  it.each([
    [5 * 1024 * 1024, "5 MB"],
    [1.5 * 1024 * 1024, "1.5 MB"],
    [512 * 1024, "512 KB"],
    [100, "100 bytes"],
  ])("%d is %s", (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
