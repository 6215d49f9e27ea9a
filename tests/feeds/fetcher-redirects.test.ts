import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError } from "../../src/feeds/fetch-types.js";
import { createFetcher, type FetcherOptions } from "../../src/feeds/fetcher.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";

const options: FetcherOptions = {
  userAgent: "Newswire/0.1 (+https://github.com/newswire-bot/newswire)",
  connectTimeoutMs: 2_000,
  totalTimeoutMs: 5_000,
  maxBodyBytes: 1024 * 1024,
  maxRedirects: 5,
  perHostConcurrency: 2,
  allowPrivate: true,
};

let server: FeedServer;
const fetcher = createFetcher(options);

beforeAll(async () => {
  server = await startFeedServer({
    "/feed": { kind: "static", body: "<rss/>", etag: '"e"' },
    // Permanent all the way: the stored URL should move.
    "/p1": { kind: "redirect", status: 301, location: "/p2" },
    "/p2": { kind: "redirect", status: 308, location: "/feed" },
    // One temporary hop in the chain: the stored URL stays.
    "/m1": { kind: "redirect", status: 301, location: "/m2" },
    "/m2": { kind: "redirect", status: 302, location: "/feed" },
    "/t1": { kind: "redirect", status: 307, location: "/feed" },
    "/loop-a": { kind: "redirect", status: 302, location: "/loop-b" },
    "/loop-b": { kind: "redirect", status: 302, location: "/loop-a" },
    "/self": { kind: "redirect", status: 301, location: "/self?x" },
    "/to-ftp": { kind: "redirect", status: 302, location: "ftp://example.com/feed" },
    "/no-location": { kind: "static", status: 302, body: "" },
  });
  // A chain of exactly N hops ending at /feed: /chain/N -> /chain/N-1 -> ... -> /chain/0 -> /feed.
  for (let hop = 0; hop <= 8; hop += 1) {
    server.route(`/chain/${hop}`, {
      kind: "redirect",
      status: 301,
      location: hop === 1 ? "/feed" : `/chain/${hop - 1}`,
    });
  }
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof FetchError))
    throw new Error(`expected a FetchError, got ${String(error)}`);
  return error;
}

describe("redirects", () => {
  it("301 then 308 lands on the feed and reports the permanent move", async () => {
    const result = await fetcher.fetch({ url: server.url("/p1") });
    expect(result.kind).toBe("ok");
    expect(result.url).toBe(server.url("/feed"));
    expect(result.permanentRedirect).toBe(server.url("/feed"));
  });

  it("a 302 anywhere in the chain means no permanent move", async () => {
    const result = await fetcher.fetch({ url: server.url("/m1") });
    expect(result.url).toBe(server.url("/feed"));
    expect(result.permanentRedirect).toBeNull();
  });

  it("a 307 alone is temporary", async () => {
    const result = await fetcher.fetch({ url: server.url("/t1") });
    expect(result.url).toBe(server.url("/feed"));
    expect(result.permanentRedirect).toBeNull();
  });

  it("keeps the conditional GET across redirects", async () => {
    const result = await fetcher.fetch({ url: server.url("/p1"), etag: '"e"' });
    expect(result.kind).toBe("not-modified");
    expect(result.permanentRedirect).toBe(server.url("/feed"));
  });

  it("follows exactly maxRedirects hops", async () => {
    const result = await fetcher.fetch({ url: server.url("/chain/5") });
    expect(result.kind).toBe("ok");
    expect(result.url).toBe(server.url("/feed"));
  });

  it("refuses one hop more than maxRedirects", async () => {
    const before = server.requestsTo("/feed").length;
    const error = await fetchError(fetcher.fetch({ url: server.url("/chain/6") }));
    expect(error.code).toBe("too-many-redirects");
    expect(error.message).toBe(
      `fetcher: ${server.url("/chain/6")} redirects more than 5 times; give the feed's final URL`,
    );
    expect(server.requestsTo("/feed").length).toBe(before);
  });

  it("detects a loop", async () => {
    const error = await fetchError(fetcher.fetch({ url: server.url("/loop-a") }));
    expect(error.code).toBe("redirect-loop");
    expect(error.message).toBe(
      `fetcher: ${server.url("/loop-a")} redirects in a loop (back to ${server.url("/loop-a")})`,
    );
    // Detected on the first repeat, long before the hop limit.
    expect(server.requestsTo("/loop-a").length).toBe(1);
  });

  it("a redirect to the same path with another query is not a loop until it repeats", async () => {
    const error = await fetchError(fetcher.fetch({ url: server.url("/self") }));
    expect(error.code).toBe("redirect-loop");
    expect(server.requestsTo("/self").length).toBe(2);
  });

  it("refuses a redirect to a non-http scheme", async () => {
    const error = await fetchError(fetcher.fetch({ url: server.url("/to-ftp") }));
    expect(error.code).toBe("bad-url");
    expect(error.message).toMatch(/only http and https URLs can be feeds, not ftp$/);
  });

  it("reports a redirect without a Location", async () => {
    const error = await fetchError(fetcher.fetch({ url: server.url("/no-location") }));
    expect(error.code).toBe("http-status");
    expect(error.status).toBe(302);
    expect(error.message).toMatch(/without saying where to go/);
  });
});
