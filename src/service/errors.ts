import { ScfError } from "../domain/errors.js";

/**
 * The service's refusals, raised before anything is sent to the chain. The API maps each class to
 * an HTTP status (see `src/api/errors.ts`); the service itself knows nothing of HTTP.
 */

/** No credentials, or credentials that name no participant. */
export class UnauthenticatedError extends ScfError {
  constructor(message: string) {
    super("UNAUTHENTICATED", message);
  }
}

/** The acting participant may not do this (wrong role, not the holder, not the payee…). */
export class ForbiddenError extends ScfError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("FORBIDDEN", message, { details });
  }
}

/** The request is well formed but the current state does not allow it (e.g. a token that is not pledged). */
export class ConflictError extends ScfError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { details });
  }
}

/**
 * The acting participant is not an active member: the platform operator suspended or removed it.
 * Every write is refused (the contracts check it too, but not all of their functions do).
 */
export class MemberNotActiveError extends ScfError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("MEMBER_NOT_ACTIVE", message, { details });
  }
}
