import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { escapeXml, type OpmlFeed, parseOpml, toOpml } from "../../src/feeds/opml.js";

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../fixtures/opml/${name}`, import.meta.url));

describe("parseOpml", () => {
  const feeds = parseOpml(fixture("world-news.opml"));

  it("finds every feed at any depth, in document order", () => {
    expect(feeds.map((feed) => feed.xmlUrl)).toEqual([
      "https://www.lemonde.fr/international/rss_full.xml",
      "https://feeds.bbci.co.uk/news/world/rss.xml?edition=uk&x=1",
      "https://feeds.arstechnica.com/arstechnica/index",
      "https://example.org/parent.xml",
      "https://example.org/child.xml",
      "https://example.com/top.xml",
    ]);
  });

  it("keeps titles, site URLs, folders and every extra attribute", () => {
    expect(feeds[0]).toEqual({
      xmlUrl: "https://www.lemonde.fr/international/rss_full.xml",
      title: "Le Monde — International",
      text: "Le Monde — International",
      htmlUrl: "https://www.lemonde.fr/international/",
      folders: ["World", "Europe"],
      attributes: {
        type: "rss",
        category: "/world/europe",
        outlet: "Le Monde",
        region: "FR",
        language: "fr",
      },
    } satisfies OpmlFeed);
    expect(feeds[1]?.title).toBe("BBC World");
    expect(feeds[1]?.htmlUrl).toBeNull();
    expect(feeds[1]?.folders).toEqual(["World"]);
    expect(feeds[1]?.attributes).toMatchObject({ region: "GB", outlet: "BBC" });
  });

  it("decodes entities in folder names", () => {
    expect(feeds[2]?.folders).toEqual(['Tech "&" <Science>']);
  });

  it("a feed with children is a feed, and its children are not inside a folder named after it", () => {
    expect(feeds[3]?.folders).toEqual(['Tech "&" <Science>']);
    expect(feeds[4]?.folders).toEqual(['Tech "&" <Science>']);
    expect(feeds[5]?.folders).toEqual([]);
  });

  it("reads OPML 1.0 with attribute names in any case and a declared legacy encoding", () => {
    const legacy = parseOpml(fixture("reader-export-1.0.opml"));
    expect(legacy).toEqual([
      {
        xmlUrl: "http://scripting.com/rss.xml",
        title: "Scripting News",
        text: "Scripting News",
        htmlUrl: "http://scripting.com/",
        folders: [],
        attributes: { type: "rss" },
      },
      {
        xmlUrl: "https://cafebabel.example/rss.xml",
        title: "Café Babel",
        text: "Café Babel",
        htmlUrl: null,
        folders: [],
        attributes: { type: "rss" },
      },
    ]);
  });

  it("an empty body is an empty list", () => {
    expect(parseOpml('<opml version="2.0"><head/><body/></opml>')).toEqual([]);
  });

  it.each([
    ["broken.opml", /^opml: the file is not well-formed XML \(line \d+, column \d+: /],
    ["not-opml.xml", /^opml: the file is not OPML \(it has no <opml><body>\)$/],
    ["entity-bomb.opml", /^opml: the file declares XML entities/],
  ])("refuses %s with a message a person can act on", (name, message) => {
    let caught: unknown;
    try {
      parseOpml(fixture(name));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).message).toMatch(message);
  });
});

describe("toOpml", () => {
  it("round-trips a feed list, folders and extra attributes included", () => {
    const original = parseOpml(fixture("world-news.opml"));
    const written = toOpml(original, {
      title: "Export",
      dateCreated: new Date(Date.UTC(2025, 0, 6)),
    });
    expect(written).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    expect(written).toContain("<dateCreated>Mon, 06 Jan 2025 00:00:00 GMT</dateCreated>");
    const reread = parseOpml(written);
    // Folders are written grouped, so compare as sets keyed by URL.
    const byUrl = (feeds: OpmlFeed[]) =>
      Object.fromEntries(feeds.map((feed) => [feed.xmlUrl, feed]));
    // The one addition: every feed outline says type="rss", as OPML 2.0 readers expect.
    const typed = original.map((feed) => ({
      ...feed,
      attributes: { type: "rss", ...feed.attributes },
    }));
    expect(byUrl(reread)).toEqual(byUrl(typed));
    expect(reread).toHaveLength(original.length);
  });

  it("escapes markup, quotes and newlines so hostile titles stay data", () => {
    const hostile = {
      xmlUrl: 'https://example.com/feed?a=1&b="2"',
      title: 'Tom & Jerry <script>alert("x")</script>\nline two',
      folders: ["A & B", "<C>"],
      attributes: { region: "Côte d'Ivoire", "bad name": "dropped", __proto__x: "kept" },
    };
    const written = toOpml([hostile]);
    expect(written).not.toContain("<script>");
    expect(written).toContain("&lt;script&gt;");
    const [back] = parseOpml(written);
    expect(back?.xmlUrl).toBe(hostile.xmlUrl);
    expect(back?.title).toBe(hostile.title);
    expect(back?.folders).toEqual(hostile.folders);
    expect(back?.attributes).toEqual({ type: "rss", region: "Côte d'Ivoire", __proto__x: "kept" });
  });

  it("writes text even when only the URL is known (OPML 2.0 requires it)", () => {
    const written = toOpml([{ xmlUrl: "https://example.com/rss" }]);
    expect(written).toContain(
      '<outline type="rss" text="https://example.com/rss" xmlUrl="https://example.com/rss"/>',
    );
  });
});

describe("escapeXml", () => {
  it.each([
    ["ampersand first", "a&lt;", "a&amp;lt;"],
    ["quotes", 'say "hi"', "say &quot;hi&quot;"],
    ["whitespace kept through attribute normalization", "a\tb\r\nc", "a&#9;b&#13;&#10;c"],
    ["control characters XML forbids are dropped", "a\u0000b\u001Fc\uFFFE", "abc"],
    ["astral characters kept", "📰", "📰"],
  ])("%s", (_name, input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });
});
