import { ServiceUnavailableError } from "../core/errors.js";

export type QueueServerKind = "redis" | "postgres" | "embedded";

/**
 * The short reason a connection failed: the socket error code when there is
 * one (`ECONNREFUSED`), else the first line of the message. `pg` and ioredis
 * sometimes wrap an AggregateError (one per resolved address), so look inside.
 */
export function connectionErrorCode(error: unknown): string {
  if (error && typeof error === "object") {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.length > 0) return code;
    const inner = (error as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.length > 0) return connectionErrorCode(inner[0]);
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== error) {
      const fromCause = connectionErrorCode(cause);
      if (fromCause !== "unknown error") return fromCause;
    }
    const message = (error as { message?: unknown }).message;
    if (typeof message === "string" && message.length > 0) return message.split("\n")[0] ?? message;
  }
  return "unknown error";
}

/** Codes and messages that mean "the server is not there", as opposed to a bad query. */
export function isConnectionError(error: unknown): boolean {
  const code = connectionErrorCode(error);
  return (
    /^E(CONNREFUSED|CONNRESET|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|AI_AGAIN|NOTFOUND)$/.test(
      code,
    ) ||
    /connection (is closed|terminated|timeout)|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      code,
    )
  );
}

/** A URL fit for a log line or an error message: the password is never shown. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  }
}

/** How the queue names its server in messages: "Redis at redis://127.0.0.1:6379". */
export function describeQueueServer(kind: QueueServerKind, url: string): string {
  const shown = redactUrl(url);
  if (kind === "redis") return `Redis at ${shown}`;
  if (kind === "postgres") return `PostgreSQL at ${shown}`;
  return `the embedded database at ${shown}`;
}

const HINTS: Record<QueueServerKind, string> = {
  redis:
    "start it (redis-server --daemonize yes) or unset REDIS_URL to keep the queue in the database",
  postgres: "start it (pg_ctl start, or your service manager) or correct DATABASE_URL",
  embedded:
    "the newswire process that owns the data directory has stopped; start it again (newswire start)",
};

/**
 * The one-line error for a queue server that cannot be reached at start, e.g.
 * `queue: Redis at redis://127.0.0.1:6379 is unreachable (ECONNREFUSED)` with
 * the hint what to do. The CLI maps it to exit code 3; no stack trace is shown.
 */
export function queueUnreachableError(
  kind: QueueServerKind,
  url: string,
  cause: unknown,
): ServiceUnavailableError {
  return new ServiceUnavailableError(
    kind === "redis" ? "redis" : "postgres",
    `queue: ${describeQueueServer(kind, url)} is unreachable (${connectionErrorCode(cause)})`,
    HINTS[kind],
    { cause },
  );
}
