import fc from "fast-check";
import { MaxUint256, ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { txOf } from "../../src/chain/handles.js";
import { formatRevert } from "../../src/chain/revert.js";
import type { TxOutcome, TxRequest } from "../../src/chain/sender.js";
import {
  accrue,
  applyPayment,
  guaranteeFeeFen,
  instalments,
  maxPrincipalFen,
  splitLoss,
  type LoanBalance,
} from "../../src/domain/loans.js";
import {
  DAY,
  Purpose,
  Reason,
  SHARES_4321,
  STATUSES,
  lendingWorld,
  productParams,
  yuan,
  type LendingWorld,
  type ProductSpec,
  type StatusName,
} from "./lending-world.js";

/**
 * Model-based test of the rural pledge loans: random sequences of registry and loan-book operations
 * run against the contracts and against a plain TypeScript model of what they must do. Every step is
 * mined at a chosen second; the model predicts its outcome (success with its events, or the custom
 * error with its arguments), and after every step the whole observable state of the chain (balances,
 * rights, liens, appraisals, products, loans, `owed`, `nextDue`, sales state) must equal the model's.
 * Illegal attempts must leave that state untouched. Independently of the model, every step also checks
 * the lending invariants from chain data alone: e-CNY conserved, the book holds no money, liens exactly
 * on live pledges, no pledged right moved, disbursements within LTV on a valid appraisal, and each
 * "4321" sharing exact to the fen.
 */

const START = new Date("2026-03-02T04:00:00Z"); // 12:00 in Beijing
const RUNS = 25;

// ───────────────────────────── the operations ─────────────────────────────

type Lender = "rural-bank" | "micro-lender";
type ProductOp = {
  kind: "createProduct";
  lender: Lender;
  secured: boolean;
  ltvBps: number;
  rateBps: number;
  termDays: number;
  act360: boolean;
  instalments: number;
  graceDays: number;
  feeBps: number;
  dynamicShares: boolean;
  invalid: "none" | "ltv" | "shares";
};
type AdvanceTo = "days" | "atDefaultable" | "pastDefaultable" | "atExpiry" | "pastExpiry";
type Target = "held" | "pledged" | "free";
type Op =
  | { kind: "register"; holder: "pear-coop" | "farmer"; shortTerm: boolean; duplicate: boolean; seed: number }
  | {
      kind: "appraise";
      seed: number;
      valueYuan: number;
      validDays: number;
      validSeconds: number;
      /** Which right to prefer: one the coop holds, one under a lien, or a free one the coop holds. */
      target: Target;
    }
  | ProductOp
  | {
      kind: "apply";
      /** Index of the product to apply for (the prelude's); otherwise picked by `seed`. */
      product?: number;
      seed: number;
      rightSeed: number;
      principal: PrincipalChoice;
      frac: number;
      guarantor: "none" | "guarantor" | "notGuarantor";
      rightMismatch: boolean;
      /** Which right to prefer (as for `appraise`). */
      target: Target;
    }
  | { kind: "approveGuarantee"; seed: number; wrongCaller: boolean }
  | { kind: "disburse"; seed: number; wrongCaller: boolean; latest?: boolean }
  | { kind: "repay"; seed: number; amount: "full" | "partial" | "interest" | "over" | "zero"; frac: number }
  | { kind: "sales"; weekStep: number; level: Level; frac: number }
  | {
      kind: "advance";
      /** By a number of days and seconds, or to the second at (or just after) a loan's or an appraisal's edge. */
      to: AdvanceTo;
      days: number;
      seconds: number;
      seed: number;
    }
  | { kind: "declareDefault"; seed: number; wrongCaller: boolean }
  | {
      kind: "dispose";
      seed: number;
      buyer: "merchant" | "lender" | "borrower";
      price: "below" | "exact" | "above" | "zero";
      frac: number;
    }
  | { kind: "callGuarantee"; seed: number }
  | { kind: "writeOff"; seed: number }
  /** The lender closes a defaulted loan the way it must: `callGuarantee` if guaranteed, else `writeOff`. */
  | { kind: "close"; seed: number }
  | { kind: "moveRight"; seed: number; byHolder: boolean }
  | { kind: "releaseLien"; seed: number; dispose: boolean }
  | { kind: "withdraw"; seed: number }
  /** The platform operator names new risk-sharing parties (swapped), or tries invalid ones. */
  | { kind: "setParties"; variant: "swap" | "same" | "notOperator" }
  | { kind: "setGraceDays"; days: number };

const seed = fc.nat({ max: 9_999 });
const pct = fc.integer({ min: 1, max: 99 });
const rarely = fc.integer({ min: 0, max: 7 }).map((x) => x === 0);

const registerArb = (holder: fc.Arbitrary<"pear-coop" | "farmer">, shortTerm: fc.Arbitrary<boolean>) =>
  fc.record({ kind: fc.constant("register" as const), holder, shortTerm, duplicate: rarely, seed });
const appraiseArb = fc.record({
  kind: fc.constant("appraise" as const),
  seed,
  valueYuan: fc.integer({ min: 200_000, max: 3_500_000 }),
  validDays: fc.constantFrom(0, 1, 2, 30, 180, 365, 1_000),
  validSeconds: fc.integer({ min: 1, max: 86_399 }),
  target: fc.constant<Target>("held"),
});
const productArb = (secured: fc.Arbitrary<boolean>, invalid: fc.Arbitrary<"none" | "ltv" | "shares">) =>
  fc.record({
    kind: fc.constant("createProduct" as const),
    lender: fc.constantFrom<Lender>("rural-bank", "rural-bank", "micro-lender"),
    secured,
    ltvBps: fc.integer({ min: 40, max: 80 }).map((x) => x * 100),
    rateBps: fc.constantFrom(0, 435, 520, 600, 1_200),
    termDays: fc.constantFrom(30, 60, 90, 90, 180, 365),
    act360: fc.boolean(),
    instalments: fc.constantFrom(0, 0, 2, 4, 6),
    graceDays: fc.constantFrom(0, 5, 15, 30),
    feeBps: fc.constantFrom(0, 87, 87, 150),
    dynamicShares: fc.boolean(),
    invalid,
  });
const validProduct = fc.constant("none" as const);
type PrincipalChoice = "atLtv" | "aboveLtv" | "inside" | "outside";
const applyArb = (
  product: number | undefined,
  guarantor: fc.Arbitrary<"none" | "guarantor" | "notGuarantor">,
  principal: fc.Arbitrary<PrincipalChoice> = fc.constantFrom(
    "atLtv",
    "atLtv",
    "aboveLtv",
    "inside",
    "inside",
    "outside",
  ),
) =>
  fc.record({
    kind: fc.constant("apply" as const),
    product: fc.constant(product),
    seed,
    rightSeed: seed,
    principal,
    frac: pct,
    guarantor,
    rightMismatch: product === undefined ? rarely : fc.constant(false),
    target: fc.constant<Target>("held"),
  });
const approveArb = fc.record({ kind: fc.constant("approveGuarantee" as const), seed, wrongCaller: rarely });
const disburseArb = fc.record({ kind: fc.constant("disburse" as const), seed, wrongCaller: rarely });
/** The prelude's own callers are right: its refusals come from the amounts, appraisals and terms. */
const preludeApprove = fc.record({
  kind: fc.constant("approveGuarantee" as const),
  seed,
  wrongCaller: fc.constant(false),
});
const preludeDisburse = fc.record({ kind: fc.constant("disburse" as const), seed, wrongCaller: fc.constant(false) });

type Level = "steady" | "drop45" | "fallen" | "edge" | "edgeFallen";
const salesArb = fc.record({
  kind: fc.constant("sales" as const),
  weekStep: fc.constantFrom(0, 1, 1, 1, 1, 1, 2),
  level: fc.constantFrom<Level>("steady", "drop45", "drop45", "fallen", "edge", "edgeFallen"),
  frac: pct,
});
const weekArb = (level: fc.Arbitrary<Level>, weekStep = fc.constantFrom(1, 1, 1, 1, 2)) =>
  fc.record({ kind: fc.constant("sales" as const), weekStep, level, frac: pct });

const advanceArb = (to: fc.Arbitrary<AdvanceTo>) =>
  fc.record({
    kind: fc.constant("advance" as const),
    to,
    days: fc.constantFrom(1, 7, 30, 45, 90, 120, 200, 400),
    seconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 86_399 })),
    seed,
  });
