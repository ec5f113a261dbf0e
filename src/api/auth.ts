import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import type { ScfService } from "../service/service.js";
import { errorBody, HttpError } from "./errors.js";
import { actorOf } from "./http.js";

/**
 * Who is acting: `Authorization: Bearer <token>` names a participant (`res.locals.actor`). No
 * header: anonymous (reads only). A header with an unknown or malformed token: 401.
 */
export function authenticate(service: ScfService): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      next();
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const participant = match ? service.tokens.participantOf(match[1]) : undefined;
    if (!participant) {
      next(new HttpError(401, "UNAUTHENTICATED", "The API token is not valid: use a token `scf serve` printed."));
      return;
    }
    res.locals.actor = participant;
    next();
  };
}

/**
 * Writes only by active members: the token of a member the platform operator suspended or removed
 * still names it, but every write is refused (403 `MEMBER_NOT_ACTIVE`), before anything else.
 */
export function requireActiveMember(service: ScfService): RequestHandler {
  return async (_req, res, next) => {
    const actor = actorOf(res);
    if (actor) {
      await service.sync();
      service.requireActiveMember(actor.address);
    }
    next();
  };
}

export interface RateLimits {
  /** Writes per minute per participant (default 300). */
  writesPerMinute?: number;
  /** Requests per minute per client address, reads and writes (default 3000). */
  requestsPerMinute?: number;
}

/** Requests per client address: generous, for dashboards polling and streaming. */
export function requestLimiter(limits: RateLimits): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: limits.requestsPerMinute ?? 3_000,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json(errorBody("RATE_LIMITED", "Too many requests from this address: wait a minute."));
    },
  });
}

/** Writes per participant (the token's, not the address's). */
export function writeLimiter(limits: RateLimits): RequestHandler {
  const limit = limits.writesPerMinute ?? 300;
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (_req, res) => `participant:${actorOf(res)?.id ?? "anonymous"}`,
    handler: (_req, res) => {
      res
        .status(429)
        .json(errorBody("RATE_LIMITED", `Too many writes: at most ${limit} a minute per participant. Wait a moment.`));
    },
  });
}
