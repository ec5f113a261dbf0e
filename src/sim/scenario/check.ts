import { formatYuan } from "../../domain/money.js";
import { castFromScenario, memberIds } from "../cast.js";
import type { AgentKind, Scenario, SizeDistribution } from "./schema.js";

/** A cross-field problem: the path of the offending field and what is wrong with it. */
export interface ScenarioProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Checks what a schema cannot: unique ids, references to participant groups of the right kind,
 * bounds that must be ordered. Returns the first problem, or undefined.
 */
export function checkScenario(s: Scenario): ScenarioProblem | undefined {
  const groups = new Map<string, AgentKind>();
  for (const [i, g] of s.participants.entries()) {
    if (groups.has(g.id)) return { path: ["participants", i, "id"], message: `group id "${g.id}" appears twice` };
    groups.set(g.id, g.agent);
  }
  const kindCount = (kind: AgentKind) =>
    s.participants.filter((g) => g.agent === kind).reduce((n, g) => n + g.count, 0);
  for (const kind of ["platform", "central-bank"] as const) {
    if (kindCount(kind) !== 1) return { path: ["participants"], message: `needs exactly one ${kind} participant` };
  }
  if (kindCount("bank") < 1) return { path: ["participants"], message: "needs at least one bank" };
  const total = s.participants.reduce((n, g) => n + g.count, 0);
  if (total > MAX_PARTICIPANTS) {
    return {
      path: ["participants"],
      message: `${total.toLocaleString("en-US")} participants in all, more than ${MAX_PARTICIPANTS.toLocaleString("en-US")} (the deployment admits them all in one block: 100,000 exceed the chain's 8 MB block limit)`,
    };
  }

  const ref = (path: (string | number)[], id: string, kinds: AgentKind[]): ScenarioProblem | undefined => {
    const kind = groups.get(id);
    if (!kind) return { path, message: `no participant group "${id}"` };
    if (!kinds.includes(kind)) return { path, message: `group "${id}" is a ${kind}, expected ${kinds.join(" or ")}` };
    return undefined;
  };
  const sizes = (path: (string | number)[], d: SizeDistribution): ScenarioProblem | undefined =>
    d.min <= d.median && d.median <= d.max && d.roundTo > 0n
      ? undefined
      : { path, message: "needs min ≤ median ≤ max and a positive roundTo" };

  for (const [i, g] of s.participants.entries()) {
    if (g.bank) {
      const p = ref(["participants", i, "bank"], g.bank, ["bank"]);
      if (p) return p;
    }
    if (g.agent === "supplier" && g.tier === undefined) {
      return { path: ["participants", i, "tier"], message: "a supplier group needs its tier (1, 2, 3 …)" };
    }
  }

  const firstOf = (...checks: (ScenarioProblem | undefined)[]) => checks.find((c) => c !== undefined);

  const wallets = checkWallets(s);
  if (wallets) return wallets;

  if (s.vouchers) {
    const v = s.vouchers;
    for (const id of Object.keys(v.issuers)) {
      const p = ref(["vouchers", "issuers", id], id, ["core", "supplier", "distributor"]);
      if (p) return p;
    }
    for (const id of Object.keys(v.pricing.financiers)) {
      const p = ref(["vouchers", "pricing", "financiers", id], id, ["bank", "micro-lender"]);
      if (p) return p;
    }
    const p =
      sizes(["vouchers", "face"], v.face) ??
      (v.face.min === 0n
        ? { path: ["vouchers", "face", "min"], message: "an order is worth at least one fen" }
        : undefined);
    if (p) return p;
    const { fundingCost, bankMargin, termPremium, lossGivenDefault, defaultProbability } = v.pricing;
    const worstPd = Math.max(0, ...Object.values(defaultProbability).map((x) => x ?? 0));
    const worst = fundingCost + bankMargin + worstPd * lossGivenDefault * 10_000 + (termPremium * v.termDays[1]) / 365;
    if (worst >= 10_000) {
      return {
        path: ["vouchers", "pricing"],
        message: `prices a voucher at up to ${(worst / 100).toFixed(2)}% a year: the financing contract takes less than 100%`,
      };
    }
    const minSplit = v.rules.minSplitUnit;
    if (minSplit !== undefined && (minSplit === 0n || minSplit > UINT56_MAX)) {
      return {
        path: ["vouchers", "rules", "minSplitUnit"],
        message: "needs at least one fen and at most 2^56 − 1 fen (the voucher ledger refuses the rules otherwise)",
      };
    }
    const maxTerm = v.rules.maxTermDays ?? LEDGER_MAX_TERM_DAYS;
    if (v.termDays[1] > maxTerm) {
      return {
        path: ["vouchers", "termDays"],
        message: `terms up to ${v.termDays[1]} days exceed the voucher ledger's maximum term of ${maxTerm} days (vouchers.rules.maxTermDays): every voucher would be refused`,
      };
    }
    const tiers = new Set(s.participants.filter((g) => g.agent === "supplier").map((g) => String(g.tier)));
    for (const tier of tiers) {
      if (!v.byTier[tier]) return { path: ["vouchers", "byTier"], message: `no behaviour for supplier tier ${tier}` };
    }
  }

  if (s.lending) {
    const products = new Set<string>();
    for (const [i, product] of s.lending.products.entries()) {
      if (products.has(product.id))
        return { path: ["lending", "products", i, "id"], message: `product "${product.id}" appears twice` };
      products.add(product.id);
      const shares = product.riskShares;
      const problem = firstOf(
        ref(["lending", "products", i, "lender"], product.lender, ["bank", "micro-lender"]),
        shares.national + shares.provincial + shares.lender + shares.guarantor === 10_000
          ? undefined
          : { path: ["lending", "products", i, "riskShares"], message: "risk shares must sum to exactly 100%" },
        product.min <= product.max
          ? undefined
          : { path: ["lending", "products", i, "min"], message: "min exceeds max" },
        product.collateral === "PropertyRight" && product.ltv === 0
          ? { path: ["lending", "products", i, "ltv"], message: "a pledged product needs an LTV" }
          : undefined,
        product.collateral === "None" && product.ltv !== 0
          ? { path: ["lending", "products", i, "ltv"], message: "an unsecured product (collateral: None) takes no LTV" }
          : undefined,
        product.purpose === "InventoryPledge" && product.collateral !== "PropertyRight"
          ? {
              path: ["lending", "products", i, "collateral"],
              message: "an inventory pledge needs collateral: PropertyRight (the warehouse receipt)",
            }
          : undefined,
        product.purpose === "InventoryPledge" && (kindCount("logistics") < 1 || kindCount("appraiser") < 1)
          ? {
              path: ["lending", "products", i, "purpose"],
              message: "an inventory pledge needs a logistics participant (the warehouse) and an appraiser",
            }
          : undefined,
        product.shape === "Instalments" && (product.instalments < 2 || product.instalments > product.termDays)
          ? {
              path: ["lending", "products", i, "instalments"],
              message: `a loan in instalments needs from 2 to termDays (${product.termDays}) of them`,
            }
          : undefined,
        product.min < BigInt(product.shape === "Instalments" ? product.instalments : 1)
          ? { path: ["lending", "products", i, "min"], message: "needs at least one fen per instalment" }
          : undefined,
        product.max > UINT80_MAX
          ? { path: ["lending", "products", i, "max"], message: "at most 2^80 − 1 fen (the loan book refuses more)" }
          : undefined,
      );
      if (problem) return problem;
    }
    for (const [i, d] of s.lending.demand.entries()) {
      if (!products.has(d.product))
        return { path: ["lending", "demand", i, "product"], message: `no product "${d.product}"` };
      const problem = firstOf(
        ...d.borrowers.map((b, j) =>
          ref(["lending", "demand", i, "borrowers", j], b, [
            "supplier",
            "distributor",
            "core",
            "cooperative",
            "farmer",
            "merchant",
          ]),
        ),
        ...d.guarantors.map((g, j) => ref(["lending", "demand", i, "guarantors", j], g, ["guarantor"])),
        d.guaranteed > 0 && d.guarantors.length === 0
          ? { path: ["lending", "demand", i, "guarantors"], message: "guaranteed loans need guarantors" }
          : undefined,
        sizes(["lending", "demand", i, "size"], d.size),
      );
      if (problem) return problem;
    }
    if (hasGuaranteedDemand(s) && kindCount("reguarantor") !== 1) {
      return { path: ["participants"], message: "guaranteed lending needs exactly one reguarantor participant" };
    }
    if (hasGuaranteedDemand(s) && kindCount("national-fund") !== 1) {
      return { path: ["participants"], message: "guaranteed lending needs exactly one national-fund participant" };
    }
  }

  if (s.rural) {
    const problem = firstOf(
      ...s.rural.holders.map((h, j) => ref(["rural", "holders", j], h, ["cooperative", "farmer"])),
      kindCount("registry") < 1
        ? { path: ["participants"], message: "rural rights need a registry participant" }
        : undefined,
      kindCount("appraiser") < 1
        ? { path: ["participants"], message: "rural rights need an appraiser participant" }
        : undefined,
      Object.values(s.rural.kinds).some((w) => w > 0)
        ? undefined
        : { path: ["rural", "kinds"], message: "needs a positive weight for at least one kind of right" },
    );
    if (problem) return problem;
  }

  for (const flow of ["steelOrders", "market"] as const) {
    const f = s.payments?.[flow];
    if (!f) continue;
    const problem = firstOf(
      ...f.buyers.map((b, j) =>
        ref(["payments", flow, "buyers", j], b, ["distributor", "merchant", "core", "supplier"]),
      ),
      ...f.sellers.map((b, j) =>
        ref(["payments", flow, "sellers", j], b, ["distributor", "merchant", "core", "supplier"]),
      ),
      kindCount("logistics") < 1
        ? { path: ["participants"], message: "orders need a logistics participant" }
        : undefined,
      sizes(["payments", flow, "amount"], f.amount),
    );
    if (problem) return problem;
  }

  for (const [i, shock] of s.shocks.entries()) {
    for (const [j, g] of shock.groups.entries()) {
      if (!groups.has(g)) return { path: ["shocks", i, "groups", j], message: `no participant group "${g}"` };
    }
  }
  return checkVolumes(s);
}

