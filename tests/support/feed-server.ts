import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

/**
 * A real HTTP server on 127.0.0.1 (a free port) for feed tests: static bodies
 * with validators and compression, redirects, endless and hanging answers,
 * and a handler hook. It records every request and how many were in flight at
 * once. Everything is bounded: endless bodies stop at `limitBytes`, hanging
 * answers give up after `maxMs`, and `close()` drops every connection.
 */
export type FeedRoute =
  | {
      kind: "static";
      body: string | Buffer;
      status?: number;
      headers?: Record<string, string>;
      /** Compress the body; "deflate-raw" sends raw deflate labelled "deflate", as some servers do. */
      encoding?: "gzip" | "deflate" | "deflate-raw" | "br";
      /** Served as ETag; a matching If-None-Match gets 304. */
      etag?: string;
      /** Served as Last-Modified; If-Modified-Since at or after it gets 304 (when no If-None-Match). */
      lastModified?: string;
      /** Wait before answering (for concurrency tests). */
      delayMs?: number;
    }
  | { kind: "redirect"; location: string; status?: 301 | 302 | 303 | 307 | 308 }
  | {
      kind: "endless";
      /** Stop after this many bytes even if the client keeps reading. */
      limitBytes: number;
      chunkBytes?: number;
      headers?: Record<string, string>;
    }
  | {
      kind: "slow";
      /** One chunk every intervalMs, at most maxChunks, then the end. */
      chunk: string;
      intervalMs: number;
      maxChunks: number;
      headers?: Record<string, string>;
    }
  /** Accept the request and never answer; give up (destroy the socket) after maxMs. */
  | { kind: "hang"; maxMs?: number }
  | {
      kind: "handler";
      handle: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;
    };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface RouteStats {
  /** Body bytes written by endless and slow routes. */
  bytesSent: number;
  /** The client went away before the answer was complete. */
  abortedByClient: number;
}

export interface FeedServer {
  readonly origin: string;
  readonly port: number;
  url(path: string): string;
  route(path: string, route: FeedRoute): void;
  readonly requests: RecordedRequest[];
  requestsTo(path: string): RecordedRequest[];
  stats(path: string): RouteStats;
  /** Most requests in flight at once since start (or since resetCounters). */
  readonly maxInFlight: number;
  readonly inFlight: number;
  resetCounters(): void;
  close(): Promise<void>;
}