const defaultArb = fc.record({ kind: fc.constant("declareDefault" as const), seed, wrongCaller: rarely });
const disposeArb = fc.record({
  kind: fc.constant("dispose" as const),
  seed,
  buyer: fc.constantFrom("merchant", "merchant", "lender", "borrower"),
  price: fc.constantFrom("below", "below", "exact", "above", "zero"),
  frac: pct,
});
const repayArb = (amount: fc.Arbitrary<"full" | "partial" | "interest" | "over" | "zero">) =>
  fc.record({ kind: fc.constant("repay" as const), seed, amount, frac: pct });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: registerArb(fc.constantFrom("pear-coop", "pear-coop", "farmer"), fc.boolean()) },
  { weight: 2, arbitrary: appraiseArb },
  {
    weight: 1,
    arbitrary: productArb(fc.boolean(), fc.constantFrom<"none" | "ltv" | "shares">("none", "none", "ltv", "shares")),
  },
  { weight: 3, arbitrary: applyArb(undefined, fc.constantFrom("none", "guarantor", "guarantor", "notGuarantor")) },
  { weight: 2, arbitrary: approveArb },
  { weight: 3, arbitrary: disburseArb },
  { weight: 3, arbitrary: repayArb(fc.constantFrom("full", "full", "partial", "partial", "interest", "over", "zero")) },
  { weight: 2, arbitrary: salesArb },
  {
    weight: 6,
    arbitrary: advanceArb(
      fc.constantFrom<AdvanceTo>(
        "days",
        "days",
        "days",
        "days",
        "atDefaultable",
        "pastDefaultable",
        "pastDefaultable",
        "atExpiry",
        "pastExpiry",
      ),
    ),
  },
  { weight: 3, arbitrary: defaultArb },
  { weight: 2, arbitrary: disposeArb },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("callGuarantee" as const), seed }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("writeOff" as const), seed }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("moveRight" as const), seed, byHolder: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("releaseLien" as const), seed, dispose: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), seed }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setParties" as const),
      variant: fc.constantFrom<"swap" | "same" | "notOperator">("swap", "swap", "swap", "same", "notOperator"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("setGraceDays" as const), days: fc.constantFrom(0, 1, 30, 90, 365, 366) }),
  },
);

/** Short runs of operations that tend to follow one another, each with random parameters. */
const episodeArb: fc.Arbitrary<Op[]> = fc.oneof(
  {
    // a slump: a week that sets the reference, two weeks that (mostly) fall, maybe a default attempt
    weight: 2,
    arbitrary: fc
      .tuple(
        weekArb(fc.constantFrom<Level>("steady", "edge")),
        fc.array(weekArb(fc.constantFrom<Level>("drop45", "drop45", "fallen", "edgeFallen", "edge")), {
          minLength: 2,
          maxLength: 2,
        }),
        fc.option(
          fc.tuple(advanceArb(fc.constantFrom<AdvanceTo>("days", "pastDefaultable", "pastDefaultable")), defaultArb),
          { nil: undefined },
        ),
      )
      .map(([first, weeks, then]): Op[] => [first, ...weeks, ...(then ?? [])]),
  },
  {
    // a slump while a loan falls overdue: the default must wait for the end of the grace period
    weight: 1,
    arbitrary: fc
      .tuple(
        seed,
        weekArb(fc.constant<Level>("steady"), fc.constant(1)),
        weekArb(fc.constant<Level>("drop45"), fc.constant(1)),
        weekArb(fc.constantFrom<Level>("drop45", "fallen"), fc.constant(1)),
        advanceArb(fc.constantFrom<AdvanceTo>("atDefaultable", "pastDefaultable")),
        defaultArb,
        advanceArb(fc.constant<AdvanceTo>("days")),
        defaultArb,
      )
      .map(([s, steady, fall1, fall2, advance, d1, later, d2]): Op[] => [
        steady,
        fall1,
        fall2,
        { ...advance, seed: s },
        { ...d1, seed: s, wrongCaller: false },
        later,
        { ...d2, seed: s },
      ]),
  },
  {
    // a slump whose data has a missing week: the grace of the slump is not granted twice
    weight: 1,
    arbitrary: fc
      .tuple(
        weekArb(fc.constant<Level>("steady"), fc.constant(1)),
        fc.array(weekArb(fc.constantFrom<Level>("drop45", "fallen"), fc.constant(1)), { minLength: 2, maxLength: 2 }),
        advanceArb(fc.constant<AdvanceTo>("days")),
        weekArb(fc.constantFrom<Level>("drop45", "fallen"), fc.constant(2)),
        weekArb(fc.constantFrom<Level>("drop45", "fallen", "steady"), fc.constant(1)),
      )
      .map(([steady, falls, later, afterGap, next]): Op[] => [steady, ...falls, later, afterGap, next]),
  },
  {
    // a pledged right: the registry tries to move it, its holder to transfer it, the lender to lift
    // the lien itself (all refused while the loan is live)
    weight: 1,
    arbitrary: fc.tuple(seed, fc.boolean()).map(([s, dispose]): Op[] => [
      { kind: "moveRight", seed: s, byHolder: false },
      { kind: "moveRight", seed: s, byHolder: true },
      { kind: "releaseLien", seed: s, dispose },
    ]),
  },
  // overdue: time reaches (or just passes) a loan's defaultable instant, then its default, the
  // disposal of its collateral and the sharing or write-off of the remaining loss
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        seed,
        advanceArb(fc.constantFrom<AdvanceTo>("atDefaultable", "pastDefaultable", "pastDefaultable")),
        defaultArb,
        disposeArb,
        fc.constantFrom<"close" | "callGuarantee" | "writeOff">("close", "close", "close", "callGuarantee", "writeOff"),
        fc.integer({ min: 0, max: 2 }).map((x) => x === 0),
      )
      .map(([s, advance, d, dispose, close, early]): Op[] => [
        { ...advance, seed: s },
        { ...d, seed: s },
        ...(early ? [{ kind: close, seed: s }] : []), // before the disposal: refused for a pledge
        { ...dispose, seed: s },
        { kind: close, seed: s },
      ]),
  },
  // part of the debt now, the rest later (perhaps first trying one fen more than is owed)
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        seed,
        repayArb(fc.constantFrom("partial", "interest")),
        advanceArb(fc.constant("days")),
        fc.boolean(),
        repayArb(fc.constant("full")),
      )
      .map(([s, part, later, tryOver, rest]): Op[] => [
        { ...part, seed: s },
        later,
        ...(tryOver ? [{ ...rest, seed: s, amount: "over" as const }] : []),
        { ...rest, seed: s },
      ]),
  },
  // the same right pledged again (refused while its lien stands)
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        seed,
        appraiseArb,
        applyArb(undefined, fc.constantFrom("none", "guarantor"), fc.constantFrom("atLtv", "inside")),
        preludeApprove,
        preludeDisburse,
      )
      .map(([s, appraise, apply, approve, disburse]): Op[] => [
        { ...appraise, seed: s, target: "pledged", validDays: 180 },
        { ...apply, rightSeed: s, target: "pledged", rightMismatch: false },
        approve,
        { ...disburse, latest: true }, // the loan just applied for
      ]),
  },
  // an appraisal about to expire: disbursed at its last valid second, or refused one second later
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        seed,
        appraiseArb,
        applyArb(undefined, fc.constant("none" as const), fc.constant("atLtv" as const)),
        advanceArb(fc.constantFrom<AdvanceTo>("atExpiry", "pastExpiry")),
        preludeDisburse,
      )
      .map(([s, appraise, apply, advance, disburse]): Op[] => [
        { ...appraise, seed: s, target: "free", validDays: 1 },
        { ...apply, rightSeed: s, target: "free", rightMismatch: false },
        advance,
        { ...disburse, latest: true },
      ]),
  },
);

/**
 * A sequence: a prelude that sets up a lifecycle with random parameters (a right, its appraisal, a
 * secured and an unsecured product, a secured loan and a guaranteed unsecured loan, each applied
 * for, guaranteed and disbursed, any of which may be refused), then random operations and episodes:
 * 10 + at most 15 steps.
 */
const sequenceArb: fc.Arbitrary<Op[]> = fc
  .tuple(
    fc.tuple(
      registerArb(fc.constant("pear-coop" as const), fc.constant(false)).map((r) => ({ ...r, duplicate: false })),
      appraiseArb,
      productArb(fc.constant(true), validProduct),
      productArb(fc.constant(false), validProduct),
      applyArb(
        0,
        fc.constantFrom("none", "guarantor"),
        fc.constantFrom("atLtv", "atLtv", "atLtv", "aboveLtv", "inside"),
      ),
      preludeApprove,
      preludeDisburse,
      applyArb(1, fc.constantFrom("guarantor", "none"), fc.constant("inside")),
      preludeApprove,
      preludeDisburse,
    ),
    fc.array(fc.oneof({ weight: 3, arbitrary: opArb.map((op) => [op]) }, { weight: 2, arbitrary: episodeArb }), {
      minLength: 6,
      maxLength: 8,
    }),
  )
  .map(([prelude, rest]): Op[] => [...prelude, ...rest.flat().slice(0, 15)]);

