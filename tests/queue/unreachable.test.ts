/** Nothing listening at start: one clear line naming the server and what to do, no stack trace. */
import { describe, expect, it } from "vitest";
import { ServiceUnavailableError } from "../../src/core/errors.js";
import { createQueueBackend } from "../../src/queue/queue-backend.js";
import { freePort } from "../support/redis-process.js";
import { captureLogger } from "./support/capture-logger.js";

const { logger } = captureLogger();

async function startError(options: Parameters<typeof createQueueBackend>[0]): Promise<unknown> {
  try {
    const backend = await createQueueBackend(options);
    await backend.close();
  } catch (error) {
    return error;
  }
  throw new Error("expected createQueueBackend to reject");
}

describe("queue: a server that is not there at start", () => {
  it("names Redis, the reason, and how to start it or do without it", async () => {
    const port = await freePort();
    const error = await startError({
      redisUrl: `redis://127.0.0.1:${port}`,
      drainDelayMs: 1_000,
      logger,
    });
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const { message, hint, service } = error as ServiceUnavailableError;
    expect(service).toBe("redis");
    expect(`${message}; ${hint}`).toBe(
      `queue: Redis at redis://127.0.0.1:${port} is unreachable (ECONNREFUSED); start it (redis-server --daemonize yes) or unset REDIS_URL to keep the queue in the database`,
    );
    expect(message).not.toContain("\n");
  });

  it("names PostgreSQL without its password", async () => {
    const port = await freePort();
    const error = await startError({
      postgresUrl: `postgres://newswire:s3cret@127.0.0.1:${port}/newswire`,
      drainDelayMs: 1_000,
      logger,
    });
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const { message, hint } = error as ServiceUnavailableError;
    expect(message).toBe(
      `queue: PostgreSQL at postgres://newswire:***@127.0.0.1:${port}/newswire is unreachable (ECONNREFUSED)`,
    );
    expect(hint).toContain("DATABASE_URL");
  });

  it("says the embedded database's owner has stopped", async () => {
    const port = await freePort();
    const error = await startError({
      postgresUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
      embedded: true,
      drainDelayMs: 1_000,
      logger,
    });
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).message).toBe(
      `queue: the embedded database at postgres://postgres@127.0.0.1:${port}/postgres is unreachable (ECONNREFUSED)`,
    );
    expect((error as ServiceUnavailableError).hint).toContain("newswire start");
  });
});
