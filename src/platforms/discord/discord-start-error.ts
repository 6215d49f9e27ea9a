/** Why the Discord adapter could not start; the rest of the process keeps running. */
export type DiscordStartFailure = "invalid-token" | "disallowed-intents" | "connect-failed";

export class DiscordStartError extends Error {
  override readonly name = "DiscordStartError";
  readonly code: DiscordStartFailure;

  constructor(code: DiscordStartFailure, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
