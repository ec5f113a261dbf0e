import fc from "fast-check";
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";

/**
 * Scenarios with extreme values for the scenario fuzzer (scenario-fuzz.test.ts): the classroom
 * scenario, changed by one to four tweaks, each pushing a part of it to an edge: zero or one
 * participant of a role, a year-long 100% sales drop, faces of 0, one fen or 10¹² yuan, purchases
 * and sales of 0 or 10¹² yuan, an economy with no cash buffer, wild volatility or every purchase on
 * credit, firms with no margin or all of it in fixed costs, horizons of one day or three years,
 * every probability and share at 0 or 1, rates at 0% or their maximum, counts at their bounds, and
 * some values just past a bound or fields of the old schema (which must be refused with the file,
 * the line and the field). Written either as a whole file or as `extends: classroom` and the
 * changed fields, sometimes with a `set:` section of single-field changes.
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
type Choice = fc.Arbitrary<Tweak> | { weight: number; arbitrary: fc.Arbitrary<Tweak> };
/** A kind of tweak drawn a quarter as often as the others of its group (most of them are refused). */
const rarely = (arbitrary: fc.Arbitrary<Tweak>): Choice => ({ weight: 1, arbitrary });
/** One of the tweaks, those marked {@link rarely} drawn a quarter as often as the others. */
const oneOf = (...choices: Choice[]) =>
  fc.oneof(...choices.map((c) => ("arbitrary" in c ? c : { weight: 4, arbitrary: c })));
const each = <T>(values: readonly T[], make: (value: T) => Tweak) => fc.constantFrom(...values).map(make);

/** Every size distribution of the scenario (voucher faces, loan sizes, order amounts, firms' annual sales). */
function distributions(doc: Doc): Doc[] {
  return [
    doc.vouchers?.face,
    ...((doc.lending?.demand as Doc[] | undefined) ?? []).map((d) => d.size),
    doc.payments?.steelOrders?.amount,
    doc.payments?.market?.amount,
    ...businesses(doc).map((b) => b.sales),
  ].filter((d): d is Doc => d !== undefined);
}

/** The `business` of every group that has one (distributors, cooperatives, merchants). */
function businesses(doc: Doc): Doc[] {
  return (doc.participants as Doc[]).map((g) => g.business as Doc | undefined).filter((b): b is Doc => !!b);
}

/** The behaviour of every supplier tier (vouchers.byTier). */
function tiers(doc: Doc): Doc[] {
  return Object.values((doc.vouchers?.byTier ?? {}) as Record<string, Doc>);
}

/** The scenario's economy (a throwaway section when a tweak removed it: the file is refused anyway). */
function economy(doc: Doc): Doc {
  return (doc.economy as Doc | undefined) ?? {};
}

