import fc from "fast-check";
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";

/**
 * Scenarios with extreme values for the scenario fuzzer (scenario-fuzz.test.ts): the classroom
 * scenario, changed by one to four tweaks, each pushing a part of it to an edge: zero or one
 * participant of a role, a year-long 100% sales drop, faces of one fen or of 10¹² yuan, horizons of
 * one day or three years, every probability at 0 or 1, rates at 0% or their maximum, counts at
 * their bounds, and some values just past a bound (which must be refused with the file, the line
 * and the field). Written either as a whole file or as `extends: classroom` and the changed fields.
 */

// A scenario as YAML gives it: plain data, changed in place by the tweaks.
type Doc = Record<string, any>;

/** A generated scenario: its YAML text, the tweaks that made it, and how many days to run. */
export interface GeneratedScenario {
  yaml: string;
  tweaks: string[];
  /** Simulated days to run (`scf run --days`): a few, whatever the horizon. */
  days: number;
}

interface Tweak {
  label: string;
  apply: (doc: Doc) => void;
}

const CLASSROOM: Doc = parse(readFileSync("scenarios/classroom.yaml", "utf8"));

const ONE_FEN = "0.01";
const TERA_YUAN = "1,000,000,000,000";
const KINDS = [...new Set((CLASSROOM.participants as Doc[]).map((g) => g.agent as string))];
const ROLES_WITH_FLOWS = ["coop", "merchant", "recycler", "collector", "mill", "distributor", "steel-group"];

const tweak = (label: string, apply: (doc: Doc) => void): Tweak => ({ label, apply });
const each = <T>(values: readonly T[], make: (value: T) => Tweak) => fc.constantFrom(...values).map(make);

/** Every size distribution of the scenario (voucher faces, loan sizes, order amounts, weekly sales). */
function distributions(doc: Doc): Doc[] {
  return [
    doc.vouchers?.face,
    ...((doc.lending?.demand as Doc[] | undefined) ?? []).map((d) => d.size),
    doc.payments?.steelOrders?.amount,
    doc.payments?.market?.amount,
    doc.rural?.weeklySales,
  ].filter((d): d is Doc => d !== undefined);
}

/** Removes group `id` and every reference to it; a flow left with nobody to run it goes too. */
function removeGroup(doc: Doc, id: string): void {
  doc.participants = (doc.participants as Doc[]).filter((g) => g.id !== id);
  for (const g of doc.participants as Doc[]) if (g.bank === id) delete g.bank;
  const v = doc.vouchers;
  if (v) {
    delete v.issuers[id];
    delete v.pricing.financiers[id];
    if (Object.keys(v.issuers).length === 0 || Object.keys(v.pricing.financiers).length === 0) delete doc.vouchers;
  }
  const l = doc.lending;
  if (l) {
    l.products = (l.products as Doc[]).filter((p) => p.lender !== id);
    const products = new Set((l.products as Doc[]).map((p) => p.id));
    l.demand = (l.demand as Doc[])
      .map((d): Doc => ({ ...d, borrowers: (d.borrowers as string[]).filter((b) => b !== id) }))
      .filter((d) => products.has(d.product) && d.borrowers.length > 0);
    for (const d of l.demand as Doc[]) {
      if (d.guarantors) d.guarantors = (d.guarantors as string[]).filter((g) => g !== id);
      if (d.guarantors?.length === 0) d.guaranteed = 0;
    }
    if (l.products.length === 0 || l.demand.length === 0) delete doc.lending;
  }
  if (doc.rural) {
    doc.rural.holders = (doc.rural.holders as string[]).filter((h) => h !== id);
    if (doc.rural.holders.length === 0) delete doc.rural;
  }
  for (const flow of ["steelOrders", "market"]) {
    const f = doc.payments?.[flow];
    if (!f) continue;
    f.buyers = (f.buyers as string[]).filter((b) => b !== id);
    f.sellers = (f.sellers as string[]).filter((b) => b !== id);
    if (f.buyers.length === 0 || f.sellers.length === 0) delete doc.payments[flow];
  }
  doc.shocks = ((doc.shocks as Doc[] | undefined) ?? [])
    .map((s): Doc => ({ ...s, groups: (s.groups as string[]).filter((g) => g !== id) }))
    .filter((s) => s.groups.length > 0);
}

/** `iso` plus `days` days (an invalid date, such as a tweak's 2025-13-01, stays as it is). */
function addDays(iso: string, days: number): string {
  const time = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(time) ? iso : new Date(time + days * 86_400_000).toISOString().slice(0, 10);
}

