import { read, type ApiRoute } from "../http.js";

/**
 * `GET /api/dev/tokens`: every participant's dev API token, so that the dashboard's "act as"
 * switcher works in a classroom. Served unless `scf serve --no-dev-tokens` (for a shared service).
 */
export const devTokenRoutes: ApiRoute[] = [
  read({
    tag: "System",
    path: "/dev/tokens",
    operationId: "devTokens",
    summary: "Dev API tokens of every participant (classroom switcher; off with --no-dev-tokens)",
    handler: async ({ service }) => ({ tokens: Object.fromEntries(service.tokens.byParticipant) }),
  }),
];
