import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFeed } from "../../../src/feeds/parse/parse-feed.js";
import type { ParsedFeed, ParseOptions } from "../../../src/feeds/parse/parsed-feed.js";

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url));

function parsed(name: string, options: ParseOptions = {}): ParsedFeed {
  const outcome = parseFeed(fixture(name), options);
  if (!outcome.ok) throw new Error(`expected a feed from ${name}, got: ${outcome.error}`);
  return outcome.feed;
}

describe("parseFeed: formats", () => {
  it.each([
    ["rss-unversioned.xml", "rss2", "Harbour Notes", "Ferry timetable changes"],
    ["rss1-odd-prefix.xml", "rss1", "Bird Counts", "Week 9: swifts return"],
    ["rss-iso-8859-1.xml", "rss09x", "Notícias da Região", "Começa a época balnear"],
    ["atom03-modes.xml", "atom03", "Orchard & Grove", "Pruning apples"],
    ["atom-xml-base.xml", "atom10", "Map Room", "Contours"],
    ["jsonfeed-1.0.json", "jsonfeed", "Kiln Diary", "First firing"],
    ["jsonfeed-1.1.json", "jsonfeed", "Kiln Diary", "Glaze tests"],
  ])("%s reads as %s", (name, format, title, firstTitle) => {
    const feed = parsed(name);
    expect(feed.format).toBe(format);
    expect(feed.title).toBe(title);
    expect(feed.items[0]?.title).toBe(firstTitle);
  });

  it("reads an unversioned <rss> as RSS 2.0 with its poll hints", () => {
    const feed = parsed("rss-unversioned.xml");
    expect(feed.link).toBe("https://harbour.example/");
    expect(feed.description).toBe("Tides and ferries");
    expect(feed.hints).toEqual({ ttlMinutes: 30, updatePeriodMinutes: null });
    expect(feed.items[0]).toMatchObject({
      guid: "harbour-1",
      published: "Tue, 03 Mar 2026 08:15:00 GMT",
    });
    expect(feed.warnings).toEqual([]);
  });

  it("reads RSS 1.0 whatever its prefixes: rdf:about as guid, Dublin Core fields", () => {
    const [item] = parsed("rss1-odd-prefix.xml").items;
    expect(item).toMatchObject({
      link: "https://birds.example/w9",
      guid: "https://birds.example/w9",
      published: "2026-03-02T07:00:00Z",
      author: "Ana",
      categories: ["migration"],
    });
  });

  it("reads JSON Feed 1.0 (author object) and 1.1 (authors array)", () => {
    const v10 = parsed("jsonfeed-1.0.json", { url: "https://kiln.example/feed.json" });
    expect(v10.items[0]).toMatchObject({
      link: "https://kiln.example/firing-one",
      guid: "1",
      author: "Mira",
      categories: ["glaze", "cone6"],
    });
    expect(v10.items[1]).toMatchObject({ guid: "2", title: "", link: null });
    expect(v10.items[1]?.contentHtml).toBe("A note without a title");
    expect(parsed("jsonfeed-1.1.json").items[0]?.author).toBe("Mira");
  });
});

