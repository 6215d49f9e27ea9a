import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManualClock } from "../../src/core/clock.js";
import { FetchError, type FetchResult } from "../../src/feeds/fetch-types.js";
import { createFetcher, type FetcherOptions } from "../../src/feeds/fetcher.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${"<item><title>héllo</title></item>".repeat(200)}</channel></rss>`;
const ETAG = '"v1"';
const LAST_MODIFIED = "Wed, 01 Jan 2025 10:00:00 GMT";

const options: FetcherOptions = {
  userAgent: "Newswire/0.1 (+https://github.com/newswire-bot/newswire)",
  connectTimeoutMs: 2_000,
  totalTimeoutMs: 5_000,
  maxBodyBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  perHostConcurrency: 2,
  // The test server is on loopback; the guard has its own suite (ssrf-guard.test.ts).
  allowPrivate: true,
};

let server: FeedServer;
const fetcher = createFetcher(options);

beforeAll(async () => {
  server = await startFeedServer({
    "/feed": { kind: "static", body: RSS, etag: ETAG, lastModified: LAST_MODIFIED },
    "/lm-only": { kind: "static", body: RSS, lastModified: LAST_MODIFIED },
    "/gzip": { kind: "static", body: RSS, encoding: "gzip" },
    "/deflate": { kind: "static", body: RSS, encoding: "deflate" },
    "/deflate-raw": { kind: "static", body: RSS, encoding: "deflate-raw" },
    "/br": { kind: "static", body: RSS, encoding: "br" },
    "/corrupt-gzip": {
      kind: "handler",
      handle: (_request, response) => {
        response.writeHead(200, { "content-encoding": "gzip" }).end(Buffer.from("not gzip at all"));
      },
    },
    "/max-age": {
      kind: "static",
      body: RSS,
      headers: { "cache-control": "public, max-age=600", age: "100" },
    },
    "/expires": {
      kind: "static",
      body: RSS,
      headers: { date: "Wed, 01 Jan 2025 10:00:00 GMT", expires: "Wed, 01 Jan 2025 10:30:00 GMT" },
    },
    "/limited": {
      kind: "static",
      status: 429,
      body: "slow down",
      headers: { "retry-after": "120" },
    },
    "/limited-no-header": { kind: "static", status: 429, body: "slow down" },
    "/broken": { kind: "static", status: 500, body: "oops" },
    "/gone": { kind: "static", status: 410, body: "gone" },
  });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

function expectOk(result: FetchResult): Extract<FetchResult, { kind: "ok" }> {
  if (result.kind !== "ok") throw new Error(`expected ok, got ${result.kind}`);
  return result;
}

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof FetchError))
    throw new Error(`expected a FetchError, got ${String(error)}`);
  return error;
}

describe("conditional GET", () => {
  it("returns the body and validators, then not-modified on a re-poll", async () => {
    const first = expectOk(await fetcher.fetch({ url: server.url("/feed") }));
    expect(first.status).toBe(200);
    expect(first.body.toString("utf8")).toBe(RSS);
    expect(first.contentType).toBe("application/rss+xml; charset=utf-8");
    expect(first.etag).toBe(ETAG);
    expect(first.lastModified).toBe(LAST_MODIFIED);
    expect(first.url).toBe(server.url("/feed"));
    expect(first.permanentRedirect).toBeNull();

    const second = await fetcher.fetch({
      url: server.url("/feed"),
      etag: first.etag,
      lastModified: first.lastModified,
    });
    expect(second.kind).toBe("not-modified");
    expect(second.etag).toBe(ETAG);
    expect(second.lastModified).toBe(LAST_MODIFIED);
    const sent = server.requestsTo("/feed").at(-1)?.headers;
    expect(sent?.["if-none-match"]).toBe(ETAG);
    expect(sent?.["if-modified-since"]).toBe(LAST_MODIFIED);
  });

  it("sends both validators and lets the ETag win over Last-Modified (RFC 9110 §13.2.2)", async () => {
    // A stale ETag with a current Last-Modified: the server must answer in full.
    const result = await fetcher.fetch({
      url: server.url("/feed"),
      etag: '"v0"',
      lastModified: LAST_MODIFIED,
    });
    expect(expectOk(result).etag).toBe(ETAG);
  });

  it("uses Last-Modified alone when the feed has no ETag", async () => {
    const result = await fetcher.fetch({
      url: server.url("/lm-only"),
      lastModified: LAST_MODIFIED,
    });
    expect(result.kind).toBe("not-modified");
    expect(result.etag).toBeNull();
    expect(server.requestsTo("/lm-only").at(-1)?.headers["if-none-match"]).toBeUndefined();
  });

  it("sends no validators on a first poll", async () => {
    expectOk(await fetcher.fetch({ url: server.url("/lm-only") }));
    const sent = server.requestsTo("/lm-only").at(-1)?.headers;
    expect(sent?.["if-modified-since"]).toBeUndefined();
    expect(sent?.["if-none-match"]).toBeUndefined();
  });
});

