import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type App, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { type RedisProcess, startRedisProcess } from "../support/redis-process.js";
import { describeWithRedis } from "../support/services.js";

async function readyz(
  app: App,
): Promise<{ status: number; body: { checks: Record<string, boolean> } }> {
  const res = await fetch(`http://127.0.0.1:${app.http?.address.port}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, boolean> } };
}

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await fn();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await fn();
  }
  return last;
}

// `newswire start` with REDIS_URL: /readyz follows Redis going away and coming
// back, /healthz stays up, and /metrics serves Prometheus text.
await describeWithRedis("HTTP health and readiness with Redis as the queue", () => {
  let redis: RedisProcess;
  let app: App;
  beforeAll(async () => {
    redis = await startRedisProcess();
    const config = loadConfig({
      env: {
        DATA_DIR: mkdtempSync(join(tmpdir(), "newswire-readyz-")),
        REDIS_URL: redis.url,
        PORT: "0",
      },
      file: "/dev/null",
      overrides: { http: { host: "127.0.0.1" } },
    });
    app = await startApp({ config, logger: pino({ level: "silent" }), role: "all" });
  });
  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });

  it("is ready with Redis, not ready without it, and ready again when it is back", async () => {
    expect(await readyz(app)).toEqual({
      status: 200,
      body: expect.objectContaining({ checks: { database: true, queue: true } }),
    });
    await redis.stop();
    const down = await eventually(
      () => readyz(app),
      (r) => r.status === 503,
    );
    expect(down.status).toBe(503);
    expect(down.body.checks).toEqual({ database: true, queue: false });
    const health = await fetch(`http://127.0.0.1:${app.http?.address.port}/healthz`);
    expect(health.status).toBe(200);
    await redis.start();
    const up = await eventually(
      () => readyz(app),
      (r) => r.status === 200,
    );
    expect(up.body.checks).toEqual({ database: true, queue: true });
  });

  it("serves Prometheus metrics", async () => {
    const res = await fetch(`http://127.0.0.1:${app.http?.address.port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^process_cpu_user_seconds_total \d/m);
  });
});
