/**
 * A second Newswire process for the queue contract: `add` enqueues one job
 * and exits; `work` runs a worker until SIGTERM, then closes the queue
 * gracefully (as `newswire worker` does) and exits 0.
 * Options come as JSON in QUEUE_CHILD_OPTIONS.
 */
import pino from "pino";
import { createQueueBackend, type QueueBackendOptions } from "../../../src/queue/queue-backend.js";

const options = JSON.parse(process.env.QUEUE_CHILD_OPTIONS ?? "{}") as Omit<
  QueueBackendOptions,
  "logger"
>;
const mode = process.argv[2];
const logger = pino({ level: "warn" }, pino.destination(2));
const backend = await createQueueBackend({ ...options, logger });

if (mode === "add") {
  const id = process.argv[3] ?? "from-child";
  await backend.queue("poll").add("poll", { feedId: id }, { jobId: id });
  console.log(`added ${id}`);
  await backend.close({ graceMs: 1_000 });
  process.exit(0);
} else if (mode === "work") {
  const holdMs = Number(process.argv[3] ?? "1000");
  backend.worker(
    "deliver",
    async (job) => {
      console.log(`started ${job.id}`);
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      console.log(`finished ${job.id}`);
      return { done: true };
    },
    { concurrency: 1 },
  );
  process.once("SIGTERM", () => {
    console.log("sigterm");
    void backend.close({ graceMs: 20_000 }).then(() => {
      console.log("closed");
      process.exit(0);
    });
  });
  console.log("working");
} else {
  console.error(`queue-child: unknown mode ${mode}`);
  process.exit(2);
}