function hasGuaranteedDemand(s: Scenario): boolean {
  return (s.lending?.demand ?? []).some((d) => d.guaranteed > 0);
}

/**
 * Most participants a scenario may have: the deployment admits every participant, opens every
 * wallet and issues every starting balance in one block each. 10,000 run (a day of the classroom
 * with 10,000 merchants: about a minute and 7 GB); 20,000 took more than the sender's minute to
 * mine under load, and 100,000 exceed the chain's 8 MB block limit.
 */
export const MAX_PARTICIPANTS = 10_000;

/** The voucher ledger's maximum term when the scenario sets no rules (VoucherLedger's constructor). */
const LEDGER_MAX_TERM_DAYS = 183;
const UINT56_MAX = 2n ** 56n - 1n;
const UINT80_MAX = 2n ** 80n - 1n;
/** Balance caps of the personal wallet categories, as the e-CNY contract (ECNY.sol) starts them. */
const BALANCE_CAP = { Anonymous: 10_000_00n, Verified: 500_000_00n } as const;
/** The largest cap the e-CNY contract accepts for a corporate wallet. */
const UINT48_MAX = 2n ** 48n - 1n;

/**
 * What deployment needs of the wallets: corporate caps the e-CNY contract accepts, starting balances
 * within each wallet's balance cap, and each bank's quota covering the starting balances of the
 * wallets it opens (it issues them).
 */
