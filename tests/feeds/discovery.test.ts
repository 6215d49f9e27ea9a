import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import {
  discoverFeed,
  findFeedLinks,
  looksLikeFeed,
  looksLikeHtml,
} from "../../src/feeds/discovery.js";
import { FetchError } from "../../src/feeds/fetch-types.js";
import { createFetcher } from "../../src/feeds/fetcher.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";

const page = (name: string): Buffer =>
  readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url));

const RSS = '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel/></rss>';
const HTML = { "content-type": "text/html; charset=utf-8" };

describe("findFeedLinks", () => {
  it("finds every advertised feed, absolute, in order, once, http(s) only", () => {
    const links = findFeedLinks(page("blog-with-feeds.html"), "https://example.org/blog/post/");
    expect(links).toEqual([
      {
        url: "https://example.org/feed.xml?a=1&b=2",
        type: "application/rss+xml",
        title: "Example Blog & Friends",
      },
      {
        url: "https://example.org/blog/post/atom.xml",
        type: "application/atom+xml",
        title: "Atom",
      },
      { url: "https://example.org/feed.json", type: "application/feed+json", title: "JSON" },
      { url: "https://example.org/comments/feed/", type: "application/rss+xml", title: "Comments" },
    ]);
  });

  it("finds nothing on a page without feed links (a commented-out one does not count)", () => {
    expect(findFeedLinks(page("page-without-feed.html"), "https://example.com/")).toEqual([]);
  });

  it("resolves against the first <base href>, wherever the link is", () => {
    const links = findFeedLinks(page("base-href.html"), "https://example.net/page");
    expect(links.map((link) => link.url)).toEqual(["https://cdn.example.net/site/news/atom"]);
  });
});

describe("looksLikeFeed", () => {
  it.each([
    ["RSS 2.0 as text/html", RSS, "text/html", true],
    ["RSS with BOM, comment and doctype", `\uFEFF<!-- hi --><!DOCTYPE rss>${RSS}`, null, true],
    ["Atom", '<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "application/xml", true],
    ["prefixed Atom root", '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>', null, true],
    ["RSS 1.0 (RDF)", '<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', "text/xml", true],
    [
      "JSON Feed as application/json",
      '{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}',
      "application/json",
      true,
    ],
    ["other JSON", '{"hello": "world"}', "application/json", false],
    [
      "HTML page labelled as RSS",
      "<!doctype html><html><body>404</body></html>",
      "application/rss+xml",
      false,
    ],
    ["HTML page", "<html><head></head></html>", "text/html", false],
    ["unusual XML root declared as Atom", "<weird/>", "application/atom+xml", true],
    ["unusual XML root as text/xml", "<weird/>", "text/xml", false],
    ["plain text", "hello", "text/plain", false],
    ["empty", "", null, false],
  ])("%s", (_name, body, contentType, expected) => {
    expect(looksLikeFeed(Buffer.from(body), contentType)).toBe(expected);
  });
});

describe("looksLikeHtml", () => {
  it.each([
    ["by Content-Type", "anything", "text/html", true],
    ["by doctype", "<!DOCTYPE html><p>x", null, true],
    ["by root element", "<html>", "application/octet-stream", true],
    ["an image", "\x89PNG\r\n", "image/png", false],
  ])("%s", (_name, body, contentType, expected) => {
    expect(looksLikeHtml(body, contentType)).toBe(expected);
  });
});

describe("discoverFeed", () => {
  let server: FeedServer;
  const fetcher = createFetcher({
    userAgent: "Newswire/0.1 (+https://github.com/newswire-bot/newswire)",
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 5,
    perHostConcurrency: 2,
    allowPrivate: true,
  });

  beforeAll(async () => {
    server = await startFeedServer({
      "/blog/": { kind: "static", body: page("blog-with-feeds.html"), headers: HTML },
      "/about": { kind: "static", body: page("page-without-feed.html"), headers: HTML },
      "/feed.xml": { kind: "static", body: RSS, headers: { "content-type": "text/xml" } },
      "/moved": { kind: "redirect", status: 301, location: "/feed.xml" },
      "/logo.png": {
        kind: "static",
        body: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
        headers: { "content-type": "image/png" },
      },
    });
  });

  afterAll(async () => {
    await fetcher.close();
    await server.close();
  });

  it("returns a feed URL as it is", async () => {
    expect(await discoverFeed(fetcher, server.url("/feed.xml"))).toBe(server.url("/feed.xml"));
  });

  it("returns a feed's new address when it moved permanently", async () => {
    expect(await discoverFeed(fetcher, server.url("/moved"))).toBe(server.url("/feed.xml"));
  });

  it("returns the first feed a web page advertises", async () => {
    expect(await discoverFeed(fetcher, server.url("/blog/"))).toBe(server.url("/feed.xml?a=1&b=2"));
  });

  it("tells the person a page has no feed link", async () => {
    const url = server.url("/about");
    const error = await discoverFeed(fetcher, url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      `discovery: ${url} is a web page with no feed link; give the feed's own URL`,
    );
  });

  it("tells the person something is neither a feed nor a page", async () => {
    const url = server.url("/logo.png");
    const error = await discoverFeed(fetcher, url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`discovery: ${url} is neither a feed nor a web page`);
    expect((error as UserError).hint).toContain("image/png");
  });

  it("lets fetch failures through as they are", async () => {
    const error = await discoverFeed(fetcher, server.url("/missing")).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).code).toBe("http-status");
  });
});