describe("request headers", () => {
  it("names Newswire and its project URL, and asks for compression", async () => {
    await fetcher.fetch({ url: server.url("/feed") });
    const sent = server.requestsTo("/feed").at(-1)?.headers;
    expect(sent?.["user-agent"]).toMatch(/^Newswire\/.*https:\/\//);
    expect(sent?.["accept-encoding"]).toBe("gzip, deflate, br");
  });
});

describe("compressed bodies", () => {
  it.each(["/gzip", "/deflate", "/deflate-raw", "/br"])("decodes %s", async (path) => {
    const result = expectOk(await fetcher.fetch({ url: server.url(path) }));
    expect(result.body.toString("utf8")).toBe(RSS);
  });

  it("reports a body that claims gzip but is not", async () => {
    const error = await fetchError(fetcher.fetch({ url: server.url("/corrupt-gzip") }));
    expect(error.code).toBe("network");
    expect(error.message).toMatch(/^fetcher: the gzip body could not be decompressed/);
  });
});

describe("freshness hints", () => {
  it("turns Cache-Control max-age (less Age) into maxAgeMs", async () => {
    const result = await fetcher.fetch({ url: server.url("/max-age") });
    expect(result.maxAgeMs).toBe(500_000);
  });

  it("turns Expires, counted from Date, into maxAgeMs", async () => {
    const result = await fetcher.fetch({ url: server.url("/expires") });
    expect(result.maxAgeMs).toBe(30 * 60_000);
  });

  it("has no hint when the server gives none", async () => {
    const result = await fetcher.fetch({ url: server.url("/feed") });
    expect(result.maxAgeMs).toBeNull();
  });
});

describe("status errors", () => {
  it("429 with Retry-After in seconds is rate-limited", async () => {
    const error = await fetchError(fetcher.fetch({ url: server.url("/limited") }));
    expect(error.code).toBe("rate-limited");
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toMatch(/^fetcher: .* answered 429 .*wait 120 s/);
  });

  it("429 without Retry-After is rate-limited with no wait", async () => {
    const error = await fetchError(fetcher.fetch({ url: server.url("/limited-no-header") }));
    expect(error.code).toBe("rate-limited");
    expect(error.retryAfterMs).toBeNull();
  });

  it("503 with Retry-After as an HTTP date counts from the clock", async () => {
    const clock = createManualClock(new Date("2025-01-01T10:00:00Z"));
    const local = createFetcher({ ...options, clock });
    server.route("/unavailable", {
      kind: "static",
      status: 503,
      body: "maintenance",
      headers: { "retry-after": "Wed, 01 Jan 2025 10:01:30 GMT" },
    });
    try {
      const error = await fetchError(local.fetch({ url: server.url("/unavailable") }));
      expect(error.code).toBe("rate-limited");
      expect(error.status).toBe(503);
      expect(error.retryAfterMs).toBe(90_000);
    } finally {
      await local.close();
    }
  });

  it.each([
    ["/broken", 500, /answered 500 Internal Server Error$/],
    ["/gone", 410, /answered 410 Gone$/],
    ["/nowhere", 404, /answered 404 Not Found$/],
  ])("%s is an http-status error", async (path, status, message) => {
    const error = await fetchError(fetcher.fetch({ url: server.url(path) }));
    expect(error.code).toBe("http-status");
    expect(error.status).toBe(status);
    expect(error.message).toMatch(/^fetcher: /);
    expect(error.message).toMatch(message);
  });
});

describe("network errors", () => {
  it("a closed port is a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await fetchError(fetcher.fetch({ url: `http://127.0.0.1:${port}/feed` }));
    expect(error.code).toBe("network");
    expect(error.message).toBe(`fetcher: 127.0.0.1:${port} refused the connection`);
  });

  it("a name that does not resolve is a dns error", async () => {
    const local = createFetcher({ ...options, lookup: async () => [] });
    try {
      const error = await fetchError(local.fetch({ url: "http://no-such-host.test/feed" }));
      expect(error.code).toBe("dns");
      expect(error.message).toBe(
        "fetcher: the name no-such-host.test does not resolve (DNS: ENOTFOUND)",
      );
    } finally {
      await local.close();
    }
  });

  it.each([
    ["not a url", /^fetcher: "not a url" is not a valid URL$/],
    ["file:///etc/passwd", /^fetcher: refusing file:\/\/\/etc\/passwd : only http and https/],
    ["ftp://example.com/feed", /only http and https URLs can be feeds, not ftp$/],
  ])("refuses %s as a bad URL", async (url, message) => {
    const error = await fetchError(fetcher.fetch({ url }));
    expect(error.code).toBe("bad-url");
    expect(error.message).toMatch(message);
  });

  it("passes the caller's own cancellation through as it is", async () => {
    server.route("/hang-for-abort", { kind: "hang", maxMs: 5_000 });
    const controller = new AbortController();
    const pending = fetcher.fetch({
      url: server.url("/hang-for-abort"),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("shutting down")), 50);
    await expect(pending).rejects.toThrow("shutting down");
  });
});
