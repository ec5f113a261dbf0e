import { keccak256, toUtf8Bytes } from "ethers";
import type { Participant } from "../../chain/cast.js";
import type { Intent } from "../engine.js";
import type { Rng } from "../rng.js";
import type { Economy } from "../economy/economy.js";
import type { Firm } from "../economy/firm.js";
import type { Rating, TierBehaviour, VoucherFlow } from "../scenario/schema.js";
import type { World } from "../world.js";
import { businessDaysIn, Pacer } from "./pacing.js";

/** A token an agent holds, as it knows it from its own receipts. */
interface Holding {
  owner: string;
  tokenId: bigint;
  slotId: bigint;
  /** Value still held (not split away, not financed). */
  value: bigint;
  tier: number;
  /** The holder has paid its own suppliers from it (split) already: what is left may be financed. */
  settled?: boolean;
}

interface SimVoucher {
  slotId: bigint;
  payer: string;
  rating: Rating;
  face: bigint;
  maturityDay: number;
  willDefault: boolean;
  tokens: number;
  holdings: Holding[];
  /** Financed tokens: token → financier and seller, with recourse or not. */
  financed: { tokenId: bigint; financier: string; seller: string; value: bigint; recourse: boolean }[];
}

const CLEAR_PAGE = 400;
const MIN_FINANCING = 100_000_00n;
const CLEAR_GAS = 16_000_000n;

/**
 * The receivable-voucher side of the steel chain, driven by the firms' business:
 * - core enterprises buy from tier-1 suppliers (their purchases: seasonal, hit by shocks); the
 *   economy's creditShare of the orders is bought on credit and paid with a voucher (确权), the rest
 *   in cash; they repay at maturity (unless the scenario makes the payer default);
 * - a supplier that delivered goods pays their costs: the part bought from its own suppliers is
 *   paid with a split of the voucher (穿透) as far as they accept vouchers, the rest in cash after the
 *   usual payable delay; its other costs now; if its cash is then below its buffer, it finances
 *   part of the voucher at a bank (保理), priced from the payer's rating and the term;
 * - banks approve financing requests and, for defaulted vouchers financed with recourse, claim
 *   against the seller (追索) when it can pay;
 * - the keeper (the platform operator) clears matured, repaid vouchers in pages (到期清分): every
 *   holder's cash rises by what it held; defaults are declared after the grace period.
 */
