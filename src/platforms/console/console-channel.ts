/**
 * Newswire names a console channel `console:<name>` (DESIGN.md §3). The name
 * is typed by a person at a prompt, so it is kept to characters that need no
 * quoting in a shell and print the same everywhere.
 */
const CHANNEL_NAME = /^console:([a-z0-9][a-z0-9._-]{0,79})$/i;

/** The name part of `console:<name>`, or null when the channel is not a console channel. */
export function parseConsoleChannel(channel: string): string | null {
  return CHANNEL_NAME.exec(channel)?.[1] ?? null;
}

export function formatConsoleChannel(name: string): string {
  return `console:${name}`;
}