// ── the tweaks ──

const participantTweaks = fc.oneof(
  // zero participants of a role: the group and every reference to it removed (or left dangling)
  fc.tuple(fc.constantFrom(...KINDS), fc.boolean()).map(([kind, prune]) =>
    tweak(`no ${kind}${prune ? "" : " (references left)"}`, (doc) => {
      for (const g of (doc.participants as Doc[]).filter((g) => g.agent === kind)) {
        if (prune) removeGroup(doc, g.id);
        else doc.participants = (doc.participants as Doc[]).filter((p) => p.id !== g.id);
      }
    }),
  ),
  // one participant of a group, two, a handful, none, or past the maximum (of a scenario, of a group)
  fc.tuple(fc.nat(), fc.constantFrom(0, 1, 1, 2, 7, 10_001, 100_001)).map(([i, count]) =>
    tweak(`count ${count}`, (doc) => {
      const groups = doc.participants as Doc[];
      groups[i % groups.length].count = count;
    }),
  ),
  // every group of one member
  fc.constant(
    tweak("every group of one", (doc) => {
      for (const g of doc.participants as Doc[]) g.count = 1;
    }),
  ),
  // the flows' roles left with one group each
  each(ROLES_WITH_FLOWS, (id) => tweak(`only ${id} left of its flows`, (doc) => removeGroup(doc, id))),
  // supplier tiers: 9 (no behaviour for it), 10 (past the bound)
  each([9, 10], (tier) =>
    tweak(`supplier tier ${tier}`, (doc) => {
      (doc.participants as Doc[]).find((g) => g.id === "collector")!.tier = tier;
    }),
  ),
  // no wallet, or a corporate wallet with caps of one fen or 10¹² yuan
  each(["none", ONE_FEN, TERA_YUAN], (cap) =>
    tweak(`merchant wallets ${cap === "none" ? "none" : `capped at ${cap}`}`, (doc) => {
      const merchant = (doc.participants as Doc[]).find((g) => g.id === "merchant")!;
      merchant.wallet = cap === "none" ? "none" : { corporate: { perPayment: cap, daily: cap, balance: cap } };
    }),
  ),
  // balances, quotas and credit lines at 0 and 10¹² yuan
  fc
    .tuple(fc.constantFrom("startingBalance", "quota", "creditLine"), fc.constantFrom("0", ONE_FEN, TERA_YUAN))
    .map(([field, value]) =>
      tweak(`every ${field} ${value}`, (doc) => {
        for (const g of doc.participants as Doc[]) if (g[field] !== undefined) g[field] = value;
      }),
    ),
);

const shockTweaks = fc.oneof(
  // a 100% sales drop for every borrower, for the whole year
  fc.constant(
    tweak("100% sales drop for a year", (doc) => {
      const start = doc.horizon.start as string;
      doc.shocks = [
        {
          name: "a year without sales",
          kind: "sales-drop",
          from: start,
          to: addDays(start, 365),
          groups: ["coop", "merchant", "recycler", "collector"],
          share: 1,
          drop: 1,
        },
      ];
    }),
  ),
  each([0, 1], (x) =>
    tweak(`shock share and drop ${x}`, (doc) => {
      for (const s of doc.shocks as Doc[]) Object.assign(s, { share: x, drop: x });
    }),
  ),
  fc.constant(
    tweak("shock ends before it starts", (doc) => {
      for (const s of doc.shocks as Doc[]) [s.from, s.to] = [s.to, s.from];
    }),
  ),
  fc.constant(tweak("no shocks", (doc) => void (doc.shocks = []))),
);