export function installVoucherAgents(world: World, flow: VoucherFlow, economy: Economy): VoucherDesk {
  const { scenario, calendar, contracts } = world;
  const { vouchers, financing } = contracts;
  const rng = world.rng.fork("vouchers");
  const operator = world.ofKind("platform")[0].address;
  const minSplit = flow.rules.minSplitUnit ?? 100_00n;
  const grace = flow.rules.overdueGraceDays ?? 30;
  const holdings = new Map<string, Map<bigint, Holding>>();
  const sims = new Map<bigint, SimVoucher>();
  const creditShare = scenario.economy.creditShare;
  let tradeCounter = 0;

  const suppliersByTier = new Map<number, Participant[]>();
  for (const g of scenario.participants.filter((g) => g.agent === "supplier")) {
    const list = suppliersByTier.get(g.tier!) ?? [];
    list.push(...world.members(g.id));
    suppliersByTier.set(g.tier!, list);
  }
  // Each supplier buys from a fixed handful of suppliers one tier up the chain (its network), and
  // every supplier of the tier above has at least one customer (a firm with no customer has no business).
  const network = new Map<string, Participant[]>();
  for (const [tier, members] of suppliersByTier) {
    const next = suppliersByTier.get(tier + 1) ?? [];
    const own = new Map(members.map((m) => [m.address.toLowerCase(), new Set<Participant>()]));
    if (members.length > 0) {
      for (const n of rng.shuffle(next)) own.get(rng.pick(members).address.toLowerCase())!.add(n);
    }
    for (const m of members) {
      const set = own.get(m.address.toLowerCase())!;
      const want = Math.min(next.length, rng.int(3, 6));
      for (const n of rng.shuffle(next)) {
        if (set.size >= want) break;
        set.add(n);
      }
      network.set(m.address.toLowerCase(), [...set]);
    }
  }
  const financiers = Object.entries(flow.pricing.financiers).flatMap(([group, weight]) =>
    world.members(group).map((p) => ({ p, weight })),
  );
  const desk: VoucherDesk = { financeFor: () => 0n };
  const tier1 = suppliersByTier.get(1) ?? [];
  if (tier1.length === 0) return desk;

  const hold = (owner: string, h: Holding, sim: SimVoucher) => {
    const key = owner.toLowerCase();
    let map = holdings.get(key);
    if (!map) holdings.set(key, (map = new Map()));
    map.set(h.tokenId, h);
    sim.holdings.push(h);
    const firm = economy.firm(owner);
    if (firm) firm.receivable += h.value;
  };
  /** Changes what a holding is worth to its owner (split away, financed, refused, paid out). */
  const adjust = (h: Holding, delta: bigint) => {
    h.value += delta;
    const firm = economy.firm(h.owner);
    if (firm) firm.receivable += delta;
  };

  // ── core enterprises' purchases: on credit (a voucher) or in cash ──
  const businessDays = businessDaysIn(calendar, 0, calendar.days);
  const totalWeight = Object.values(flow.issuers).reduce((a, b) => a + b, 0);
  for (const [group, weight] of Object.entries(flow.issuers)) {
    const issuers = world.members(group);
    if (issuers.length === 0) continue;
    const rating = scenario.participants.find((g) => g.id === group)?.rating ?? "AA";
    const perDay =
      (Number(flow.purchases) * scenario.flowScale * (weight / totalWeight) * (calendar.days / 365)) / businessDays;
    const groupRng = rng.fork(`issuer/${group}`);
    const pacer = new Pacer(perDay, () => world.sample(groupRng, flow.face), undefined, "orders");
    world.dayHooks.push((day) => {
      if (!calendar.isBusinessDay(day)) return;
      for (const face of pacer.due(economy.demandFactor(issuers[0].address, day))) {
        const issuer = groupRng.pick(issuers);
        const payee = groupRng.pick(tier1);
        const term = groupRng.int(flow.termDays[0], flow.termDays[1]);
        const maturityDay = day + term;
        const willDefault = groupRng.chance(flow.payerDefault);
        if (!groupRng.chance(creditShare)) {
          // Paid in cash on delivery: the supplier's business goes on without a voucher.
          const firm = economy.firm(payee.address);
          if (firm) firm.cash += face;
          scheduleDelivery(payee.address, face, undefined);
          continue;
        }
        const tradeHash = keccak256(toUtf8Bytes(`${scenario.name}/trade/${++tradeCounter}`));
        world.later(0, "trade", () =>
          world.tx(
            vouchers,
            issuer.address,
            "issue",
            [payee.address, face, calendar.midnight(maturityDay), tradeHash],
            (o) => {
              if (!o.ok) return;
              const slotId = world.event(o, "VoucherIssued")!.slotId as bigint;
              sims.set(slotId, {
                slotId,
                payer: issuer.address,
                rating,
                face,
                maturityDay,
                willDefault,
                tokens: 0,
                holdings: [],
                financed: [],
              });
              world.later(0, "respond", () => accept(payee, slotId));
              scheduleMaturity(slotId);
            },
          ),
        );
      }
    });
  }

  const accept = (payee: Participant, slotId: bigint): Intent =>
    world.tx(vouchers, payee.address, "acceptIssuance", [slotId], (o) => {
      if (!o.ok) return;
      const tokenId = world.event(o, "VoucherAccepted")!.tokenId as bigint;
      const sim = sims.get(slotId)!;
      sim.tokens = 1;
      const h = { owner: payee.address, tokenId, slotId, value: sim.face, tier: 1 };
      hold(payee.address, h, sim);
      scheduleDelivery(payee.address, sim.face, h);
    });

  // ── suppliers: pay the goods' costs (split, cash), then finance if cash runs short ──
  const behaviourOf = (holder: string) => {
    const tier = world.tierOf.get(holder.toLowerCase());
    return tier === undefined ? undefined : flow.byTier[String(tier)];
  };

  /** Goods worth `value` were sold by `supplier`, paid with the holding `h` (or in cash). */
  const scheduleDelivery = (supplier: string, value: bigint, h: Holding | undefined) => {
    const behaviour = behaviourOf(supplier);
    if (!behaviour) return;
    const delay = rng.int(behaviour.delayDays[0], behaviour.delayDays[1]);
    const day = calendar.nextBusinessDay(world.engine.today + delay);
    if (day >= calendar.days) return;
    world.engine.at(day, "decide", () => delivered(supplier, value, h, behaviour));
  };

  const delivered = (supplier: string, value: bigint, h: Holding | undefined, b: TierBehaviour): Intent[] => {
    const firm = economy.firm(supplier);
    if (!firm) return [];
    if (h) h.settled = true;
    firm.sold(value);
    const costs = firm.costOf(value);
    const upstream = BigInt(Math.round(Number(costs) * b.upstream)); // the share bought upstream, to the fen (half up)
    firm.cash -= costs - upstream;
    const intents: Intent[] = [];
    const suppliers = network.get(supplier.toLowerCase()) ?? [];
    if (suppliers.length === 0 || upstream === 0n) {
      firm.cash -= upstream;
      return h ? [...intents, ...financeHolding(firm, h)] : intents;
    }
    const decisionRng = rng.fork(`decide/${supplier}/${h?.tokenId ?? "cash"}/${world.engine.today}`);
    const k = Math.min(suppliers.length, decisionRng.int(b.receivers[0], b.receivers[1]));
    const receivers = decisionRng.shuffle(suppliers).slice(0, k);
    const parts = splitInto(upstream, receivers.length, 1n, decisionRng);
    const sim = h ? sims.get(h.slotId) : undefined;
    const payDay = calendar.nextBusinessDay(world.engine.today + economy.payableDays);
    parts.forEach((owed, i) => {
      const to = receivers[i].address;
      const accepts = behaviourOf(to)?.accepts ?? 0;
      let inVoucher = 0n;
      if (h && sim && sim.maturityDay > world.engine.today + 1) {
        inVoucher = roundDown(BigInt(Math.floor(Number(owed) * accepts)), minSplit);
        if (inVoucher > h.value - minSplit)
          inVoucher = roundDown(h.value > minSplit ? h.value - minSplit : 0n, minSplit);
        if (inVoucher < minSplit) inVoucher = 0n;
      }
      if (inVoucher > 0n && h) {
        adjust(h, -inVoucher);
        const part = inVoucher;
        intents.push(
          world.tx(vouchers, supplier, "split", [h.tokenId, to, part], (o) => {
            if (!o.ok) {
              adjust(h, part);
              return;
            }
            const e = world.event(o, "VoucherSplit")!;
            const child = {
              owner: to,
              tokenId: e.newTokenId as bigint,
              slotId: h.slotId,
              value: part,
              tier: Number(e.tier),
            };
            const s = sims.get(h.slotId)!;
            s.tokens += 1;
            hold(to, child, s);
            scheduleDelivery(to, part, child);
          }),
        );
      }
      const inCash = owed - inVoucher;
      if (inCash > 0n && payDay < calendar.days) {
        firm.debt += inCash; // owed to its supplier until the payable delay is over
        world.engine.at(payDay, "settle", () => {
          firm.debt -= inCash;
          firm.cash -= inCash;
          const receiver = economy.firm(to);
          if (receiver) receiver.cash += inCash;
          scheduleDelivery(to, inCash, undefined);
        });
      }
    });
    return h ? [...intents, ...financeHolding(firm, h)] : intents;
  };

  /** Finances part of `h` if the firm's cash (and what is on its way) is below its buffer. */
  const financeHolding = (firm: Firm, h: Holding, need = firm.need): Intent[] => {
    if (need <= 0n || financiers.length === 0) return [];
    const sim = sims.get(h.slotId);
    if (!sim || sim.maturityDay <= world.engine.today + 1 || h.value < minSplit) return [];
    const days = sim.maturityDay - world.engine.today;
    const rate = priceBps(flow.pricing, sim.rating, days);
    // Enough face value that the proceeds (face less the discount) cover the need, in whole units.
    if (BigInt(rate) * BigInt(days) >= 365n * 10_000n) return []; // the discount would eat the face
    const gross = (need * 365n * 10_000n) / (365n * 10_000n - BigInt(rate) * BigInt(days)) + 1n;
    let value = ((gross + minSplit - 1n) / minSplit) * minSplit;
    if (value < MIN_FINANCING) value = MIN_FINANCING; // banks discount no less than ¥100,000 at a time
    if (value > h.value) value = roundDown(h.value, minSplit);
    if (value < minSplit) return [];
    const financier = rng.weighted(financiers, (f) => f.weight).p.address;
    const recourse = rng.chance(behaviourOf(h.owner)?.recourse ?? 0.8);
    adjust(h, -value);
    firm.pendingIn += value;
    return [
      world.tx(financing, h.owner, "requestFinancing", [h.tokenId, value, financier, rate, recourse], (o) => {
        if (!o.ok) {
          adjust(h, value);
          firm.pendingIn -= value;
          return;
        }
        const requestId = world.event(o, "VoucherFinancingRequested")!.requestId as bigint;
        world.later(0, "approve", () => [
          ...world.fund(financier, value),
          world.tx(financing, financier, "approveFinancing", [requestId], (a) => {
            firm.pendingIn -= value;
            if (!a.ok) {
              adjust(h, value);
              return;
            }
            const e = world.event(a, "VoucherFinanced")!;
            firm.cash += value - (e.discount as bigint);
            sim.tokens += 1;
            sim.financed.push({ tokenId: e.newTokenId as bigint, financier, seller: h.owner, value, recourse });
          }),
        ]);
      }),
    ];
  };

  /** Finances the firm's vouchers for up to `need` (today's decide phase); returns the face put up. */
  desk.financeFor = (firm: Firm, need: bigint): bigint => {
    const held = [...(holdings.get(firm.address)?.values() ?? [])].filter((h) => h.settled && h.value >= minSplit);
    let covered = 0n;
    const intents: Intent[] = [];
    for (const h of held) {
      if (covered >= need) break;
      const before = firm.pendingIn;
      intents.push(...financeHolding(firm, h, need - covered));
      covered += firm.pendingIn - before;
    }
    if (intents.length) world.later(0, "decide", () => intents);
    return covered;
  };

  // ── maturity: repayment, clearing, default and recourse ──
  const scheduleMaturity = (slotId: bigint) => {
    const sim = sims.get(slotId)!;
    if (sim.maturityDay >= calendar.days) return; // matures after the horizon: stays outstanding
    if (!sim.willDefault) {
      world.engine.at(sim.maturityDay, "settle", () => [
        ...world.fund(sim.payer, sim.face),
        world.tx(vouchers, sim.payer, "repay", [slotId], (o) => {
          if (!o.ok) return;
          world.later(0, "respond", () => clearPages(slotId));
          for (const h of sim.holdings) {
            const firm = economy.firm(h.owner);
            if (firm) firm.cash += h.value;
            holdings.get(h.owner.toLowerCase())?.delete(h.tokenId);
            adjust(h, -h.value);
          }
        }),
      ]);
      return;
    }
    const defaultDay = sim.maturityDay + grace + 1;
    if (defaultDay >= calendar.days) return;
    world.engine.at(defaultDay, "settle", () =>
      world.tx(vouchers, operator, "declareDefault", [slotId], (o) => {
        if (!o.ok) return;
        for (const h of sim.holdings) {
          holdings.get(h.owner.toLowerCase())?.delete(h.tokenId);
          adjust(h, -h.value); // the payer defaulted: the holders' claim is worth nothing
        }
        world.later(0, "approve", () => recourse(slotId));
      }),
    );
  };

  const clearPages = (slotId: bigint): Intent[] => {
    const pages = Math.ceil(sims.get(slotId)!.tokens / CLEAR_PAGE);
    return Array.from({ length: pages }, () =>
      world.tx(vouchers, operator, "clear", [slotId, CLEAR_PAGE], undefined, CLEAR_GAS),
    );
  };

  const recourse = (slotId: bigint): Intent[] => {
    const intents: Intent[] = [];
    for (const f of sims.get(slotId)!.financed) {
      if (!f.recourse) continue;
      // The seller pays back what the bank financed if its cash allows; otherwise the bank keeps the claim.
      const firm = economy.firm(f.seller);
      if (!firm || firm.cash < f.value) continue;
      firm.cash -= f.value;
      intents.push(...world.fund(f.seller, f.value), world.tx(financing, f.financier, "exerciseRecourse", [f.tokenId]));
    }
    return intents;
  };
  return desk;
}

