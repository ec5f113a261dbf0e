import express, { type Express } from "express";
import helmet from "helmet";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ScfService } from "../service/service.js";
import { authenticate, requestLimiter, requireActiveMember, writeLimiter, type RateLimits } from "./auth.js";
import { errorHandler, HttpError } from "./errors.js";
import { hostCheck, isDevelopmentChain, isLoopback } from "./host.js";
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
  /**
   * Also serve every participant's dev token at /api/dev/tokens (the dashboard's switcher): only on
   * a development chain (`devChain`) served on loopback (`boundHost`); see {@link servesDevTokens}.
   */
  devTokens?: boolean;
  /**
   * The interface the server listens on, as given to `listen` (default "127.0.0.1"). Requests must
   * name it in `Host` (loopback: 127.0.0.1, localhost or [::1]; 0.0.0.0 or ::: a loopback name or an
   * address or name of this machine) with the port they came in on, else 421 `HOST_NOT_ALLOWED`.
   */
  boundHost?: string;
  /** Further host names to accept in `Host` (e.g. a LAN DNS name when bound to 0.0.0.0). */
  allowedHosts?: readonly string[];
  /** The chain is a development chain (default: {@link isDevelopmentChain} of the service's chain). */
  devChain?: boolean;
}

/**
 * Whether `createApp(service, options)` serves the dev tokens: asked for (`devTokens`), on a
 * development chain (the in-process chain or chain id 31337, unless `devChain` says otherwise) and
 * bound to loopback (`boundHost`, default 127.0.0.1). `scf serve` can say so when it starts.
 * @example if (!servesDevTokens(service, { devTokens: true, boundHost: "0.0.0.0" })) console.log("no switcher")
 */
export function servesDevTokens(service: ScfService, options: AppOptions): boolean {
  const devChain = options.devChain ?? isDevelopmentChain(service.deployment.chain);
  return options.devTokens === true && devChain && isLoopback(options.boundHost ?? DEFAULT_BOUND_HOST);
}

/** Where `scf serve` listens unless told otherwise: loopback only. */
const DEFAULT_BOUND_HOST = "127.0.0.1";

/** The dashboard's folder: src/web, next to this module's folder. */
export const WEB_DIR = fileURLToPath(new URL("../web/", import.meta.url));

/**
 * The Express app of `scf serve`, without a port (tests drive it with supertest; `listen` is in
 * `server.ts`): a Host-header check against `boundHost`, security headers, JSON bodies up to 16 kB,
 * bearer-token participants, rate limits, the REST API under /api, the dashboard's static files at /,
 * and JSON errors that never show internals.
 * @example
 * const app = createApp(service, { devTokens: true, boundHost: "127.0.0.1" });
 * await listen(app, { port: 3000, host: "127.0.0.1" });
 */
export function createApp(service: ScfService, options: AppOptions = {}): Express {
  const limits = options.limits ?? {};
  const webDir = options.webDir ?? WEB_DIR;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.set("query parser", "simple");
  // Against DNS rebinding: only the names this server is reached by, before anything else.
  app.use(hostCheck(options.boundHost ?? DEFAULT_BOUND_HOST, options.allowedHosts));
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
  const routes = [...(options.routes ?? apiRoutes), ...(servesDevTokens(service, options) ? devTokenRoutes : [])];
  mountRoutes(api, routes, service, [requireActiveMember(service), writeLimiter(limits)]);
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
