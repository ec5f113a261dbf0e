import { parsePercentToBps } from "../domain/rates.js";
import { yuanToFen } from "../domain/money.js";
import type { Ledger } from "../ledger/ledger.js";
import { RIGHT_KINDS } from "../ledger/state.js";
import { beijingMonth } from "../sim/calendar.js";
import type { RunTimings } from "../sim/run.js";
import type { ScenarioOverride } from "../sim/scenario/overrides.js";
import type { Scenario } from "../sim/scenario/schema.js";
import { runChecks, type Check } from "./checks.js";

/** A count and an amount in fen (as a decimal string, so JSON keeps every fen). */
export interface Volume {
  count: number;
  amountFen: string;
}

export interface CalibrationRow {
  metric: string;
  label: string;
  unit: "fen" | "bps";
  target: string;
  simulated: string;
  /** (simulated − target) / target. */
  deviation: number;
  tolerance: number;
  within: boolean;
  /**
   * "fitted": a structural parameter was fitted to this figure (`scf calibrate`), so matching it is
   * no evidence; "predicted": held out of the fit, an outcome of the model. Absent in reports
   * written before the behavioural model.
   */
  role?: "fitted" | "predicted";
}

/** The report of a run: computed from chain events only (through the one indexer). */
export interface Report {
  scenario: string;
  title: string;
  seed: number;
  /** The `--set path=value` changes made to the scenario file, in order (absent when none). */
  overrides?: ScenarioOverride[];
  flowScale: number;
  horizon: { start: string; end: string; days: number };
  participants: { total: number; byRole: Record<string, number> };
  volumes: {
    receivables: {
      issued: Volume;
      split: Volume;
      transferred: Volume;
      financed: Volume & { discountFen: string; averageRateBps: string };
      cleared: Volume & { vouchers: number };
      outstanding: Volume;
      overdue: Volume;
      defaulted: Volume;
      recourse: Volume;
      byTier: { tier: number; tokens: number; holders: number; amountFen: string }[];
      byMonth: { month: string; issuedFen: string; splitFen: string; financedFen: string; clearedFen: string }[];
      heldByRole: Record<string, string>;
    };
    loans: {
      disbursed: Volume;
      repaid: Volume;
      outstanding: Volume;
      defaulted: Volume;
      interestPaidFen: string;
      guaranteed: Volume & { feesFen: string };
      byLenderType: Record<string, Volume>;
      byLender: { lender: string; count: number; amountFen: string }[];
      byPurpose: Record<string, Volume>;
      byProduct: { product: string; lender: string; count: number; amountFen: string }[];
      riskSharing: {
        loans: number;
        lossFen: string;
        nationalFen: string;
        provincialFen: string;
        lenderFen: string;
        guarantorFen: string;
      };
      recoveredFen: string;
      writtenOffFen: string;
      graceGranted: number;
      nonPerformingRatioBps: string;
    };
    payments: {
      ecny: {
        transfers: Volume;
        issuedFen: string;
        redeemedFen: string;
        supplyFen: string;
        wallets: number;
      };
      payOnDelivery: {
        locked: Volume;
        released: Volume;
        refunded: Volume;
        open: Volume;
        latency: { medianSeconds: number; p95Seconds: number; maxSeconds: number; baselineSeconds: number };
      };
      scheduled: Volume & { released: Volume; latency: { medianSeconds: number; p95Seconds: number } };
    };
    pledges: {
      rightsRegistered: Volume;
      byKind: { kind: string; count: number; areaMu: string; valuedFen: string }[];
      rightsValued: Volume;
      liens: number;
      pledgeLoans: Volume;
      warehouseReceipts: Volume;
      /** Pledged rights sold after a default (处置): count and Σ prices; surplus due to borrowers, and what the loan book still holds of it. */
      disposals: Volume & { surplusFen: string; heldFen: string };
    };
  };
  financingCost: { averageDiscountRateBps: string; benchmarkBps: number; spreadBps: string };
  calibration: CalibrationRow[];
  checks: Check[];
  chain: { blocks: number; transactions: number; gasUsed: string; reverted: number; contracts: Record<string, string> };
  run?: RunTimings & { startedAt: string; node: string };
}

