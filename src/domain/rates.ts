import { InvalidInputError } from "./errors.js";
import { divRoundHalfUp } from "./money.js";

/** Basis points per unit: 10,000 bp = 100%. */
export const BPS = 10_000n;

/**
 * Parses a percent string into whole basis points, exactly: "3.65%" → 365, "0.87%" → 87.
 * Finer than a basis point is refused.
 */
export function parsePercentToBps(text: string): number {
  const match = /^\s*(\d{1,4})(?:\.(\d{1,2}))?\s*%\s*$/.exec(text);
  if (!match) throw new InvalidInputError(`rate "${text}" is not a percent with at most 2 decimals (e.g. "3.65%")`);
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 365 → "3.65%". */
export function formatBps(bps: number | bigint): string {
  const n = Number(bps);
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}%`;
}

/** Whole days to maturity, a partial day counting as a day: ceil((maturity − now) / 1 day). */
export function daysToMaturity(now: bigint, maturity: bigint): bigint {
  if (maturity <= now) return 0n;
  return (maturity - now + 86_399n) / 86_400n;
}

/**
 * Discount of a voucher financing, as the VoucherLedger computes it:
 * round_half_up(value × rateBps × days / (10,000 × 365)).
 * @example discountFen(5_000_000_00n, 365, 90n) === 45_000_00n
 */
export function discountFen(valueFen: bigint, rateBps: number | bigint, days: bigint): bigint {
  return divRoundHalfUp(valueFen * BigInt(rateBps) * days, BPS * 365n);
}

/**
 * Simple interest by a day-count basis (365 or 360), rounded half up to the fen:
 * round_half_up(principal × rateBps × days / (10,000 × basis)).
 */
export function interestFen(principalFen: bigint, rateBps: number | bigint, days: bigint, basis: 365n | 360n): bigint {
  return divRoundHalfUp(principalFen * BigInt(rateBps) * days, BPS * basis);
}
