import { describe, expect, it } from "vitest";
import { parseFeedDate } from "../../../src/feeds/normalize/parse-feed-date.js";

describe("parseFeedDate", () => {
  it.each([
    ["RFC 822", "Tue, 03 Mar 2026 08:15:00 GMT", "2026-03-03T08:15:00.000Z"],
    ["RFC 822 numeric zone", "Mon, 02 Mar 2026 10:00:00 +0100", "2026-03-02T09:00:00.000Z"],
    ["RFC 822 US zone", "Mon, 02 Mar 2026 10:00:00 EST", "2026-03-02T15:00:00.000Z"],
    ["named zone Date.parse lacks", "Sun, 01 Mar 2026 09:00:00 CET", "2026-03-01T08:00:00.000Z"],
    ["misspelt day name", "Thurs, 05 Mar 2026 10:00:00 GMT", "2026-03-05T10:00:00.000Z"],
    ["Sept", "Fri, 04 Sept 2026 10:00:00 GMT", "2026-09-04T10:00:00.000Z"],
    ["RFC 3339", "2026-02-20T12:00:00+02:00", "2026-02-20T10:00:00.000Z"],
    ["RFC 3339 fraction", "2026-02-20T12:00:00.250Z", "2026-02-20T12:00:00.250Z"],
    ["W3C-DTF date only", "2026-02-20", "2026-02-20T00:00:00.000Z"],
    ["space for T, no zone (UTC)", "2026-02-20 12:00:00", "2026-02-20T12:00:00.000Z"],
    ["zone without colon", "2026-02-20T12:00:00+0200", "2026-02-20T10:00:00.000Z"],
  ])("%s", (_name, text, iso) => {
    expect(parseFeedDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    null,
    "",
    "not a date at all",
    "0000-00-00T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "2",
    "12/3",
  ])("is null for %j", (text) => {
    expect(parseFeedDate(text)).toBeNull();
  });
});