// ───────────────────────────── the model ─────────────────────────────

interface MRight {
  id: bigint;
  cert: string;
  holder: string;
  termEnd: bigint;
  appraisal?: { value: bigint; validUntil: bigint; at: bigint };
  lien?: { lender: string; loanId: bigint; placedAt: bigint };
}
interface MProduct {
  id: bigint;
  lender: string;
  spec: ProductSpec;
  instalments: number; // 1 for a bullet
  basis: 365n | 360n;
  createdAt: bigint;
}
interface MLoan {
  id: bigint;
  productId: bigint;
  borrower: string;
  status: StatusName;
  guaranteeApproved: boolean;
  collateralDisposed: boolean;
  partiesVersion: bigint;
  guarantor: string;
  principal: bigint;
  balance: LoanBalance;
  disbursedAt: bigint;
  interestPaid: bigint;
  debtAtDefault: bigint;
  recovered: bigint;
  rightId: bigint;
  fee: bigint;
  defaultedAt: bigint;
}
interface MSales {
  reference: bigint;
  last: bigint;
  lastWeek: bigint;
  streak: bigint;
  posted: boolean;
  graceUntil: bigint;
  /** This slump (fallen weeks since the last non-fallen week) has had its grace. */
  graced: boolean;
}
interface Model {
  now: bigint;
  rights: MRight[];
  products: MProduct[];
  loans: MLoan[];
  sales: MSales;
  balances: Record<string, bigint>;
  /** The risk-sharing parties by version (version n is `parties[n - 1]`). */
  parties: { provincial: string; national: string }[];
  flexibleGraceDays: bigint;
}

/** Addresses and handles the operations need. */
interface Env {
  w: LendingWorld;
  coop: string;
  farmer: string;
  guarantor: string;
  provincial: string;
  national: string;
  merchant: string;
  registry: string;
  operator: string;
  appraiser: string;
  dataFeed: string;
  book: string;
  lender: Record<Lender, string>;
  tracked: string[];
}

type Ev = { name: string; args: unknown[] };
/** What the model predicts for one step: a transaction and either its custom error or its events. */
interface Planned {
  /** The contract function called (the coverage key). */
  method: string;
  /** A rare case worth counting (coverage). */
  note?: string;
  label: string;
  request: TxRequest;
  error?: { name: string; args: unknown[] };
  events?: Ev[];
  /** Extra checks of a successful step against chain data before and after it. */
  check?: (before: ChainState, after: ChainState, events: Ev[]) => void;
}

const fail = (name: string, ...args: unknown[]) => ({ name, args });
const statusId = (s: StatusName) => BigInt(STATUSES.indexOf(s));
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * Picks by `s`: mostly from the first non-empty tier of preferred items, sometimes (1 in 6, or when
 * nothing is preferred) from all, so that operations also meet items in the wrong state.
 */
function pick<T>(all: T[], preferred: ((t: T) => boolean) | ((t: T) => boolean)[], s: number): T | undefined {
  if (all.length === 0) return undefined;
  const tiers = Array.isArray(preferred) ? preferred : [preferred];
  const good = tiers.map((tier) => all.filter(tier)).find((pool) => pool.length > 0) ?? [];
  const pool = good.length > 0 && s % 6 !== 0 ? good : all;
  return pool[Math.floor(s / 6) % pool.length];
}

/** The first due date whose cumulative principal is not yet repaid (loans.ts `instalments`). */
function firstUnmet(m: Model, loan: MLoan): { dueAt: bigint; principalDue: bigint } {
  const p = m.products[Number(loan.productId) - 1];
  const repaid = loan.principal - loan.balance.outstanding;
  let cumulative = 0n;
  for (const part of instalments(loan.principal, p.instalments, p.spec.termDays)) {
    cumulative += part.principal;
    if (cumulative > repaid) {
      return { dueAt: loan.disbursedAt + BigInt(part.dueDay) * DAY, principalDue: cumulative - repaid };
    }
  }
  throw new Error("a loan with nothing left to repay has no due date");
}

/** The tiers of rights an operation prefers (see {@link pick}). */
function preferRights(target: Target, env: Env): ((r: MRight) => boolean)[] {
  const held = (r: MRight) => r.holder === env.coop;
  if (target === "pledged") return [(r) => held(r) && r.lien !== undefined, held];
  if (target === "free") return [(r) => held(r) && r.lien === undefined, held];
  return [held];
}

/** The first unmet due date plus the product's grace days: a default may be declared after it. */
function defaultableAfter(m: Model, loan: MLoan): bigint {
  return firstUnmet(m, loan).dueAt + BigInt(m.products[Number(loan.productId) - 1].spec.graceDays) * DAY;
}

/** Where an edge-seeking time move goes (0 when it has no target ahead of now). */
function advanceTarget(m: Model, op: Extract<Op, { kind: "advance" }>): bigint {
  if (op.to === "atDefaultable" || op.to === "pastDefaultable") {
    const ahead = (l: MLoan) => l.status === "Active" && defaultableAfter(m, l) > m.now;
    const securedFirst = op.seed % 2 === 0; // pledges are worth reaching often: they go on to disposal
    const loan = pick(m.loans, securedFirst ? [(l) => ahead(l) && l.rightId !== 0n, ahead] : [ahead], op.seed);
    if (!loan || !ahead(loan)) return 0n;
    return defaultableAfter(m, loan) + (op.to === "atDefaultable" ? 0n : 1n + BigInt(op.seconds % 3_600));
  }
  if (op.to === "atExpiry" || op.to === "pastExpiry") {
    // The latest appraisal still valid (the one an episode just made).
    const valid = m.rights.filter((r) => r.appraisal && r.appraisal.validUntil >= m.now);
    const right = valid.sort((x, y) => Number(y.appraisal!.at - x.appraisal!.at || y.id - x.id))[0];
    if (!right?.appraisal) return 0n;
    return right.appraisal.validUntil + (op.to === "atExpiry" ? 0n : 1n);
  }
  return 0n;
}

function owedNow(m: Model, loan: MLoan): LoanBalance {
  if (loan.status === "Defaulted") return loan.balance;
  if (loan.status !== "Active") return { outstanding: 0n, interest: 0n, accruedAt: loan.balance.accruedAt };
  const p = m.products[Number(loan.productId) - 1];
  return accrue(loan.balance, m.now, p.spec.rateBps, p.basis);
}

function validAppraisal(m: Model, right: MRight): bigint {
  return right.appraisal && m.now <= right.appraisal.validUntil ? right.appraisal.value : 0n;
}

function move(m: Model, from: string, to: string, amount: bigint): void {
  if (amount === 0n) return;
  m.balances[from] -= amount;
  m.balances[to] += amount;
}

/**
 * Predicts one operation on `m` (a draft: the caller keeps it only if the chain agrees and the step
 * succeeded). Mirrors the contracts' checks in their order.
 */
