/**
 * The shared test servers, and `describe` wrappers for suites that need them.
 * A suite runs whenever its server answers; when it does not, the suite is
 * skipped with a message naming the server, except under `CI=true`, where a
 * missing server is a failure (CI must never pass by skipping).
 */
import { connect } from "node:net";
import pg from "pg";
import { describe, it } from "vitest";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const PROBE_TIMEOUT_MS = 2_000;

/** Does a Redis server answer PING at `url`? (A raw socket, so no client retries or error noise.) */
export function redisAvailable(url = REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || "127.0.0.1", port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    // A server requiring AUTH answers -NOAUTH: it is there, the URL carries the password.
    socket.once("data", (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

/** Does PostgreSQL accept a connection and a query at `url`? */
export async function postgresAvailable(url = POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const isCi = process.env.CI === "true";

function describeWith(
  server: string,
  url: string,
  probe: () => Promise<boolean>,
): (name: string, body: (url: string) => void) => Promise<void> {
  let available: Promise<boolean> | undefined;
  return async (name, body) => {
    available ??= probe();
    if (await available) {
      describe(name, () => body(url));
      return;
    }
    const reason = `${server} at ${url} is unreachable`;
    if (isCi) {
      describe(name, () => {
        it(`needs ${server}`, () => {
          throw new Error(`${reason}, and CI=true makes this suite mandatory`);
        });
      });
      return;
    }
    console.warn(`skipping "${name}": ${reason} (start it to run this suite)`);
    describe.skip(`${name} (skipped: ${reason})`, () => body(url));
  };
}

/**
 * `await describeWithRedis("name", (url) => { … })` at the top level of a test
 * file: the body gets the Redis URL; use your own key prefix and clean up.
 */
export const describeWithRedis = describeWith("Redis", REDIS_URL, () => redisAvailable());

/**
 * `await describeWithPostgres("name", (url) => { … })`: the body gets the
 * PostgreSQL URL; use your own schema or database and clean up.
 */
export const describeWithPostgres = describeWith("PostgreSQL", POSTGRES_URL, () =>
  postgresAvailable(),
);
