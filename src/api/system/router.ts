import { raw, read, write, type ApiRoute } from "../http.js";
import { renderDocs } from "../docs.js";
import { buildOpenApi } from "../openapi.js";
import * as h from "./handlers.js";
import * as s from "./schemas.js";

const tag = "System";

/** Health, volumes, the event log and stream, the clock. */
export const systemRoutes: ApiRoute[] = [
  read({
    tag,
    path: "/health",
    operationId: "health",
    summary: "The chain, the indexer's position and the project's time",
    handler: h.health,
  }),
  read({
    tag,
    path: "/volumes",
    operationId: "volumes",
    summary: "Volumes of every instrument (the same numbers as the simulator's report)",
    handler: h.volumes,
  }),
  read({
    tag,
    path: "/checks",
    operationId: "checks",
    summary: "The report's reconciliation checks on the chain as it is now (each: what it states, whether it holds)",
    handler: h.checks,
  }),
  read({
    tag,
    path: "/events",
    operationId: "listEvents",
    summary: "Decoded chain events, newest first, in plain words (English and Chinese)",
    query: s.EventsQuery,
    handler: h.events,
  }),
  raw({
    tag,
    path: "/stream",
    operationId: "streamEvents",
    summary: "Server-sent events: each newly indexed chain event, described",
    produces: "text/event-stream",
    query: s.StreamQuery,
    run: h.stream,
  }),
  write({
    tag,
    path: "/clock/advance",
    operationId: "advanceClock",
    summary: "Move the project clock forward by some days (platform operator)",
    body: s.ClockBody,
    handler: h.advanceClock,
  }),
];

/** The OpenAPI document and the browsable docs, both generated from `all()`'s routes and schemas. */
export function docRoutes(all: () => readonly ApiRoute[]): ApiRoute[] {
  let cached: { doc: object; html: string } | undefined;
  const docs = () => {
    if (!cached) {
      const doc = buildOpenApi(all());
      cached = { doc, html: renderDocs(doc) };
    }
    return cached;
  };
  return [
    raw({
      tag,
      path: "/openapi.json",
      operationId: "openApi",
      summary: "This API's OpenAPI 3.1 document",
      produces: "application/json",
      run: async (_req, res) => {
        res.json(docs().doc);
      },
    }),
    raw({
      tag,
      path: "/docs",
      operationId: "docs",
      summary: "This API's documentation as a web page",
      produces: "text/html",
      run: async (_req, res) => {
        res.type("html").send(docs().html);
      },
    }),
  ];
}