const moneyTweaks = fc.oneof(
  // voucher faces of one fen, or of 10¹² yuan (with a volume that keeps the count sensible, or not)
  fc
    .tuple(fc.constantFrom(ONE_FEN, TERA_YUAN), fc.constantFrom("keep", "0", ONE_FEN, "1,000", TERA_YUAN))
    .map(([face, annual]) =>
      tweak(`voucher faces ${face}, annual ${annual}`, (doc) => {
        if (!doc.vouchers) return;
        doc.vouchers.face = { median: face, sigma: 0.5, min: face, max: face, roundTo: ONE_FEN };
        if (annual !== "keep") doc.vouchers.annual = annual;
      }),
    ),
  // every size distribution from one fen to 10¹² yuan
  fc.tuple(fc.constantFrom(ONE_FEN, "1,000", TERA_YUAN), fc.constantFrom(0, 3)).map(([median, sigma]) =>
    tweak(`every size from 0.01 to 10^12, median ${median}, sigma ${sigma}`, (doc) => {
      for (const d of distributions(doc))
        Object.assign(d, { median, sigma, min: ONE_FEN, max: TERA_YUAN, roundTo: ONE_FEN });
    }),
  ),
  // every annual volume at 0, one fen or 10¹² yuan
  each(["0", ONE_FEN, TERA_YUAN], (annual) =>
    tweak(`every annual ${annual}`, (doc) => {
      if (doc.vouchers) doc.vouchers.annual = annual;
      for (const d of (doc.lending?.demand as Doc[] | undefined) ?? []) d.annual = annual;
      if (doc.rural) doc.rural.valued = annual;
    }),
  ),
  // loan products from one fen to 10¹² yuan, or empty
  each(
    [
      [ONE_FEN, TERA_YUAN],
      [TERA_YUAN, TERA_YUAN],
      ["0", "0"],
    ],
    ([min, max]) =>
      tweak(`products from ${min} to ${max}`, (doc) => {
        for (const p of (doc.lending?.products as Doc[] | undefined) ?? []) Object.assign(p, { min, max });
      }),
  ),
  // rights worth one fen or 10¹² yuan a mu
  each([ONE_FEN, TERA_YUAN], (value) =>
    tweak(`rights worth ${value} a mu`, (doc) => {
      if (doc.rural) doc.rural.valuePerMu = { LandManagement: value, Forest: value, Aquaculture: value };
    }),
  ),
  // a rounding unit of zero, a negative amount, a fraction of a fen (refused)
  each(["0", "-5", "0.001"], (value) =>
    tweak(`voucher roundTo ${value}`, (doc) => {
      if (doc.vouchers) doc.vouchers.face.roundTo = value;
    }),
  ),
);

const horizonTweaks = fc.oneof(
  each([1, 1, 1_095, 1_095, 1_100, 0, 1_101], (days) =>
    tweak(`horizon ${days} days`, (doc) => void (doc.horizon.days = days)),
  ),
  each(["2024-02-29", "2025-12-31", "2025-03-08", "1970-01-01", "2099-12-31", "2025-02-30", "2025-13-01"], (start) =>
    tweak(`start ${start}`, (doc) => {
      doc.horizon.start = start;
      for (const s of (doc.shocks as Doc[] | undefined) ?? []) [s.from, s.to] = [start, addDays(start, 21)];
    }),
  ),
  each([["sun"], ["sat", "sun"], ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]], (days) =>
    tweak(`business days ${days.join(",")}`, (doc) => void (doc.calendar = { businessDays: days, holidays: [] })),
  ),
  fc.constant(
    tweak("every day of the first month a holiday", (doc) => {
      const start = doc.horizon.start as string;
      doc.calendar = {
        businessDays: ["mon", "tue", "wed", "thu", "fri"],
        holidays: Array.from({ length: 31 }, (_, i) => addDays(start, i)),
      };
    }),
  ),
);

/** Every probability of the scenario set to `p`. */
function setProbabilities(doc: Doc, p: number): void {
  if (doc.vouchers) {
    doc.vouchers.payerDefault = p;
    for (const b of Object.values(doc.vouchers.byTier as Record<string, Doc>))
      Object.assign(b, { split: p, finance: p, recourse: p });
  }
  if (doc.lending) {
    doc.lending.nonPerforming = p;
    for (const d of doc.lending.demand as Doc[]) {
      d.prepay = p;
      if (d.guarantors?.length) d.guaranteed = p;
    }
  }
  if (doc.payments) {
    doc.payments.eCnyAdoption = p;
    for (const flow of ["steelOrders", "market"]) if (doc.payments[flow]) doc.payments[flow].undelivered = p;
  }
}

const probabilityTweaks = fc.oneof(
  each([0, 1], (p) => tweak(`every probability ${p}`, (doc) => setProbabilities(doc, p))),
  fc
    .tuple(
      fc.constantFrom("payerDefault", "nonPerforming", "eCnyAdoption", "split", "finance", "recourse"),
      fc.constantFrom(0, 1, 1.5, -0.1),
    )
    .map(([field, p]) =>
      tweak(`${field} ${p}`, (doc) => {
        if (field === "payerDefault" && doc.vouchers) doc.vouchers.payerDefault = p;
        if (field === "nonPerforming" && doc.lending) doc.lending.nonPerforming = p;
        if (field === "eCnyAdoption" && doc.payments) doc.payments.eCnyAdoption = p;
        if (["split", "finance", "recourse"].includes(field) && doc.vouchers) doc.vouchers.byTier["1"][field] = p;
      }),
    ),
  each(
    [
      [0, 0],
      [1, 1],
      [0, 1],
    ],
    ([a, b]) =>
      tweak(`split and finance fractions [${a}, ${b}]`, (doc) => {
        for (const t of Object.values((doc.vouchers?.byTier ?? {}) as Record<string, Doc>)) {
          t.splitFraction = [a, b];
          t.financeFraction = [a, b];
        }
      }),
  ),
);

