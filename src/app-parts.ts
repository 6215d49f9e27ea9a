import type { AppPart } from "./app.js";
import type { Config } from "./config/schema.js";

/** The parts a process runs, by role: workers and schedulers of each stage, and the platforms. */
export function defaultParts(_config: Config, _role: "all" | "worker"): AppPart[] {
  return [];
}
