import { createTerminalStyle, type TerminalStyle } from "./terminal-style.js";

/** What every console renderer needs, resolved once from the caller's options. */
export interface RenderContext {
  style: TerminalStyle;
  /** Columns to wrap to. */
  width: number;
  /** The moment relative times count from; null prints clock times only. */
  now: Date | null;
  /** IANA zone for clock times (the channel's; config `defaults.timezone`). */
  timeZone: string;
}

export interface RenderOptions {
  /** ANSI styling; false prints no escape code at all. */
  color: boolean;
  /** Terminal columns; 80 when unknown. */
  width?: number;
  /** IANA time zone for clock times; UTC unless given. */
  timeZone?: string;
}

export const defaultWidth = 80;
/** Below this, wrapping turns into one word a line: not worth honouring. */
export const minimumWidth = 20;

export function createRenderContext(options: RenderOptions, now: Date | null): RenderContext {
  const width =
    options.width !== undefined && Number.isFinite(options.width)
      ? Math.max(minimumWidth, Math.floor(options.width))
      : defaultWidth;
  return {
    style: createTerminalStyle(options.color),
    width,
    now,
    timeZone: options.timeZone ?? "UTC",
  };
}
