import type { ParticipantSpec } from "../chain/cast.js";
import { createInProcessChain } from "../chain/connect.js";
import { deployConsortium } from "../chain/deploy.js";
import { txOf } from "../chain/handles.js";
import { MAX_BLOCK_TXS } from "../sim/engine.js";

/** The raw ceiling: plain e-CNY transfers sent in blocks exactly as the simulator sends. */
export interface CeilingResult {
  transactions: number;
  seconds: number;
  txPerSecond: number;
}

/**
 * Measures how many plain e-CNY transfers per second the in-process chain sustains when they are
 * batched into blocks of {@link MAX_BLOCK_TXS} through the chain layer's Sender (impersonated
 * senders, receipts read back): the ceiling the simulator's own rate is compared with.
 */
export async function measureCeiling(transactions = 20_000, wallets = 200): Promise<CeilingResult> {
  const chain = await createInProcessChain({ automine: false, startTime: new Date("2025-01-01T00:00:00+08:00") });
  try {
    const cap = 1_000_000_000_00n;
    const specs: ParticipantSpec[] = [
      { id: "operator", name: "operator", role: "PlatformOperator" },
      { id: "pboc", name: "central bank", role: "CentralBank" },
      { id: "bank", name: "bank", role: "OperatorBank", quotaFen: cap * BigInt(wallets) },
      ...Array.from({ length: wallets }, (_, i) => ({
        id: `firm-${i}`,
        name: `firm ${i}`,
        role: "Supplier" as const,
        wallet: { category: "Corporate" as const, caps: { perPayment: cap, daily: cap, balance: cap } },
        initialFen: 1_000_000_00n,
      })),
    ];
    const d = await deployConsortium(chain, specs);
    const firms = d.cast.withRole("Supplier").map((p) => p.address);
    const requests = Array.from({ length: transactions }, (_, i) =>
      txOf(d.contracts.ecny, firms[i % firms.length], "transfer", [
        firms[(i * 7 + 1) % firms.length],
        1n + BigInt(i % 100),
      ]),
    );
    let time = BigInt(Math.floor(Date.parse("2025-01-02T09:00:00+08:00") / 1000));
    const started = performance.now();
    for (let start = 0; start < requests.length; start += MAX_BLOCK_TXS) {
      const outcomes = await d.sender.sendBlock(requests.slice(start, start + MAX_BLOCK_TXS), { timestamp: time++ });
      if (outcomes.some((o) => !o.ok)) throw new Error("a ceiling transfer reverted");
    }
    const seconds = (performance.now() - started) / 1000;
    return { transactions, seconds, txPerSecond: transactions / seconds };
  } finally {
    await chain.close();
  }
}