const rateTweaks = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("discountRate", "spread", "benchmark", "product rate", "guaranteeFee", "freight", "ltv"),
      fc.constantFrom("0%", "0.01%", "10.00%", "100%", "150%", "9999.99%", "-1%", "3.655%"),
    )
    .map(([field, rate]) =>
      tweak(`${field} ${rate}`, (doc) => {
        if (field === "discountRate" && doc.vouchers) doc.vouchers.pricing.discountRate = rate;
        if (field === "spread" && doc.vouchers) doc.vouchers.pricing.spread = rate;
        if (field === "benchmark" && doc.lending) doc.lending.workingCapitalBenchmark = rate;
        for (const p of (doc.lending?.products as Doc[] | undefined) ?? []) {
          if (field === "product rate") p.rate = rate;
          if (field === "guaranteeFee") p.guaranteeFee = rate;
          if (field === "ltv" && p.collateral === "PropertyRight") p.ltv = rate;
        }
        if (field === "freight")
          for (const flow of ["steelOrders", "market"]) if (doc.payments?.[flow]) doc.payments[flow].freight = rate;
      }),
    ),
  each(
    [
      { national: "100%", provincial: "0%", lender: "0%", guarantor: "0%" },
      { national: "0%", provincial: "0%", lender: "100%", guarantor: "0%" },
      { national: "50%", provincial: "50%", lender: "50%", guarantor: "0%" },
    ],
    (shares) =>
      tweak(`risk shares ${Object.values(shares).join("/")}`, (doc) => {
        for (const p of (doc.lending?.products as Doc[] | undefined) ?? []) p.riskShares = shares;
      }),
  ),
  fc.constant(
    tweak("an unsecured product with an LTV", (doc) => {
      const p = (doc.lending?.products as Doc[] | undefined)?.find((p) => p.collateral !== "PropertyRight");
      if (p) p.ltv = "50%";
    }),
  ),
  fc.constant(
    tweak("an unsecured inventory pledge", (doc) => {
      const p = (doc.lending?.products as Doc[] | undefined)?.[0];
      if (p) Object.assign(p, { purpose: "InventoryPledge", collateral: "None", ltv: "0%" });
    }),
  ),
  fc.constant(
    tweak("an inventory pledge", (doc) => {
      const p = (doc.lending?.products as Doc[] | undefined)?.[0];
      if (p) Object.assign(p, { purpose: "InventoryPledge", collateral: "PropertyRight", ltv: "70%" });
    }),
  ),
);

