import { describe, expect, it } from "vitest";
import { deviation, nextValue, type FitRow } from "../../src/calibrate/fit.js";

/** Runs the fit against a known model `figure = scale × value^elasticity` until within 0.5%. */
function fitAgainst(parameter: FitRow["parameter"], start: number, model: (v: number) => number, target: number) {
  const row: FitRow = { parameter, metric: "m", target, history: [] };
  let value = start;
  for (let run = 1; run <= 12; run++) {
    row.history.push({ value, simulated: model(value) });
    if (Math.abs(deviation(row)) <= 0.005) return { runs: run, value };
    value = nextValue(row);
  }
  return { runs: Infinity, value };
}

describe("the calibration step", () => {
  it("finds the value of a figure that is proportional to its parameter in one step", () => {
    const fit = fitAgainst("creditShare", 0.5, (v) => 10_000 * v, 6_200);
    expect(fit.runs).toBe(2);
    expect(fit.value).toBeCloseTo(0.62, 3);
  });

  it("measures a figure's elasticity from two runs and converges on a steep one", () => {
    const fit = fitAgainst("volatility", 0.2, (v) => 160 * (v / 0.4) ** 3, 160);
    expect(fit.runs).toBeLessThanOrEqual(6);
    expect(fit.value).toBeCloseTo(0.4, 2);
  });

  it("doubles a parameter whose figure is zero, and never steps more than 3× or leaves its bounds", () => {
    const zero: FitRow = { parameter: "volatility", metric: "m", target: 160, history: [{ value: 0.3, simulated: 0 }] };
    expect(nextValue(zero)).toBeCloseTo(0.6, 6);
    const far: FitRow = {
      parameter: "cashBufferDays",
      metric: "m",
      target: 1e9,
      history: [{ value: 10, simulated: 1 }],
    };
    expect(nextValue(far)).toBe(30);
    const share: FitRow = {
      parameter: "creditShare",
      metric: "m",
      target: 100,
      history: [{ value: 0.9, simulated: 50 }],
    };
    expect(nextValue(share)).toBe(1);
  });

  it("states the residual as (simulated − target) / target", () => {
    const row: FitRow = { parameter: "creditShare", metric: "m", target: 200, history: [{ value: 1, simulated: 210 }] };
    expect(deviation(row)).toBeCloseTo(0.05, 10);
  });
});
