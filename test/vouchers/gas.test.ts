import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { measureVoucherGas, snapshotFigures } from "../../src/bench/gas.js";

const snapshot = JSON.parse(readFileSync("snapshots/gas.json", "utf8")) as {
  tolerance: number;
  figures: Record<string, number>;
};

/**
 * The gas targets of the voucher ledger, as whole transactions on the in-process chain: a split costs at
 * most half of the ERC-3525 reference implementation's, and clearing costs at most 30,000 gas per holder
 * in one page of 400. Gas figures are deterministic: these are behaviour targets, not timings.
 */
describe("the voucher ledger's gas", () => {
  it("splits for at most half of the reference and clears 400 holders in one page at ≤ 30,000 gas each", async () => {
    const gas = await measureVoucherGas();
    expect(gas.holders).toBe(400);
    expect(gas.splitGas * 2n).toBeLessThanOrEqual(gas.referenceSplitGas);
    expect(gas.splitRatio).toBeLessThanOrEqual(0.5);
    expect(gas.splitRatio).toBeCloseTo(Number(gas.splitGas) / Number(gas.referenceSplitGas), 12);
    expect(gas.clearingGasPerHolder).toBeLessThanOrEqual(30_000n);
    expect(gas.clearingGasPerHolder).toBeGreaterThan(0n);
  });

  it("spends no more than 2% above the committed gas snapshot on any listed operation", async () => {
    const gas = await measureVoucherGas();
    const measured = snapshotFigures(gas);
    expect(Object.keys(measured).sort()).toEqual(Object.keys(snapshot.figures).sort());
    for (const [name, limit] of Object.entries(snapshot.figures)) {
      expect({ name, gas: measured[name] <= limit * (1 + snapshot.tolerance) }).toEqual({ name, gas: true });
    }
  });

  it("refuses a number of holders one clearing page cannot pay", async () => {
    await expect(measureVoucherGas(1)).rejects.toThrow(/holders must be/);
    await expect(measureVoucherGas(10_000)).rejects.toThrow(/holders must be/);
  });
});
