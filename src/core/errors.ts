/**
 * Typed errors (DESIGN.md §4). A `UserError` is for a person to read: what went
 * wrong and what to type instead. An `InternalError` carries a code and a cause
 * for the logs; a person only sees a short apology with its id.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  /** What to do instead, shown after the message. */
  readonly hint: string | undefined;
  /** Where in the user's input the problem is (0-based), when it is about input. */
  readonly position: number | undefined;

  constructor(
    message: string,
    options: { hint?: string; position?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
    this.position = options.position;
  }
}

export class InternalError extends Error {
  override readonly name = "InternalError";
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** A service the process needs (database, Redis) cannot be reached: CLI exit code 3. */
export class ServiceUnavailableError extends Error {
  override readonly name = "ServiceUnavailableError";
  readonly service: string;
  readonly hint: string;

  constructor(service: string, message: string, hint: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.service = service;
    this.hint = hint;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
