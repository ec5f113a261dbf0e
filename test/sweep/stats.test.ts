import { describe, expect, it } from "vitest";
import { studentTCdf, studentTQuantile, summarize } from "../../src/sweep/stats.js";

describe("the statistics of a sweep", () => {
  it("gives 1,2,3,4,5 mean 3, s 1.5811, t(0.975,4) 2.776 and a 95% half-width of 1.963 (worked by hand)", () => {
    // mean = 15/5 = 3; s² = (4+1+0+1+4)/(5−1) = 2.5, s = 1.5811; half-width = 2.7764 · 1.5811 / √5 = 1.9632
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(1.5811, 4);
    expect(s.ci95!.t).toBeCloseTo(2.7764, 4);
    expect(s.ci95!.halfWidth).toBeCloseTo(1.9632, 4);
    expect(s.ci95!.low).toBeCloseTo(1.0368, 4);
    expect(s.ci95!.high).toBeCloseTo(4.9632, 4);
    expect([s.min, s.q1, s.median, s.q3, s.max]).toEqual([1, 2, 3, 4, 5]);
  });

  it("matches the printed t table from 1 to 1,000 degrees of freedom", () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [3, 3.182],
      [5, 2.571],
      [10, 2.228],
      [15, 2.131],
      [30, 2.042],
      [60, 2.0],
      [120, 1.98],
      [1000, 1.962],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df), `df ${df}`).toBeCloseTo(t, 3);
    expect(studentTQuantile(0.995, 4)).toBeCloseTo(4.604, 3);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776, 3);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
  });

  it("has no spread and no interval for one seed, and a median between the middle two for an even count", () => {
    const one = summarize([42]);
    expect(one).toMatchObject({ n: 1, mean: 42, sd: null, ci95: null, min: 42, median: 42, max: 42 });
    expect(summarize([1, 2, 3, 10]).median).toBe(2.5);
    const same = summarize([7, 7, 7]);
    expect(same.sd).toBe(0);
    expect(same.ci95!.halfWidth).toBe(0);
  });
});
