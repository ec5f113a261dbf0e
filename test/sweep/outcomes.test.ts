import { describe, expect, it } from "vitest";
import { expandGrid, parseVary } from "../../src/sweep/grid.js";
import { outcomesOf, unitOf } from "../../src/sweep/outcomes.js";
import { summarizeSweep } from "../../src/sweep/summary.js";

/** A report with the shapes the real one has: volumes, lists named by their first field, calibration. */
function report(issued: string, loans: number, rate: string) {
  return {
    scenario: "toy",
    title: "Toy",
    seed: 1,
    volumes: {
      receivables: {
        issued: { count: 2, amountFen: issued },
        byTier: [{ tier: 1, tokens: 2, amountFen: issued }],
        heldByRole: { Supplier: issued },
      },
      loans: {
        disbursed: { count: loans, amountFen: "100" },
        byProduct: [{ product: "梨果保", lender: "Bank", count: loans }],
      },
      pledges: { byKind: [{ kind: "Forest", count: 1, areaMu: "12.50" }] },
      payments: { latency: { medianSeconds: 3600 } },
    },
    financingCost: { averageDiscountRateBps: rate, benchmarkBps: 485 },
    calibration: [{ metric: "vouchers.issued", unit: "fen", simulated: issued, target: "1" }],
    chain: { blocks: 9, nonPerformingRatio: "1.25" },
    run: { totalSeconds: 3.2 },
  };
}

describe("the outcomes a sweep compares", () => {
  it("are every numeric leaf of volumes and financingCost, calibration's simulated values and ratios", () => {
    const o = outcomesOf(report("1000", 3, "365.00"));
    expect(o).toEqual({
      "volumes.receivables.issued.count": 2,
      "volumes.receivables.issued.amountFen": "1000",
      "volumes.receivables.byTier.1.tokens": 2,
      "volumes.receivables.byTier.1.amountFen": "1000",
      "volumes.receivables.heldByRole.Supplier": "1000",
      "volumes.loans.disbursed.count": 3,
      "volumes.loans.disbursed.amountFen": "100",
      "volumes.loans.byProduct.梨果保.count": 3,
      "volumes.pledges.byKind.Forest.count": 1,
      "volumes.pledges.byKind.Forest.areaMu": "12.50",
      "volumes.payments.latency.medianSeconds": 3600,
      "financingCost.averageDiscountRateBps": "365.00",
      "financingCost.benchmarkBps": 485,
      "calibration.vouchers.issued.simulated": "1000",
      "chain.nonPerformingRatio": "1.25",
    });
    expect(unitOf("volumes.receivables.heldByRole.Supplier", "1000")).toBe("fen");
    expect(unitOf("financingCost.benchmarkBps", 485)).toBe("bps");
    expect(unitOf("volumes.pledges.byKind.Forest.areaMu", "12.50")).toBe("mu");
    expect(unitOf("volumes.payments.latency.medianSeconds", 3600)).toBe("seconds");
    expect(unitOf("volumes.loans.disbursed.count", 3)).toBe("number");
    expect(
      unitOf("calibration.lending.nonPerformingRatio.simulated", "1.60", { "lending.nonPerformingRatio": "bps" }),
    ).toBe("bps");
  });

  it("are summed exactly in fen and summarised per combination over its seeds", () => {
    const grid = expandGrid({ seeds: [1, 2, 3], vary: [parseVary("x=a,b")] });
    const issued = ["9007199254740993", "1", "2", "10", "20", "30"]; // the first is above 2^53: the sum stays exact
    const reports = grid.cells.map((_, i) => report(issued[i], i, "100.00"));
    const s = summarizeSweep(grid, reports, { file: "toy.yaml" });
    expect(s.cells).toHaveLength(6);
    expect(s.cells[4]).toMatchObject({ key: "x=b", seed: 2, report: "cells/x=b/seed-2/report.json" });
    const amount = s.outcomes.find((o) => o.name === "volumes.receivables.issued.amountFen")!;
    expect(amount.unit).toBe("fen");
    expect(amount.byCombination[0].sumFen).toBe("9007199254740996");
    const b = amount.byCombination[1];
    expect(b).toMatchObject({ key: "x=b", n: 3, sumFen: "60", mean: 20, sd: 10, min: 10, median: 20, max: 30 });
    expect(b.ci95!.halfWidth).toBeCloseTo((4.302653 * 10) / Math.sqrt(3), 4);
    expect(s.outcomes.find((o) => o.name === "financingCost.averageDiscountRateBps")!.varies).toBe(false);
    expect(s.outcomes.find((o) => o.name === "volumes.loans.disbursed.count")!.varies).toBe(true);
  });
});
