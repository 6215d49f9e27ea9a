import type { AppPart } from "./app.js";
import type { Config } from "./config/schema.js";
import { ingestionPart } from "./queue/workers/ingestion-part.js";

/** The parts a process runs, by role: workers and schedulers of each stage, and the platforms. */
export function defaultParts(_config: Config, role: "all" | "worker"): AppPart[] {
  return [ingestionPart({ schedulers: role === "all" })];
}
