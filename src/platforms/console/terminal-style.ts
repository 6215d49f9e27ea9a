/**
 * ANSI SGR styling, or none at all. Each style closes with its own reset
 * (22, 24, 39) rather than a full reset (0), so styles nest. Apply styles to
 * text that is already sanitized: the codes here are the only ones we emit.
 */
export interface TerminalStyle {
  bold(text: string): string;
  dim(text: string): string;
  underline(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const plain = (text: string): string => text;

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    text === "" ? text : `\x1b[${open}m${text}\x1b[${close}m`;

export function createTerminalStyle(color: boolean): TerminalStyle {
  if (!color) return { bold: plain, dim: plain, underline: plain, red: plain, yellow: plain };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    underline: sgr(4, 24),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
  };
}
