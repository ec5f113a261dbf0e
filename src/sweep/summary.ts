import type { ScenarioOverride } from "../sim/scenario/overrides.js";
import type { Grid } from "./grid.js";
import { outcomesOf, unitOf, type Figure, type OutcomeUnit } from "./outcomes.js";
import { summarize, type Summary } from "./stats.js";

/** How the intervals are computed, written into sweep.json beside them. */
export const STATISTICS_NOTE =
  "Per combination of the varied values, over its seeds: n, mean, sd = sample standard deviation " +
  "(n − 1), 95% confidence interval of the mean = mean ± t(0.975, n − 1) · sd / √n with Student's t " +
  "quantile computed from its distribution function (regularized incomplete beta, bisection), min, " +
  "quartiles (linear interpolation), median, max. Statistics are floats (they are statistics, not " +
  "money); amounts are in fen, and sumFen, the sum of an amount over the seeds, is exact (bigint). " +
  "sd and ci95 are null for a single seed.";

/** One cell in sweep.json: where its report is and its outcome figures, as the report wrote them. */
export interface CellRecord {
  key: string;
  values: ScenarioOverride[];
  seed: number;
  report: string;
  outcomes: Record<string, Figure>;
}

/** One outcome's statistics for one combination of the varied values. */
export interface CombinationStats extends Summary {
  key: string;
  values: ScenarioOverride[];
  /** For amounts: Σ over the seeds, exact, in fen. */
  sumFen?: string;
}

export interface OutcomeStats {
  name: string;
  unit: OutcomeUnit;
  /** False when every cell has the same figure (nothing to compare). */
  varies: boolean;
  byCombination: CombinationStats[];
}

/** sweep.json. */
export interface SweepSummary {
  version: 1;
  scenario: string;
  title: string;
  file: string;
  seeds: number[];
  set: ScenarioOverride[];
  vary: Grid["vary"];
  days?: number;
  flowScale?: number;
  combinations: { key: string; values: ScenarioOverride[]; folder: string }[];
  cells: CellRecord[];
  statistics: string;
  outcomes: OutcomeStats[];
}

/** A cell's report as read back from its report.json (only what the summary needs). */
export interface CellReport {
  scenario?: string;
  title?: string;
  calibration?: { metric: string; unit: string }[];
  [field: string]: unknown;
}

/**
 * Builds sweep.json from the grid and every cell's report (`reports[i]` is `grid.cells[i]`'s):
 * each cell's outcome figures, and per outcome and combination the spread over the seeds.
 */
export function summarizeSweep(
  grid: Grid,
  reports: readonly CellReport[],
  meta: { file: string; days?: number; flowScale?: number },
): SweepSummary {
  const cells: CellRecord[] = grid.cells.map((cell, i) => ({
    key: cell.combination.key,
    values: cell.combination.values,
    seed: cell.seed,
    report: `${cell.dir}/report.json`,
    outcomes: outcomesOf(reports[i]),
  }));
  const names: string[] = [];
  const seen = new Set<string>();
  for (const cell of cells) {
    for (const name of Object.keys(cell.outcomes)) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  const calibrationUnits: Record<string, string> = {};
  for (const report of reports) for (const row of report.calibration ?? []) calibrationUnits[row.metric] = row.unit;

  const outcomes = names.map((name): OutcomeStats => {
    const all = cells.map((c) => c.outcomes[name]).filter((f) => f !== undefined);
    const unit = unitOf(name, all[0], calibrationUnits);
    const byCombination = grid.combinations.flatMap((combination): CombinationStats[] => {
      const figures = cells
        .filter((c) => c.key === combination.key)
        .map((c) => c.outcomes[name])
        .filter((f) => f !== undefined);
      if (figures.length === 0) return [];
      const exact = figures.every((f) => typeof f === "string" && /^-?\d+$/.test(f));
      const sum = exact ? figures.reduce((s: bigint, f) => s + BigInt(f), 0n) : undefined;
      const stats = summarize(
        figures.map((f) => Number(f)),
        sum === undefined ? undefined : Number(sum) / figures.length,
      );
      return [
        {
          key: combination.key,
          values: combination.values,
          ...(sum !== undefined && unit === "fen" ? { sumFen: sum.toString() } : {}),
          ...stats,
        },
      ];
    });
    const varies = new Set(all.map((f) => String(f))).size > 1 || all.length < cells.length;
    return { name, unit, varies, byCombination };
  });

  const first = reports[0] ?? {};
  return {
    version: 1,
    scenario: String(first.scenario ?? ""),
    title: String(first.title ?? ""),
    file: meta.file,
    seeds: grid.seeds,
    set: grid.set,
    vary: grid.vary,
    ...(meta.days !== undefined ? { days: meta.days } : {}),
    ...(meta.flowScale !== undefined ? { flowScale: meta.flowScale } : {}),
    combinations: grid.combinations.map((c) => ({ key: c.key, values: c.values, folder: c.folder })),
    cells,
    statistics: STATISTICS_NOTE,
    outcomes,
  };
}
