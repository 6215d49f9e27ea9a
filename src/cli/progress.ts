import { SingleBar } from "cli-progress";
import type { CliContext } from "./cli-context.js";

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

/** A progress bar on a terminal when there are many steps; nothing otherwise (pipes and scripts stay clean). */
export function createProgress(context: CliContext, total: number, what: string): Progress {
  if (!context.isTty || total < 5) return { tick: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: `${what} [{bar}] {value}/{total} {label}`,
    stream: context.stderr as NodeJS.WriteStream,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0, { label: "" });
  return {
    tick: (label = "") => bar.increment(1, { label: label.slice(0, 40) }),
    stop: () => bar.stop(),
  };
}