/** The order flows of the scenario (steel orders, the market). */
function orderFlows(doc: Doc): Doc[] {
  return ["steelOrders", "market"].map((f) => doc.payments?.[f] as Doc | undefined).filter((f): f is Doc => !!f);
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
      const collector = (doc.participants as Doc[]).find((g) => g.id === "collector");
      if (collector) collector.tier = tier;
    }),
  ),
  // no wallet, or a corporate wallet with caps of one fen or 10¹² yuan
  each(["none", ONE_FEN, TERA_YUAN], (cap) =>
    tweak(`merchant wallets ${cap === "none" ? "none" : `capped at ${cap}`}`, (doc) => {
      const merchant = (doc.participants as Doc[]).find((g) => g.id === "merchant");
      if (!merchant) return;
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
  // voucher faces of nothing, one fen, or 10¹² yuan (with purchases that keep the count sensible, or not)
  fc
    .tuple(fc.constantFrom("0", ONE_FEN, TERA_YUAN), fc.constantFrom("keep", "0", ONE_FEN, "1,000", TERA_YUAN))
    .map(([face, purchases]) =>
      tweak(`voucher faces ${face}, purchases ${purchases}`, (doc) => {
        if (!doc.vouchers) return;
        doc.vouchers.face = { median: face, sigma: 0.5, min: face, max: face, roundTo: ONE_FEN };
        if (purchases !== "keep") doc.vouchers.purchases = purchases;
      }),
    ),
  // every size distribution from one fen to 10¹² yuan
  fc.tuple(fc.constantFrom(ONE_FEN, "1,000", TERA_YUAN), fc.constantFrom(0, 3)).map(([median, sigma]) =>
    tweak(`every size from 0.01 to 10^12, median ${median}, sigma ${sigma}`, (doc) => {
      for (const d of distributions(doc))
        Object.assign(d, { median, sigma, min: ONE_FEN, max: TERA_YUAN, roundTo: ONE_FEN });
    }),
  ),
  // the chain's purchases and every firm's annual sales at 0, one fen or 10¹² yuan
  each(["0", ONE_FEN, TERA_YUAN], (volume) =>
    tweak(`purchases and every firm's sales ${volume}`, (doc) => {
      if (doc.vouchers) doc.vouchers.purchases = volume;
      for (const b of businesses(doc))
        b.sales = { median: volume, sigma: 0.5, min: volume, max: volume, roundTo: ONE_FEN };
    }),
  ),
  // the core's purchases alone at 0, one fen, 10¹² yuan, or refused (negative, a fraction of a fen)
  each(["0", ONE_FEN, "1,000", TERA_YUAN, "-1", "0.001"], (purchases) =>
    tweak(`purchases ${purchases}`, (doc) => doc.vouchers && (doc.vouchers.purchases = purchases)),
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
  // rights worth nothing, one fen or 10¹² yuan a mu
  each(["0", ONE_FEN, TERA_YUAN], (value) =>
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

/** Every probability and share of the scenario set to `p`. */
function setProbabilities(doc: Doc, p: number): void {
  Object.assign(economy(doc), { creditShare: p, registrationShare: p });
  if (doc.vouchers) {
    doc.vouchers.payerDefault = p;
    for (const t of tiers(doc)) Object.assign(t, { upstream: p, accepts: p, recourse: p });
    const pricing = doc.vouchers.pricing;
    pricing.lossGivenDefault = p;
    for (const rating of Object.keys(pricing.defaultProbability)) pricing.defaultProbability[rating] = p;
  }
  if (doc.lending) {
    for (const d of doc.lending.demand as Doc[]) {
      d.prepay = p;
      if (d.guarantors?.length) d.guaranteed = p;
    }
  }
  if (doc.payments) {
    doc.payments.eCnyAdoption = p;
    for (const f of orderFlows(doc)) Object.assign(f, { undelivered: p, adoption: p });
  }
}

const PROBABILITIES = [
  "creditShare",
  "registrationShare",
  "payerDefault",
  "eCnyAdoption",
  "adoption",
  "accepts",
  "upstream",
  "recourse",
  "lossGivenDefault",
  "defaultProbability",
] as const;

const probabilityTweaks = fc.oneof(
  each([0, 1], (p) => tweak(`every probability ${p}`, (doc) => setProbabilities(doc, p))),
  fc.tuple(fc.constantFrom(...PROBABILITIES), fc.constantFrom(0, 1, 1.5, -0.1)).map(([field, p]) =>
    tweak(`${field} ${p}`, (doc) => {
      if (field === "creditShare" || field === "registrationShare") economy(doc)[field] = p;
      if (field === "payerDefault" && doc.vouchers) doc.vouchers.payerDefault = p;
      if (field === "eCnyAdoption" && doc.payments) doc.payments.eCnyAdoption = p;
      if (field === "adoption") for (const f of orderFlows(doc)) f.adoption = p;
      const tier1 = doc.vouchers?.byTier["1"] as Doc | undefined;
      if (["accepts", "upstream", "recourse"].includes(field) && tier1) tier1[field] = p;
      if (field === "lossGivenDefault" && doc.vouchers) doc.vouchers.pricing.lossGivenDefault = p;
      if (field === "defaultProbability" && doc.vouchers) doc.vouchers.pricing.defaultProbability = { AAA: p, B: p };
    }),
  ),
  // suppliers that keep all they are paid, or pay all of it upstream; that take every voucher, or none
  each(
    [
      [0, 0],
      [1, 1],
      [0, 1],
      [1, 0],
    ],
    ([upstream, accepts]) =>
      tweak(`every tier upstream ${upstream}, accepts ${accepts}`, (doc) => {
        for (const t of tiers(doc)) Object.assign(t, { upstream, accepts });
      }),
  ),
);

/** Margins and fixed costs (shares of normal revenue) of a firm. */
const MARGINS: readonly { margin: number; fixedCosts: number }[] = [
  { margin: 0, fixedCosts: 0 }, // sells at cost
  { margin: 1, fixedCosts: 0 }, // costs nothing
  { margin: 0, fixedCosts: 1 }, // loses its revenue every year
  { margin: 1, fixedCosts: 1 },
  { margin: 1.5, fixedCosts: -0.1 }, // refused
];

/** Twelve monthly weights (refused when they are not twelve or all 0). */
const SEASONS: readonly { label: string; weights: number[] }[] = [
  { label: "flat", weights: Array(12).fill(1) },
  { label: "one month of 10, the rest 0", weights: [0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
  { label: "every month 10", weights: Array(12).fill(10) },
  { label: "a tiny weight in one month", weights: [0, 0, 0.0001, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
  { label: "all 0", weights: Array(12).fill(0) },
  { label: "11 months", weights: Array(11).fill(1) },
];

const economyTweaks = oneOf(
  // the structural parameters at their bounds, and just past them
  fc
    .tuple(
      fc.constantFrom("cashBufferDays", "volatility", "investmentRate", "payableDays"),
      fc.constantFrom("low", "high", "past"),
    )
    .map(([field, edge]) => {
      const values = {
        cashBufferDays: { low: 0, high: 365, past: 366 },
        volatility: { low: 0, high: 2, past: 2.01 },
        investmentRate: { low: 0, high: 12, past: -1 },
        payableDays: { low: 0, high: 365, past: 1.5 },
      }[field];
      return tweak(`${field} ${values[edge]}`, (doc) => void (economy(doc)[field] = values[edge]));
    }),
  // a firm's worst economy: no cash buffer, wild sales, every purchase on credit (or none)
  fc
    .tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 2))
    .map(([creditShare, volatility]) =>
      tweak(`no cash buffer, volatility ${volatility}, creditShare ${creditShare}`, (doc) =>
        Object.assign(economy(doc), { cashBufferDays: 0, creditShare, volatility, payableDays: 0 }),
      ),
    ),
  // a year's buffer of cash, every parcel registered, a dozen upgrades a firm-year
  fc.constant(
    tweak("a year's cash buffer, every parcel registered, 12 upgrades a year", (doc) =>
      Object.assign(economy(doc), { cashBufferDays: 365, registrationShare: 1, investmentRate: 12 }),
    ),
  ),
  each(SEASONS, ({ label, weights }) =>
    tweak(`seasonality ${label}`, (doc) => void (economy(doc).seasonality = weights)),
  ),
  // what `scf calibrate` fits: every parameter, none, or one it cannot fit (refused)
  each(
    [
      [
        { parameter: "creditShare", metric: "vouchers.issued" },
        { parameter: "cashBufferDays", metric: "lending.total" },
        { parameter: "volatility", metric: "lending.nonPerformingRatio" },
        { parameter: "registrationShare", metric: "rural.rightsValued" },
      ],
      [],
      [{ parameter: "payableDays", metric: "vouchers.annual" }],
    ],
    (fitted) =>
      tweak(
        `fitted ${fitted.map((f) => f.parameter).join(",") || "nothing"}`,
        (doc) => void (economy(doc).fitted = fitted),
      ),
  ),
  // no economy at all, or one with a field it does not have (both refused)
  rarely(
    each(["no economy", "economy with an unknown field"], (label) =>
      tweak(label, (doc) => {
        if (label === "no economy") delete doc.economy;
        else economy(doc).growth = 0.05;
      }),
    ),
  ),
  // the fit `scf calibrate` wrote, which the run ignores (or a fit that is not a section: refused)
  rarely(
    each([{ creditShare: { value: 0.7, residual: -0.01 }, predictions: [1, 2, 3] }, 42], (fit) =>
      tweak(`fit ${typeof fit === "object" ? "section" : fit}`, (doc) => void (doc.fit = fit)),
    ),
  ),
);

const businessTweaks = oneOf(
  // every firm's margin and fixed costs
  each(MARGINS, (m) =>
    tweak(`every business margin ${m.margin}, fixed costs ${m.fixedCosts}`, (doc) => {
      for (const b of businesses(doc)) Object.assign(b, m);
    }),
  ),
  // every supplier tier's margin and fixed costs
  each(MARGINS, (m) =>
    tweak(`every tier margin ${m.margin}, fixed costs ${m.fixedCosts}`, (doc) => {
      for (const t of tiers(doc)) Object.assign(t, m);
    }),
  ),
  // every firm's own season
  each(SEASONS, ({ label, weights }) =>
    tweak(`every business season ${label}`, (doc) => {
      for (const b of businesses(doc)) b.season = weights;
    }),
  ),
  // firms with no sales of their own (no sales distribution), or no business at all
  fc.constant(
    tweak("businesses without sales", (doc) => {
      for (const b of businesses(doc)) delete b.sales;
    }),
  ),
  fc.constant(
    tweak("no group has a business", (doc) => {
      for (const g of doc.participants as Doc[]) delete g.business;
    }),
  ),
  // a business for every group, banks and the platform included
  fc.constant(
    tweak("every group has a business", (doc) => {
      for (const g of doc.participants as Doc[])
        g.business ??= {
          sales: { median: "1,000,000", sigma: 0.5, min: ONE_FEN, max: TERA_YUAN, roundTo: ONE_FEN },
          margin: 0.2,
          fixedCosts: 0.15,
        };
    }),
  ),
  // the core's rating: the best, the worst, none (priced as AA), or one that does not exist (refused)
  each(["AAA", "B", "none", "CCC"], (rating) =>
    tweak(`steel group rated ${rating}`, (doc) => {
      const core = (doc.participants as Doc[]).find((g) => g.id === "steel-group");
      if (!core) return;
      if (rating === "none") delete core.rating;
      else core.rating = rating;
    }),
  ),
  // why firms borrow: every demand line for one need, with no upgrades or a dozen a firm-year
  fc
    .tuple(fc.constantFrom("cash", "investment", "orders", "annual"), fc.constantFrom(0, 1, 12))
    .map(([need, investmentRate]) =>
      tweak(`every loan for ${need}, investment rate ${investmentRate}`, (doc) => {
        for (const d of (doc.lending?.demand as Doc[] | undefined) ?? []) d.need = need;
        economy(doc).investmentRate = investmentRate;
      }),
    ),
  // a supplier tier without behaviour (refused)
  rarely(fc.constant(tweak("no behaviour for tier 1", (doc) => doc.vouchers && delete doc.vouchers.byTier["1"]))),
  // a scenario written for the old paced schema (every one of these fields is refused)
  rarely(
    each(
      ["vouchers.annual", "vouchers.byTier.1.split", "pricing.discountRate", "lending.nonPerforming", "rural.valued"],
      (field) =>
        tweak(`old field ${field}`, (doc) => {
          if (field === "vouchers.annual" && doc.vouchers) doc.vouchers.annual = "900,000,000";
          if (field === "vouchers.byTier.1.split" && doc.vouchers?.byTier["1"]) doc.vouchers.byTier["1"].split = 0.5;
          if (field === "pricing.discountRate" && doc.vouchers) doc.vouchers.pricing.discountRate = "3.50%";
          if (field === "lending.nonPerforming" && doc.lending) doc.lending.nonPerforming = 0.02;
          if (field === "rural.valued" && doc.rural) doc.rural.valued = "100,000,000";
        }),
    ),
  ),
);

/**
 * A `set:` section: `path: value` lines applied after `extends`, as `--set` would. Paths and values
 * at the edges, and paths to nothing (refused).
 */
const SETS: readonly [string, unknown][] = [
  ["economy.creditShare", 1],
  ["economy.cashBufferDays", 0],
  ["economy.volatility", 2],
  ["economy.volatility", 2.5],
  ["vouchers.purchases", "0"],
  ["vouchers.purchases", TERA_YUAN],
  ["vouchers.byTier.1.accepts", 0],
  ["vouchers.pricing.fundingCost", "0%"],
  ["participants.merchant.count", 1],
  ["participants.steel-group.rating", "B"],
  ["lending.products.micro.rate", "100%"],
  ["lending.demand.0.need", "investment"],
  ["payments.market.adoption", 1],
  ["economy.nothing.deep", 1],
];

const setTweaks = oneOf(
  fc.subarray([...SETS], { minLength: 1, maxLength: 3 }).map((sets) =>
    tweak(`set ${sets.map(([path, value]) => `${path}=${String(value)}`).join(", ")}`, (doc) => {
      const before = typeof doc.set === "object" && !Array.isArray(doc.set) ? (doc.set as Doc) : {};
      doc.set = { ...before, ...Object.fromEntries(sets) };
    }),
  ),
  rarely(
    each([[], "economy.creditShare=1"], (set) =>
      tweak(`set ${JSON.stringify(set)} (not path: value lines)`, (doc) => void (doc.set = set)),
    ),
  ),
);

const rateTweaks = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        "fundingCost",
        "bankMargin",
        "termPremium",
        "benchmark",
        "product rate",
        "guaranteeFee",
        "freight",
        "ltv",
      ),
      fc.constantFrom("0%", "0.01%", "10.00%", "100%", "150%", "9999.99%", "-1%", "3.655%"),
    )
    .map(([field, rate]) =>
      tweak(`${field} ${rate}`, (doc) => {
        if (["fundingCost", "bankMargin", "termPremium"].includes(field) && doc.vouchers)
          doc.vouchers.pricing[field] = rate;
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
  economyTweaks,
  businessTweaks,
  setTweaks,
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
