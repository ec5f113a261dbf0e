import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The reliability profile: "ci" (the default, part of `npm test`, sized to fit CI) or "long"
 * (`npm run test:reliability`, the figures the README shows).
 */
export const PROFILE: "ci" | "long" = process.env.SCF_RELIABILITY_PROFILE === "long" ? "long" : "ci";

/** Picks the CI or the long figure of a setting (runs, seconds, clients…). */
export function sized<T>(ci: T, long: T): T {
  return PROFILE === "long" ? long : ci;
}

/** One measured figure of the reliability table. */
export interface Figure {
  /** What was measured, in a few words ("API fuzzing: generated requests per write route"). */
  name: string;
  /** The measured value, as printed. */
  value: string;
  /** The bar it must meet ("≥ 1,000", "0", "≤ 0.1%"). */
  bar: string;
  holds: boolean;
}

/**
 * Writes an area's figures to out/reliability/<area>.json for the table that
 * `npm run test:reliability` prints (scripts/reliability-table.ts).
 * @example recordFigures("api-fuzz", [{ name: "5xx answers", value: "0", bar: "0", holds: true }]);
 */
export function recordFigures(area: string, figures: Figure[]): void {
  const dir = join("out", "reliability");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${area}.json`),
    JSON.stringify({ area, profile: PROFILE, measuredAt: new Date().toISOString(), figures }, null, 2) + "\n",
  );
}
