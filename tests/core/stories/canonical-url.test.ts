import { describe, expect, it } from "vitest";
import { canonicalUrl } from "../../../src/core/stories/canonical-url.js";

describe("canonicalUrl", () => {
  it.each([
    [
      "tracking parameters removed",
      "https://a.example/x?utm_source=rss&utm_medium=feed&id=7",
      "https://a.example/x?id=7",
    ],
    [
      "click ids removed",
      "https://a.example/x?fbclid=1&gclid=2&mc_cid=3&mc_eid=4",
      "https://a.example/x",
    ],
    ["fragment removed", "https://a.example/x#comments", "https://a.example/x"],
    ["host and scheme lowercased", "HTTPS://News.EXAMPLE/Path", "https://news.example/Path"],
    ["default ports dropped", "http://a.example:80/x", "http://a.example/x"],
    ["https default port dropped", "https://a.example:443/x", "https://a.example/x"],
    ["other ports kept", "https://a.example:8443/x", "https://a.example:8443/x"],
    [
      "other parameters kept in order, encoding untouched",
      "https://a.example/s?q=a%20b&p=2",
      "https://a.example/s?q=a%20b&p=2",
    ],
    ["trailing dot of the host dropped", "https://a.example./x", "https://a.example/x"],
  ])("%s", (_name, url, canonical) => {
    expect(canonicalUrl(url)).toBe(canonical);
  });

  it.each(["/relative", "mailto:x@example.com", "not a url"])("is null for %j", (url) => {
    expect(canonicalUrl(url)).toBeNull();
  });
});
