import { interestFen } from "./rates.js";

/**
 * The loan engine's arithmetic mirrored in TypeScript (LoanMath.sol and LoanBook's accrual), so that
 * a borrower can compute exactly what it owes at a given time and property tests can hold the two
 * together. Amounts in fen, times in seconds.
 */
export interface LoanBalance {
  outstanding: bigint;
  /** Accrued, unpaid interest. */
  interest: bigint;
  /** Time up to which interest has been accrued (moves by whole days). */
  accruedAt: bigint;
}

/** Accrues interest by whole days elapsed: round_half_up(outstanding × rate × days / (10,000 × basis)). */
export function accrue(balance: LoanBalance, now: bigint, rateBps: number, basis: 365n | 360n): LoanBalance {
  const days = (now - balance.accruedAt) / 86_400n;
  if (days <= 0n) return balance;
  return {
    outstanding: balance.outstanding,
    interest: balance.interest + interestFen(balance.outstanding, rateBps, days, basis),
    accruedAt: balance.accruedAt + days * 86_400n,
  };
}

/** Applies a payment interest first, then principal. Throws if it exceeds what is owed. */
export function applyPayment(balance: LoanBalance, amount: bigint): LoanBalance {
  if (amount <= 0n) throw new RangeError(`payment must be positive, got ${amount}`);
  const owed = balance.outstanding + balance.interest;
  if (amount > owed) throw new RangeError(`payment ${amount} exceeds owed ${owed}`);
  const interestPart = amount < balance.interest ? amount : balance.interest;
  return {
    outstanding: balance.outstanding - (amount - interestPart),
    interest: balance.interest - interestPart,
    accruedAt: balance.accruedAt,
  };
}

/** Guarantee fee for the whole term: round_half_up(principal × feeBps × termDays / (10,000 × 365)). */
export function guaranteeFeeFen(principal: bigint, feeBps: number, termDays: number): bigint {
  return interestFen(principal, feeBps, BigInt(termDays), 365n);
}

/** The largest principal an appraisal allows: floor(appraisal × ltvBps / 10,000). */
export function maxPrincipalFen(appraisalFen: bigint, ltvBps: number): bigint {
  return (appraisalFen * BigInt(ltvBps)) / 10_000n;
}

/** "4321" loss split: national, provincial, lender = floor(loss × bps / 10,000); the local guarantor takes the rest. */
export function splitLoss(
  loss: bigint,
  shares: { national: number; provincial: number; lender: number; guarantor: number },
): { national: bigint; provincial: bigint; lender: bigint; guarantor: bigint } {
  if (shares.national + shares.provincial + shares.lender + shares.guarantor !== 10_000) {
    throw new RangeError("risk shares must sum to 10,000 basis points");
  }
  const national = (loss * BigInt(shares.national)) / 10_000n;
  const provincial = (loss * BigInt(shares.provincial)) / 10_000n;
  const lender = (loss * BigInt(shares.lender)) / 10_000n;
  return { national, provincial, lender, guarantor: loss - national - provincial - lender };
}

/** Instalment schedule: principal parts (floor, last takes the rest) due on day floor(termDays × i / n). */
export function instalments(principal: bigint, n: number, termDays: number): { dueDay: number; principal: bigint }[] {
  const count = Math.max(1, n); // a bullet loan is one instalment (products may store 0)
  if (principal < BigInt(count)) throw new RangeError(`principal ${principal} is smaller than ${count} instalments`);
  n = count;
  const part = principal / BigInt(n);
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return { dueDay: Math.floor((termDays * i) / n), principal: i === n ? principal - part * BigInt(n - 1) : part };
  });
}
