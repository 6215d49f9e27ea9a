import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, startApp } from "../../../src/app.js";
import { commandHandlerFor, suggestFor } from "../../../src/app-handlers.js";
import { loadConfig } from "../../../src/config/load-config.js";
import type { ChatPlatform, DeliveryOutcome } from "../../../src/core/chat-platform.js";
import { platformsPart } from "../../../src/platforms-part.js";
import { jobId } from "../../../src/queue/job-id.js";
import { digestsPart } from "../../../src/queue/workers/digests-part.js";
import { createDigestRepository } from "../../../src/store/digest-repository.js";
import { waitForValue } from "../../support/wait-for-value.js";
import { seedPendingDigest } from "./digest-fixture.js";

// A deliver job that ran out of attempts is not the end of its digest: the
// channel's next digest job finds the digest still pending and retries it.
describe("a failed delivery", () => {
  let app: App;
  let failing = true;
  const posted: string[] = [];
  // The platform for this test: transient failures until told otherwise.
  const flaky: ChatPlatform = {
    name: "console",
    start: async () => {},
    stop: async () => {},
    postDigest: async (_channel, digest): Promise<DeliveryOutcome> => {
      if (failing) return { status: "retry", reason: "platform answered 502", retryAfterMs: null };
      posted.push(digest.digestId);
      return { status: "posted", messageIds: [`m${digest.digestId}`] };
    },
    postNotice: async () => ({ status: "posted", messageIds: [] }),
  };

  beforeAll(async () => {
    const config = loadConfig({
      env: {
        DATA_DIR: mkdtempSync(join(tmpdir(), "newswire-deliver-retry-")),
        NEWSWIRE_STARTER_FEEDS: "false",
      },
      file: "/dev/null",
      overrides: { queue: { drainDelayMs: 100 } },
    });
    const registry = new Map<string, ChatPlatform>();
    app = await startApp({
      config,
      logger: pino({ level: "silent" }),
      role: "worker",
      parts: [
        platformsPart(registry, {
          handlerFor: commandHandlerFor,
          suggestFor,
          builtIn: () => [flaky],
        }),
        digestsPart({ platforms: () => registry, schedulers: false }),
      ],
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("is retried by the channel's next digest job once its attempts ran out", async () => {
    const digest = await seedPendingDigest(app.db, "console:retry", "Iran sanctions", [
      {
        title: "Iran faces new sanctions over oil exports",
        summary: "Washington imposed new sanctions on Iranian oil exports.",
      },
    ]);
    const deliver = app.queue.queue("deliver");
    const id = jobId("deliver", digest.digestId);
    await deliver.add("deliver", { digestId: digest.digestId }, { jobId: id, attempts: 1 });
    await waitForValue(
      "the delivery to fail",
      async () => (await (await deliver.getJob(id))?.isFailed()) ?? null,
    );
    expect((await createDigestRepository(app.db).get(digest.digestId))?.status).toBe("pending");

    failing = false;
    await app.queue
      .queue("digest")
      .add("digest", { channel: "console:retry", every: "daily" }, { jobId: "digest-retry-test" });
    const stored = await waitForValue("the digest delivered", async () => {
      const d = await createDigestRepository(app.db).get(digest.digestId);
      return d?.status === "delivered" ? d : null;
    });
    expect(stored.status).toBe("delivered");
    expect(posted).toEqual([digest.digestId]);
  });
});
