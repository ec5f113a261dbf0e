import type { Economy } from "../sim/scenario/schema.js";

/** A fitted parameter, the published figure it is fitted to, and what each run gave. */
export interface FitRow {
  parameter: keyof Economy & string;
  metric: string;
  target: number;
  /** The values tried, in order, and the figure each run produced. */
  history: { value: number; simulated: number }[];
}

/** Where each fittable parameter may go. */
export const BOUNDS: Record<string, [number, number]> = {
  creditShare: [0.01, 1],
  registrationShare: [0.01, 1],
  cashBufferDays: [0.5, 365],
  volatility: [0.005, 2],
};

/** First guess of d ln(figure) / d ln(parameter), before two runs give a measured one. */
const ELASTICITY_GUESS: Record<string, number> = {
  creditShare: 1,
  registrationShare: 1,
  cashBufferDays: 1,
  volatility: 1.5,
};

/** A step changes a parameter by at most this factor (up or down). */
const MAX_STEP = 3;

/** (simulated − target) / target of the last run. */
export function deviation(row: FitRow): number {
  const last = row.history.at(-1)!;
  return row.target === 0 ? last.simulated : (last.simulated - row.target) / row.target;
}

/**
 * The next value of each parameter: a secant step in logarithms, one parameter per figure
 * (each figure moves mainly with its own parameter). The elasticity is measured from the last two
 * runs where the parameter moved and the figure answered, else the first guess; it is kept between
 * 0.1 and 10, a step changes the value by at most 3×, and the value stays within its bounds. A figure
 * of zero (no defaults at all) doubles the parameter.
 */
export function nextValue(row: FitRow): number {
  const [lo, hi] = BOUNDS[row.parameter] ?? [1e-6, 1e6];
  const last = row.history.at(-1)!;
  if (last.simulated <= 0) return clamp(last.value * 2, lo, hi);
  let elasticity = ELASTICITY_GUESS[row.parameter] ?? 1;
  for (let i = row.history.length - 2; i >= 0; i--) {
    const prev = row.history[i];
    if (prev.simulated > 0 && prev.value !== last.value && prev.simulated !== last.simulated) {
      const measured = Math.log(last.simulated / prev.simulated) / Math.log(last.value / prev.value);
      if (Number.isFinite(measured) && measured > 0) elasticity = clamp(measured, 0.1, 10);
      break;
    }
  }
  const factor = clamp((row.target / last.simulated) ** (1 / elasticity), 1 / MAX_STEP, MAX_STEP);
  return round(clamp(last.value * factor, lo, hi));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Four significant digits: the values go into a YAML file people read. */
function round(x: number): number {
  return Number(x.toPrecision(4));
}
