import { describe, expect, it } from "vitest";
import { measureCeiling, measureRawCeiling } from "../../src/bench/ceiling.js";

describe("the chain's ceilings", () => {
  it("measures the raw ceiling on a few transfers at the fastest of the block sizes it tried", async () => {
    const raw = await measureRawCeiling({
      transactions: 300,
      blockSizes: [50, 150],
      trialTransactions: 300,
      wallets: 10,
    });
    expect(raw.txPerSecond).toBeGreaterThan(0);
    expect(raw.transactions).toBe(300);
    expect(raw.trials.map((t) => t.blockSize)).toEqual([50, 150]);
    expect([50, 150]).toContain(raw.blockSize);
    const fastest = Math.max(...raw.trials.map((t) => t.txPerSecond));
    expect(raw.trials.find((t) => t.blockSize === raw.blockSize)!.txPerSecond).toBe(fastest);
  });

  it("measures the raw ceiling at a given block size without trying others", async () => {
    const raw = await measureRawCeiling({ transactions: 200, blockSize: 100, wallets: 10 });
    expect(raw.blockSize).toBe(100);
    expect(raw.trials).toEqual([]);
    expect(raw.txPerSecond).toBeGreaterThan(0);
  });

  it("measures the batched ceiling in the simulator's blocks of 200", async () => {
    const batched = await measureCeiling(400, 10);
    expect(batched.blockSize).toBe(200);
    expect(batched.txPerSecond).toBeGreaterThan(0);
  });
});