function plan(m: Model, op: Op, env: Env): Planned | undefined {
  const { loans, registry } = env.w.d.contracts;
  const tx = (contract: typeof loans | typeof registry, from: string, method: string, args: unknown[]) =>
    txOf(contract, from, method, args, `${method}: ${method}(${args.map(String).join(", ")}) for ${op.kind}`);
  const product = (loan: MLoan) => m.products[Number(loan.productId) - 1];
  const lenderOf = (loan: MLoan) => product(loan).lender;
  const otherLender = (lender: string) =>
    lender === env.lender["rural-bank"] ? env.lender["micro-lender"] : env.lender["rural-bank"];
  const methodOf = (request: TxRequest) => (request.label ?? op.kind).split(":")[0];
  const planned = (request: TxRequest, events: Ev[], check?: Planned["check"]): Planned => ({
    method: methodOf(request),
    label: request.label ?? op.kind,
    request,
    events,
    check,
  });
  const refused = (request: TxRequest, error: { name: string; args: unknown[] }): Planned => ({
    method: methodOf(request),
    label: request.label ?? op.kind,
    request,
    error,
  });
  /** The lender-side preamble `_lenderLoan(loanId, status)`. */
  const lenderCheck = (loan: MLoan, caller: string, status: StatusName) => {
    if (caller !== lenderOf(loan)) return fail("LoanBookNotLender", loan.id, caller, lenderOf(loan));
    if (loan.status !== status) return fail("LoanBookWrongStatus", loan.id, statusId(loan.status));
    return undefined;
  };

  switch (op.kind) {
    case "register": {
      const dup = op.duplicate ? pick(m.rights, () => true, op.seed) : undefined;
      const cert = dup?.cert ?? `冀(2026)雄县农村土地经营权第${String(m.rights.length + 1).padStart(6, "0")}号`;
      const holder = op.holder === "farmer" ? env.farmer : env.coop;
      const termEnd = m.now + (op.shortTerm ? 100n : 30n * 365n) * DAY;
      const request = tx(registry, env.registry, "register", [
        0,
        cert,
        "雄县",
        "大营镇梨园村",
        8_000n,
        m.now - 365n * DAY,
        termEnd,
        holder,
      ]);
      if (dup) return refused(request, fail("RegistryCertificateAlreadyRegistered", cert, dup.id));
      const id = BigInt(m.rights.length + 1);
      m.rights.push({ id, cert, holder, termEnd });
      return planned(request, [
        {
          name: "RightRegistered",
          args: [id, 0n, holder, cert, "雄县", "大营镇梨园村", 8_000n, m.now - 365n * DAY, termEnd, env.registry],
        },
      ]);
    }

    case "appraise": {
      const right = pick(m.rights, preferRights(op.target, env), op.seed);
      if (!right) return undefined;
      const value = yuan(BigInt(op.valueYuan));
      const validUntil = m.now + BigInt(op.validDays) * DAY + BigInt(op.validSeconds);
      const request = tx(registry, env.appraiser, "appraise", [right.id, value, validUntil]);
      if (validUntil <= m.now || validUntil > right.termEnd) {
        return refused(request, fail("RegistryInvalidValidity", right.id, validUntil, m.now, right.termEnd));
      }
      right.appraisal = { value, validUntil, at: m.now };
      return planned(request, [{ name: "RightAppraised", args: [right.id, env.appraiser, value, validUntil] }]);
    }

    case "createProduct": {
      const lender = env.lender[op.lender];
      const spec: ProductSpec = {
        name: op.secured ? "梨果保" : "链融快贷",
        purpose: op.secured ? Purpose.Agricultural : Purpose.WorkingCapital,
        secured: op.secured,
        ltvBps: op.ltvBps,
        rateBps: op.rateBps,
        termDays: op.termDays,
        act360: op.act360,
        instalments: op.instalments,
        graceDays: op.graceDays,
        guaranteeFeeBps: op.feeBps,
        shares: op.dynamicShares
          ? { nationalBps: 0, provincialBps: 1_000, lenderBps: 2_000, guarantorBps: 7_000 }
          : SHARES_4321,
        minPrincipal: op.secured ? yuan(10_000n) : yuan(50_000n),
        maxPrincipal: op.secured ? yuan(2_000_000n) : yuan(500_000n),
      };
      const params = productParams(spec);
      if (op.invalid === "ltv") params.ltvBps = op.secured ? 10_001 : 5_000;
      if (op.invalid === "shares") params.shares = { ...SHARES_4321, guarantorBps: 2_999 };
      const request = tx(loans, lender, "createProduct", [params]);
      if (op.invalid === "ltv") {
        return refused(request, fail("LoanBookInvalidLtv", BigInt(params.collateral), BigInt(params.ltvBps)));
      }
      if (op.invalid === "shares")
        return refused(request, fail("LoanBookInvalidRiskShares", 2_000n, 3_000n, 2_000n, 2_999n));
      const id = BigInt(m.products.length + 1);
      m.products.push({
        id,
        lender,
        spec,
        instalments: Math.max(1, op.instalments),
        basis: op.act360 ? 360n : 365n,
        createdAt: m.now,
      });
      return planned(request, [{ name: "ProductCreated", args: [id, lender, paramsTuple(spec)] }]);
    }

    case "apply": {
      const p =
        op.product !== undefined
          ? m.products[op.product]
          : pick(m.products, (x) => op.target === "held" || x.spec.secured, op.seed);
      if (!p) return undefined;
      const secured = p.spec.secured;
      // A secured product names a right (or, rarely, none); an unsecured one none (or, rarely, one).
      const wantsRight = secured !== op.rightMismatch;
      const right = wantsRight ? pick(m.rights, preferRights(op.target, env), op.rightSeed) : undefined;
      const rightId = right?.id ?? 0n;
      const { minPrincipal: lo, maxPrincipal: hi } = p.spec;
      const inside = lo + ((hi - lo) * BigInt(op.frac)) / 100n;
      const cap = secured && right?.appraisal ? maxPrincipalFen(right.appraisal.value, p.spec.ltvBps ?? 0) : undefined;
      const clamp = (x: bigint) => max(lo, min(hi, x));
      const principal =
        op.principal === "atLtv"
          ? clamp(cap ?? inside)
          : op.principal === "aboveLtv"
            ? clamp(cap === undefined ? hi : cap + 1n)
            : op.principal === "inside"
              ? inside
              : op.frac % 2 === 0
                ? hi + 1n
                : lo - 1n;
      const guarantor =
        op.guarantor === "guarantor" ? env.guarantor : op.guarantor === "notGuarantor" ? env.appraiser : ZeroAddress;
      const request = tx(loans, env.coop, "applyForLoan", [p.id, principal, rightId, guarantor]);
      if (principal < lo || principal > hi) {
        return refused(request, fail("LoanBookPrincipalOutOfBounds", p.id, principal, lo, hi));
      }
      if (secured) {
        if (rightId === 0n) return refused(request, fail("LoanBookCollateralRequired", p.id));
        if (right!.holder !== env.coop) {
          return refused(request, fail("LoanBookNotRightHolder", rightId, env.coop, right!.holder));
        }
      } else if (rightId !== 0n) {
        return refused(request, fail("LoanBookUnsecuredProduct", p.id, rightId));
      }
      if (op.guarantor === "notGuarantor") {
        return refused(request, fail("MemberRoleNotAllowed", env.appraiser, 11n, 1n << 8n));
      }
      const id = BigInt(m.loans.length + 1);
      m.loans.push({
        id,
        productId: p.id,
        borrower: env.coop,
        status: "Applied",
        guaranteeApproved: false,
        collateralDisposed: false,
        partiesVersion: 0n,
        guarantor,
        principal,
        balance: { outstanding: 0n, interest: 0n, accruedAt: 0n },
        disbursedAt: 0n,
        interestPaid: 0n,
        debtAtDefault: 0n,
        recovered: 0n,
        rightId,
        fee: 0n,
        defaultedAt: 0n,
      });
      return planned(request, [{ name: "LoanApplied", args: [id, env.coop, p.id, principal, rightId, guarantor] }]);
    }

    case "approveGuarantee": {
      const loan = pick(
        m.loans,
        (l) => l.status === "Applied" && l.guarantor !== ZeroAddress && !l.guaranteeApproved,
        op.seed,
      );
      if (!loan) return undefined;
      const caller = op.wrongCaller ? env.provincial : env.guarantor;
      const request = tx(loans, caller, "approveGuarantee", [loan.id]);
      if (caller !== loan.guarantor)
        return refused(request, fail("LoanBookNotGuarantor", loan.id, caller, loan.guarantor));
      if (loan.status !== "Applied")
        return refused(request, fail("LoanBookWrongStatus", loan.id, statusId(loan.status)));
      if (loan.guaranteeApproved) return refused(request, fail("LoanBookGuaranteeAlreadyApproved", loan.id));
      loan.guaranteeApproved = true;
      return planned(request, [{ name: "GuaranteeApproved", args: [loan.id, caller] }]);
    }

    case "disburse": {
      const loan = op.latest ? m.loans.at(-1) : pick(m.loans, (l) => l.status === "Applied", op.seed);
      if (!loan) return undefined;
      const p = product(loan);
      const caller = op.wrongCaller ? otherLender(p.lender) : p.lender;
      const request = tx(loans, caller, "approveAndDisburse", [loan.id]);
      const wrong = lenderCheck(loan, caller, "Applied");
      if (wrong) return refused(request, wrong);
      const maturity = m.now + BigInt(p.spec.termDays) * DAY;
      let fee = 0n;
      if (loan.guarantor !== ZeroAddress) {
        if (!loan.guaranteeApproved)
          return refused(request, fail("LoanBookGuaranteeNotApproved", loan.id, loan.guarantor));
        fee = guaranteeFeeFen(loan.principal, p.spec.guaranteeFeeBps ?? 87, p.spec.termDays);
        loan.partiesVersion = BigInt(m.parties.length);
      }
      const right = loan.rightId === 0n ? undefined : m.rights[Number(loan.rightId) - 1];
      if (right) {
        if (right.holder !== loan.borrower) {
          return refused(request, fail("LoanBookNotRightHolder", right.id, loan.borrower, right.holder));
        }
        const appraisal = validAppraisal(m, right);
        if (appraisal === 0n) return refused(request, fail("LoanBookNoValidAppraisal", right.id));
        const cap = maxPrincipalFen(appraisal, p.spec.ltvBps ?? 0);
        if (loan.principal > cap) {
          return refused(
            request,
            fail("LoanBookAboveLtv", loan.id, loan.principal, appraisal, BigInt(p.spec.ltvBps ?? 0), cap),
          );
        }
        if (right.termEnd < maturity) {
          return refused(request, fail("LoanBookRightTermTooShort", right.id, right.termEnd, maturity));
        }
        if (right.lien) {
          return refused(request, fail("RegistryLienExists", right.id, right.lien.lender, right.lien.loanId));
        }
        right.lien = { lender: p.lender, loanId: loan.id, placedAt: m.now };
      }
      loan.status = "Active";
      loan.balance = { outstanding: loan.principal, interest: 0n, accruedAt: m.now };
      loan.disbursedAt = m.now;
      loan.fee = fee;
      move(m, p.lender, loan.borrower, loan.principal);
      move(m, loan.borrower, loan.guarantor, fee);
      return planned(request, [
        ...(right ? [{ name: "LienPlaced", args: [right.id, p.lender, loan.id, env.book] }] : []),
        { name: "LoanDisbursed", args: [loan.id, p.lender, loan.borrower, loan.principal, fee, maturity] },
      ]);
    }

    case "repay": {
      const loan = pick(m.loans, (l) => l.status === "Active" || l.status === "Defaulted", op.seed);
      if (!loan) return undefined;
      const p = product(loan);
      const due = owedNow(m, loan);
      const owed = due.outstanding + due.interest;
      const amount =
        op.amount === "full"
          ? owed
          : op.amount === "partial"
            ? max(1n, (owed * BigInt(op.frac)) / 100n)
            : op.amount === "interest"
              ? due.interest
              : op.amount === "over"
                ? owed + 1n
                : 0n;
      const request = tx(loans, env.coop, "repay", [loan.id, amount]);
      if (loan.status !== "Active" && loan.status !== "Defaulted") {
        return refused(request, fail("LoanBookWrongStatus", loan.id, statusId(loan.status)));
      }
      if (amount === 0n) return refused(request, fail("LoanBookZeroAmount"));
      if (amount > owed) return refused(request, fail("LoanBookRepaymentExceedsOwed", loan.id, owed, amount));
      if (m.balances[env.coop] < amount) {
        return refused(request, fail("ECNYInsufficientBalance", env.coop, m.balances[env.coop], amount));
      }
      const interestPart = min(amount, due.interest);
      loan.balance = applyPayment(due, amount);
      const closed = loan.balance.outstanding + loan.balance.interest === 0n;
      const wasActive = loan.status === "Active";
      if (wasActive) {
        if (closed) loan.status = "Repaid";
      } else {
        loan.recovered += amount;
        if (closed) loan.status = "Settled";
      }
      loan.interestPaid += interestPart;
      move(m, env.coop, p.lender, amount);
      const events: Ev[] = [];
      const right = loan.rightId === 0n ? undefined : m.rights[Number(loan.rightId) - 1];
      if (closed && right && !loan.collateralDisposed) {
        right.lien = undefined;
        events.push({ name: "LienReleased", args: [right.id, p.lender, loan.id, env.book] });
      }
      events.push({
        name: "RepaymentMade",
        args: [loan.id, env.coop, amount, interestPart, amount - interestPart, loan.balance.outstanding],
      });
      if (closed && wasActive) events.push({ name: "LoanRepaid", args: [loan.id, loan.principal, loan.interestPaid] });
      if (closed && !wasActive) events.push({ name: "LoanSettled", args: [loan.id, loan.recovered, 0n] });
      return planned(request, events);
    }

    case "sales": {
      const s = m.sales;
      const week = s.posted ? s.lastWeek + BigInt(op.weekStep) : BigInt(1 + op.weekStep);
      const ref = s.reference;
      const sales = !s.posted
        ? yuan(80_000n + BigInt(op.frac) * 500n)
        : op.level === "steady"
          ? (ref * BigInt(60 + op.frac)) / 100n
          : op.level === "drop45"
            ? (ref * 55n) / 100n
            : op.level === "fallen"
              ? (ref * BigInt(op.frac % 60)) / 100n
              : op.level === "edge"
                ? (ref * 6_000n + 9_999n) / 10_000n
                : max(0n, (ref * 6_000n + 9_999n) / 10_000n - 1n);
      const request = tx(loans, env.dataFeed, "postWeeklySales", [env.coop, week, sales]);
      if (s.posted && week <= s.lastWeek) {
        return refused(request, fail("LoanBookWeekNotIncreasing", env.coop, s.lastWeek, week));
      }
      let note: string | undefined;
      const consecutive = s.posted && week === s.lastWeek + 1n;
      const fallen = s.posted && sales * 10_000n < ref * 6_000n;
      s.posted = true;
      s.lastWeek = week;
      s.last = sales;
      const events: Ev[] = [{ name: "WeeklySalesPosted", args: [env.coop, week, sales, ref, fallen] }];
      // ILoanBook: two consecutive fallen weeks grant grace "once per slump: further fallen weeks do
      // not extend it until a non-fallen week ends the slump" (a missing week does not end it).
      if (!fallen) {
        s.reference = sales;
        s.streak = 0n;
        s.graced = false;
      } else {
        s.streak = consecutive ? min(s.streak + 1n, 255n) : 1n;
        if (s.streak === 2n && s.graced) note = "a slump's grace not granted twice";
        if (s.streak === 2n && !s.graced) {
          s.graced = true;
          s.graceUntil = max(s.graceUntil, m.now + m.flexibleGraceDays * DAY);
          events.push({ name: "FlexibleGraceGranted", args: [env.coop, week, ref, sales, s.graceUntil] });
        }
      }
      return { ...planned(request, events), note };
    }

    case "advance":
      throw new Error("advance is not a transaction");

    case "declareDefault": {
      const overdue = (l: MLoan) => l.status === "Active" && m.now > defaultableAfter(m, l);
      const loan = pick(
        m.loans,
        [(l) => overdue(l) && l.rightId !== 0n, overdue, (l) => l.status === "Active"],
        op.seed,
      );
      if (!loan) return undefined;
      const p = product(loan);
      const caller = op.wrongCaller ? otherLender(p.lender) : p.lender;
      const request = tx(loans, caller, "declareDefault", [loan.id]);
      const wrong = lenderCheck(loan, caller, "Active");
      if (wrong) return refused(request, wrong);
      const { dueAt } = firstUnmet(m, loan);
      const defaultable = dueAt + BigInt(p.spec.graceDays) * DAY;
      if (m.now <= defaultable) {
        return refused(request, fail("LoanBookNotInDefault", loan.id, dueAt, defaultable, m.now));
      }
      if (m.now < m.sales.graceUntil) {
        return refused(request, fail("LoanBookInFlexibleGrace", loan.id, env.coop, m.sales.graceUntil, m.now));
      }
      loan.balance = owedNow(m, loan);
      const { outstanding, interest } = loan.balance;
      loan.debtAtDefault = outstanding + interest;
      loan.defaultedAt = m.now;
      loan.status = "Defaulted";
      return planned(request, [
        { name: "LoanDefaulted", args: [loan.id, dueAt, outstanding, interest, outstanding + interest] },
      ]);
    }

    case "dispose": {
      const loan = pick(m.loans, (l) => l.status === "Defaulted" && l.rightId !== 0n && !l.collateralDisposed, op.seed);
      if (!loan) return undefined;
      const p = product(loan);
      const remaining = loan.balance.outstanding + loan.balance.interest;
      const buyer = op.buyer === "merchant" ? env.merchant : op.buyer === "lender" ? p.lender : loan.borrower;
      const price =
        op.price === "below"
          ? max(1n, (remaining * BigInt(op.frac)) / 100n)
          : op.price === "exact"
            ? remaining
            : op.price === "above"
              ? remaining + yuan(BigInt(op.frac) * 1_000n)
              : 0n;
      const request = tx(loans, p.lender, "dispose", [loan.id, buyer, price]);
      const wrong = lenderCheck(loan, p.lender, "Defaulted");
      if (wrong) return refused(request, wrong);
      if (loan.rightId === 0n) return refused(request, fail("LoanBookNoCollateral", loan.id));
      if (loan.collateralDisposed)
        return refused(request, fail("LoanBookCollateralAlreadyDisposed", loan.id, loan.rightId));
      if (buyer === loan.borrower) return refused(request, fail("LoanBookInvalidBuyer", loan.id, buyer));
      if (price === 0n) return refused(request, fail("LoanBookZeroAmount"));
      const toLender = min(price, remaining);
      const surplus = price - toLender;
      loan.collateralDisposed = true;
      loan.balance = applyPayment(loan.balance, toLender);
      loan.recovered += toLender;
      const settled = toLender === remaining;
      if (settled) loan.status = "Settled";
      const right = m.rights[Number(loan.rightId) - 1];
      const from = right.holder;
      right.lien = undefined;
      right.holder = buyer;
      if (buyer === p.lender) {
        move(m, p.lender, loan.borrower, surplus);
      } else {
        move(m, buyer, p.lender, toLender);
        move(m, buyer, loan.borrower, surplus);
      }
      return planned(request, [
        { name: "LienReleased", args: [right.id, p.lender, loan.id, env.book] },
        { name: "RightTransferred", args: [right.id, from, buyer, BigInt(Reason.LienDisposal), env.book] },
        { name: "CollateralDisposed", args: [loan.id, right.id, buyer, price, toLender, surplus] },
        ...(settled ? [{ name: "LoanSettled", args: [loan.id, loan.recovered, 0n] }] : []),
      ]);
    }

    case "callGuarantee":
    case "writeOff":
    case "close": {
      const wantsGuarantee = (l: MLoan) =>
        op.kind === "close" || (l.guarantor !== ZeroAddress) === (op.kind === "callGuarantee");
      const closable = (l: MLoan) => l.status === "Defaulted" && wantsGuarantee(l);
      const loan = pick(
        m.loans,
        [(l) => closable(l) && (l.rightId === 0n || l.collateralDisposed), closable, (l) => l.status === "Defaulted"],
        op.seed,
      );
      if (!loan) return undefined;
      const method = op.kind === "close" ? (loan.guarantor !== ZeroAddress ? "callGuarantee" : "writeOff") : op.kind;
      const guaranteed = method === "callGuarantee";
      const p = product(loan);
      const request = tx(loans, p.lender, method, [loan.id]);
      const wrong = lenderCheck(loan, p.lender, "Defaulted");
      if (wrong) return refused(request, wrong);
      if (guaranteed && loan.guarantor === ZeroAddress) return refused(request, fail("LoanBookNotGuaranteed", loan.id));
      if (!guaranteed && loan.guarantor !== ZeroAddress) {
        return refused(request, fail("LoanBookGuaranteedLoan", loan.id, loan.guarantor));
      }
      if (loan.rightId !== 0n && !loan.collateralDisposed) {
        return refused(request, fail("LoanBookCollateralNotDisposed", loan.id, loan.rightId));
      }
      const loss = loan.balance.outstanding + loan.balance.interest;
      loan.balance = { ...loan.balance, outstanding: 0n, interest: 0n };
      loan.status = "Settled";
      const settledEvent = { name: "LoanSettled", args: [loan.id, loan.recovered, loss] };
      if (!guaranteed) return planned(request, [{ name: "LoanWrittenOff", args: [loan.id, loss] }, settledEvent]);
      const sh = p.spec.shares ?? SHARES_4321;
      const split = splitLoss(loss, {
        national: sh.nationalBps,
        provincial: sh.provincialBps,
        lender: sh.lenderBps,
        guarantor: sh.guarantorBps,
      });
      const parties = m.parties[Number(loan.partiesVersion) - 1]; // those in force at disbursement
      move(m, parties.national, p.lender, split.national);
      move(m, parties.provincial, p.lender, split.provincial);
      move(m, loan.guarantor, p.lender, split.guarantor);
      const lender = p.lender;
      const guarantor = loan.guarantor;
      return planned(
        request,
        [
          {
            name: "RiskShared",
            args: [loan.id, loss, split.national, split.provincial, split.lender, split.guarantor],
          },
          settledEvent,
        ],
        (before, after, events) => {
          // Independently of the model: the shares sum to the loss, and what the lender received is
          // exactly what the national fund, the re-guarantor and the local guarantor paid.
          const shared = events.find((e) => e.name === "RiskShared")!.args as bigint[];
          const [, lossOnChain, national, provincial, lenderShare, guarantorShare] = shared;
          expect(national + provincial + lenderShare + guarantorShare).toBe(lossOnChain);
          const delta = (who: string) => after.balances[who] - before.balances[who];
          expect(delta(lender)).toBe(national + provincial + guarantorShare);
          expect(delta(parties.national)).toBe(-national);
          expect(delta(parties.provincial)).toBe(-provincial);
          expect(delta(guarantor)).toBe(-guarantorShare);
        },
      );
    }

    case "moveRight": {
      const right = pick(m.rights, (r) => r.lien !== undefined, op.seed);
      if (!right) return undefined;
      const to = right.holder === env.coop ? env.farmer : env.coop;
      if (op.byHolder) {
        const request = tx(registry, right.holder, "transferFrom", [right.holder, to, right.id]);
        return refused(request, fail("RegistryHolderTransferRefused", right.id, right.holder));
      }
      const request = tx(registry, env.registry, "transferByRegistry", [right.id, to, Reason.Circulation]);
      if (right.lien)
        return refused(request, fail("RegistryRightUnderLien", right.id, right.lien.lender, right.lien.loanId));
      const from = right.holder;
      right.holder = to;
      return planned(request, [
        { name: "RightTransferred", args: [right.id, from, to, BigInt(Reason.Circulation), env.registry] },
      ]);
    }

    case "releaseLien": {
      const right = pick(m.rights, (r) => r.lien !== undefined, op.seed);
      if (!right) return undefined;
      const caller = right.lien?.lender ?? env.lender["rural-bank"];
      const request = op.dispose
        ? tx(registry, caller, "disposeUnderLien", [right.id, env.merchant])
        : tx(registry, caller, "releaseLien", [right.id]);
      if (!right.lien) return refused(request, fail("RegistryNoLien", right.id));
      return refused(request, fail("RegistryNotLienHolder", right.id, caller, env.book));
    }

    case "setParties": {
      const current = m.parties[m.parties.length - 1];
      const [provincial, national] =
        op.variant === "same" ? [current.provincial, current.provincial] : [current.national, current.provincial];
      const caller = op.variant === "notOperator" ? env.lender["rural-bank"] : env.operator;
      const request = tx(loans, caller, "setRiskSharingParties", [provincial, national]);
      if (caller !== env.operator) return refused(request, fail("MemberRoleNotAllowed", caller, 3n, 1n << 1n));
      if (provincial === national) return refused(request, fail("LoanBookInvalidRiskParties", provincial, national));
      m.parties.push({ provincial, national });
      return planned(request, [
        { name: "RiskSharingPartiesSet", args: [BigInt(m.parties.length), provincial, national, env.operator] },
      ]);
    }

    case "setGraceDays": {
      const days = BigInt(op.days);
      const request = tx(loans, env.operator, "setFlexibleGraceDays", [days]);
      if (days === 0n || days > 365n) return refused(request, fail("LoanBookInvalidFlexibleGraceDays", days));
      m.flexibleGraceDays = days;
      return planned(request, [{ name: "FlexibleGraceDaysSet", args: [days, env.operator] }]);
    }

    case "withdraw": {
      const loan = pick(m.loans, (l) => l.status === "Applied", op.seed);
      if (!loan) return undefined;
      const request = tx(loans, env.coop, "withdraw", [loan.id]);
      if (loan.status !== "Applied")
        return refused(request, fail("LoanBookWrongStatus", loan.id, statusId(loan.status)));
      loan.status = "Withdrawn";
      return planned(request, [{ name: "LoanWithdrawn", args: [loan.id, env.coop] }]);
    }
  }
}