function checkWallets(s: Scenario): ScenarioProblem | undefined {
  for (const [i, g] of s.participants.entries()) {
    const w = g.wallet;
    if (w && typeof w === "object") {
      const { perPayment, daily, balance } = w.corporate;
      if (perPayment === 0n || perPayment > daily || daily > UINT48_MAX || balance === 0n || balance > UINT48_MAX) {
        return {
          path: ["participants", i, "wallet", "corporate"],
          message:
            "needs 0 < perPayment ≤ daily ≤ 2^48 − 1 fen and 0 < balance ≤ 2^48 − 1 fen (the e-CNY contract refuses other caps)",
        };
      }
    }
  }
  const specs = castFromScenario(s);
  const groupOfMember = new Map<string, number>();
  for (const [i, g] of s.participants.entries()) for (const id of memberIds(g)) groupOfMember.set(id, i);
  const groupIndex = (id: string) => groupOfMember.get(id) ?? 0;
  const issuedBy = new Map<string, bigint>();
  for (const p of specs) {
    if (!p.wallet || !p.initialFen) continue;
    const cap =
      p.wallet.category === "Corporate" ? (p.wallet.caps?.balance ?? UINT48_MAX) : BALANCE_CAP[p.wallet.category];
    if (p.initialFen > cap) {
      return {
        path: ["participants", groupIndex(p.id), "startingBalance"],
        message: `${p.id} starts with more than its wallet's balance cap of ${formatYuan(cap)}`,
      };
    }
    const bank = p.wallet.bank!;
    issuedBy.set(bank, (issuedBy.get(bank) ?? 0n) + p.initialFen);
  }
  for (const [bank, issued] of issuedBy) {
    const quota = specs.find((p) => p.id === bank)?.quotaFen ?? 0n;
    if (issued > quota) {
      return {
        path: ["participants", groupIndex(bank), "quota"],
        message: `${bank} issues the starting balances of the wallets it opens, ${formatYuan(issued)}, more than its quota of ${formatYuan(quota)}`,
      };
    }
  }
  return undefined;
}

