import { z } from "zod";
import { yuanToFen } from "../../domain/money.js";
import { parsePercentToBps } from "../../domain/rates.js";

/**
 * The scenario file format (YAML), validated with zod. Money is written in yuan as a string
 * ("8,600,000,000", "2500000.50") or a whole number; rates as percent strings ("3.65%");
 * shares and probabilities as numbers in [0, 1].
 */

const amount = z.union([z.string(), z.number().int().nonnegative()]).transform((value, ctx) => {
  try {
    return yuanToFen(typeof value === "number" ? String(value) : value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});

const rate = z.string().transform((value, ctx) => {
  try {
    return parsePercentToBps(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});
/** A rate the loan book accepts: at most `maxBps` (LoanBook refuses more, and the run could not start). */
const rateUpTo = (maxBps: number) =>
  rate.refine((bps) => bps <= maxBps, `at most ${maxBps / 100}% (the loan book refuses more)`);

const share = z.number().min(0).max(1);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2025-01-01")
  .refine((s) => {
    const day = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s); // 2025-02-30 is 2025-03-02
  }, "not a day of the calendar");
/** The first day of a run: the chain's clock starts the day before, and unix time before 1970 does not exist. */
const startDate = isoDate.refine(
  (s) => s >= "2000-01-01" && s <= "2099-12-31",
  "expected a start from 2000-01-01 to 2099-12-31",
);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "expected lower-case letters, digits and dashes");
const range = (min: number, max: number) =>
  z
    .tuple([z.number().min(min).max(max), z.number().min(min).max(max)])
    .refine(([a, b]) => a <= b, "the first bound must not exceed the second");

/** A distribution of money amounts: log-normal around a median, clamped and rounded. */
const sizeDistribution = z.strictObject({
  median: amount,
  sigma: z.number().min(0).max(3).default(0.6),
  min: amount,
  max: amount,
  roundTo: amount.default(100n),
});

export const AGENT_KINDS = [
  "platform",
  "central-bank",
  "regulator",
  "data-feed",
  "bank",
  "micro-lender",
  "guarantor",
  "reguarantor",
  "national-fund",
  "registry",
  "appraiser",
  "core",
  "supplier",
  "distributor",
  "logistics",
  "cooperative",
  "farmer",
  "merchant",
] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

const wallet = z.union([
  z.enum(["none", "anonymous", "verified"]),
  z.strictObject({ corporate: z.strictObject({ perPayment: amount, daily: amount, balance: amount }) }),
]);

const group = z.strictObject({
  id: slug,
  agent: z.enum(AGENT_KINDS),
  count: z.number().int().min(1).max(100_000),
  name: z.string().min(1),
  nameZh: z.string().optional(),
  tier: z.number().int().min(1).max(9).optional(),
  wallet: wallet.optional(),
  bank: slug.optional(),
  startingBalance: amount.optional(),
  quota: amount.optional(),
  creditLine: amount.optional(),
});

const tierBehaviour = z.strictObject({
  split: share,
  splitFraction: range(0, 1),
  receivers: range(1, 10),
  finance: share,
  financeFraction: range(0, 1),
  recourse: share.default(0.8),
  delayDays: range(0, 120),
});

const vouchers = z.strictObject({
  annual: amount,
  issuers: z.record(slug, z.number().positive()),
  face: sizeDistribution,
  termDays: range(1, 365),
  byTier: z.record(z.string().regex(/^\d$/), tierBehaviour),
  pricing: z.strictObject({
    discountRate: rate,
    spread: rate,
    financiers: z.record(slug, z.number().positive()),
  }),
  payerDefault: share.default(0),
  rules: z
    .strictObject({
      maxTermDays: z.number().int().min(1).max(365).optional(),
      minSplitUnit: amount.optional(),
      overdueGraceDays: z.number().int().min(0).max(365).optional(),
    })
    .default({}),
});

const product = z.strictObject({
  id: slug,
  name: z
    .string()
    .min(1)
    .refine((name) => Buffer.byteLength(name) <= 64, "at most 64 bytes of UTF-8 (the loan book refuses longer names)"),
  lender: slug,
  purpose: z.enum(["Agricultural", "WorkingCapital", "Equipment", "OrderFinancing", "InventoryPledge"]),
  collateral: z.enum(["None", "PropertyRight"]).default("None"),
  ltv: rateUpTo(10_000).default(0),
  rate: rateUpTo(10_000),
  termDays: z.number().int().min(1).max(3_650),
  shape: z.enum(["Bullet", "Instalments"]).default("Bullet"),
  instalments: z.number().int().min(1).max(120).default(1),
  graceDays: z.number().int().min(0).max(365).default(30),
  guaranteeFee: rateUpTo(1_000).default(87),
  riskShares: z
    .strictObject({ national: rate, provincial: rate, lender: rate, guarantor: rate })
    .default({ national: 2000, provincial: 3000, lender: 2000, guarantor: 3000 }),
  min: amount,
  max: amount,
  /** Borrowers' weekly sales are fed to the chain: a fall > 40% two weeks running earns a grace period. */
  flexible: z.boolean().default(false),
});

const demand = z.strictObject({
  product: slug,
  borrowers: z.array(slug).min(1),
  annual: amount,
  size: sizeDistribution,
  guaranteed: share.default(0),
  guarantors: z.array(slug).default([]),
  /** Share of the principal that must be repaid early, in parts, instead of at term. */
  prepay: share.default(0),
});

const lending = z.strictObject({
  workingCapitalBenchmark: rate,
  products: z.array(product).min(1),
  demand: z.array(demand).min(1),
  nonPerforming: share,
  flexibleGraceDays: z.number().int().min(1).max(365).default(60),
});

const rural = z.strictObject({
  holders: z.array(slug).min(1),
  /** Appraised value of the rights registered over the window (the "rights valued on chain"). */
  valued: amount,
  rightsPerHolder: range(1, 50),
  kinds: z.record(z.enum(["LandManagement", "Forest", "Aquaculture"]), z.number().nonnegative()),
  areaMu: range(0.01, 1_000_000),
  valuePerMu: z.record(z.enum(["LandManagement", "Forest", "Aquaculture"]), amount),
  appraisalValidDays: z.number().int().min(1).max(3_650).default(365),
  registrationDays: range(0, 730),
  weeklySales: sizeDistribution,
});

const orderFlow = z.strictObject({
  buyers: z.array(slug).min(1),
  sellers: z.array(slug).min(1),
  perBuyerPerMonth: z.number().min(0).max(1_000),
  amount: sizeDistribution,
  deliveryDays: range(0, 60),
  undelivered: share.default(0),
  /** Freight the seller pays the carrier in e-CNY on delivery, as a share of the order (e.g. "1.50%"). */
  freight: rate.default(0),
});

const payments = z.strictObject({
  eCnyAdoption: share,
  baselineSettlementDays: z.number().min(0).max(60).default(3),
  steelOrders: orderFlow.optional(),
  market: orderFlow.optional(),
});

const shock = z.strictObject({
  name: z.string().min(1),
  kind: z.literal("sales-drop"),
  from: isoDate,
  to: isoDate,
  groups: z.array(slug).min(1),
  share: share,
  drop: share,
});

const calibrationTarget = z.strictObject({
  metric: z.enum([
    "vouchers.issued",
    "lending.total",
    "lending.nonPerformingRatio",
    "vouchers.financingDiscountToBenchmark",
    "rural.rightsValued",
  ]),
  label: z.string().optional(),
  /** Yuan for amounts ("8,600,000,000"), percent for ratios ("1.6%"), percentage points for spreads ("1.2%"). */
  target: z.string(),
  tolerance: share.default(0.05),
});

export const scenarioSchema = z.strictObject({
  name: slug,
  title: z.string().min(1),
  description: z.string().optional(),
  seed: z.number().int().nonnegative().default(1),
  flowScale: z.number().positive().max(1_000).default(1),
  horizon: z.strictObject({ start: startDate, days: z.number().int().min(1).max(1_100) }),
  calendar: z
    .strictObject({
      businessDays: z.array(z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])).min(1),
      holidays: z.array(isoDate).default([]),
    })
    .default({ businessDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [] }),
  participants: z.array(group).min(1),
  vouchers: vouchers.optional(),
  lending: lending.optional(),
  rural: rural.optional(),
  payments: payments.optional(),
  shocks: z.array(shock).default([]),
  calibration: z.array(calibrationTarget).default([]),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ParticipantGroup = Scenario["participants"][number];
export type VoucherFlow = NonNullable<Scenario["vouchers"]>;
export type TierBehaviour = VoucherFlow["byTier"][string];
export type LendingFlow = NonNullable<Scenario["lending"]>;
export type ProductSpec = LendingFlow["products"][number];
export type DemandSpec = LendingFlow["demand"][number];
export type RuralFlow = NonNullable<Scenario["rural"]>;
export type PaymentFlow = NonNullable<Scenario["payments"]>;
export type OrderFlow = NonNullable<PaymentFlow["market"]>;
export type SizeDistribution = z.output<typeof sizeDistribution>;
export type CalibrationTarget = Scenario["calibration"][number];
