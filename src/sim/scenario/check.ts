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
    const p = sizes(["vouchers", "face"], v.face);
    if (p) return p;
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
      sizes(["rural", "weeklySales"], s.rural.weeklySales),
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
  return undefined;
}

function hasGuaranteedDemand(s: Scenario): boolean {
  return (s.lending?.demand ?? []).some((d) => d.guaranteed > 0);
}
