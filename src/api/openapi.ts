import { z } from "zod";
import type { ApiRoute } from "./http.js";

type JsonSchema = Record<string, unknown>;

/** The JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a client sends for a zod schema. */
export function inputSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return json;
}

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid request (INVALID_REQUEST, MALFORMED_JSON) or a value the contract refuses",
  401: "No or unknown API token (UNAUTHENTICATED)",
  403: "The token's participant may not do this (FORBIDDEN, or the contract's role/ownership error)",
  404: "An id or participant that does not exist (NOT_FOUND, or the contract's Unknown* error)",
  409: "The current state refuses it (e.g. VOUCHER_MATURED, ESCROW_NOT_OPEN, ECNY_INSUFFICIENT_BALANCE)",
  413: "The request body is larger than 16 kB (PAYLOAD_TOO_LARGE)",
  415: "The request body is not JSON (UNSUPPORTED_MEDIA_TYPE)",
  429: "Too many requests (RATE_LIMITED)",
  500: "Unexpected server error (INTERNAL); nothing internal is disclosed",
};

function errorStatuses(route: ApiRoute): number[] {
  if (route.write) return [400, 401, 403, 404, 409, 413, 415, 429, 500];
  const statuses = [429, 500];
  if (route.params || route.query) statuses.push(400);
  if (route.params) statuses.push(404);
  if (route.auth === "required") statuses.push(401);
  return statuses.sort();
}

/** OpenAPI parameters (path or query) of an object schema, one per property. */
function parameters(schema: z.ZodType | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const json = inputSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** A JSON request body; required when its schema has required fields (an action's `{}` may be left out). */
function requestBody(schema: z.ZodType): JsonSchema {
  const json = inputSchema(schema);
  const required = Array.isArray(json.required) && json.required.length > 0;
  return { required, content: { "application/json": { schema: json } } };
}

const TIME = {
  type: "object",
  properties: { iso: { type: "string", format: "date-time" }, unix: { type: "integer" } },
  required: ["iso", "unix"],
};

/**
 * The OpenAPI 3.1 document of the routes, generated from their zod schemas: every operation with
 * its path and query parameters, request body (JSON Schema of the same schema that validates it),
 * bearer security for writes, and the error answers.
 * @example buildOpenApi(apiRoutes).paths["/api/vouchers"].post.requestBody
 */
export function buildOpenApi(routes: readonly ApiRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/api${route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
    const responses: Record<string, unknown> = {
      [route.successStatus]: {
        description: route.write ? "Done: the transaction, its described events and the resulting object" : "OK",
        content: {
          [route.produces]: {
            schema:
              route.produces === "application/json"
                ? route.write && route.path !== "/clock/advance"
                  ? { $ref: "#/components/schemas/WriteResult" }
                  : { type: "object" }
                : { type: "string" },
          },
        },
      },
    };
    for (const status of errorStatuses(route)) responses[status] = { $ref: `#/components/responses/E${status}` };
    const params = [...parameters(route.params, "path"), ...parameters(route.query, "query")];
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(route.write && route.body ? { requestBody: requestBody(route.body) } : {}),
      ...(route.auth === "required" ? { security: [{ bearerAuth: [] }] } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "scf-chain API",
      version: "0.1.0",
      description:
        "Supply-chain finance on a consortium chain: e-receivable vouchers, rural property-right pledges, loans and e-CNY. Reads are open to everyone; every write needs a participant's API token (`Authorization: Bearer scf_…`) and is signed on chain by that participant's own key. Amounts are decimal strings of fen (0.01 yuan); times are `{ iso, unix }`.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "/" }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "A participant's API token, printed by `scf serve`",
        },
      },
      schemas: {
        Time: TIME,
        Error: {
          type: "object",
          properties: {
            error: {
              type: "object",
              properties: {
                code: { type: "string", examples: ["VOUCHER_MATURED", "FORBIDDEN", "INVALID_REQUEST"] },
                message: { type: "string", description: "A sentence a person understands" },
                details: { type: "object" },
              },
              required: ["code", "message"],
            },
          },
          required: ["error"],
        },
        Event: {
          type: "object",
          properties: {
            id: { type: "string", description: '"block-logIndex"' },
            contract: { type: "string" },
            name: { type: "string" },
            args: { type: "object" },
            blockNumber: { type: "integer" },
            logIndex: { type: "integer" },
            txHash: { type: "string" },
            time: { $ref: "#/components/schemas/Time" },
            text: {
              type: "object",
              properties: { en: { type: "string" }, zh: { type: "string" } },
              required: ["en", "zh"],
            },
            technical: { type: "boolean" },
          },
          required: [
            "id",
            "contract",
            "name",
            "args",
            "blockNumber",
            "logIndex",
            "txHash",
            "time",
            "text",
            "technical",
          ],
        },
        WriteResult: {
          type: "object",
          properties: {
            txHash: { type: "string" },
            blockNumber: { type: "integer" },
            events: { type: "array", items: { $ref: "#/components/schemas/Event" } },
            result: { type: "object", description: "The object the write created or changed" },
          },
          required: ["txHash", "blockNumber", "events", "result"],
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([status, description]) => [
          `E${status}`,
          { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
      ),
    },
  };
}