const sumOf = <T>(items: Iterable<T>, f: (t: T) => bigint) => {
  let s = 0n;
  for (const t of items) s += f(t);
  return s;
};
const vol = (count: number, amount: bigint): Volume => ({ count, amountFen: amount.toString() });
/** How many `items`, and the sum of their `amount`. */
const volOf = <T>(items: readonly T[], amount: (t: T) => bigint): Volume => vol(items.length, sumOf(items, amount));

/** Builds the report from the indexed chain state. */
/** What the chain says happened: participants and volumes (the report's and the API's numbers). */
export interface Volumes {
  participants: Report["participants"];
  volumes: Report["volumes"];
  /** Value-weighted average discount rate of voucher financing, in hundredths of a basis point. */
  averageRateHundredths: bigint;
}

/**
 * Computes the volumes from the indexed state. `endTime` is the end of the period (for "overdue");
 * `baselineSettlementDays` the conventional settlement delay pay-on-delivery is compared with.
 */
export function computeVolumes(ledger: Ledger, options: { endTime: number; baselineSettlementDays?: number }): Volumes {
  const s = ledger.state;
  const endTime = options.endTime;
  const roleOf = (a: string) => s.roleOf(a);
  // ── participants ──
  const byRole: Record<string, number> = {};
  for (const m of s.members.values()) byRole[m.role] = (byRole[m.role] ?? 0) + 1;

  // ── receivables ──
  const accepted = [...s.vouchers.values()].filter((v) => v.acceptedAt !== undefined);
  const tokens = [...s.tokens.values()];
  const splits = tokens.filter((t) => t.origin === "split");
  const financed = tokens.filter((t) => t.origin === "financed" && t.financing);
  const paid = tokens.filter((t) => t.paid);
  const financedValue = sumOf(financed, (t) => t.financing!.value);
  const weightedRate = sumOf(financed, (t) => t.financing!.value * BigInt(t.financing!.rateBps));
  const averageRateHundredths = financedValue > 0n ? (weightedRate * 100n) / financedValue : 0n;
  const open = accepted.filter((v) => v.status !== "Cleared");
  const overdue = accepted.filter((v) => v.status === "Active" && v.maturity < endTime);
  const defaulted = accepted.filter((v) => v.defaultedAt !== undefined);
  const recourse = financed.filter((t) => t.financing!.recourseExercised !== undefined);

  const tiers = new Map<number, { tokens: number; holders: Set<string>; amount: bigint }>();
  // Penetration (穿透): value passed down to each supplier tier (issued to tier 1, split to tier n);
  // a bank's financed piece stays at its seller's tier and is not counted again.
  for (const t of tokens) {
    if (t.origin === "financed" || (t.status === "Merged" && t.initialValue === 0n)) continue;
    const row = tiers.get(t.tier) ?? { tokens: 0, holders: new Set<string>(), amount: 0n };
    row.tokens += 1;
    row.holders.add(t.owner);
    row.amount += t.initialValue;
    tiers.set(t.tier, row);
  }
  const months = new Map<string, { issued: bigint; split: bigint; financed: bigint; cleared: bigint }>();
  const month = (time: number) => {
    const key = beijingMonth(time);
    let row = months.get(key);
    if (!row) months.set(key, (row = { issued: 0n, split: 0n, financed: 0n, cleared: 0n }));
    return row;
  };
  for (const v of accepted) month(v.acceptedAt!).issued += v.face;
  for (const t of splits) month(t.createdAt).split += t.initialValue;
  for (const t of financed) month(t.financing!.at).financed += t.financing!.value;
  for (const t of paid) month(t.paid!.at).cleared += t.paid!.amount;
  const heldByRole: Record<string, bigint> = {};
  for (const t of tokens) {
    if (t.status === "Merged" || t.status === "Cleared") continue;
    const role = roleOf(t.owner);
    heldByRole[role] = (heldByRole[role] ?? 0n) + t.value;
  }

  // ── loans ──
  const loans = [...s.loans.values()];
  const disbursed = loans.filter((l) => l.disbursedAt !== undefined);
  const disbursedFen = sumOf(disbursed, (l) => l.principal);
  const repaidLoans = disbursed.filter((l) => l.status === "Repaid");
  const activeLoans = disbursed.filter((l) => l.status === "Active");
  const defaultedLoans = disbursed.filter((l) => l.defaultedAt !== undefined);
  const defaultedFen = sumOf(defaultedLoans, (l) => l.principal);
  const guaranteed = disbursed.filter((l) => l.guarantor !== "0x0000000000000000000000000000000000000000");
  const byLenderType: Record<string, { count: number; amount: bigint }> = {};
  const byLender = new Map<string, { count: number; amount: bigint }>();
  const byPurpose: Record<string, { count: number; amount: bigint }> = {};
  const byProduct = new Map<bigint, { count: number; amount: bigint }>();
  const add = (row: { count: number; amount: bigint }, amount: bigint) => {
    row.count += 1;
    row.amount += amount;
  };
  for (const l of disbursed) {
    const type = roleOf(l.lender);
    add((byLenderType[type] ??= { count: 0, amount: 0n }), l.principal);
    if (!byLender.has(l.lender)) byLender.set(l.lender, { count: 0, amount: 0n });
    add(byLender.get(l.lender)!, l.principal);
    const purpose = s.products.get(l.productId)?.purpose ?? "Unknown";
    add((byPurpose[purpose] ??= { count: 0, amount: 0n }), l.principal);
    if (!byProduct.has(l.productId)) byProduct.set(l.productId, { count: 0, amount: 0n });
    add(byProduct.get(l.productId)!, l.principal);
  }
  const shared = disbursed.filter((l) => l.riskShares);
  const share = (k: "loss" | "national" | "provincial" | "lender" | "guarantor") =>
    sumOf(shared, (l) => l.riskShares![k]).toString();
  const nplBpsHundredths = disbursedFen > 0n ? (defaultedFen * 1_000_000n) / disbursedFen : 0n;

  // ── payments ──
  const orders = [...s.orders.values()];
  const released = orders.filter((o) => o.status === "Released");
  const refunded = orders.filter((o) => o.status === "Refunded");
  const openOrders = orders.filter((o) => o.status === "Open");
  const latencies = released.map((o) => o.paidAt! - o.deliveredAt!).sort((a, b) => a - b);
  const schedules = [...s.schedules.values()];
  const releasedSchedules = schedules.filter((x) => x.status === "Released");
  const scheduleLatency = releasedSchedules.map((x) => x.releasedAt! - x.createdAt).sort((a, b) => a - b);
  const supply = sumOf(s.ecny.balances.values(), (v) => v);

  // ── rural pledges ──
  const rights = [...s.rights.values()];
  const rural = rights.filter((r) => r.kind !== "WarehouseReceipt");
  const receipts = rights.filter((r) => r.kind === "WarehouseReceipt");
  const valued = rural.filter((r) => r.appraisal);
  const valuedFen = sumOf(valued, (r) => r.appraisal!.valueFen);
  const byKind = RIGHT_KINDS.map((kind) => {
    const list = rights.filter((r) => r.kind === kind);
    return {
      kind,
      count: list.length,
      areaMu: (sumOf(list, (r) => r.areaCentiMu) / 100n).toString(),
      valuedFen: sumOf(list, (r) => r.appraisal?.valueFen ?? 0n).toString(),
    };
  });
  const disposed = [...s.loans.values()].filter((l) => l.disposal);
  const pledgeLoans = disbursed.filter((l) => l.rightId !== 0n && s.rights.get(l.rightId)?.kind !== "WarehouseReceipt");

  return {
    participants: { total: s.members.size, byRole },
    averageRateHundredths,
    volumes: {
      receivables: {
        issued: volOf(accepted, (v) => v.face),
        split: volOf(splits, (t) => t.initialValue),
        transferred: vol(s.voucherMoves.count, s.voucherMoves.value),
        financed: {
          ...vol(financed.length, financedValue),
          discountFen: sumOf(financed, (t) => t.financing!.discount).toString(),
          averageRateBps: hundredths(averageRateHundredths),
        },
        cleared: {
          ...volOf(paid, (t) => t.paid!.amount),
          vouchers: accepted.filter((v) => v.status === "Cleared").length,
        },
        outstanding: volOf(open, (v) => v.face - v.paidOut),
        overdue: volOf(overdue, (v) => v.face),
        defaulted: volOf(defaulted, (v) => v.face),
        recourse: volOf(recourse, (t) => t.financing!.value),
        byTier: [...tiers.entries()]
          .sort(([a], [b]) => a - b)
          .map(([tier, row]) => ({
            tier,
            tokens: row.tokens,
            holders: row.holders.size,
            amountFen: row.amount.toString(),
          })),
        byMonth: [...months.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([m, row]) => ({
            month: m,
            issuedFen: row.issued.toString(),
            splitFen: row.split.toString(),
            financedFen: row.financed.toString(),
            clearedFen: row.cleared.toString(),
          })),
        heldByRole: Object.fromEntries(Object.entries(heldByRole).map(([k, v]) => [k, v.toString()])),
      },
      loans: {
        disbursed: vol(disbursed.length, disbursedFen),
        repaid: volOf(repaidLoans, (l) => l.principal),
        outstanding: volOf(activeLoans, (l) => l.outstanding),
        defaulted: vol(defaultedLoans.length, defaultedFen),
        interestPaidFen: sumOf(disbursed, (l) => l.interestPaid).toString(),
        guaranteed: {
          ...volOf(guaranteed, (l) => l.principal),
          feesFen: sumOf(guaranteed, (l) => l.guaranteeFee).toString(),
        },
        byLenderType: mapVolumes(byLenderType),
        byLender: [...byLender.entries()]
          .map(([lender, row]) => ({ lender: s.nameOf(lender), count: row.count, amountFen: row.amount.toString() }))
          .sort((a, b) => (BigInt(b.amountFen) > BigInt(a.amountFen) ? 1 : -1)),
        byPurpose: mapVolumes(byPurpose),
        byProduct: [...byProduct.entries()].map(([id, row]) => ({
          product: s.products.get(id)?.name ?? String(id),
          lender: s.nameOf(s.products.get(id)?.lender ?? ""),
          count: row.count,
          amountFen: row.amount.toString(),
        })),
        riskSharing: {
          loans: shared.length,
          lossFen: share("loss"),
          nationalFen: share("national"),
          provincialFen: share("provincial"),
          lenderFen: share("lender"),
          guarantorFen: share("guarantor"),
        },
        recoveredFen: sumOf(disbursed, (l) => l.recovered).toString(),
        writtenOffFen: sumOf(disbursed, (l) => l.writtenOff ?? 0n).toString(),
        graceGranted: s.graces.length,
        nonPerformingRatioBps: hundredths(nplBpsHundredths),
      },
      payments: {
        ecny: {
          transfers: vol(s.ecny.transfers, s.ecny.transferredFen),
          issuedFen: s.ecny.issuedFen.toString(),
          redeemedFen: s.ecny.redeemedFen.toString(),
          supplyFen: supply.toString(),
          wallets: s.wallets.size,
        },
        payOnDelivery: {
          locked: volOf(orders, (o) => o.amount),
          released: volOf(released, (o) => o.amount),
          refunded: volOf(refunded, (o) => o.amount),
          open: volOf(openOrders, (o) => o.amount),
          latency: {
            medianSeconds: quantile(latencies, 0.5),
            p95Seconds: quantile(latencies, 0.95),
            maxSeconds: latencies.at(-1) ?? 0,
            baselineSeconds: Math.round((options.baselineSettlementDays ?? 3) * 86_400),
          },
        },
        scheduled: {
          ...volOf(schedules, (x) => x.amount),
          released: volOf(releasedSchedules, (x) => x.amount),
          latency: { medianSeconds: quantile(scheduleLatency, 0.5), p95Seconds: quantile(scheduleLatency, 0.95) },
        },
      },
      pledges: {
        rightsRegistered: volOf(rural, (r) => r.appraisal?.valueFen ?? 0n),
        byKind,
        rightsValued: vol(valued.length, valuedFen),
        liens: rights.filter((r) => r.lien).length,
        pledgeLoans: volOf(pledgeLoans, (l) => l.principal),
        warehouseReceipts: volOf(receipts, (r) => r.appraisal?.valueFen ?? 0n),
        disposals: {
          ...volOf(disposed, (l) => l.disposal!.price),
          surplusFen: sumOf(disposed, (l) => l.disposal!.surplus).toString(),
          heldFen: sumOf(s.loans.values(), (l) => l.heldSurplus).toString(),
        },
      },
    },
  };
}

