import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError } from "../../src/feeds/fetch-types.js";
import { createFetcher, type FetcherOptions } from "../../src/feeds/fetcher.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";

const MB = 1024 * 1024;

const options: FetcherOptions = {
  userAgent: "Newswire/0.1 (+https://github.com/newswire-bot/newswire)",
  connectTimeoutMs: 2_000,
  totalTimeoutMs: 20_000,
  maxBodyBytes: 5 * MB,
  maxRedirects: 5,
  perHostConcurrency: 2,
  allowPrivate: true,
};

let server: FeedServer;

beforeAll(async () => {
  server = await startFeedServer({
    "/endless": { kind: "endless", limitBytes: 300 * MB },
    "/announced-big": {
      kind: "handler",
      handle: (_request, response) => {
        // Announces 300 MB; sends a little and then nothing, so only reading it would notice.
        response.writeHead(200, { "content-length": String(300 * MB) });
        response.write("<rss>");
      },
    },
    "/bomb": {
      kind: "static",
      // 20 MB of zeros that gzip to about 20 KB.
      body: Buffer.alloc(20 * MB),
      encoding: "gzip",
    },
    "/just-under": { kind: "static", body: Buffer.alloc(5 * MB, "a") },
    "/hang": { kind: "hang", maxMs: 10_000 },
    "/slow": { kind: "slow", chunk: "<item/>", intervalMs: 100, maxChunks: 100 },
    "/slow-feed": { kind: "static", body: "<rss/>", delayMs: 150 },
  });
});