/** What the lending agents may ask of the voucher desk: finance a firm's vouchers to cover a need. */
export interface VoucherDesk {
  financeFor(firm: Firm, need: bigint): bigint;
}

/**
 * A bank's discount rate for a voucher, in basis points: funding cost + operating margin + the
 * payer's expected loss (probability of default by rating × loss given default) + the term premium
 * for the days left, rounded half up to the basis point.
 */
export function priceBps(pricing: VoucherFlow["pricing"], rating: Rating, days: number): number {
  const pd = pricing.defaultProbability[rating] ?? 0;
  const expectedLoss = pd * pricing.lossGivenDefault * 10_000;
  const term = (pricing.termPremium * days) / 365;
  return Math.round(pricing.fundingCost + pricing.bankMargin + expectedLoss + term);
}

function roundDown(value: bigint, unit: bigint): bigint {
  return (value / unit) * unit;
}

/** Splits `total` into `k` random parts, each a multiple of `unit` (some may be 0 if total is small). */
function splitInto(total: bigint, k: number, unit: bigint, rng: Rng): bigint[] {
  if (k <= 1) return [total];
  const weights = Array.from({ length: k }, () => rng.between(0.5, 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => roundDown(BigInt(Math.floor((Number(total) * w) / sum)), unit));
  const used = parts.reduce((a, b) => a + b, 0n);
  parts[0] += total - used;
  return parts;
}