export async function buildReport(
  scenario: Scenario,
  seed: number,
  ledger: Ledger,
  extra: { reverted: number; timings?: RunTimings; startedAt?: string; overrides?: readonly ScenarioOverride[] },
): Promise<Report> {
  const endTime = Date.parse(`${scenario.horizon.start}T00:00:00+08:00`) / 1000 + scenario.horizon.days * 86_400;
  const { participants, volumes, averageRateHundredths } = computeVolumes(ledger, {
    endTime,
    baselineSettlementDays: scenario.payments?.baselineSettlementDays,
  });
  const accepted = volumes.receivables.issued;
  const disbursedFen = BigInt(volumes.loans.disbursed.amountFen);
  const defaultedFen = BigInt(volumes.loans.defaulted.amountFen);
  const nplBpsHundredths = disbursedFen > 0n ? (defaultedFen * 1_000_000n) / disbursedFen : 0n;
  const valuedFen = BigInt(volumes.pledges.rightsValued.amountFen);
  // ── calibration ──
  const benchmark = scenario.lending?.workingCapitalBenchmark ?? 0;
  const spreadHundredths = BigInt(benchmark) * 100n - averageRateHundredths;
  const simulatedOf: Record<string, { unit: "fen" | "bps"; value: bigint }> = {
    "vouchers.issued": { unit: "fen", value: BigInt(accepted.amountFen) },
    "lending.total": { unit: "fen", value: disbursedFen },
    "lending.nonPerformingRatio": { unit: "bps", value: nplBpsHundredths },
    "vouchers.financingDiscountToBenchmark": { unit: "bps", value: spreadHundredths },
    "rural.rightsValued": { unit: "fen", value: valuedFen },
  };
  const calibration: CalibrationRow[] = scenario.calibration.map((c) => {
    const sim = simulatedOf[c.metric];
    const target = sim.unit === "fen" ? yuanToFen(c.target) : BigInt(parsePercentToBps(c.target)) * 100n;
    const deviation = target === 0n ? 0 : Number(sim.value - target) / Number(target);
    return {
      metric: c.metric,
      label: c.label ?? c.metric,
      unit: sim.unit,
      target: sim.unit === "fen" ? target.toString() : hundredths(target),
      simulated: sim.unit === "fen" ? sim.value.toString() : hundredths(sim.value),
      deviation: Math.round(deviation * 10_000) / 10_000,
      tolerance: c.tolerance,
      within: Math.abs(deviation) <= c.tolerance,
      role: scenario.economy.fitted.some((f) => f.metric === c.metric) ? "fitted" : "predicted",
    };
  });

  return {
    scenario: scenario.name,
    title: scenario.title,
    seed,
    ...(extra.overrides?.length ? { overrides: extra.overrides.map((o) => ({ path: o.path, value: o.value })) } : {}),
    flowScale: scenario.flowScale,
    horizon: {
      start: scenario.horizon.start,
      end: new Date((endTime - 86_400 + 8 * 3_600) * 1000).toISOString().slice(0, 10),
      days: scenario.horizon.days,
    },
    participants,
    volumes,
    financingCost: {
      averageDiscountRateBps: hundredths(averageRateHundredths),
      benchmarkBps: benchmark,
      spreadBps: hundredths(spreadHundredths),
    },
    calibration,
    checks: await runChecks(ledger),
    chain: {
      blocks: ledger.totals.blocks,
      transactions: ledger.totals.transactions,
      gasUsed: ledger.totals.gasUsed.toString(),
      reverted: extra.reverted,
      contracts: { ...ledgerAddresses(ledger) },
    },
    ...(extra.timings ? { run: { ...extra.timings, startedAt: extra.startedAt ?? "", node: process.version } } : {}),
  };
}

function ledgerAddresses(ledger: Ledger): Record<string, string> {
  return ledger.deployment.addresses;
}

function mapVolumes(rows: Record<string, { count: number; amount: bigint }>): Record<string, Volume> {
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, vol(v.count, v.amount)]));
}

/** 12345n (hundredths) → "123.45". */
function hundredths(value: bigint): string {
  const sign = value < 0n ? "-" : "";
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