/**
 * Most items a flow may make on one business day (vouchers, loans of one demand line, rights,
 * orders). Tangshan at 1,000× its flows stays below it; a face of one fen with the classroom's
 * annual volume (6 × 10¹⁰ vouchers a year) does not, and would never finish.
 */
export const MAX_ITEMS_PER_DAY = 50_000;

/**
 * Checks that every flow makes a number of items a run can hold: its volume per business day over
 * the typical size of an item. Run again after changing `flowScale` or the horizon.
 */
export function checkVolumes(s: Scenario): ScenarioProblem | undefined {
  // The busiest month of the steel season: flows are paced per day times its weight.
  const weights = s.economy.seasonality;
  const peak = Math.max(...weights) / (weights.reduce((a, b) => a + b, 0) / weights.length);
  const perBusinessDay = (annual: bigint) =>
    (Number(annual) * s.flowScale * peak) / ((365 * new Set(s.calendar.businessDays).size) / 7);
  const tooMany = (path: (string | number)[], what: string, perDay: number, detail: string) =>
    perDay > MAX_ITEMS_PER_DAY
      ? {
          path,
          message: `makes about ${Math.round(perDay).toLocaleString("en-US")} ${what} a business day, more than ${MAX_ITEMS_PER_DAY.toLocaleString("en-US")} (${detail})`,
        }
      : undefined;
  const typical = (d: SizeDistribution) => {
    const median = d.median < d.min ? d.min : d.median > d.max ? d.max : d.median;
    const rounded = (median / d.roundTo) * d.roundTo;
    return Number(rounded < d.min ? d.min : rounded > 0n ? rounded : 1n);
  };
  const problems: (ScenarioProblem | undefined)[] = [];
  if (s.vouchers) {
    problems.push(
      tooMany(
        ["vouchers", "face"],
        "orders",
        perBusinessDay(s.vouchers.purchases) / typical(s.vouchers.face),
        "raise the face or lower vouchers.purchases",
      ),
    );
  }
  if (s.rural) {
    const r = s.rural;
    const holders = s.participants.filter((g) => r.holders.includes(g.id)).reduce((n, g) => n + g.count, 0);
    const window = Math.min(r.registrationDays[1], s.horizon.days) - r.registrationDays[0];
    if (window > 0) {
      const businessDays = Math.max(1, Math.floor((window * new Set(s.calendar.businessDays).size) / 7));
      problems.push(
        tooMany(
          ["rural", "rightsPerHolder"],
          "rights",
          (holders * r.rightsPerHolder[1] * s.flowScale * s.economy.registrationShare) / businessDays,
          "lower rural.rightsPerHolder or economy.registrationShare",
        ),
      );
    }
  }
  for (const flow of ["steelOrders", "market"] as const) {
    const f = s.payments?.[flow];
    if (!f) continue;
    const buyers = s.participants.filter((g) => f.buyers.includes(g.id)).reduce((n, g) => n + g.count, 0);
    const perDay = (f.perBuyerPerMonth * s.flowScale * buyers) / ((30.4 * new Set(s.calendar.businessDays).size) / 7);
    problems.push(tooMany(["payments", flow, "perBuyerPerMonth"], "orders", perDay, "lower perBuyerPerMonth"));
  }
  return problems.find((p) => p !== undefined);
}
