/**
 * The project's one base error: a short message a person understands, a machine-readable code,
 * optional details and a cause. Subclasses name the failure. A user never sees a stack trace for a
 * mistake they made: the CLI and the API print `message` (and `code`) only.
 */
export class ScfError extends Error {
  readonly code: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** Bad input: a malformed amount, an unknown member name, a bad flag. */
export class InvalidInputError extends ScfError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("INVALID_INPUT", message, { details });
  }
}

/** Something that was asked for does not exist (a member, a voucher, a token). */
export class NotFoundError extends ScfError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("NOT_FOUND", message, { details });
  }
}
