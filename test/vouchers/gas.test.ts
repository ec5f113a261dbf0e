import { describe, expect, it } from "vitest";
import { measureVoucherGas } from "../../src/bench/gas.js";

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

  it("refuses a number of holders one clearing page cannot pay", async () => {
    await expect(measureVoucherGas(1)).rejects.toThrow(/holders must be/);
    await expect(measureVoucherGas(10_000)).rejects.toThrow(/holders must be/);
  });
});
