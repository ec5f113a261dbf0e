import type { ApiRoute } from "./http.js";
import { lendingRoutes } from "./lending/router.js";
import { lessonRoutes } from "./lessons/router.js";
import { participantRoutes } from "./participants/router.js";
import { paymentRoutes } from "./payments/router.js";
import { docRoutes, systemRoutes } from "./system/router.js";
import { voucherRoutes } from "./vouchers/router.js";

/** Every route of the API (under /api), in documentation order. */
export const apiRoutes: readonly ApiRoute[] = [
  ...systemRoutes,
  ...participantRoutes,
  ...voucherRoutes,
  ...paymentRoutes,
  ...lendingRoutes,
  ...lessonRoutes, // /api/lessons: see src/api/lessons/router.ts
  ...docRoutes(() => apiRoutes),
];
