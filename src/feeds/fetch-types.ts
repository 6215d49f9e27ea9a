/**
 * The fetcher's contract, shared by the poller, `feeds check` and discovery.
 * (Implementation: fetcher.ts.)
 */
export interface FetchRequest {
  url: string;
  /** Validators from the last 200, for a conditional GET. */
  etag?: string | null;
  lastModified?: string | null;
  /** Refuse private, loopback, link-local... addresses (on unless FEED_ALLOW_PRIVATE). */
  guard?: boolean;
  signal?: AbortSignal;
}

interface FetchCommon {
  /** Final URL after redirects. */
  url: string;
  /** Set when every hop to the final URL was permanent (301/308): the stored URL should change. */
  permanentRedirect: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Cache-Control max-age (or Expires) in ms, a hint for the poll interval. */
  maxAgeMs: number | null;
}

export type FetchResult =
  | (FetchCommon & {
      kind: "ok";
      status: number;
      /** Decompressed body, at most the configured cap. */
      body: Buffer;
      /** The Content-Type header as sent (charset included), or null. */
      contentType: string | null;
    })
  | (FetchCommon & { kind: "not-modified" });

export type FetchErrorCode =
  | "timeout"
  | "too-large"
  | "http-status"
  | "rate-limited"
  | "blocked-address"
  | "dns"
  | "too-many-redirects"
  | "redirect-loop"
  | "bad-url"
  | "network";

/** A fetch that failed; `message` starts with "fetcher:" and says what happened in plain words. */
export class FetchError extends Error {
  override readonly name = "FetchError";
  readonly code: FetchErrorCode;
  readonly status: number | null;
  /** From Retry-After on 429/503. */
  readonly retryAfterMs: number | null;

  constructor(
    code: FetchErrorCode,
    message: string,
    options: { status?: number | null; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}
