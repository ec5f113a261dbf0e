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

/** Credit ratings banks price a payer's risk by (the domestic scale). */
export const RATINGS = ["AAA", "AA+", "AA", "AA-", "A", "BBB", "BB", "B"] as const;
export type Rating = (typeof RATINGS)[number];

/** Twelve monthly weights (January first); the run normalises them to a mean of 1. */
const monthly = z
  .array(z.number().min(0).max(10))
  .length(12)
  .refine((w) => w.some((x) => x > 0), "at least one month must have a positive weight");

/**
 * A firm's business, for the groups whose sales come from outside the chain (distributors,
 * merchants, cooperatives, farmers): its annual sales (each member draws its own), its gross margin
 * and its fixed costs as a share of normal sales. Normal profit is margin − fixedCosts; a month of
 * weak sales loses money, and a firm short of cash borrows.
 */
const business = z.strictObject({
  sales: sizeDistribution.optional(),
  margin: share,
  fixedCosts: share,
  /** When its sales come (e.g. a harvest); default: the economy's seasonality. */
  season: monthly.optional(),
});

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
  /** A payer's credit rating (core enterprises): banks price its vouchers by it. */
  rating: z.enum(RATINGS).optional(),
  business: business.optional(),
});

/**
 * How suppliers of a tier do business: for goods sold at value V their costs are V × (1 − margin)
 * (times the month's input-price factor), of which `upstream` is bought from the tier above in
 * the chain; `accepts` is the share of what they are owed that they take as a split of a voucher
 * (the rest is paid in cash after the economy's payableDays); fixed costs are a share of their
 * normal revenue.
 */
const tierBehaviour = z.strictObject({
  margin: share,
  fixedCosts: share.default(0),
  upstream: share,
  accepts: share,
  receivers: range(1, 10),
  recourse: share.default(0.8),
  delayDays: range(0, 120),
});

const vouchers = z.strictObject({
  /** The core enterprises' annual purchases from tier-1 suppliers (the chain's trade; an input). */
  purchases: amount,
  issuers: z.record(slug, z.number().positive()),
  face: sizeDistribution,
  termDays: range(1, 365),
  byTier: z.record(z.string().regex(/^\d$/), tierBehaviour),
  /**
   * How a bank prices a voucher: its funding cost, its operating margin, the expected loss of the
   * payer (probability of default by rating × loss given default) and a premium per year of term.
   */
  pricing: z.strictObject({
    fundingCost: rate,
    bankMargin: rate,
    termPremium: rate,
    lossGivenDefault: share,
    defaultProbability: z.partialRecord(z.enum(RATINGS), share),
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

/**
 * Why firms borrow on a line: `cash` when their cash falls below their buffer (the principal is the
 * shortfall, within the size's bounds), `investment` for equipment upgrades (the economy's
 * investmentRate a firm-year, sized by `size`), `orders` when a steel order would leave them below
 * their buffer.
 */
const demand = z.strictObject({
  product: slug,
  borrowers: z.array(slug).min(1),
  need: z.enum(["cash", "investment", "orders"]),
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
  flexibleGraceDays: z.number().int().min(1).max(365).default(60),
});

const rural = z.strictObject({
  holders: z.array(slug).min(1),
  /** Parcels each holder has (its endowment); a share of them is registered in the window. */
  rightsPerHolder: range(1, 50),
  kinds: z.record(z.enum(["LandManagement", "Forest", "Aquaculture"]), z.number().nonnegative()),
  areaMu: range(0.01, 1_000_000),
  valuePerMu: z.record(z.enum(["LandManagement", "Forest", "Aquaculture"]), amount),
  appraisalValidDays: z.number().int().min(1).max(3_650).default(365),
  registrationDays: range(0, 730),
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
  /** Share of these orders paid on delivery in e-CNY (default: payments.eCnyAdoption). */
  adoption: share.optional(),
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

const calibrationMetric = z.enum([
  "vouchers.issued",
  "lending.total",
  "lending.nonPerformingRatio",
  "vouchers.financingDiscountToBenchmark",
  "rural.rightsValued",
]);

/**
 * The economy's structural parameters. The first four are what `scf calibrate` fits by default
 * (see `fitted`); agents read these, never the calibration targets.
 */
export const FITTABLE = ["creditShare", "cashBufferDays", "volatility", "registrationShare"] as const;
const economy = z.strictObject({
  /** Share of the core enterprises' purchases paid in vouchers (the rest in cash). */
  creditShare: share,
  /** Days of costs a firm keeps as cash; below it, it finances a voucher or borrows. */
  cashBufferDays: z.number().min(0).max(365),
  /** Monthly log-standard deviation of each firm's sales and input prices. */
  volatility: z.number().min(0).max(2),
  /** Share of the holders' parcels registered (and appraised) in the registration window. */
  registrationShare: share,
  /** A firm's own funds at the start, in days of its costs (it starts with them in cash, no debt). */
  equityDays: z.number().min(0).max(365).default(5),
  /** Equipment upgrades a firm starts a year, on average (for `investment` demand lines). */
  investmentRate: z.number().min(0).max(12).default(0),
  /** Demand for steel by month (January first). */
  seasonality: monthly.default([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
  /** Days after delivery that a cash payment up the chain is made (no voucher). */
  payableDays: z.number().int().min(0).max(365).default(60),
  /** Which parameters `scf calibrate` fits, each to one calibration metric. */
  fitted: z.array(z.strictObject({ parameter: z.enum(FITTABLE), metric: calibrationMetric })).default([]),
});

const calibrationTarget = z.strictObject({
  metric: calibrationMetric,
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
  economy: economy,
  vouchers: vouchers.optional(),
  lending: lending.optional(),
  rural: rural.optional(),
  payments: payments.optional(),
  shocks: z.array(shock).default([]),
  calibration: z.array(calibrationTarget).default([]),
  /** What `scf calibrate` found (residuals, predictions): for people; the run ignores it. */
  fit: z.record(z.string(), z.unknown()).optional(),
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
export type Economy = Scenario["economy"];
export type BusinessSpec = NonNullable<ParticipantGroup["business"]>;
export type CalibrationTarget = Scenario["calibration"][number];
