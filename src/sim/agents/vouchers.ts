import { keccak256, toUtf8Bytes } from "ethers";
import type { Participant } from "../../chain/cast.js";
import type { Intent } from "../engine.js";
import type { Rng } from "../rng.js";
import type { TierBehaviour, VoucherFlow } from "../scenario/schema.js";
import type { World } from "../world.js";
import { businessDaysIn, Pacer } from "./pacing.js";

/** A token an agent holds, as it knows it from its own receipts. */
interface Holding {
  tokenId: bigint;
  slotId: bigint;
  value: bigint;
  tier: number;
}

interface SimVoucher {
  slotId: bigint;
  payer: string;
  face: bigint;
  maturityDay: number;
  willDefault: boolean;
  tokens: number;
  /** Financed tokens: token → financier and seller, with recourse or not. */
  financed: { tokenId: bigint; financier: string; seller: string; value: bigint; recourse: boolean }[];
}

const CLEAR_PAGE = 400;
const CLEAR_GAS = 16_000_000n;

/**
 * The receivable-voucher side of the steel chain:
 * - core enterprises buy on credit and issue vouchers (确权) to tier-1 suppliers, paced to the
 *   scenario's annual volume; they repay once at maturity (unless the scenario makes them default);
 * - suppliers accept, then split value down to their own suppliers (穿透), finance part at a bank
 *   (保理) or hold, as their tier's behaviour says;
 * - banks approve financing requests and, for defaulted vouchers financed with recourse, claim
 *   against the seller (追索);
 * - the keeper (the platform operator) clears matured, repaid vouchers in pages (到期清分) and
 *   declares defaults after the grace period.
 */
