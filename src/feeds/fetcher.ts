import { STATUS_CODES } from "node:http";
import { isIP } from "node:net";
import { Agent, type Dispatcher, request as undiciRequest } from "undici";
import { type Clock, systemClock } from "../core/clock.js";
import { FetchError, type Fetcher, type FetchRequest, type FetchResult } from "./fetch-types.js";
import { freshnessLifetimeMs } from "./freshness-lifetime.js";
import { createSocketLookup, type HostLookup, systemLookup } from "./guarded-lookup.js";
import { createHostLimiter } from "./host-limiter.js";
import { ACCEPT_ENCODING, formatBytes, readCappedBody } from "./read-capped-body.js";
import { parseRetryAfter } from "./retry-after.js";
import {
  assertPublicAddress,
  BlockedAddressError,
  blockedAddressError,
  normalizeAddress,
  parseFeedUrl,
} from "./ssrf-guard.js";

export interface FetcherOptions {
  /** Sent on every request; names Newswire and a project URL so publishers can reach us. */
  userAgent: string;
  connectTimeoutMs: number;
  /** For the whole fetch: every redirect hop and the body. */
  totalTimeoutMs: number;
  /** Cap on the decoded body. */
  maxBodyBytes: number;
  maxRedirects: number;
  perHostConcurrency: number;
  /** FEED_ALLOW_PRIVATE: the default for requests that do not set `guard`. */
  allowPrivate: boolean;
  /**
   * Addresses exempt from the guard even when it is on (e.g. the one intranet
   * server a deployment trusts, or a test's own local server).
   */
  allowedAddresses?: readonly string[];
  /** Name resolution (tests inject one); the SSRF guard checks what it returns. */
  lookup?: HostLookup;
  /** For Retry-After dates and Expires without a Date header. */
  clock?: Clock;
}

type Headers = Dispatcher.ResponseData["headers"];

type HopOutcome =
  | { kind: "redirect"; status: number; location: string }
  | { kind: "done"; result: FetchResult };

