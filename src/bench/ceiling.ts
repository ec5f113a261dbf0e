import type { ParticipantSpec } from "../chain/cast.js";
import { createInProcessChain } from "../chain/connect.js";
import { deployConsortium } from "../chain/deploy.js";
import { txOf } from "../chain/handles.js";
import type { TxRequest } from "../chain/sender.js";
import { MAX_BLOCK_TXS } from "../sim/engine.js";

/** A ceiling: plain e-CNY transfers per second, at one block size. */
export interface CeilingResult {
  transactions: number;
  seconds: number;
  txPerSecond: number;
  /** Transfers per block. */
  blockSize: number;
}

/** The raw ceiling: the figure at the fastest block size, and what each size tried gave. */
export interface RawCeilingResult extends CeilingResult {
  /** One per block size tried (none when the size was given), in the order of `blockSizes`. */
  trials: CeilingResult[];
}

/** Block sizes the raw ceiling tries by default. */
export const RAW_BLOCK_SIZES = [100, 200, 500, 1_000, 2_000];

/** Wallets that send and receive the transfers (each sends to others in turn). */
const WALLETS = 200;

/**
 * A fresh in-process chain (automine off) with the consortium deployed and `wallets` corporate
 * e-CNY wallets, funded, that send each other small transfers; the transfers of one block each go
 * through the chain layer's Sender (impersonated senders, one `evm_mine`, every receipt read).
 */
async function transferBench(wallets: number) {
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
    let next = 0; // transfers built so far: each new one goes to a different pair
    const transfers = (count: number): TxRequest[] =>
      Array.from({ length: count }, () => {
        const i = next++;
        return txOf(d.contracts.ecny, firms[i % firms.length], "transfer", [
          firms[(i * 7 + 1) % firms.length],
          1n + BigInt(i % 100),
        ]);
      });
    let time = BigInt(Math.floor(Date.parse("2025-01-02T09:00:00+08:00") / 1000));
    /** Sends `requests` in blocks of `blockSize`, one second apart; returns the seconds it took. */
    const send = async (requests: TxRequest[], blockSize: number): Promise<number> => {
      const started = performance.now();
      for (let start = 0; start < requests.length; start += blockSize) {
        const outcomes = await d.sender.sendBlock(requests.slice(start, start + blockSize), { timestamp: time++ });
        if (outcomes.some((o) => !o.ok)) throw new Error("a ceiling transfer reverted");
      }
      return (performance.now() - started) / 1000;
    };
    /** Sends `transactions` transfers (built before the clock starts) in blocks of `blockSize`. */
    const measure = async (transactions: number, blockSize: number): Promise<CeilingResult> => {
      const seconds = await send(transfers(transactions), blockSize);
      return { transactions, seconds, txPerSecond: transactions / seconds, blockSize };
    };
    return { chain, send, transfers, measure };
  } catch (error) {
    await chain.close();
    throw error;
  }
}

/**
 * The ceiling batched as the simulator batches: plain e-CNY transfers in blocks of
 * {@link MAX_BLOCK_TXS} through the chain layer's Sender (impersonated senders, receipts read
 * back). Answers "how fast would the year go if every transaction were a plain transfer".
 */
export async function measureCeiling(transactions = 20_000, wallets = WALLETS): Promise<CeilingResult> {
  const bench = await transferBench(wallets);
  try {
    return await bench.measure(transactions, MAX_BLOCK_TXS);
  } finally {
    await bench.chain.close();
  }
}

export interface RawCeilingOptions {
  /** Transfers of the measurement itself, at the chosen block size. Default 50,000. */
  transactions?: number;
  /** Block sizes to try (the fastest is kept). Default {@link RAW_BLOCK_SIZES}. */
  blockSizes?: number[];
  /** Transfers tried at each block size, before the measurement. Default 10,000. */
  trialTransactions?: number;
  /** Measure at this block size without trying any (a size an earlier measurement chose). */
  blockSize?: number;
  wallets?: number;
}

/**
 * The chain's raw ceiling, measured the way a performance engineer would: plain e-CNY transfers
 * (ECNY `transfer`) on a fresh in-process chain with automine off, from impersonated senders, every
 * receipt read, at the block size that is fastest. Unless `blockSize` is given, each of `blockSizes`
 * is tried first on `trialTransactions` transfers, half in increasing and half in decreasing order
 * of size (so that a machine slowing down or speeding up favours no size); then the measurement
 * sends `transactions` new transfers at the fastest size. A warm-up block, untimed, first has every
 * wallet send and receive (their first e-CNY storage writes are dearer than the rest).
 * @example const { txPerSecond, blockSize } = await measureRawCeiling({ transactions: 100_000 });
 */
export async function measureRawCeiling(options: RawCeilingOptions = {}): Promise<RawCeilingResult> {
  const transactions = options.transactions ?? 50_000;
  const sizes = [
    ...new Set(options.blockSize !== undefined ? [options.blockSize] : (options.blockSizes ?? RAW_BLOCK_SIZES)),
  ];
  if (sizes.length === 0 || sizes.some((s) => !(Number.isInteger(s) && s > 0))) {
    throw new RangeError(`block sizes must be positive integers, got ${sizes.join(",")}`);
  }
  const wallets = options.wallets ?? WALLETS;
  const bench = await transferBench(wallets);
  try {
    await bench.send(bench.transfers(2 * wallets), 2 * wallets);
    const trials: CeilingResult[] = [];
    if (options.blockSize === undefined) {
      const half = (options.trialTransactions ?? 10_000) / 2;
      // Whole blocks only: half the trial, rounded to a number of blocks (one at least).
      const count = (size: number) => size * Math.max(1, Math.round(half / size));
      const seconds = new Map<number, number>(sizes.map((size) => [size, 0]));
      for (const size of [...sizes, ...[...sizes].reverse()]) {
        seconds.set(size, seconds.get(size)! + (await bench.send(bench.transfers(count(size)), size)));
      }
      for (const size of sizes) {
        const s = seconds.get(size)!;
        trials.push({ transactions: 2 * count(size), seconds: s, txPerSecond: (2 * count(size)) / s, blockSize: size });
      }
    }
    const best = trials.length > 0 ? trials.reduce((a, b) => (b.txPerSecond > a.txPerSecond ? b : a)) : undefined;
    const measured = await bench.measure(transactions, best?.blockSize ?? sizes[0]);
    return { ...measured, trials };
  } finally {
    await bench.chain.close();
  }
}
