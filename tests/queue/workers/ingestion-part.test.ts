import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, startApp } from "../../../src/app.js";
import { platformHooks } from "../../../src/app-handlers.js";
import { loadConfig } from "../../../src/config/load-config.js";
import type { ChatPlatform } from "../../../src/core/chat-platform.js";
import { platformsPart } from "../../../src/platforms-part.js";
import { ingestionPart } from "../../../src/queue/workers/ingestion-part.js";
import { createFeedRepository } from "../../../src/store/feed-repository.js";
import { type FeedServer, startFeedServer } from "../../support/feed-server.js";
import { waitForValue } from "../../support/wait-for-value.js";

// The poll worker on the real queue: a feed that keeps answering 500 is
// disabled after the configured run of failures, and the channel that added
// it is told once, through its platform.
describe("the ingestion part", () => {
  let app: App;
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
    server.route("/down.xml", { kind: "static", body: "oops", status: 500 });
    const dataDir = mkdtempSync(join(tmpdir(), "newswire-ingestion-part-"));
    const config = loadConfig({
      env: { DATA_DIR: dataDir, FEED_ALLOW_PRIVATE: "true", NEWSWIRE_STARTER_FEEDS: "false" },
      file: "/dev/null",
      overrides: { feeds: { disableAfterFailures: 3 }, queue: { drainDelayMs: 100 } },
    });
    const registry = new Map<string, ChatPlatform>();
    app = await startApp({
      config,
      logger: pino({ level: process.env.TEST_LOG ?? "silent" }),
      role: "worker",
      parts: [
        platformsPart(registry, platformHooks),
        ingestionPart({ schedulers: false, platforms: () => registry }),
      ],
    });
  });
  afterAll(async () => {
    await app?.stop();
    await server?.close();
  });

  it("disables a feed after repeated 500s and tells its channel once", async () => {
    const feeds = createFeedRepository(app.db);
    const { feed } = await feeds.add({ url: server.url("/down.xml"), channel: "console:ops" });
    for (let attempt = 1; attempt <= 4; attempt++) {
      // Time passes: the feed's backoff is over and its poll is due again.
      await app.db.query(
        "UPDATE feeds SET next_poll_at = now() - interval '1 second' WHERE id = $1",
        [feed.id],
      );
      await app.queue
        .queue("poll")
        .add("poll", { feedId: feed.id }, { jobId: `poll-test-${attempt}` });
      await waitForValue(
        `poll ${attempt}`,
        async () => (server.requestsTo("/down.xml").length >= Math.min(attempt, 3) ? true : null),
        30_000,
      );
    }
    const disabled = await waitForValue(
      "the feed disabled",
      async () => {
        const f = await feeds.get(feed.id);
        return f?.status === "disabled" ? f : null;
      },
      30_000,
    );
    expect(disabled.disabledReason).toMatch(/^fetcher: .*500/);
    const notices = await waitForValue(
      "the notice",
      async () => {
        const { rows } = await app.db.query<{ body: { summary: string } }>(
          "SELECT body FROM console_messages WHERE channel_id = 'console:ops' AND kind = 'notice'",
        );
        return rows.length > 0 ? rows : null;
      },
      30_000,
    );
    // A fourth poll of the disabled feed fetches nothing and tells nobody again.
    await new Promise((r) => setTimeout(r, 500));
    expect(server.requestsTo("/down.xml")).toHaveLength(3);
    const { rows } = await app.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM console_messages WHERE channel_id = 'console:ops'",
    );
    expect(rows[0]?.n).toBe(1);
    expect(notices[0]?.body.summary).toMatch(/stopped polling .*down\.xml|stopped polling/);
  });
});