/** 301 and 308 are permanent (RFC 9110 §15.4.2, §15.4.9); 302, 303, 307 are not. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_STATUSES = new Set([301, 308]);

export function createFetcher(options: FetcherOptions): Fetcher {
  const lookup = options.lookup ?? systemLookup;
  const clock = options.clock ?? systemClock;
  const limiter = createHostLimiter(options.perHostConcurrency);
  const allowed = new Set((options.allowedAddresses ?? []).map(normalizeAddress));
  // Two pools, so a connection opened without the guard is never reused by a guarded request.
  const agents = new Map<boolean, Agent>();
  const agentFor = (guard: boolean): Agent => {
    let agent = agents.get(guard);
    if (agent === undefined) {
      agent = new Agent({
        connect: {
          timeout: options.connectTimeoutMs,
          lookup: createSocketLookup(lookup, guard, allowed),
        },
        headersTimeout: options.totalTimeoutMs,
        bodyTimeout: options.totalTimeoutMs,
      });
      agents.set(guard, agent);
    }
    return agent;
  };

  const fetchHop = async (
    url: URL,
    request: FetchRequest,
    dispatcher: Agent,
    signal: AbortSignal,
  ): Promise<HopOutcome> => {
    const headers: Record<string, string> = {
      "user-agent": options.userAgent,
      accept:
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5",
      "accept-encoding": ACCEPT_ENCODING,
    };
    // Both validators go out; the server must prefer If-None-Match (RFC 9110 §13.2.2),
    // and servers that only know Last-Modified still answer 304.
    if (request.etag) headers["if-none-match"] = request.etag;
    if (request.lastModified) headers["if-modified-since"] = request.lastModified;

    const response = await undiciRequest(url, { dispatcher, method: "GET", headers, signal });
    const status = response.statusCode;
    const header = (name: string): string | null => firstHeader(response.headers, name);
    const discard = (): Promise<void> => response.body.dump({ limit: 64 * 1024 }).catch(() => {});

    if (REDIRECT_STATUSES.has(status)) {
      const location = header("location");
      await discard();
      if (location === null) {
        throw new FetchError(
          "http-status",
          `fetcher: ${url.href} answered ${status} ${STATUS_CODES[status] ?? ""} without saying where to go (no Location header)`,
          { status },
        );
      }
      return { kind: "redirect", status, location };
    }

    const common = {
      url: url.href,
      permanentRedirect: null,
      etag: header("etag"),
      lastModified: header("last-modified"),
      maxAgeMs: freshnessLifetimeMs(
        {
          cacheControl: header("cache-control"),
          expires: header("expires"),
          date: header("date"),
          age: header("age"),
        },
        clock.now(),
      ),
    };

    if (status === 304) {
      // Not modified: there is no body to read (RFC 9110 §15.4.5). A 304 may
      // carry fresh validators; otherwise the ones we sent still hold.
      await discard();
      return {
        kind: "done",
        result: {
          ...common,
          kind: "not-modified",
          etag: common.etag ?? request.etag ?? null,
          lastModified: common.lastModified ?? request.lastModified ?? null,
        },
      };
    }

    if (status === 429 || status === 503) {
      await discard();
      const retryAfterMs = parseRetryAfter(header("retry-after"), clock.now());
      const wait = retryAfterMs === null ? "" : `; it asks to wait ${formatDuration(retryAfterMs)}`;
      throw new FetchError(
        "rate-limited",
        `fetcher: ${url.host} answered ${status} ${STATUS_CODES[status] ?? ""} (too many requests or overloaded)${wait}`,
        { status, retryAfterMs },
      );
    }

    if (status < 200 || status > 299) {
      await discard();
      throw new FetchError(
        "http-status",
        `fetcher: ${url.href} answered ${status} ${STATUS_CODES[status] ?? "(unknown status)"}`,
        { status },
      );
    }

    const encoding = header("content-encoding");
    const declared = Number(header("content-length") ?? Number.NaN);
    if (encoding === null && Number.isFinite(declared) && declared > options.maxBodyBytes) {
      // Announced too big: refuse without reading a byte of it.
      response.body.destroy();
      throw new FetchError(
        "too-large",
        `fetcher: body over ${formatBytes(options.maxBodyBytes)} limit`,
      );
    }
    const body = await readCappedBody(response.body, encoding, options.maxBodyBytes);
    return {
      kind: "done",
      result: { ...common, kind: "ok", status, body, contentType: header("content-type") },
    };
  };

  const fetchFollowing = async (
    request: FetchRequest,
    signal: AbortSignal,
    where: { url: string },
    startClock: () => void,
  ): Promise<FetchResult> => {
    const guard = request.guard ?? !options.allowPrivate;
    const dispatcher = agentFor(guard);
    let current = parseFeedUrl(request.url);
    const visited = new Set<string>([current.href]);
    let hops = 0;
    let allPermanent = true;
    for (;;) {
      where.url = current.href;
      // An IP literal is never looked up, so the socket lookup cannot check it: check it here.
      const literal = current.hostname.replace(/^\[|\]$/g, "");
      if (guard && isIP(literal) !== 0) assertPublicAddress(literal, allowed);
      const target = current;
      const outcome = await limiter.run(
        target.hostname,
        () => {
          startClock();
          return fetchHop(target, request, dispatcher, signal);
        },
        request.signal,
      );
      if (outcome.kind === "done") {
        const permanentRedirect = hops > 0 && allPermanent ? current.href : null;
        return { ...outcome.result, url: current.href, permanentRedirect };
      }
      if (hops >= options.maxRedirects) {
        throw new FetchError(
          "too-many-redirects",
          `fetcher: ${request.url} redirects more than ${options.maxRedirects} times; give the feed's final URL`,
          { status: outcome.status },
        );
      }
      const next = resolveLocation(outcome.location, current);
      if (visited.has(next.href)) {
        throw new FetchError(
          "redirect-loop",
          `fetcher: ${request.url} redirects in a loop (back to ${next.href})`,
          { status: outcome.status },
        );
      }
      visited.add(next.href);
      allPermanent &&= PERMANENT_STATUSES.has(outcome.status);
      hops += 1;
      current = next;
    }
  };

  return {
    async fetch(request) {
      const timeout = new AbortController();
      // The clock starts when the first hop gets its host slot: time spent
      // queued behind other feeds of the same host is not this feed's fault.
      let timer: NodeJS.Timeout | undefined;
      const startClock = (): void => {
        timer ??= setTimeout(() => timeout.abort(), options.totalTimeoutMs);
      };
      const signal =
        request.signal === undefined
          ? timeout.signal
          : AbortSignal.any([request.signal, timeout.signal]);
      const where = { url: request.url };
      try {
        return await fetchFollowing(request, signal, where, startClock);
      } catch (error) {
        // The caller's own cancellation is theirs to see as it is (shutdown).
        if (request.signal?.aborted) throw request.signal.reason;
        if (timeout.signal.aborted) {
          throw new FetchError(
            "timeout",
            `fetcher: no complete answer from ${where.url} within ${formatDuration(options.totalTimeoutMs)}`,
            { cause: error },
          );
        }
        throw translateError(error, where.url, options.connectTimeoutMs);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
      agents.clear();
    },
  };
}

function resolveLocation(location: string, base: URL): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch (cause) {
    throw new FetchError(
      "bad-url",
      `fetcher: ${base.href} redirects to "${location}", which is not a valid URL`,
      { cause },
    );
  }
  // Every hop passes the same scheme check as the first URL (and the SSRF guard in the loop).
  return parseFeedUrl(next.href);
}

function firstHeader(headers: Headers, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/** Turns what undici and the socket throw into a FetchError a person can read. */
function translateError(error: unknown, url: string, connectTimeoutMs: number): FetchError {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if (cause instanceof FetchError) return cause;
    if (cause instanceof BlockedAddressError) return blockedAddressError(url, cause);
  }
  const host = safeHost(url);
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return new FetchError(
        "timeout",
        `fetcher: could not connect to ${host} within ${formatDuration(connectTimeoutMs)}`,
        { cause: error },
      );
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return new FetchError("timeout", `fetcher: ${host} stopped answering (${detail})`, {
        cause: error,
      });
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
    case "EAI_FAIL":
    case "EAI_NODATA":
      return new FetchError("dns", `fetcher: the name ${host} does not resolve (DNS: ${code})`, {
        cause: error,
      });
    case "ECONNREFUSED":
      return new FetchError("network", `fetcher: ${host} refused the connection`, { cause: error });
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
      return new FetchError("network", `fetcher: the connection to ${host} broke off (${detail})`, {
        cause: error,
      });
    default:
      if (code?.startsWith("ERR_TLS") || code?.includes("CERT") || code?.startsWith("ERR_SSL")) {
        return new FetchError(
          "network",
          `fetcher: the secure connection to ${host} failed (${code}: ${detail})`,
          { cause: error },
        );
      }
      return new FetchError("network", `fetcher: could not fetch ${url} (${detail})`, {
        cause: error,
      });
  }
}

function errorCode(error: unknown): string | undefined {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** 30000 -> "30 s", 1500 -> "1.5 s", 250 -> "250 ms". */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