export async function startFeedServer(routes: Record<string, FeedRoute> = {}): Promise<FeedServer> {
  const table = new Map<string, FeedRoute>(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const statsByPath = new Map<string, RouteStats>();
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const statsFor = (path: string): RouteStats => {
    let stats = statsByPath.get(path);
    if (stats === undefined) {
      stats = { bytesSent: 0, abortedByClient: 0 };
      statsByPath.set(path, stats);
    }
    return stats;
  };
  const later = (ms: number, run: () => void): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    return timer;
  };
  const stop = (timer: NodeJS.Timeout): void => {
    clearTimeout(timer);
    timers.delete(timer);
  };

  const server = createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push({
      method: request.method ?? "GET",
      path,
      headers: request.headers,
      at: Date.now(),
    });
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on("close", () => {
      inFlight -= 1;
      if (!response.writableFinished) statsFor(routePath(path)).abortedByClient += 1;
    });
    const route = table.get(path) ?? table.get(routePath(path));
    if (route === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    serve(route, routePath(path), request, response);
  });

  const serve = (
    route: FeedRoute,
    path: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): void => {
    switch (route.kind) {
      case "static": {
        const answer = () => serveStatic(route, request, response);
        if (route.delayMs === undefined) answer();
        else {
          const timer = later(route.delayMs, answer);
          response.on("close", () => stop(timer));
        }
        return;
      }
      case "redirect":
        response.writeHead(route.status ?? 302, { location: route.location }).end();
        return;
      case "endless":
        serveEndless(route, statsFor(path), response);
        return;
      case "slow": {
        response.writeHead(200, route.headers ?? { "content-type": "application/rss+xml" });
        let sent = 0;
        let timer: NodeJS.Timeout | undefined;
        response.once("close", () => {
          if (timer !== undefined) stop(timer);
        });
        const tick = (): void => {
          if (response.destroyed) return;
          if (sent >= route.maxChunks) {
            response.end();
            return;
          }
          response.write(route.chunk);
          statsFor(path).bytesSent += Buffer.byteLength(route.chunk);
          sent += 1;
          timer = later(route.intervalMs, tick);
        };
        tick();
        return;
      }
      case "hang": {
        const timer = later(route.maxMs ?? 10_000, () => response.destroy());
        response.on("close", () => stop(timer));
        return;
      }
      case "handler":
        Promise.resolve(route.handle(request, response)).catch((error: unknown) => {
          if (!response.headersSent) response.writeHead(500).end(String(error));
          else response.destroy();
        });
        return;
    }
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: (path) => `${origin}${path}`,
    route: (path, route) => {
      table.set(path, route);
    },
    requests,
    requestsTo: (path) => requests.filter((entry) => routePath(entry.path) === path),
    stats: statsFor,
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    resetCounters: () => {
      maxInFlight = inFlight;
      requests.length = 0;
      statsByPath.clear();
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function routePath(path: string): string {
  const query = path.indexOf("?");
  return query === -1 ? path : path.slice(0, query);
}

function serveStatic(
  route: Extract<FeedRoute, { kind: "static" }>,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const headers: Record<string, string> = {
    "content-type": "application/rss+xml; charset=utf-8",
    ...route.headers,
  };
  if (route.etag !== undefined) headers.etag = route.etag;
  if (route.lastModified !== undefined) headers["last-modified"] = route.lastModified;
  if (isNotModified(route, request.headers)) {
    delete headers["content-type"];
    response.writeHead(304, headers).end();
    return;
  }
  let body = typeof route.body === "string" ? Buffer.from(route.body) : route.body;
  if (route.encoding !== undefined) {
    body = compress(body, route.encoding);
    headers["content-encoding"] = route.encoding === "deflate-raw" ? "deflate" : route.encoding;
  }
  headers["content-length"] = String(body.length);
  response.writeHead(route.status ?? 200, headers).end(body);
}

/**
 * RFC 9110 §13.2.2: If-None-Match is evaluated first, and when present
 * If-Modified-Since is ignored. ETags compare weakly (§8.8.3.2) for GET.
 */
function isNotModified(
  route: Extract<FeedRoute, { kind: "static" }>,
  headers: IncomingHttpHeaders,
): boolean {
  const ifNoneMatch = headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    if (route.etag === undefined) return false;
    const weak = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch
      .split(",")
      .some((tag) => tag.trim() === "*" || weak(tag) === weak(route.etag as string));
  }
  const ifModifiedSince = headers["if-modified-since"];
  if (ifModifiedSince === undefined || route.lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(route.lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function compress(body: Buffer, encoding: "gzip" | "deflate" | "deflate-raw" | "br"): Buffer {
  switch (encoding) {
    case "gzip":
      return zlib.gzipSync(body);
    case "deflate":
      return zlib.deflateSync(body);
    case "deflate-raw":
      return zlib.deflateRawSync(body);
    case "br":
      return zlib.brotliCompressSync(body);
  }
}

function serveEndless(
  route: Extract<FeedRoute, { kind: "endless" }>,
  stats: RouteStats,
  response: ServerResponse,
): void {
  const chunk = Buffer.alloc(route.chunkBytes ?? 64 * 1024, "<item><title>x</title></item>\n");
  response.writeHead(200, { "content-type": "application/rss+xml", ...route.headers });
  let sent = 0;
  // Write while the socket takes it, wait for 'drain' otherwise: the server
  // never runs ahead of the client by more than the socket buffers.
  const pump = (): void => {
    while (!response.destroyed && sent < route.limitBytes) {
      const size = Math.min(chunk.length, route.limitBytes - sent);
      sent += size;
      stats.bytesSent += size;
      if (!response.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        response.once("drain", pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
}
