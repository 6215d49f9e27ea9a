/**
 * Whether console output gets ANSI styling: only on a terminal, and never when
 * NO_COLOR is set to anything but the empty string (https://no-color.org).
 * The environment is passed in, so callers and tests decide where it comes from.
 */
export function consoleColor(options: {
  isTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): boolean {
  const noColor = options.env.NO_COLOR;
  return options.isTty && (noColor === undefined || noColor === "");
}
