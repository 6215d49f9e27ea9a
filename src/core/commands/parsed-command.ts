import type { Schedule } from "../digest/schedule.js";

/** What a `/news …` command asks for, the same on every platform. */
export type ScheduleOptions = Partial<Schedule>;

export type FeedsCommand =
  | { kind: "feeds"; action: "list" }
  | { kind: "feeds"; action: "add"; url: string }
  | { kind: "feeds"; action: "remove"; target: string };

export type ParsedCommand =
  /** `topic` is exactly as typed; options absent from the text are absent here. */
  | { kind: "subscribe"; topic: string; schedule: ScheduleOptions }
  /** A subscription id or its topic, as typed. */
  | { kind: "unsubscribe"; target: string }
  | { kind: "list" }
  | { kind: "pause"; id: string }
  | { kind: "resume"; id: string }
  | { kind: "schedule"; id: string; schedule: ScheduleOptions }
  | FeedsCommand
  /** `since` is resolved against the request's clock and time zone; `topic` null searches everything. */
  | { kind: "recent"; topic: string | null; since: Date }
  | { kind: "digest" }
  | { kind: "why"; itemId: string }
  | { kind: "status" }
  | { kind: "help"; command: string | null };

export type CommandName = ParsedCommand["kind"];