export function installVoucherAgents(world: World, flow: VoucherFlow): void {
  const { scenario, calendar, contracts } = world;
  const { vouchers, financing } = contracts;
  const rng = world.rng.fork("vouchers");
  const operator = world.ofKind("platform")[0].address;
  const minSplit = flow.rules.minSplitUnit ?? 100_00n;
  const grace = flow.rules.overdueGraceDays ?? 30;
  const holdings = new Map<string, Map<bigint, Holding>>();
  const sims = new Map<bigint, SimVoucher>();
  let tradeCounter = 0;

  const suppliersByTier = new Map<number, Participant[]>();
  for (const g of scenario.participants.filter((g) => g.agent === "supplier")) {
    const list = suppliersByTier.get(g.tier!) ?? [];
    list.push(...world.members(g.id));
    suppliersByTier.set(g.tier!, list);
  }
  // Each supplier buys from a fixed handful of suppliers one tier up the chain (its network).
  const network = new Map<string, Participant[]>();
  for (const [tier, members] of suppliersByTier) {
    const next = suppliersByTier.get(tier + 1) ?? [];
    for (const m of members) {
      network.set(
        m.address.toLowerCase(),
        next.length ? rng.shuffle(next).slice(0, Math.min(next.length, rng.int(3, 6))) : [],
      );
    }
  }
  const financiers = Object.entries(flow.pricing.financiers).flatMap(([group, weight]) =>
    world.members(group).map((p) => ({ p, weight })),
  );
  const tier1 = suppliersByTier.get(1) ?? [];
  if (tier1.length === 0) return;

  const hold = (owner: string, h: Holding) => {
    const key = owner.toLowerCase();
    let map = holdings.get(key);
    if (!map) holdings.set(key, (map = new Map()));
    map.set(h.tokenId, h);
  };

  // ── issuance by core enterprises, paced to the annual volume ──
  const businessDays = businessDaysIn(calendar, 0, calendar.days);
  const totalWeight = Object.values(flow.issuers).reduce((a, b) => a + b, 0);
  for (const [group, weight] of Object.entries(flow.issuers)) {
    const issuers = world.members(group);
    const perDay =
      (Number(flow.annual) * scenario.flowScale * (weight / totalWeight) * (calendar.days / 365)) / businessDays;
    const groupRng = rng.fork(`issuer/${group}`);
    const pacer = new Pacer(perDay, () => world.sample(groupRng, flow.face), undefined, "vouchers");
    world.dayHooks.push((day) => {
      if (!calendar.isBusinessDay(day)) return;
      for (const face of pacer.due()) {
        const issuer = groupRng.pick(issuers);
        const payee = groupRng.pick(tier1);
        const term = groupRng.int(flow.termDays[0], flow.termDays[1]);
        const maturityDay = day + term;
        const willDefault = groupRng.chance(flow.payerDefault);
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
                face,
                maturityDay,
                willDefault,
                tokens: 0,
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
      const h = { tokenId, slotId, value: sim.face, tier: 1 };
      hold(payee.address, h);
      scheduleDecision(payee.address, h);
    });

  // ── suppliers: split, finance or hold ──
  const scheduleDecision = (holder: string, h: Holding) => {
    const tier = world.tierOf.get(holder.toLowerCase());
    const behaviour = tier === undefined ? undefined : flow.byTier[String(tier)];
    if (!behaviour) return;
    const sim = sims.get(h.slotId)!;
    const delay = rng.int(behaviour.delayDays[0], behaviour.delayDays[1]);
    const day = calendar.nextBusinessDay(world.engine.today + delay);
    if (day >= sim.maturityDay - 1 || day >= calendar.days) return; // too close to maturity: hold
    world.engine.at(day, "decide", () => decide(holder, h, behaviour));
  };

  const decide = (holder: string, h: Holding, b: TierBehaviour): Intent[] => {
    const intents: Intent[] = [];
    const decisionRng = rng.fork(`decide/${h.tokenId}`);
    let remaining = h.value;
    const suppliers = network.get(holder.toLowerCase()) ?? [];
    if (suppliers.length && decisionRng.chance(b.split) && remaining >= 2n * minSplit) {
      const total = roundDown(
        BigInt(Math.floor(Number(remaining) * decisionRng.between(b.splitFraction[0], b.splitFraction[1]))),
        minSplit,
      );
      const k = Math.min(suppliers.length, decisionRng.int(b.receivers[0], b.receivers[1]));
      const receivers = decisionRng.shuffle(suppliers).slice(0, k);
      const parts = splitInto(total, receivers.length, minSplit, decisionRng);
      parts.forEach((part, i) => {
        if (part < minSplit) return;
        remaining -= part;
        const to = receivers[i].address;
        intents.push(
          world.tx(vouchers, holder, "split", [h.tokenId, to, part], (o) => {
            if (!o.ok) return;
            const e = world.event(o, "VoucherSplit")!;
            const child = { tokenId: e.newTokenId as bigint, slotId: h.slotId, value: part, tier: Number(e.tier) };
            sims.get(h.slotId)!.tokens += 1;
            hold(to, child);
            scheduleDecision(to, child);
          }),
        );
      });
    }
    if (financiers.length && decisionRng.chance(b.finance) && remaining >= minSplit) {
      const value = roundDown(
        BigInt(Math.floor(Number(remaining) * decisionRng.between(b.financeFraction[0], b.financeFraction[1]))),
        minSplit,
      );
      if (value >= minSplit) {
        remaining -= value;
        const financier = decisionRng.weighted(financiers, (f) => f.weight).p.address;
        const spread = flow.pricing.spread;
        const rate = flow.pricing.discountRate + decisionRng.int(-spread, spread);
        const recourse = decisionRng.chance(b.recourse);
        intents.push(
          world.tx(financing, holder, "requestFinancing", [h.tokenId, value, financier, rate, recourse], (o) => {
            if (!o.ok) return;
            const requestId = world.event(o, "VoucherFinancingRequested")!.requestId as bigint;
            world.later(0, "approve", () => [
              ...world.fund(financier, value),
              world.tx(financing, financier, "approveFinancing", [requestId], (a) => {
                if (!a.ok) return;
                const e = world.event(a, "VoucherFinanced")!;
                const sim = sims.get(h.slotId)!;
                sim.tokens += 1;
                sim.financed.push({ tokenId: e.newTokenId as bigint, financier, seller: holder, value, recourse });
              }),
            ]);
          }),
        );
      }
    }
    h.value = remaining;
    return intents;
  };

  // ── maturity: repayment, clearing, default and recourse ──
  const scheduleMaturity = (slotId: bigint) => {
    const sim = sims.get(slotId)!;
    if (sim.maturityDay >= calendar.days) return; // matures after the horizon: stays outstanding
    if (!sim.willDefault) {
      world.engine.at(sim.maturityDay, "settle", () => [
        ...world.fund(sim.payer, sim.face),
        world.tx(vouchers, sim.payer, "repay", [slotId], (o) => {
          if (o.ok) world.later(0, "respond", () => clearPages(slotId));
        }),
      ]);
      return;
    }
    const defaultDay = sim.maturityDay + grace + 1;
    if (defaultDay >= calendar.days) return;
    world.engine.at(defaultDay, "settle", () =>
      world.tx(vouchers, operator, "declareDefault", [slotId], (o) => {
        if (o.ok) world.later(0, "approve", () => recourse(slotId));
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
      // The seller pays back what the bank financed, if its wallet can; otherwise the bank keeps the claim.
      if ((world.balances.get(f.seller.toLowerCase()) ?? 0n) < f.value) continue;
      intents.push(world.tx(financing, f.financier, "exerciseRecourse", [f.tokenId]));
    }
    return intents;
  };
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
