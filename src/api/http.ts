import type { Request, RequestHandler, Response, Router } from "express";
import type { z } from "zod";
import type { Participant } from "../chain/cast.js";
import type { ScfService } from "../service/service.js";
import { HttpError } from "./errors.js";
import { noBody } from "./schemas.js";

/**
 * Routes as data: method, path, schemas, documentation and a handler. The router mounts them, the
 * OpenAPI generator documents them, both from the same definitions (and the same zod schemas).
 */
export interface ApiRoute {
  method: "get" | "post";
  /** Express path under /api, e.g. "/vouchers/:slotId". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** "required": a bearer token must name a participant; writes always require one. */
  auth: "none" | "required";
  write: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  successStatus: number;
  /** Media type of the success answer. */
  produces: "application/json" | "text/event-stream" | "text/html";
  run(req: Request, res: Response, service: ScfService): Promise<void>;
}

type Schema = z.ZodType | undefined;
/** The parsed value of an optional schema (`{}` when there is none). */
export type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** What a read handler receives. */
export interface ReadInput<P extends Schema = undefined, Q extends Schema = undefined> {
  params: Out<P>;
  query: Out<Q>;
  actor?: Participant;
  service: ScfService;
}

/** What a write handler receives: the acting participant is always known. */
export interface WriteInput<P extends Schema = undefined, B extends Schema = undefined> {
  params: Out<P>;
  body: Out<B>;
  actor: Participant;
  service: ScfService;
}

interface Doc {
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
}

/** The acting participant of a request (set by `authenticate`), if any. */
export function actorOf(res: Response): Participant | undefined {
  return res.locals.actor as Participant | undefined;
}

/**
 * A read: validated params and query, JSON answer (200).
 * @example read({ path: "/vouchers/:slotId", params: z.object({ slotId: idParam("voucher") }), …, handler })
 */
export function read<P extends Schema = undefined, Q extends Schema = undefined>(
  def: Doc & {
    params?: P;
    query?: Q;
    auth?: "none" | "required";
    handler: (input: ReadInput<P, Q>) => Promise<unknown>;
  },
): ApiRoute {
  return {
    ...doc(def),
    method: "get",
    auth: def.auth ?? "none",
    write: false,
    params: def.params,
    query: def.query,
    successStatus: 200,
    produces: "application/json",
    async run(req, res, service) {
      const actor = actorOf(res);
      if (def.auth === "required" && !actor) throw unauthenticated();
      const params = validate(def.params, req.params, "path") as Out<P>;
      const query = validate(def.query, req.query, "query") as Out<Q>;
      res.status(200).json(await def.handler({ params, query, actor, service }));
    },
  };
}

/**
 * A write: a bearer token is required (401), params and a strict JSON body are validated (400; an
 * action without input takes an empty body or `{}`), then the handler acts as the token's
 * participant. Answers 201 or 200.
 */
export function write<P extends Schema = undefined, B extends Schema = undefined>(
  def: Doc & {
    params?: P;
    body?: B;
    status?: 200 | 201;
    handler: (input: WriteInput<P, B>) => Promise<unknown>;
  },
): ApiRoute {
  const status = def.status ?? 200;
  const bodySchema = def.body ?? noBody;
  return {
    ...doc(def),
    method: "post",
    auth: "required",
    write: true,
    params: def.params,
    body: bodySchema,
    successStatus: status,
    produces: "application/json",
    async run(req, res, service) {
      const actor = actorOf(res);
      if (!actor) throw unauthenticated();
      const params = validate(def.params, req.params, "path") as Out<P>;
      const body = validate(bodySchema, bodyOf(req), "body") as Out<B>;
      res.status(status).json(await def.handler({ params, body, actor, service }));
    },
  };
}

/** A route that writes its own answer (event stream, HTML, the OpenAPI document). */
export function raw(
  def: Doc & {
    produces: ApiRoute["produces"];
    query?: z.ZodType;
    run: (req: Request, res: Response, service: ScfService) => Promise<void>;
  },
): ApiRoute {
  return {
    ...doc(def),
    method: "get",
    auth: "none",
    write: false,
    query: def.query,
    successStatus: 200,
    produces: def.produces,
    run: def.run,
  };
}

/** Mounts routes on a router; writes get `writeGuards` (e.g. the per-participant rate limit) first. */
export function mountRoutes(
  router: Router,
  routes: readonly ApiRoute[],
  service: ScfService,
  writeGuards: RequestHandler[] = [],
): void {
  for (const route of routes) {
    const guards = route.write ? [requireActor, ...writeGuards] : [];
    router[route.method](route.path, ...guards, (req: Request, res: Response) => route.run(req, res, service));
  }
}

/** 401 before anything else for a write without a participant. */
const requireActor: RequestHandler = (_req, res, next) => {
  next(actorOf(res) ? undefined : unauthenticated());
};

function unauthenticated(): HttpError {
  return new HttpError(
    401,
    "UNAUTHENTICATED",
    "This needs a participant's API token: send `Authorization: Bearer scf_…` (tokens are printed by `scf serve` and written to its manifest).",
  );
}

function doc(def: Doc): Doc {
  return {
    path: def.path,
    operationId: def.operationId,
    summary: def.summary,
    description: def.description,
    tag: def.tag,
  };
}

/** The JSON body, `{}` when there is none; 415 for a body that is not JSON. */
function bodyOf(req: Request): unknown {
  const length = Number(req.headers["content-length"] ?? 0);
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if ((length > 0 || chunked) && !req.is("application/json")) {
    throw new HttpError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the request body as JSON (Content-Type: application/json).",
    );
  }
  return req.body === undefined ? {} : req.body;
}

const WHERE = { path: "path parameter", query: "query parameter", body: "request body" } as const;

/** Parses one part of a request with its schema; 400 INVALID_REQUEST listing every problem. */
export function validate(schema: z.ZodType | undefined, value: unknown, where: keyof typeof WHERE): unknown {
  if (!schema) return {};
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`
        : issue.message;
    return { in: where, ...(path ? { field: path } : {}), message };
  });
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  throw new HttpError(
    400,
    "INVALID_REQUEST",
    `The ${WHERE[where]}${first.field ? ` "${first.field}"` : ""} is not valid: ${first.message}${more}.`,
    { issues },
  );
}
