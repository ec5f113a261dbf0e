import express, { type Express } from "express";
import helmet from "helmet";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ScfService } from "../service/service.js";
import { authenticate, requestLimiter, writeLimiter, type RateLimits } from "./auth.js";
import { errorHandler, HttpError } from "./errors.js";
import { mountRoutes, type ApiRoute } from "./http.js";
import { apiRoutes } from "./routes.js";
import { devTokenRoutes } from "./system/dev-tokens.js";

export interface AppOptions {
  /** Rate limits (defaults: 300 writes a minute per participant, 3000 requests a minute per address). */
  limits?: RateLimits;
  /** Largest JSON body accepted (default "16kb"). */
  bodyLimit?: string;
  /** Folder of the dashboard's static files, served at / (default: src/web). */
  webDir?: string;
  /** Routes to serve (default: every route of the API). */
  routes?: readonly ApiRoute[];
  /** Also serve every participant's dev token at /api/dev/tokens (the dashboard's switcher). */
  devTokens?: boolean;
}

/** The dashboard's folder: src/web, next to this module's folder. */
export const WEB_DIR = fileURLToPath(new URL("../web/", import.meta.url));

/**
 * The Express app of `scf serve`, without a port (tests drive it with supertest; `listen` is in
 * `server.ts`): security headers, JSON bodies up to 16 kB, bearer-token participants, rate limits,
 * the REST API under /api, the dashboard's static files at /, and JSON errors that never show
 * internals.
 * @example const app = createApp(await bootService()); await request(app).get("/api/health");
 */
export function createApp(service: ScfService, options: AppOptions = {}): Express {
  const limits = options.limits ?? {};
  const webDir = options.webDir ?? WEB_DIR;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.set("query parser", "simple");
  app.use(
    helmet({
      // Served over plain HTTP on localhost: never ask browsers to upgrade to https.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      strictTransportSecurity: false,
    }),
  );

  const api = express.Router();
  api.use(requestLimiter(limits));
  api.use(express.json({ limit: options.bodyLimit ?? "16kb", strict: true }));
  api.use(authenticate(service));
  // Reads see the chain as it is now (an incremental sync is one eth_blockNumber when idle).
  api.use(async (req, _res, next) => {
    if (req.method === "GET" && req.path !== "/stream") await service.sync();
    next();
  });
  const routes = [...(options.routes ?? apiRoutes), ...(options.devTokens ? devTokenRoutes : [])];
  mountRoutes(api, routes, service, [writeLimiter(limits)]);
  api.use((req, _res, next) => {
    next(new HttpError(404, "NOT_FOUND", `There is no API route ${req.method} /api${req.path}: see /api/docs.`));
  });
  app.use("/api", api);

  // The dashboard (src/web, built separately) at /.
  app.use(express.static(webDir, { index: "index.html", fallthrough: true }));
  app.get("/", (_req, res) => {
    if (existsSync(`${webDir}/index.html`)) {
      res.sendFile("index.html", { root: webDir });
      return;
    }
    res
      .type("html")
      .send(
        '<!doctype html><meta charset="utf-8"><title>scf serve</title><h1>scf serve</h1><p>The API is at <a href="/api/docs">/api/docs</a>; the dashboard is not installed.</p>',
      );
  });
  app.use((req, _res, next) => {
    next(new HttpError(404, "NOT_FOUND", `Nothing at ${req.path}.`));
  });

  const names = (address: unknown) => service.directory.party(String(address)).name;
  app.use(errorHandler(names, service.log));
  return app;
}
