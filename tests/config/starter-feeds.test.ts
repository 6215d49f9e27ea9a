import { readFileSync } from "node:fs";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";

/**
 * The rules for config/starter-feeds.opml (its header comment points here).
 * The file is read as a feed reader would: parsed, not pattern-matched.
 */
const file = new URL("../../config/starter-feeds.opml", import.meta.url);
const text = readFileSync(file, "utf8");

/** Feeds allowed on plain http, each with the reason. None today. */
const httpExceptions: ReadonlyMap<string, string> = new Map<string, string>([
  // ["http://example.org/feed", "the outlet serves no https; checked <date>"],
]);

const regions = new Set([
  "world",
  "europe",
  "russia-ukraine",
  "middle-east",
  "south-asia",
  "east-asia",
  "africa",
  "americas",
  "oceania",
]);
const subjects = new Set(["news", "business", "energy", "technology-policy", "health"]);
const origins = new Set(["catalogue", "catalogue-https", "outlet-section", "outlet"]);

/** URL shapes of podcasts, video channels and aggregators we keep out. */
const excludedUrl =
  /podcast|youtube\.com|youtu\.be|vimeo\.com|\/videos?\b|libsyn|megaphone\.fm|simplecast|omnycontent|news\.google\.com|reddit\.com|feedburner\.com/i;

type Outline = Record<string, string | Outline[] | undefined> & { outline?: Outline[] };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => name === "outline",
  // Attribute values stay strings ("2.0" is a version, not a number).
  parseAttributeValue: false,
  parseTagValue: false,
});
const doc = parser.parse(text) as {
  opml: {
    version: string;
    head: { title: string; dateCreated: string; ownerName: string };
    body: { outline: Outline[] };
  };
};
const outlines = doc.opml.body.outline;

function attr(outline: Outline, name: string): string {
  const value = outline[name];
  return typeof value === "string" ? value : "";
}

describe("config/starter-feeds.opml", () => {
  it("is well-formed OPML 2.0 with a head", () => {
    expect(XMLValidator.validate(text)).toBe(true);
    expect(doc.opml.version).toBe("2.0");
    expect(doc.opml.head.title).not.toBe("");
    expect(doc.opml.head.ownerName).toBe("Newswire");
    expect(Number.isNaN(Date.parse(doc.opml.head.dateCreated))).toBe(false);
  });

  it("opens with a comment saying where the URLs came from", () => {
    const comment = /^<\?xml[^>]*\?>\s*<!--([\s\S]*?)-->/.exec(text)?.[1] ?? "";
    expect(comment).toMatch(/catalogue/);
    expect(comment).toMatch(/change the list/i);
  });

  it("holds between 25 and 40 feeds, flat", () => {
    expect(outlines.length).toBeGreaterThanOrEqual(25);
    expect(outlines.length).toBeLessThanOrEqual(40);
    for (const outline of outlines) expect(outline.outline, attr(outline, "text")).toBeUndefined();
  });

  it.each(outlines.map((o) => [attr(o, "text"), o] as const))(
    "%s: an https feed with text, title, outlet, region, subject and origin",
    (_name, outline) => {
      const xmlUrl = attr(outline, "xmlUrl");
      const url = new URL(xmlUrl); // throws unless absolute
      if (url.protocol !== "https:") {
        expect(httpExceptions.has(xmlUrl), `${xmlUrl} is not https`).toBe(true);
      }
      expect(url.protocol === "https:" || url.protocol === "http:").toBe(true);
      expect(new URL(attr(outline, "htmlUrl")).protocol).toBe("https:");
      for (const name of ["text", "title", "outlet"]) {
        expect(attr(outline, name).trim(), name).not.toBe("");
      }
      expect(regions).toContain(attr(outline, "region"));
      expect(subjects).toContain(attr(outline, "subject"));
      expect(origins).toContain(attr(outline, "origin"));
    },
  );

  it.each(outlines.map((o) => [attr(o, "text"), o] as const))(
    "%s: is an article feed, not a podcast or video",
    (_name, outline) => {
      expect(attr(outline, "type")).toBe("rss");
      expect(attr(outline, "xmlUrl")).not.toMatch(excludedUrl);
      const itunes = Object.keys(outline).filter((key) => /itunes|podcast|enclosure/i.test(key));
      expect(itunes).toEqual([]);
    },
  );

  it("has no feed twice", () => {
    const seen = new Map<string, number>();
    for (const outline of outlines) {
      // Compare what a fetch would reach: scheme, host case and a trailing slash do not matter.
      const url = new URL(attr(outline, "xmlUrl"));
      const key = `${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, "")}${url.search}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen].filter(([, count]) => count > 1)).toEqual([]);
  });

  it("covers at least 6 regions and every subject", () => {
    const covered = new Set(outlines.map((o) => attr(o, "region")));
    covered.delete("world");
    expect(covered.size).toBeGreaterThanOrEqual(6);
    expect(new Set(outlines.map((o) => attr(o, "subject")))).toEqual(subjects);
  });

  it("lists only http exceptions that are still in the file", () => {
    const urls = new Set(outlines.map((o) => attr(o, "xmlUrl")));
    for (const url of httpExceptions.keys()) expect(urls).toContain(url);
  });
});