describe("parseFeed: titles as text", () => {
  it("turns XHTML and escaped-markup Atom titles into text, keeps text-type brackets", () => {
    const feed = parsed("atom-xhtml-title.xml");
    expect(feed.title).toBe("The Lab Log");
    expect(feed.items.map((i) => i.title)).toEqual([
      "Cells <b>glow</b> brighter",
      "Use the <blink> tag",
    ]);
    // rel="self" comes first but the alternate link is the entry's page.
    expect(feed.items[1]?.link).toBe("https://lab.example/blink");
  });

  it("reads unescaped markup inside an RSS title as text", () => {
    const feed = parsed("rss-markup-title.xml");
    expect(feed.title).toBe("Markup Weekly");
    expect(feed.items[0]?.title).toBe("A bold move");
  });

  it("decodes Atom 0.3 base64 and escaped modes, and mode=xml content", () => {
    const feed = parsed("atom03-modes.xml");
    expect(feed.items.map((i) => i.title)).toEqual(["Pruning apples", "Grafting pears"]);
    expect(feed.items[0]?.summaryHtml).toBe("<p>Cut &amp; shape</p>");
    expect(feed.items[1]?.contentHtml).toBe("<p>Scion and <b>stock</b></p>");
    expect(feed.items[0]?.published).toBe("2026-02-01T09:00:00Z");
  });

  it("keeps CDATA as written and decodes HTML entities", () => {
    const feed = parsed("rss-html-cdata.xml");
    expect(feed.title).toBe("Press & Print");
    const [item] = feed.items;
    expect(item?.title).toBe("Ink & paper");
    expect(item?.contentHtml).toBe("<p>Para one &mdash; <i>here</i>.</p><p>Para two &#x263A;</p>");
    expect(item?.author).toBe("Lin & Sam");
    expect(item?.categories).toEqual(["Print", "Ink"]);
  });
});

describe("parseFeed: links", () => {
  it("resolves links against xml:base, nested, and keeps absolute links as written", () => {
    const feed = parsed("atom-xml-base.xml", { url: "https://elsewhere.example/feed" });
    expect(feed.link).toBe("https://maps.example/blog/");
    expect(feed.items.map((i) => i.link)).toEqual([
      "https://maps.example/archive/2026/contours?utm_source=feed&page=2#top",
      "https://maps.example/blog/legends",
    ]);
  });

  it("takes a permalink guid as the link of an item without one", () => {
    const feed = parsed("rss-no-guid-link.xml");
    expect(feed.items.map((i) => [i.link, i.guid])).toEqual([
      [null, null],
      ["https://loose.example/permalink", "https://loose.example/permalink"],
    ]);
  });
});

