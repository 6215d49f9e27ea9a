import type { AppPart } from "./app.js";
import { platformHooks } from "./app-handlers.js";
import type { Config } from "./config/schema.js";
import type { ChatPlatform } from "./core/chat-platform.js";
import { platformsPart } from "./platforms-part.js";
import { digestsPart } from "./queue/workers/digests-part.js";
import { ingestionPart } from "./queue/workers/ingestion-part.js";

/** The chat platforms of this process, by name; filled by the platforms part at start. */
export type PlatformRegistry = Map<string, ChatPlatform>;

/**
 * The parts a process runs. `start` (all) receives commands and keeps the
 * schedulers; `worker` runs the workers only; `client` (CLI verbs) only
 * builds the platforms, to deliver a digest asked for from the shell.
 */
export function defaultParts(
  _config: Config,
  role: "all" | "worker" | "client",
  registry: PlatformRegistry = new Map(),
): AppPart[] {
  const platforms = platformsPart(registry, platformHooks);
  if (role === "client") return [platforms];
  return [
    platforms,
    ingestionPart({ schedulers: role === "all", platforms: () => registry }),
    digestsPart({ platforms: () => registry, schedulers: role === "all" }),
  ];
}