const countTweaks = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("Bullet", "Instalments"),
      fc.constantFrom(1, 2, 120, 121),
      fc.constantFrom(1, 21, 3_650, 3_651),
    )
    .map(([shape, instalments, termDays]) =>
      tweak(`products ${shape} ×${instalments} over ${termDays} days`, (doc) => {
        for (const p of (doc.lending?.products as Doc[] | undefined) ?? [])
          Object.assign(p, { shape, instalments, termDays });
      }),
    ),
  each([0, 365, 366], (days) =>
    tweak(`grace days ${days}`, (doc) => {
      for (const p of (doc.lending?.products as Doc[] | undefined) ?? []) p.graceDays = days;
      if (doc.lending) doc.lending.flexibleGraceDays = days;
    }),
  ),
  each(
    [
      [1, 1],
      [365, 365],
      [0, 1],
    ],
    (range) => tweak(`voucher terms ${range.join("–")} days`, (doc) => doc.vouchers && (doc.vouchers.termDays = range)),
  ),
  each(
    [
      [1, 1],
      [10, 10],
      [11, 11],
    ],
    (range) =>
      tweak(`split receivers ${range.join("–")}`, (doc) => {
        for (const t of Object.values((doc.vouchers?.byTier ?? {}) as Record<string, Doc>)) t.receivers = range;
      }),
  ),
  each(
    [
      [0, 0],
      [120, 120],
    ],
    (range) =>
      tweak(`decision delays ${range.join("–")} days`, (doc) => {
        for (const t of Object.values((doc.vouchers?.byTier ?? {}) as Record<string, Doc>)) t.delayDays = range;
      }),
  ),
  each(
    [
      { maxTermDays: 1, minSplitUnit: ONE_FEN, overdueGraceDays: 0 },
      { maxTermDays: 365, minSplitUnit: TERA_YUAN, overdueGraceDays: 365 },
      { minSplitUnit: "0" },
    ],
    (rules) => tweak(`voucher rules ${JSON.stringify(rules)}`, (doc) => doc.vouchers && (doc.vouchers.rules = rules)),
  ),
  each([0, 1_000, 1_001], (n) =>
    tweak(`${n} orders per buyer a month`, (doc) => {
      for (const flow of ["steelOrders", "market"]) if (doc.payments?.[flow]) doc.payments[flow].perBuyerPerMonth = n;
    }),
  ),
  each(
    [
      [0, 0],
      [60, 60],
    ],
    (range) =>
      tweak(`deliveries in ${range.join("–")} days`, (doc) => {
        for (const flow of ["steelOrders", "market"]) if (doc.payments?.[flow]) doc.payments[flow].deliveryDays = range;
      }),
  ),
  each([0, 60], (days) =>
    tweak(`baseline settlement ${days} days`, (doc) => doc.payments && (doc.payments.baselineSettlementDays = days)),
  ),
  fc
    .tuple(
      fc.constantFrom([1, 1], [50, 50], [51, 51]),
      fc.constantFrom([0.01, 0.01], [1_000_000, 1_000_000]),
      fc.constantFrom([0, 0], [0, 1], [730, 730]),
      fc.constantFrom(1, 3_650),
    )
    .map(([perHolder, area, registration, valid]) =>
      tweak(`rights ${perHolder[0]} per holder, ${area[0]} mu, registered days ${registration.join("–")}`, (doc) => {
        if (!doc.rural) return;
        Object.assign(doc.rural, {
          rightsPerHolder: perHolder,
          areaMu: area,
          registrationDays: registration,
          appraisalValidDays: valid,
        });
      }),
    ),
  each(
    [
      { LandManagement: 0, Forest: 0, Aquaculture: 0 },
      { LandManagement: 0, Forest: 0, Aquaculture: 1 },
    ],
    (kinds) => tweak(`right kinds ${JSON.stringify(kinds)}`, (doc) => doc.rural && (doc.rural.kinds = kinds)),
  ),
  each([0, 2 ** 31, Number.MAX_SAFE_INTEGER, -1], (seed) => tweak(`seed ${seed}`, (doc) => void (doc.seed = seed))),
  each([0.001, 1_000, 0, 1_001], (scale) => tweak(`flow scale ${scale}`, (doc) => void (doc.flowScale = scale))),
  each([0, 1, 3], (sigma) =>
    tweak(`every sigma ${sigma}`, (doc) => {
      for (const d of distributions(doc)) d.sigma = sigma;
    }),
  ),
);

const anyTweak: fc.Arbitrary<Tweak> = fc.oneof(
  participantTweaks,
  shockTweaks,
  moneyTweaks,
  horizonTweaks,
  probabilityTweaks,
  rateTweaks,
  countTweaks,
);

/** A scenario of the classroom's structure with one to four extreme tweaks, and the days to run. */
export const scenarioArbitrary: fc.Arbitrary<GeneratedScenario> = fc
  .record({
    tweaks: fc.array(anyTweak, { minLength: 1, maxLength: 4 }),
    asExtends: fc.boolean(),
    days: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ tweaks, asExtends, days }) => {
    const doc: Doc = structuredClone(CLASSROOM);
    doc.name = "fuzzed";
    delete doc.calibration; // a few days of a scenario cannot meet the year's targets
    for (const t of tweaks) t.apply(doc);
    let out: Doc = doc;
    if (asExtends) {
      // only what differs from the classroom (a removed section is written as null)
      out = { extends: "classroom" };
      for (const key of new Set([...Object.keys(CLASSROOM), ...Object.keys(doc)])) {
        if (JSON.stringify(doc[key]) !== JSON.stringify(CLASSROOM[key])) out[key] = doc[key] ?? null;
      }
    }
    return { yaml: stringify(out, { lineWidth: 0 }), tweaks: tweaks.map((t) => t.label), days };
  });

/** `count` generated scenarios, the same for the same seed. */
export function sampleScenarios(count: number, seed: number): GeneratedScenario[] {
  return fc.sample(scenarioArbitrary, { numRuns: count, seed });
}
