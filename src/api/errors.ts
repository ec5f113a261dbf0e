import type { ErrorRequestHandler } from "express";
import { ChainRevertError } from "../chain/revert.js";
import { ScfError } from "../domain/errors.js";
import { ConflictError } from "../service/errors.js";
import { answerRevert } from "./reverts.js";

/** Every error answer of the API: `{ "error": { "code", "message", "details"? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** An error the HTTP layer itself raises (validation, size, rate, unknown route). */
export class HttpError extends ScfError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, { details });
  }
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(details && Object.keys(details).length > 0 ? { details } : {}) } };
}

const STATUS_OF_CODE: Record<string, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  MEMBER_NOT_ACTIVE: 403,
  NOT_FOUND: 404,
  CLOCK_BACKWARDS: 409,
  SHUTTING_DOWN: 503,
};

const INTERNAL = errorBody("INTERNAL", "Something went wrong on the server. The error was logged; please try again.");

/**
 * The answer to any error: contract refusals by their custom error, the service's refusals by
 * class, body-parser errors by type; anything else is a 500 with a generic message (never a stack
 * trace or an internal message), and is logged.
 * @param caller the acting participant's address, if any. @param names display name of an address.
 */
export function answerError(
  error: unknown,
  caller: string | undefined,
  names: (address: unknown) => string,
): { status: number; body: ErrorBody; log: boolean } {
  if (error instanceof ChainRevertError) {
    const a = answerRevert(error.revert, caller, names);
    return { status: a.status, body: errorBody(a.code, a.message, a.details), log: a.status >= 500 };
  }
  if (error instanceof HttpError) {
    return { status: error.status, body: errorBody(error.code, error.message, error.details), log: false };
  }
  if (error instanceof ConflictError) {
    return { status: 409, body: errorBody(error.code, error.message, error.details), log: false };
  }
  if (error instanceof ScfError && STATUS_OF_CODE[error.code]) {
    const status = STATUS_OF_CODE[error.code];
    return { status, body: errorBody(error.code, error.message, error.details), log: status >= 500 };
  }
  const parser = bodyParserError(error);
  if (parser) return { ...parser, log: false };
  if (isUndecodablePath(error)) {
    return {
      status: 400,
      body: errorBody(
        "INVALID_REQUEST",
        "The path is not valid: a percent-encoded part (%XX) does not decode as UTF-8.",
      ),
      log: false,
    };
  }
  return { status: 500, body: INTERNAL, log: true };
}

/**
 * A body that does not decompress as its `Content-Encoding` says (gzip, deflate, br, zstd): body-parser
 * passes on the decompressor's error (a zlib `code` and `errno`) with status 400 and no `type`.
 */
function isDecompressionError(e: { status?: unknown; errno?: unknown; code?: unknown; type?: unknown }): boolean {
  return e.status === 400 && e.type === undefined && typeof e.errno === "number" && typeof e.code === "string";
}

/**
 * A path whose parameter is not valid percent-encoding (`/api/vouchers/%zz/accept`): the router's
 * `decodeURIComponent` fails and it passes on the `URIError` with status 400.
 */
function isUndecodablePath(error: unknown): boolean {
  return error instanceof URIError && (error as URIError & { status?: unknown }).status === 400;
}

/** Errors of `express.json()`: too large, malformed JSON, corrupt compression, unsupported encodings. */
function bodyParserError(error: unknown): { status: number; body: ErrorBody } | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as { type?: string; status?: number; limit?: number; errno?: unknown; code?: unknown };
  if (isDecompressionError(e)) {
    return {
      status: 400,
      body: errorBody(
        "MALFORMED_BODY_ENCODING",
        "The request body could not be decompressed: it is not valid data of its Content-Encoding.",
      ),
    };
  }
  if (!("type" in error)) return undefined;
  switch (e.type) {
    case "entity.too.large":
      return {
        status: 413,
        body: errorBody("PAYLOAD_TOO_LARGE", `The request body is too large (at most ${e.limit ?? "16384"} bytes).`),
      };
    case "entity.parse.failed":
      return { status: 400, body: errorBody("MALFORMED_JSON", "The request body is not valid JSON.") };
    case "encoding.unsupported":
    case "charset.unsupported":
      return {
        status: 415,
        body: errorBody("UNSUPPORTED_MEDIA_TYPE", "The request body's encoding is not supported."),
      };
    case "request.aborted":
    case "request.size.invalid":
    case "stream.encoding.set":
      return { status: 400, body: errorBody("BAD_REQUEST", "The request body could not be read.") };
    default:
      return undefined;
  }
}

/**
 * The app's last middleware: answers every error as JSON ({@link answerError}) and logs the
 * unexpected ones server-side.
 */
export function errorHandler(
  names: (address: unknown) => string,
  log: (message: string, error?: unknown) => void,
): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const caller = (res.locals.actor as { address?: string } | undefined)?.address;
    const answer = answerError(error, caller, names);
    if (answer.log) log(`${req.method} ${req.originalUrl} failed`, error);
    res.status(answer.status).json(answer.body);
  };
}