describe("parseFeed: recovery", () => {
  it("recovers bare & and HTML entities, saying so", () => {
    const feed = parsed("rss-bare-ampersand.xml");
    expect(feed.title).toBe("Salt & Pepper & Co — Kitchen");
    expect(feed.link).toBe("https://kitchen.example/?a=1&b=2");
    expect(feed.items[0]?.title).toBe("Café … © R&D");
    expect(feed.warnings).toEqual([
      "recovered from XML error at line 4: char '&' is not expected.",
      "recovered from XML error: undefined entity &nbsp; read as HTML",
    ]);
  });

  it.each([
    [
      "an HTML entity the strict pass lets through",
      "<rss><channel><title>a&nbsp;b</title></channel></rss>",
      "recovered from XML error: undefined entity &nbsp; read as HTML",
    ],
    [
      "an undeclared namespace prefix",
      "<rss><channel><title>t</title><media:thumbnail url='x'/></channel></rss>",
      'recovered from XML error: undeclared namespace prefix "media:"',
    ],
  ])("records %s as a recovered error", (_name, text, warning) => {
    const outcome = parseFeed(Buffer.from(text));
    expect(outcome.ok && outcome.feed.warnings).toEqual([warning]);
  });

  it("does not call an entity undefined when an external DTD may define it", () => {
    const text =
      '<!DOCTYPE rss SYSTEM "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss><channel><title>&uuml;</title></channel></rss>';
    const outcome = parseFeed(Buffer.from(text));
    expect(outcome.ok && [outcome.feed.title, outcome.feed.warnings]).toEqual(["ü", []]);
  });

  it("keeps every item of a feed when one has an unreadable date", () => {
    const feed = parsed("atom-bad-date.xml");
    expect(feed.items.map((i) => i.published)).toEqual([
      "not a date at all",
      "2026-02-20T12:00:00+02:00",
      "2099-01-01T00:00:00Z",
    ]);
  });

  it("reads a document without a channel as an empty feed, with a warning", () => {
    const feed = parsed("rss-no-channel.xml");
    expect(feed.items).toEqual([]);
    expect(feed.warnings).toEqual(["no <channel> in <rss>"]);
  });

  it("keeps what a truncated document holds", () => {
    const feed = parsed("rss-truncated.xml");
    expect(feed.items.map((i) => i.title)).toEqual(["Complete item", "Half an it"]);
    expect(feed.warnings[0]).toMatch(/^recovered from XML error: the document ends inside/);
  });

  it("says what a strict parse found when nothing can be read", () => {
    expect(parseFeed(Buffer.from("<?xml version='1.0'?>\n<<<>>>"))).toEqual({
      ok: false,
      error: expect.stringMatching(/^XML error at line \d+: /),
    });
  });

  it("reads the same without the strict pass (recoveries: false), only the recovered errors unlisted", () => {
    const full = parsed("rss-truncated.xml");
    const lean = parsed("rss-truncated.xml", { recoveries: false });
    expect(lean).toEqual({
      ...full,
      warnings: full.warnings.filter((w) => !w.startsWith("recovered from XML error: the doc")),
    });
    expect(lean.warnings).not.toEqual(full.warnings);
    const amp = parsed("rss-bare-ampersand.xml", { recoveries: false });
    expect([amp.title, amp.items[0]?.title, amp.warnings]).toEqual([
      "Salt & Pepper & Co — Kitchen",
      "Café … © R&D",
      [],
    ]);
    expect(parseFeed(Buffer.from("<?xml version='1.0'?>\n<<<>>>"), { recoveries: false })).toEqual(
      parseFeed(Buffer.from("<?xml version='1.0'?>\n<<<>>>")),
    );
    expect(parseFeed(fixture("not-a-feed.html"), { recoveries: false })).toEqual({
      ok: false,
      error: "not a feed: root element is <html>",
    });
  });

  it.each([
    ["not-a-feed.html", "not a feed: root element is <html>"],
    ["entity-bomb.xml", expect.stringMatching(/^XML error: entity &lol\d; expands beyond/)],
  ])("refuses %s with a readable error", (name, error) => {
    expect(parseFeed(fixture(name))).toEqual({ ok: false, error });
  });

  it("refuses an entity bomb quickly and without expanding it", () => {
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    parseFeed(fixture("entity-bomb.xml"));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 * 1024 * 1024);
  });

  it.each([
    ["", "not a feed: the document is empty"],
    ["plain words", "not a feed: the document is neither XML nor JSON"],
    ["{not json", expect.stringMatching(/^JSON error: /)],
    ['{"title": "x"}', "not a feed: JSON without a jsonfeed.org version or items"],
    ["<note><to>me</to></note>", "not a feed: root element is <note>"],
  ])("refuses %j", (text, error) => {
    expect(parseFeed(Buffer.from(text))).toEqual({ ok: false, error });
  });
});

describe("parseFeed: charsets", () => {
  it.each([
    ["rss-windows-1251.xml", null, "Новости дня", "Погода в Москве"],
    ["rss-iso-8859-1.xml", null, "Notícias da Região", "Começa a época balnear"],
    [
      "rss-latin1-no-declaration.xml",
      "text/xml; charset=ISO-8859-1",
      "Notícias da Região",
      "Começa a época balnear",
    ],
    ["rss-utf16le-bom.xml", null, "Notícias da Região", "Começa a época balnear"],
  ])("%s (Content-Type %s)", (name, contentType, title, firstTitle) => {
    const feed = parsed(name, { contentType });
    expect(feed.title).toBe(title);
    expect(feed.items[0]?.title).toBe(firstTitle);
  });

  it("guesses windows-1252 for undeclared bytes that are not UTF-8, and says so", () => {
    const feed = parsed("rss-latin1-no-declaration.xml");
    expect(feed.title).toBe("Notícias da Região");
    expect(feed.warnings).toEqual([
      "charset guessed: no charset given and the bytes are not UTF-8; read as windows-1252",
    ]);
  });
});