function paramsTuple(spec: ProductSpec): unknown[] {
  const p = productParams(spec);
  const s = p.shares;
  return [
    p.name,
    p.purpose,
    p.collateral,
    p.ltvBps,
    p.rateBps,
    p.termDays,
    p.dayCount,
    p.shape,
    p.instalments,
    p.graceDays,
    p.guaranteeFeeBps,
    [s.nationalBps, s.provincialBps, s.lenderBps, s.guarantorBps],
    p.minPrincipal,
    p.maxPrincipal,
  ];
}

// ───────────────────────────── observed state ─────────────────────────────

/** Numbers as bigint, addresses lower-case, ethers Results as plain arrays: comparable with toEqual. */
function norm(v: unknown): unknown {
  if (typeof v === "number") return BigInt(v);
  if (typeof v === "string") return /^0x[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : v;
  if (Array.isArray(v)) return Array.from(v as ArrayLike<unknown>, norm);
  return v;
}

interface ChainState {
  supply: bigint;
  bookBalance: bigint;
  balances: Record<string, bigint>;
  counts: unknown[];
  rights: unknown[];
  products: unknown[];
  loans: Record<string, unknown>[];
  sales: unknown[];
  /** Risk-sharing version and parties (current and each version's), flexible grace days. */
  config: unknown[];
}

const LOAN_KEYS = [
  "borrower",
  "productId",
  "status",
  "guaranteeApproved",
  "collateralDisposed",
  "partiesVersion",
  "guarantor",
  "principal",
  "outstanding",
  "interest",
  "accruedAt",
  "disbursedAt",
  "interestPaid",
  "debtAtDefault",
  "recovered",
  "rightId",
  "guaranteeFee",
  "defaultedAt",
] as const;

async function readChain(env: Env): Promise<ChainState> {
  const { loans, registry, ecny } = env.w.d.contracts;
  const [productCount, loanCount, rightCount] = await Promise.all([
    loans.productCount(),
    loans.loanCount(),
    registry.rightCount(),
  ]);
  const ids = (n: bigint) => Array.from({ length: Number(n) }, (_, i) => BigInt(i + 1));
  const [supply, bookBalance, balances, rights, products, loanViews, sales] = await Promise.all([
    ecny.totalSupply(),
    ecny.balanceOf(env.book),
    Promise.all(env.tracked.map((a) => ecny.balanceOf(a))),
    Promise.all(
      ids(rightCount).map((id) =>
        Promise.all([registry.ownerOf(id), registry.lienOf(id), registry.appraisalOf(id), registry.validAppraisal(id)]),
      ),
    ),
    Promise.all(ids(productCount).map((id) => loans.productOf(id))),
    Promise.all(
      ids(loanCount).map(async (id) => {
        const [loan, owed, nextDue] = await Promise.all([loans.loanOf(id), loans.owed(id), loans.nextDue(id)]);
        const view: Record<string, unknown> = {};
        for (const key of LOAN_KEYS) view[key] = norm(loan[key]);
        view.owed = norm(owed);
        view.nextDue = norm(nextDue);
        return view;
      }),
    ),
    loans.salesStateOf(env.coop),
  ]);
  const [[version, current], graceDays] = await Promise.all([loans.riskSharingParties(), loans.flexibleGraceDays()]);
  const versions = await Promise.all(
    Array.from({ length: Number(version) }, (_, i) => loans.riskSharingPartiesAt(BigInt(i + 1))),
  );
  return {
    supply,
    bookBalance,
    balances: Object.fromEntries(env.tracked.map((a, i) => [a, balances[i]])),
    counts: [productCount, loanCount, rightCount],
    rights: norm(rights) as unknown[],
    products: norm(products) as unknown[],
    loans: loanViews,
    sales: norm(sales) as unknown[],
    config: norm([version, current, versions, graceDays]) as unknown[],
  };
}

/** The state the model says the chain is in (same shape as {@link readChain}). */
function expectedState(m: Model, env: Env, supply: bigint): ChainState {
  return {
    supply,
    bookBalance: 0n,
    balances: { ...m.balances },
    counts: [BigInt(m.products.length), BigInt(m.loans.length), BigInt(m.rights.length)],
    rights: norm(
      m.rights.map((r) => [
        r.holder,
        r.lien ? [r.lien.lender, r.lien.loanId, env.book, r.lien.placedAt] : [ZeroAddress, 0n, ZeroAddress, 0n],
        r.appraisal
          ? [r.appraisal.value, r.appraisal.validUntil, r.appraisal.at, env.appraiser]
          : [0n, 0n, 0n, ZeroAddress],
        validAppraisal(m, r),
      ]),
    ) as unknown[],
    products: norm(
      m.products.map((p) => {
        const params = productParams(p.spec);
        const s = params.shares;
        return [
          p.lender,
          params.purpose,
          params.collateral,
          params.dayCount,
          params.shape,
          params.ltvBps,
          params.rateBps,
          params.termDays,
          p.instalments,
          params.graceDays,
          params.guaranteeFeeBps,
          p.createdAt,
          params.minPrincipal,
          params.maxPrincipal,
          [s.nationalBps, s.provincialBps, s.lenderBps, s.guarantorBps],
          params.name,
        ];
      }),
    ) as unknown[],
    loans: m.loans.map((l) => {
      const owed = owedNow(m, l);
      const next = l.status === "Active" ? firstUnmet(m, l) : { dueAt: 0n, principalDue: 0n };
      const view: Record<string, unknown> = {
        borrower: l.borrower,
        productId: l.productId,
        status: statusId(l.status),
        guaranteeApproved: l.guaranteeApproved,
        collateralDisposed: l.collateralDisposed,
        partiesVersion: l.partiesVersion,
        guarantor: l.guarantor,
        principal: l.principal,
        outstanding: l.balance.outstanding,
        interest: l.balance.interest,
        accruedAt: l.balance.accruedAt,
        disbursedAt: l.disbursedAt,
        interestPaid: l.interestPaid,
        debtAtDefault: l.debtAtDefault,
        recovered: l.recovered,
        rightId: l.rightId,
        guaranteeFee: l.fee,
        defaultedAt: l.defaultedAt,
        owed: [owed.outstanding, owed.interest],
        nextDue: [next.dueAt, next.principalDue],
      };
      return Object.fromEntries(Object.entries(view).map(([k, v]) => [k, norm(v)]));
    }),
    sales: norm([
      m.sales.reference,
      m.sales.last,
      m.sales.lastWeek,
      m.sales.streak,
      m.sales.posted,
      m.sales.graceUntil,
      m.sales.graced,
    ]) as unknown[],
    config: norm([
      BigInt(m.parties.length),
      [m.parties.at(-1)!.provincial, m.parties.at(-1)!.national],
      m.parties.map((x) => [x.provincial, x.national]),
      m.flexibleGraceDays,
    ]) as unknown[],
  };
}

/** The lending invariants, from chain data alone (no model). */
function checkInvariants(
  supply: bigint,
  op: Op,
  before: ChainState,
  after: ChainState,
  events: Ev[],
  now: bigint,
): void {
  // e-CNY is conserved: lending moves money, never creates or destroys it, and the book holds none.
  expect(after.supply).toBe(supply);
  expect(after.bookBalance).toBe(0n);
  // A right carries a lien exactly while its loan is live (Active, or Defaulted and not disposed of):
  // no second lien, no release while money is owed on the pledge.
  const lienOf = (rightId: bigint) => (after.rights[Number(rightId) - 1] as unknown[][])[1];
  const liveLoans = new Set<bigint>();
  for (const [i, loan] of after.loans.entries()) {
    const live =
      loan.status === statusId("Active") ||
      (loan.status === statusId("Defaulted") && loan.collateralDisposed === false);
    if (loan.rightId !== 0n && live) {
      liveLoans.add(BigInt(i + 1));
      expect(lienOf(loan.rightId as bigint)[1], `lien of right ${loan.rightId} for loan ${i + 1}`).toBe(BigInt(i + 1));
    }
  }
  for (const right of after.rights as unknown[][][]) {
    const loanId = right[1][1] as bigint;
    if (loanId !== 0n) expect(liveLoans.has(loanId), `lien for loan ${loanId} is on a live pledge`).toBe(true);
  }
  // After a default the debt only goes down, and every fen of it is accounted for: what was
  // recovered plus what remains (the final loss, once shared or written off) is the debt at default.
  for (const [i, loan] of after.loans.entries()) {
    const [principal, outstanding, interest] = [loan.principal, loan.outstanding, loan.interest] as bigint[];
    expect(outstanding).toBeLessThanOrEqual(principal);
    if (loan.status === statusId("Defaulted")) {
      expect((loan.recovered as bigint) + outstanding + interest, `debt of loan ${i + 1}`).toBe(loan.debtAtDefault);
    }
  }
  for (const e of events.filter((x) => x.name === "LoanSettled")) {
    const loan = after.loans[Number(e.args[0]) - 1];
    if ((loan.debtAtDefault as bigint) > 0n) {
      expect((e.args[1] as bigint) + (e.args[2] as bigint)).toBe(loan.debtAtDefault);
    }
  }
  // A pledged right never changes holder, except by disposal under its lien.
  for (const [i, right] of (before.rights as unknown[][]).entries()) {
    const pledged = (right[1] as unknown[])[1] !== 0n;
    const moved = (after.rights[i] as unknown[])[0] !== right[0];
    if (pledged && moved) expect(op.kind).toBe("dispose");
  }
  // Disbursement only within LTV of an appraisal valid at that moment (chain values before the step).
  for (const e of events.filter((x) => x.name === "LoanDisbursed")) {
    const loanId = e.args[0] as bigint;
    const loan = after.loans[Number(loanId) - 1];
    if (loan.rightId === 0n) continue;
    const [, , appraisal] = before.rights[Number(loan.rightId) - 1] as unknown[][];
    const product = before.products[Number(loan.productId) - 1] as unknown[];
    expect(now).toBeLessThanOrEqual(appraisal[1] as bigint);
    expect(loan.principal as bigint).toBeLessThanOrEqual(maxPrincipalFen(appraisal[0] as bigint, Number(product[5])));
  }
}

// ───────────────────────────── the test ─────────────────────────────

describe("the lending model", () => {
  let env: Env;
  let snapshot: unknown;
  let supply: bigint;
  let start: bigint;
  const coverage = new Map<string, number>();
  const count = (key: string) => coverage.set(key, (coverage.get(key) ?? 0) + 1);

  beforeAll(async () => {
    const w = await lendingWorld(START);
    const a = w.a;
    const { ecny, loans } = w.d.contracts;
    env = {
      w,
      coop: a("pear-coop"),
      farmer: a("farmer"),
      guarantor: a("guarantor"),
      provincial: a("provincial-reguarantor"),
      national: a("national-fund"),
      merchant: a("merchant"),
      registry: a("registry"),
      operator: a("operator"),
      appraiser: a("appraiser"),
      dataFeed: a("data-feed"),
      book: loans.target as string,
      lender: { "rural-bank": a("rural-bank"), "micro-lender": a("micro-lender") },
      tracked: [],
    };
    env.tracked = [
      env.lender["rural-bank"],
      env.lender["micro-lender"],
      env.coop,
      env.farmer,
      env.guarantor,
      env.provincial,
      env.national,
      env.merchant,
    ];
    start = await w.now();
    // The coop's sales income and the buyer's money, issued once; the consent of the risk-sharing
    // parties and of the buyer to pay through the loan book (allowances).
    await w.mustAt(start, ecny, a("rural-bank"), "issue", [env.coop, yuan(10_000_000n)]);
    await w.mustAt(start, ecny, a("rural-bank"), "issue", [env.merchant, yuan(15_000_000n)]);
    for (const owner of [env.guarantor, env.provincial, env.national, env.merchant]) {
      await w.mustAt(start, ecny, owner, "approve", [env.book, MaxUint256]);
    }
    supply = await ecny.totalSupply();
    snapshot = await w.chain.rpc.request({ method: "evm_snapshot", params: [] });
  });
  afterAll(() => env?.w.chain.close());

  it("never makes an illegal transition, and agrees with the model to the fen at every step", async () => {
    const run = async (ops: Op[]) => {
      const rpc = env.w.chain.rpc;
      await rpc.request({ method: "evm_revert", params: [snapshot] });
      snapshot = await rpc.request({ method: "evm_snapshot", params: [] });
      let state = await readChain(env);
      let m: Model = {
        now: start,
        rights: [],
        products: [],
        loans: [],
        sales: { reference: 0n, last: 0n, lastWeek: 0n, streak: 0n, posted: false, graceUntil: 0n, graced: false },
        balances: { ...state.balances },
        parties: [{ provincial: env.provincial, national: env.national }],
        flexibleGraceDays: 60n,
      };
      for (const [i, op] of ops.entries()) {
        const where = `step ${i} ${JSON.stringify(op)}`;
        let draft = structuredClone(m);
        let events: Ev[] = [];
        let check: Planned["check"];
        if (op.kind === "advance") {
          const target = advanceTarget(m, op);
          draft.now = target > m.now ? target : m.now + BigInt(op.days) * DAY + BigInt(op.seconds);
          await env.w.mineAt(draft.now);
          count(target > m.now ? `advance:${op.to}` : "advance:days");
        } else {
          // Transactions between two advances are mined at the same second, each in its own block.
          const p = plan(draft, op, env);
          if (!p) continue;
          const outcome: TxOutcome = await env.w.d.sender.send(p.request, { timestamp: draft.now });
          if (p.error) {
            expect(outcome.ok, `${where}: ${p.label} should be refused with ${p.error.name}`).toBe(false);
            expect(outcome.revert?.name, `${where}: ${p.label}`).toBe(p.error.name);
            expect(norm(Object.values(outcome.revert!.args)), `${where}: ${p.error.name} args`).toEqual(
              norm(p.error.args),
            );
            count(`${p.method}:${p.error.name}`);
            draft = m; // refused: the model does not move
          } else {
            if (!outcome.ok) throw new Error(`${where}: ${p.label} reverted: ${formatRevert(outcome.revert!)}`);
            events = env.w
              .events(outcome)
              .filter((e) => e.name !== "Transfer" && e.name !== "Approval")
              .map((e) => ({ name: e.name, args: norm(e.args) as unknown[] }));
            expect(events, `${where}: events`).toEqual(p.events!.map((e) => ({ name: e.name, args: norm(e.args) })));
            count(`${p.method}:ok`);
            if (events.some((e) => e.name === "FlexibleGraceGranted")) count("grace granted");
            if (events.some((e) => e.name === "LoanRepaid")) count("repaid in full");
            if (events.some((e) => e.name === "LoanSettled" && e.args[2] === 0n)) count("settled by recovery");
            check = p.check;
            if (p.note) count(p.note);
          }
        }
        const after = await readChain(env);
        if (draft === m && op.kind !== "advance") {
          expect(after, `${where}: a refused step changes nothing`).toEqual(state);
        }
        expect(after, `${where}: chain state`).toEqual(expectedState(draft, env, supply));
        check?.(state, after, events);
        checkInvariants(supply, op, state, after, events, draft.now);
        m = draft;
        state = after;
      }
    };
    await fc.assert(fc.asyncProperty(sequenceArb, run), { numRuns: RUNS, seed: 0x5cf, endOnFailure: false });
    // The sequences did reach the transitions worth testing, legal and illegal.
    const reached = [
      "approveAndDisburse:ok",
      "repaid in full",
      "repay:ok",
      "postWeeklySales:ok",
      "grace granted",
      "declareDefault:ok",
      "dispose:ok",
      "settled by recovery",
      "callGuarantee:ok",
      "writeOff:ok",
      "approveAndDisburse:RegistryLienExists",
      "approveAndDisburse:LoanBookAboveLtv",
      "approveAndDisburse:LoanBookNoValidAppraisal",
      "transferByRegistry:RegistryRightUnderLien",
      "transferFrom:RegistryHolderTransferRefused",
      "releaseLien:RegistryNotLienHolder",
      "repay:LoanBookRepaymentExceedsOwed",
      "declareDefault:LoanBookNotInDefault",
      "declareDefault:LoanBookInFlexibleGrace",
      "callGuarantee:LoanBookCollateralNotDisposed",
      "a slump's grace not granted twice",
      "setRiskSharingParties:ok",
      "setFlexibleGraceDays:ok",
    ];
    const summary = [...coverage.entries()].map(([k, v]) => `${k} ×${v}`).join(", ");
    for (const key of reached)
      expect(coverage.get(key) ?? 0, `${key} never reached (reached: ${summary})`).toBeGreaterThan(0);
  }, 300_000);

  it("rounds a half fen up, for interest on either day count and for the guarantee fee, as loans.ts does", async () => {
    const { w } = env;
    const { loans } = w.d.contracts;
    await w.chain.rpc.request({ method: "evm_revert", params: [snapshot] });
    snapshot = await w.chain.rpc.request({ method: "evm_snapshot", params: [] });
    const bank = env.lender["rural-bank"];
    // 1,003,750 × 100 bp × 1 day / (10,000 × 365) = 27.5 fen (interest and the one-day fee);
    // 1,026,000 × 100 bp × 1 day / (10,000 × 360) = 28.5 fen.
    const cases = [
      { act360: false, principal: 1_003_750n, basis: 365n as const, interest: 28n, fee: 28n },
      { act360: true, principal: 1_026_000n, basis: 360n as const, interest: 29n, fee: 28n },
    ];
    const loanIds: bigint[] = [];
    for (const c of cases) {
      const spec: ProductSpec = {
        name: "半分",
        purpose: Purpose.WorkingCapital,
        secured: false,
        rateBps: 100,
        termDays: 1,
        act360: c.act360,
        graceDays: 0,
        guaranteeFeeBps: 100,
        minPrincipal: yuan(10_000n),
        maxPrincipal: yuan(20_000n),
      };
      await w.mustAt(start, loans, bank, "createProduct", [productParams(spec)]);
      await w.mustAt(start, loans, env.coop, "applyForLoan", [
        await loans.productCount(),
        c.principal,
        0n,
        env.guarantor,
      ]);
      const loanId = await loans.loanCount();
      await w.mustAt(start, loans, env.guarantor, "approveGuarantee", [loanId]);
      await w.mustAt(start, loans, bank, "approveAndDisburse", [loanId]);
      expect(guaranteeFeeFen(c.principal, 100, 1)).toBe(c.fee);
      expect((await loans.loanOf(loanId)).guaranteeFee).toBe(c.fee);
      loanIds.push(loanId);
    }
    await w.mineAt(start + DAY);
    for (const [i, c] of cases.entries()) {
      const predicted = accrue({ outstanding: c.principal, interest: 0n, accruedAt: start }, start + DAY, 100, c.basis);
      expect(predicted.interest).toBe(c.interest);
      expect([...(await loans.owed(loanIds[i]))]).toEqual([c.principal, c.interest]);
    }
  });
});