afterAll(async () => {
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

async function until(check: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("body cap", () => {
  it("cuts a 300 MB endless response off at the cap without buffering it", async () => {
    const fetcher = createFetcher(options);
    try {
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();
      const error = await fetchError(fetcher.fetch({ url: server.url("/endless") }));
      const elapsed = performance.now() - started;
      expect(error.code).toBe("too-large");
      expect(error.message).toBe("fetcher: body over 5 MB limit");
      // The connection is dropped, not drained: the server sees the client go.
      await until(() => server.stats("/endless").abortedByClient === 1, "the client to hang up");
      const sent = server.stats("/endless").bytesSent;
      // The server can only run ahead of what was read by the socket buffers.
      expect(sent).toBeLessThan(64 * MB);
      console.log(
        `300 MB endless body cut at 5 MB after ${elapsed.toFixed(0)} ms; server wrote ${(sent / MB).toFixed(1)} MB; ` +
          `process RSS grew ${((process.memoryUsage().rss - rssBefore) / MB).toFixed(1)} MB`,
      );
    } finally {
      await fetcher.close();
    }
  });

  it("refuses an announced Content-Length over the cap before reading", async () => {
    const fetcher = createFetcher(options);
    try {
      const error = await fetchError(fetcher.fetch({ url: server.url("/announced-big") }));
      expect(error.code).toBe("too-large");
      expect(error.message).toBe("fetcher: body over 5 MB limit");
    } finally {
      await fetcher.close();
    }
  });

  it("caps the decoded size, so a small gzip bomb is cut off too", async () => {
    expect(zlib.gzipSync(Buffer.alloc(20 * MB)).length).toBeLessThan(MB);
    const fetcher = createFetcher(options);
    try {
      const error = await fetchError(fetcher.fetch({ url: server.url("/bomb") }));
      expect(error.code).toBe("too-large");
    } finally {
      await fetcher.close();
    }
  });

  it("accepts a body of exactly the cap", async () => {
    const fetcher = createFetcher(options);
    try {
      const result = await fetcher.fetch({ url: server.url("/just-under") });
      expect(result.kind === "ok" && result.body.length).toBe(5 * MB);
    } finally {
      await fetcher.close();
    }
  });

  it("states a different cap in its own words", async () => {
    const fetcher = createFetcher({ ...options, maxBodyBytes: 512 * 1024 });
    try {
      const error = await fetchError(fetcher.fetch({ url: server.url("/just-under") }));
      expect(error.message).toBe("fetcher: body over 512 KB limit");
    } finally {
      await fetcher.close();
    }
  });
});

describe("time limits", () => {
  it("gives up on a server that never answers", async () => {
    const fetcher = createFetcher({ ...options, totalTimeoutMs: 300 });
    try {
      const error = await fetchError(fetcher.fetch({ url: server.url("/hang") }));
      expect(error.code).toBe("timeout");
      expect(error.message).toBe(
        `fetcher: no complete answer from ${server.url("/hang")} within 300 ms`,
      );
      await until(() => server.stats("/hang").abortedByClient >= 1, "the client to hang up");
    } finally {
      await fetcher.close();
    }
  });

  it("counts the body in the total time: a trickling body times out", async () => {
    const fetcher = createFetcher({ ...options, totalTimeoutMs: 400 });
    try {
      const error = await fetchError(fetcher.fetch({ url: server.url("/slow") }));
      expect(error.code).toBe("timeout");
      // Headers came at once; only the whole-fetch limit can have stopped it.
      expect(server.stats("/slow").bytesSent).toBeGreaterThan(0);
    } finally {
      await fetcher.close();
    }
  });
});

describe("connect time limit", () => {
  it("gives up when the connection cannot be made in time (here: a lookup that never answers)", async () => {
    const fetcher = createFetcher({
      ...options,
      connectTimeoutMs: 200,
      lookup: () => new Promise(() => {}),
    });
    try {
      const error = await fetchError(fetcher.fetch({ url: "http://stuck.example.test/feed" }));
      expect(error.code).toBe("timeout");
      expect(error.message).toBe("fetcher: could not connect to stuck.example.test within 200 ms");
    } finally {
      await fetcher.close();
    }
  });
});

describe("per-host concurrency", () => {
  it("keeps at most perHostConcurrency requests in flight to one host", async () => {
    const fetcher = createFetcher(options);
    try {
      server.resetCounters();
      const results = await Promise.all(
        Array.from({ length: 6 }, () => fetcher.fetch({ url: server.url("/slow-feed") })),
      );
      expect(results.every((result) => result.kind === "ok")).toBe(true);
      expect(server.requestsTo("/slow-feed").length).toBe(6);
      expect(server.maxInFlight).toBe(2);
    } finally {
      await fetcher.close();
    }
  });

  it("time spent queued for a host slot does not count against the total limit", async () => {
    // Five 150 ms answers one at a time: the last waits about 600 ms in the queue,
    // longer than its own 600 ms limit would allow if the clock ran while queued.
    const fetcher = createFetcher({ ...options, perHostConcurrency: 1, totalTimeoutMs: 600 });
    try {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => fetcher.fetch({ url: server.url("/slow-feed") })),
      );
      expect(results.map((result) => result.kind)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    } finally {
      await fetcher.close();
    }
  });

  it("a request cancelled while queued leaves the queue without being sent", async () => {
    const fetcher = createFetcher({ ...options, perHostConcurrency: 1 });
    try {
      server.resetCounters();
      const first = fetcher.fetch({ url: server.url("/slow-feed") });
      const controller = new AbortController();
      const queued = fetcher.fetch({
        url: server.url("/slow-feed?queued"),
        signal: controller.signal,
      });
      controller.abort(new Error("cancelled by the caller"));
      await expect(queued).rejects.toThrow("cancelled by the caller");
      expect((await first).kind).toBe("ok");
      expect(server.requests.map((request) => request.path)).toEqual(["/slow-feed"]);
    } finally {
      await fetcher.close();
    }
  });

  it("the limit follows the setting", async () => {
    const fetcher = createFetcher({ ...options, perHostConcurrency: 1 });
    try {
      server.resetCounters();
      await Promise.all(
        Array.from({ length: 3 }, () => fetcher.fetch({ url: server.url("/slow-feed") })),
      );
      expect(server.maxInFlight).toBe(1);
    } finally {
      await fetcher.close();
    }
  });
});
