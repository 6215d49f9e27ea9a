import { describe, expect, it } from "vitest";
import { parseFeed } from "../../../src/feeds/parse/parse-feed.js";

/**
 * Hostile or broken shapes: each must give an outcome within a second of the
 * parser's own work. CPU time, not wall time: a guard against pathological
 * (quadratic, exponential) work, which a busy machine must not make flaky.
 */
const cases: Array<[string, string, (outcome: ReturnType<typeof parseFeed>) => void]> = [
  [
    "runaway nesting (htmlparser2's stack is quadratic in depth)",
    `<rss version="2.0"><channel><title>t</title><item><title>${"<b>".repeat(100_000)}x</title></item></channel></rss>`,
    (outcome) => {
      expect(outcome.ok && outcome.feed.warnings).toContain(
        "elements nested over a thousand deep; the rest was dropped",
      );
    },
  ],
  [
    "thousands of namespace declarations in scope",
    `<rss ${Array.from({ length: 3000 }, (_, i) => `xmlns:p${i}="urn:p${i}"`).join(" ")}><channel>${"<p1:x xmlns:q='urn:q'/>".repeat(10_000)}<item><title>kept</title></item></channel></rss>`,
    (outcome) => {
      expect(outcome.ok && outcome.feed.items.map((i) => i.title)).toEqual(["kept"]);
    },
  ],
  [
    "a megabyte of bare ampersands",
    `<rss><channel><title>${"&".repeat(1_000_000)}</title></channel></rss>`,
    (outcome) => {
      expect(outcome.ok && outcome.feed.title.length).toBe(1_000_000);
    },
  ],
  [
    "ten thousand items",
    `<rss version="2.0"><channel>${"<item><title>a &amp; b</title><link>https://a.example/</link></item>".repeat(10_000)}</channel></rss>`,
    (outcome) => {
      expect(outcome.ok && outcome.feed.items.length).toBe(10_000);
    },
  ],
];

describe("parseFeed: limits", () => {
  it.each(cases)("%s", (_name, text, check) => {
    const started = process.cpuUsage();
    const outcome = parseFeed(Buffer.from(text));
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
    check(outcome);
  });
});
