import fc from "fast-check";
import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { txOf } from "../../src/chain/handles.js";
import { formatRevert } from "../../src/chain/revert.js";
import type { TxOutcome, TxRequest } from "../../src/chain/sender.js";
import { daysToMaturity, discountFen } from "../../src/domain/rates.js";
import { roleId } from "../../src/domain/roles.js";
import { DAY, TokenStatus, VoucherStatus, tokenIdOf, voucherWorld, type VoucherWorld } from "./voucher-world.js";

/**
 * Model-based test of the voucher ledger: random sequences of issue+accept, split, financing (request and
 * approval), merge, time, repayment, clearing in pages, claims and defaults run against the contracts and
 * against a plain bigint model of what they must do. The model predicts each transaction's outcome (success
 * with the exact payments it makes, or the custom error and its arguments) and after every step the chain
 * must equal it: every token's value, owner, tier, parent and status, every voucher's status, cleared
 * amount and cursor, and the e-CNY balance of every party. Independently of the model, every step checks
 * from chain data alone that each voucher's live values plus what was cleared equal its face, that the
 * lineage is a tree rooted at token 1, and that no value moved after maturity (moves from maturity on are
 * refused with `VoucherMatured`). Clearing, claims and defaults are run by random members, and sometimes by
 * the regulator or a non-member, who are refused. Each sequence ends past every maturity by trying to move
 * value (refused), declaring some vouchers defaulted, repaying, claiming some tokens and clearing the rest:
 * every token with value is then paid exactly once, exactly its value, and the ledger holds nothing.
 */

const START = new Date("2026-03-02T09:00:00+08:00");
const LINE = 10_000_000_000n * 100n; // steel-group's credit line at lead-bank, fen
const RUNS = 25;
const STEPS = 15;
const SEED = 0x5cf;
const MIN_SPLIT_UNIT = 100n * 100n; // the default rule: ¥100
const GRACE_DAYS = 3n; // a short overdue grace period (the default is 30 days), so that runs reach defaults
const GRACE = GRACE_DAYS * DAY;
const HOLDERS = ["rolling-mill", "scrap-recycler", "scrap-collector", "distributor"] as const;
const FINANCIERS = ["lead-bank", "micro-lender"] as const;
/** Who runs clearing, claims and defaults: members (first), the regulator and a non-member (both refused). */
const CALLERS = ["operator", ...HOLDERS, "lead-bank", "regulator", "outsider"] as const;
const MEMBER_CALLERS = CALLERS.length - 2;
/** Every role but None and Regulator (`ConsortiumGuarded._holderRoles`). */
const HOLDER_ROLES = ((1n << 16n) - 1n) & ~1n & ~(1n << BigInt(roleId("Regulator")));
const MEMBER_STATUS_NONE = 0n;

// ───────────────────────────── the operations ─────────────────────────────

/**
 * `seed` picks what an operation acts on. Aimed, it picks among the vouchers or tokens the operation can
 * succeed on (when there are any); otherwise among all of them, so that refusals are exercised too.
 */
type Target = { aim: boolean; seed: number };
type ValuePick = { mode: "part"; perMille: number } | { mode: "all" | "over" | "belowMin" };
type Op =
  | { kind: "issue"; payee: number; face: bigint; termDays: number; termSeconds: number }
  | (Target & { kind: "split"; to: number; value: ValuePick })
  | (Target & { kind: "finance"; financier: number; rateBps: number; value: ValuePick })
  | (Target & { kind: "merge" })
  | { kind: "advance"; days: number; seconds: number }
  | (Target & { kind: "repay" })
  | (Target & { kind: "clear"; page: number; caller: number })
  | (Target & { kind: "claim"; caller: number })
  | (Target & { kind: "declareDefault"; caller: number });

const aim = fc.integer({ min: 0, max: 2 }).map((n) => n > 0); // aimed two times in three
const seed = fc.nat({ max: 9_999 });
const caller = fc.nat({ max: CALLERS.length - 1 });
const valuePick: fc.Arbitrary<ValuePick> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ mode: fc.constant("part" as const), perMille: fc.integer({ min: 0, max: 1_000 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ mode: "all" as const }) },
  { weight: 1, arbitrary: fc.constant({ mode: "over" as const }) },
  { weight: 1, arbitrary: fc.constant({ mode: "belowMin" as const }) },
);
const issue: fc.Arbitrary<Op> = fc.record({
  kind: fc.constant("issue" as const),
  payee: fc.nat({ max: HOLDERS.length - 1 }),
  face: fc.bigInt({ min: MIN_SPLIT_UNIT, max: 1_000_000n * 100n }),
  termDays: fc.integer({ min: 1, max: 45 }),
  termSeconds: fc.nat({ max: 86_399 }),
});
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: issue },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("split" as const),
      aim,
      seed,
      to: fc.nat({ max: HOLDERS.length }), // unaimed, HOLDERS.length is the regulator, who may not hold
      value: valuePick,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("finance" as const),
      aim,
      seed,
      financier: fc.nat({ max: FINANCIERS.length - 1 }),
      rateBps: fc.integer({ min: 0, max: 2_000 }),
      value: valuePick,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("merge" as const), aim, seed }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      days: fc.integer({ min: 0, max: 40 }),
      seconds: fc.nat({ max: 86_399 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("repay" as const), aim, seed }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("clear" as const),
      aim,
      seed,
      page: fc.integer({ min: 1, max: 4 }),
      caller,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("claim" as const), aim, seed, caller }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("declareDefault" as const), aim, seed, caller }) },
);

// ───────────────────────────── the model ─────────────────────────────

type State = "Active" | "Defaulted" | "Repaid" | "Cleared";

interface MToken {
  owner: string;
  value: bigint;
  /** Local index of the parent (0 for token 1). */
  parent: bigint;
  tier: bigint;
  status: bigint;
  /** VoucherTokenPaid events seen for this token. */
  paid: number;
}

interface MVoucher {
  slot: bigint;
  face: bigint;
  maturity: bigint;
  state: State;
  /** tokens[i] has local index i + 1. */
  tokens: MToken[];
  cleared: bigint;
  cursor: bigint;
  /** Token values read from the chain when its maturity was first seen. */
  valuesAtMaturity?: bigint[];
}

interface Model {
  now: bigint;
  vouchers: MVoucher[];
  /** e-CNY balance of every party in fen, by lower-case address. */
  balances: Map<string, bigint>;
  requests: bigint;
  trades: number;
}

type Payment = { tokenId: bigint; holder: string; amount: bigint };
/** What a transaction must do: succeed and make exactly these payments, or revert with this error. */
type Expectation = { ok: true; payments: Payment[] } | { ok: false; error: string; args?: Record<string, unknown> };
/** Transactions to send in one block, with what each must do (the model already applied their effects). */
type Planned = { requests: TxRequest[]; expect: Expectation[] };

const ok = (payments: Payment[] = []): Expectation => ({ ok: true, payments });
const refused = (error: string, args?: Record<string, unknown>): Expectation => ({ ok: false, error, args });
const NOTHING: Planned = { requests: [], expect: [] };

const STATE_VALUE: Record<State, bigint> = {
  Active: VoucherStatus.Active,
  Defaulted: VoucherStatus.Defaulted,
  Repaid: VoucherStatus.Repaid,
  Cleared: VoucherStatus.Cleared,
};

/** What `voucherOf` reports: an Active voucher is Overdue after maturity. */
function viewStatus(v: MVoucher, now: bigint): bigint {
  return v.state === "Active" && now > v.maturity ? VoucherStatus.Overdue : STATE_VALUE[v.state];
}

const key = (address: string) => address.toLowerCase();
const normalize = (x: unknown) => (typeof x === "string" ? x.toLowerCase() : x);

describe("the voucher ledger against a plain bigint model", () => {
  let w: VoucherWorld;
  let snapshot: string;
  const outsider = new Wallet(keccak256(toUtf8Bytes("voucher outsider"))).address;
  const addr = (id: string): string => (id === "outsider" ? outsider : w.addr(id));
  const ledger = () => w.d.contracts.vouchers.target as string;
  const coverage = {
    paidByClear: 0,
    paidByClaim: 0,
    financed: 0,
    merged: 0,
    maturedRefusals: 0,
    roleRefusals: 0,
    defaulted: 0,
  };

  beforeAll(async () => {
    w = await voucherWorld(START, LINE);
    const rules = [183, MIN_SPLIT_UNIT, false, GRACE_DAYS];
    await w.sendAt((await w.now()) + 1n, txOf(w.d.contracts.vouchers, addr("operator"), "setRules", rules));
    // every sender is impersonated before the snapshot, so that reverting to it keeps them usable
    for (const id of [...CALLERS, "steel-group", ...FINANCIERS]) {
      await w.chain.rpc.request({ method: "hardhat_impersonateAccount", params: [addr(id)] });
    }
    snapshot = (await w.chain.rpc.request({ method: "evm_snapshot", params: [] })) as string;
  });
  afterAll(() => w.chain.close());

  /** Back to the state right after deployment; a new snapshot replaces the one consumed. */
  async function restore(): Promise<void> {
    if ((await w.chain.rpc.request({ method: "evm_revert", params: [snapshot] })) !== true) {
      throw new Error("evm_revert failed");
    }
    snapshot = (await w.chain.rpc.request({ method: "evm_snapshot", params: [] })) as string;
  }

  async function freshModel(): Promise<Model> {
    const { ecny, financing } = w.d.contracts;
    const parties = [addr("steel-group"), ...HOLDERS.map(addr), ...FINANCIERS.map(addr), ledger()];
    parties.push(financing.target as string);
    const amounts = await Promise.all(parties.map((a) => ecny.balanceOf(a)));
    return {
      now: await w.now(),
      vouchers: [],
      balances: new Map(parties.map((a, i) => [key(a), amounts[i]])),
      requests: 0n,
      trades: 0,
    };
  }

  const credit = (m: Model, account: string, delta: bigint) =>
    m.balances.set(key(account), (m.balances.get(key(account)) ?? 0n) + delta);

  // ───────────────────────────── the contracts' checks, in their order ─────────────────────────────

  /** `_movable`, the precondition of every move: a Live token of an Active voucher before maturity. */
  function movable(m: Model, v: MVoucher, local: number): Expectation | undefined {
    const t = v.tokens[local - 1];
    if (t.status !== TokenStatus.Live) {
      return refused("VoucherTokenNotLive", { tokenId: tokenIdOf(v.slot, BigInt(local)), status: t.status });
    }
    if (v.state !== "Active") return refused("VoucherNotActive", { slotId: v.slot, status: STATE_VALUE[v.state] });
    if (m.now >= v.maturity) {
      coverage.maturedRefusals++;
      return refused("VoucherMatured", { slotId: v.slot, maturity: v.maturity, nowTime: m.now });
    }
    return undefined;
  }

  /** `_checkValue`. */
  function checkValue(v: MVoucher, local: number, value: bigint): Expectation | undefined {
    const balance = v.tokens[local - 1].value;
    if (value === 0n) return refused("VoucherZeroValue");
    if (value < MIN_SPLIT_UNIT) {
      return refused("VoucherBelowMinSplitUnit", { slotId: v.slot, value, minSplitUnit: MIN_SPLIT_UNIT });
    }
    if (value > balance) {
      return refused("VoucherValueExceedsBalance", { tokenId: tokenIdOf(v.slot, BigInt(local)), balance, value });
    }
    return undefined;
  }

  /** The role check that opens clear, claim and declareDefault. */
  function memberCheck(who: string): Expectation | undefined {
    if (who === "regulator") {
      coverage.roleRefusals++;
      return refused("MemberRoleNotAllowed", {
        account: addr(who),
        role: BigInt(roleId("Regulator")),
        allowedRoles: HOLDER_ROLES,
      });
    }
    if (who === "outsider") {
      coverage.roleRefusals++;
      return refused("MemberNotActive", { account: outsider, status: MEMBER_STATUS_NONE });
    }
    return undefined;
  }

  /** `_clearable`: repaid, from maturity on. */
  function clearable(m: Model, v: MVoucher): Expectation | undefined {
    if (v.state !== "Repaid") return refused("VoucherNotRepaid", { slotId: v.slot, status: STATE_VALUE[v.state] });
    if (m.now < v.maturity) {
      return refused("VoucherNotMatured", { slotId: v.slot, maturity: v.maturity, nowTime: m.now });
    }
    return undefined;
  }

  // ───────────────────────────── effects ─────────────────────────────

  /** `_split`: a new token of `to` with `value` of token `local`, at the parent's tier or one deeper. */
  function splitInModel(v: MVoucher, local: number, to: string, value: bigint, sameTier: boolean): void {
    const from = v.tokens[local - 1];
    from.value -= value;
    const tier = sameTier ? from.tier : from.tier + 1n;
    v.tokens.push({ owner: to, value, parent: BigInt(local), tier, status: TokenStatus.Live, paid: 0 });
  }

  /** Pays token `local` its value from the ledger. */
  function pay(m: Model, v: MVoucher, local: number): Payment {
    const t = v.tokens[local - 1];
    t.status = TokenStatus.Cleared;
    v.cleared += t.value;
    if (v.cleared === v.face) v.state = "Cleared";
    credit(m, ledger(), -t.value);
    credit(m, t.owner, t.value);
    return { tokenId: tokenIdOf(v.slot, BigInt(local)), holder: t.owner, amount: t.value };
  }

  // ───────────────────────────── one operation's transactions ─────────────────────────────

  function planRepay(m: Model, v: MVoucher): Planned {
    const steel = addr("steel-group");
    const requests = [txOf(w.d.contracts.vouchers, steel, "repay", [v.slot])];
    if (v.state !== "Active" && v.state !== "Defaulted") {
      return { requests, expect: [refused("VoucherNotRepayable", { slotId: v.slot, status: STATE_VALUE[v.state] })] };
    }
    v.state = "Repaid";
    credit(m, steel, -v.face);
    credit(m, ledger(), v.face);
    return { requests, expect: [ok()] };
  }

  function planClear(m: Model, v: MVoucher, page: number, who: string): Planned {
    const requests = [txOf(w.d.contracts.vouchers, addr(who), "clear", [v.slot, BigInt(page)])];
    const refusal = memberCheck(who) ?? clearable(m, v);
    if (refusal) return { requests, expect: [refusal] };
    const count = BigInt(v.tokens.length);
    const end = count - v.cursor > BigInt(page) ? v.cursor + BigInt(page) : count;
    const payments: Payment[] = [];
    for (let local = v.cursor + 1n; local <= end; local++) {
      const t = v.tokens[Number(local) - 1];
      if (t.value > 0n && t.status === TokenStatus.Live) payments.push(pay(m, v, Number(local)));
    }
    v.cursor = end;
    coverage.paidByClear += payments.length;
    return { requests, expect: [ok(payments)] };
  }

  function planClaim(m: Model, v: MVoucher, local: number, who: string): Planned {
    const t = v.tokens[local - 1];
    const tokenId = tokenIdOf(v.slot, BigInt(local));
    const requests = [txOf(w.d.contracts.vouchers, addr(who), "claim", [tokenId])];
    let refusal = memberCheck(who);
    if (!refusal && t.status !== TokenStatus.Live) {
      refusal = refused("VoucherTokenNotClaimable", { tokenId, status: t.status });
    }
    refusal ??= clearable(m, v);
    if (!refusal && t.value === 0n) refusal = refused("VoucherZeroValue");
    if (refusal) return { requests, expect: [refusal] };
    coverage.paidByClaim++;
    return { requests, expect: [ok([pay(m, v, local)])] };
  }

  function planDefault(m: Model, v: MVoucher, who: string): Planned {
    const requests = [txOf(w.d.contracts.vouchers, addr(who), "declareDefault", [v.slot])];
    let refusal = memberCheck(who);
    if (!refusal && v.state !== "Active") {
      refusal = refused("VoucherNotActive", { slotId: v.slot, status: STATE_VALUE[v.state] });
    }
    if (!refusal && m.now < v.maturity + GRACE) {
      const graceEnd = v.maturity + GRACE;
      refusal = refused("VoucherGracePeriodNotOver", { slotId: v.slot, graceEnd, nowTime: m.now });
    }
    if (refusal) return { requests, expect: [refusal] };
    v.state = "Defaulted";
    coverage.defaulted++;
    return { requests, expect: [ok()] };
  }

  /** The owner of token `local` splits `value` of it to `to`. */
  function planSplit(m: Model, v: MVoucher, local: number, to: string, value: bigint): Planned {
    const t = v.tokens[local - 1];
    const requests = [txOf(w.d.contracts.vouchers, t.owner, "split", [tokenIdOf(v.slot, BigInt(local)), to, value])];
    let refusal = movable(m, v, local) ?? checkValue(v, local, value);
    if (!refusal && key(to) === key(t.owner)) refusal = refused("VoucherSelfDealing", { account: to });
    if (!refusal && key(to) === key(addr("regulator"))) {
      const role = BigInt(roleId("Regulator"));
      refusal = refused("MemberRoleNotAllowed", { account: to, role, allowedRoles: HOLDER_ROLES });
    }
    if (refusal) return { requests, expect: [refusal] };
    splitInModel(v, local, to, value, false);
    return { requests, expect: [ok()] };
  }

  /** The owner of token `local` asks `financier` to buy `value` of it; the financier approves. */
  function planFinance(m: Model, v: MVoucher, local: number, financier: string, rateBps: number, value: bigint) {
    const { financing } = w.d.contracts;
    const t = v.tokens[local - 1];
    const tokenId = tokenIdOf(v.slot, BigInt(local));
    const requestId = m.requests + 1n;
    const requests = [
      txOf(financing, t.owner, "requestFinancing", [tokenId, value, financier, rateBps, false]),
      txOf(financing, financier, "approveFinancing", [requestId]),
    ];
    let refusal = movable(m, v, local) ?? checkValue(v, local, value);
    if (!refusal && key(financier) === key(t.owner)) refusal = refused("VoucherSelfDealing", { account: financier });
    if (refusal) return { requests, expect: [refusal, refused("VoucherUnknownFinancingRequest", { requestId })] };
    m.requests = requestId;
    splitInModel(v, local, financier, value, true);
    // the financier pays value − discount at once, the discount fixed by the days left
    const proceeds = value - discountFen(value, rateBps, daysToMaturity(m.now, v.maturity));
    credit(m, financier, -proceeds);
    credit(m, t.owner, proceeds);
    coverage.financed++;
    return { requests, expect: [ok(), ok()] };
  }

  /** The owner merges token `from` into its token `into` of the same voucher. */
  function planMerge(m: Model, v: MVoucher, into: number, from: number): Planned {
    const [source, target] = [v.tokens[from - 1], v.tokens[into - 1]];
    const intoId = tokenIdOf(v.slot, BigInt(into));
    const requests = [txOf(w.d.contracts.vouchers, source.owner, "merge", [tokenIdOf(v.slot, BigInt(from)), intoId])];
    let refusal = movable(m, v, from);
    if (!refusal && target.status !== TokenStatus.Live) {
      refusal = refused("VoucherTokenNotLive", { tokenId: intoId, status: target.status });
    }
    if (refusal) return { requests, expect: [refusal] };
    target.value += source.value;
    source.value = 0n;
    source.status = TokenStatus.Merged;
    coverage.merged++;
    return { requests, expect: [ok()] };
  }

  // ───────────────────────────── picking what a random operation acts on ─────────────────────────────

  /** A voucher: aimed, one that `sensible` accepts (if any). */
  function pickVoucher(m: Model, t: Target, sensible: (v: MVoucher) => boolean): MVoucher | undefined {
    const good = t.aim ? m.vouchers.filter(sensible) : [];
    const from = good.length > 0 ? good : m.vouchers;
    return from.length === 0 ? undefined : from[t.seed % from.length];
  }

  /** A token (voucher and local index): aimed, one that `sensible` accepts (if any). */
  function pickToken(
    m: Model,
    t: Target,
    sensible: (v: MVoucher, token: MToken) => boolean,
  ): { v: MVoucher; local: number; aimed: boolean } | undefined {
    const all = m.vouchers.flatMap((v) => v.tokens.map((_, i) => ({ v, local: i + 1 })));
    const good = t.aim ? all.filter(({ v, local }) => sensible(v, v.tokens[local - 1])) : [];
    const from = good.length > 0 ? good : all;
    return from.length === 0 ? undefined : { ...from[t.seed % from.length], aimed: good.length > 0 };
  }

  /** Aimed, a value the token can move (it holds at least the minimum); otherwise anything. */
  function valueOf(p: ValuePick, balance: bigint, aimed: boolean): bigint {
    if (aimed) {
      return p.mode === "part" ? MIN_SPLIT_UNIT + ((balance - MIN_SPLIT_UNIT) * BigInt(p.perMille)) / 1000n : balance;
    }
    if (p.mode === "part") return (balance * BigInt(p.perMille)) / 1000n;
    if (p.mode === "all") return balance;
    if (p.mode === "over") return balance + 1n;
    return MIN_SPLIT_UNIT - 1n;
  }

  const canMove = (m: Model) => (v: MVoucher, t: MToken) =>
    v.state === "Active" && m.now < v.maturity && t.status === TokenStatus.Live && t.value >= MIN_SPLIT_UNIT;
  const canClear = (m: Model) => (v: MVoucher) => v.state === "Repaid" && m.now >= v.maturity;

  /**
   * Predicts the transactions of one random operation, applying their effects to the model in block
   * order. Nothing to send for an operation with nothing to act on (no voucher yet, no pair to merge).
   */
  function plan(m: Model, o: Op): Planned {
    switch (o.kind) {
      case "issue": {
        const { vouchers } = w.d.contracts;
        const payee = addr(HOLDERS[o.payee]);
        const maturity = m.now + BigInt(o.termDays) * DAY + BigInt(o.termSeconds);
        const slot = BigInt(m.vouchers.length + 1);
        const trade = keccak256(toUtf8Bytes(`trade ${++m.trades}`));
        const token1 = { owner: payee, value: o.face, parent: 0n, tier: 1n, status: TokenStatus.Live, paid: 0 };
        m.vouchers.push({ slot, face: o.face, maturity, state: "Active", tokens: [token1], cleared: 0n, cursor: 0n });
        return {
          requests: [
            txOf(vouchers, addr("steel-group"), "issue", [payee, o.face, maturity, trade]),
            txOf(vouchers, payee, "acceptIssuance", [slot]),
          ],
          expect: [ok(), ok()],
        };
      }
      case "split": {
        const picked = pickToken(m, o, canMove(m));
        if (!picked) return NOTHING;
        const { v, local, aimed } = picked;
        const owner = key(v.tokens[local - 1].owner);
        if (!aimed) {
          const to = o.to === HOLDERS.length ? addr("regulator") : addr(HOLDERS[o.to]);
          return planSplit(m, v, local, to, valueOf(o.value, v.tokens[local - 1].value, false));
        }
        // aimed: another holder, half of the time one that already holds a piece (so merges become possible)
        const others = HOLDERS.map(addr).filter((a) => key(a) !== owner);
        const live = (a: string) => v.tokens.some((x) => key(x.owner) === key(a) && x.status === TokenStatus.Live);
        const holding = others.filter(live);
        const receivers = o.to % 2 === 0 && holding.length > 0 ? holding : others;
        const to = receivers[o.seed % receivers.length];
        return planSplit(m, v, local, to, valueOf(o.value, v.tokens[local - 1].value, true));
      }
      case "finance": {
        const picked = pickToken(m, o, canMove(m));
        if (!picked) return NOTHING;
        const { v, local, aimed } = picked;
        const t = v.tokens[local - 1];
        let financier = addr(FINANCIERS[o.financier]);
        if (aimed && key(financier) === key(t.owner)) financier = addr(FINANCIERS[1 - o.financier]);
        return planFinance(m, v, local, financier, o.rateBps, valueOf(o.value, t.value, aimed));
      }
      case "merge": {
        // two unburned tokens of one owner in one voucher; aimed, both Live before maturity
        const all: { v: MVoucher; into: number; from: number }[] = [];
        for (const v of m.vouchers) {
          v.tokens.forEach((a, i) =>
            v.tokens.forEach((b, j) => {
              const unburned = a.status !== TokenStatus.Merged && b.status !== TokenStatus.Merged;
              if (i < j && unburned && key(a.owner) === key(b.owner)) all.push({ v, into: i + 1, from: j + 1 });
            }),
          );
        }
        const live = (v: MVoucher, local: number) => v.tokens[local - 1].status === TokenStatus.Live;
        const movableNow = (v: MVoucher) => v.state === "Active" && m.now < v.maturity;
        const good = o.aim ? all.filter(({ v, into, from }) => movableNow(v) && live(v, into) && live(v, from)) : [];
        if (o.aim && good.length === 0) {
          // no owner holds two movable pieces: in one block, a piece goes to the owner of another Live token
          // of the voucher, which then merges it into that token
          const setups = m.vouchers.flatMap((v) =>
            v.tokens.flatMap((a, i) =>
              v.tokens
                .map((b, j) => ({ v, from: i + 1, into: j + 1, ok: canMove(m)(v, a) && live(v, j + 1) }))
                .filter((x) => x.ok && key(a.owner) !== key(v.tokens[x.into - 1].owner)),
            ),
          );
          if (setups.length === 0) return NOTHING;
          const { v, from, into } = setups[o.seed % setups.length];
          const split = planSplit(m, v, from, v.tokens[into - 1].owner, MIN_SPLIT_UNIT);
          if (!split.expect[0].ok) return split;
          const merge = planMerge(m, v, into, v.tokens.length);
          return { requests: [...split.requests, ...merge.requests], expect: [...split.expect, ...merge.expect] };
        }
        const choices = good.length > 0 ? good : all;
        if (choices.length === 0) return NOTHING;
        const { v, into, from } = choices[o.seed % choices.length];
        return planMerge(m, v, into, from);
      }
      case "repay": {
        const v = pickVoucher(m, o, (x) => x.state === "Active" || x.state === "Defaulted");
        return v ? planRepay(m, v) : NOTHING;
      }
      case "clear": {
        const v = pickVoucher(m, o, canClear(m));
        return v ? planClear(m, v, o.page, CALLERS[o.caller]) : NOTHING;
      }
      case "claim": {
        const picked = pickToken(m, o, (v, t) => canClear(m)(v) && t.status === TokenStatus.Live && t.value > 0n);
        return picked ? planClaim(m, picked.v, picked.local, CALLERS[o.caller]) : NOTHING;
      }
      case "declareDefault": {
        const v = pickVoucher(m, o, (x) => x.state === "Active" && m.now >= x.maturity + GRACE);
        return v ? planDefault(m, v, CALLERS[o.caller]) : NOTHING;
      }
      case "advance":
        return NOTHING;
    }
  }

  // ───────────────────────────── running and comparing ─────────────────────────────

  /** Sends planned transactions in one block at the model's time and checks every outcome. */
  async function send(m: Model, planned: Planned): Promise<void> {
    if (planned.requests.length === 0) return;
    const outcomes = await w.d.sender.sendBlock(planned.requests, { timestamp: m.now });
    outcomes.forEach((outcome, i) => checkOutcome(m, outcome, planned.expect[i]));
  }

  async function step(m: Model, o: Op): Promise<void> {
    if (o.kind !== "advance") return send(m, plan(m, o));
    m.now += BigInt(o.days) * DAY + BigInt(o.seconds);
    await w.d.sender.mine(m.now);
  }

  function checkOutcome(m: Model, outcome: TxOutcome, e: Expectation): void {
    const what = outcome.request.label ?? "a transaction";
    if (!e.ok) {
      expect(outcome.ok, `${what} should have reverted with ${e.error}`).toBe(false);
      expect(outcome.revert?.name, what).toBe(e.error);
      for (const [name, value] of Object.entries(e.args ?? {})) {
        expect(normalize(outcome.revert?.args[name]), `${what}: ${e.error}.${name}`).toEqual(normalize(value));
      }
      return;
    }
    expect(outcome.ok, `${what} reverted with ${outcome.revert && formatRevert(outcome.revert)}`).toBe(true);
    // the payments are exactly the predicted ones: each token's value to its holder
    const paid = w.events([outcome], "VoucherTokenPaid").map((p) => ({
      tokenId: p.args.tokenId as bigint,
      holder: key(p.args.holder as string),
      amount: p.args.amount as bigint,
    }));
    expect(paid, what).toEqual(e.payments.map((p) => ({ ...p, holder: key(p.holder) })));
    for (const p of paid) {
      const t = m.vouchers[Number(p.tokenId >> 32n) - 1].tokens[Number(p.tokenId & 0xffffffffn) - 1];
      t.paid++;
      expect(t.paid, `token ${p.tokenId} paid more than once`).toBe(1);
    }
  }

  /** The chain equals the model, and the invariants hold on chain data alone. */
  async function compare(m: Model): Promise<void> {
    const { vouchers, ecny, financing } = w.d.contracts;
    expect(await w.now()).toBe(m.now);
    expect(await vouchers.voucherCount()).toBe(BigInt(m.vouchers.length));
    expect(await financing.requestCount()).toBe(m.requests);
    const views = await Promise.all(
      m.vouchers.map((v) => Promise.all([vouchers.voucherOf(v.slot), vouchers.tokensOfVoucher(v.slot, 0n, 1_000n)])),
    );
    m.vouchers.forEach((v, i) => {
      const [view, tokens] = views[i];
      const where = `voucher ${v.slot}`;
      expect([view.status, view.face, view.maturity, view.tokenCount, view.cleared, view.clearCursor], where).toEqual([
        viewStatus(v, m.now),
        v.face,
        v.maturity,
        BigInt(v.tokens.length),
        v.cleared,
        v.cursor,
      ]);
      const parentId = (t: MToken) => (t.parent === 0n ? 0n : tokenIdOf(v.slot, t.parent));
      expect(
        tokens.map((t) => [key(t.owner), t.value, t.tier, t.parentTokenId, t.status]),
        where,
      ).toEqual(v.tokens.map((t) => [key(t.owner), t.value, t.tier, parentId(t), t.status]));

      // from chain data alone: Σ live token values + Σ cleared == face
      const live = tokens
        .filter((t) => t.status !== TokenStatus.Merged && t.status !== TokenStatus.Cleared)
        .reduce((sum, t) => sum + t.value, 0n);
      expect(live + view.cleared, `${where}: live + cleared == face`).toBe(view.face);
      // lineage: a tree rooted at token 1, every parent an earlier token of the same voucher
      tokens.forEach((t, k) => {
        if (k === 0) {
          expect([t.parentTokenId, t.tier], `${where}: root`).toEqual([0n, 1n]);
          return;
        }
        expect(t.parentTokenId >> 32n, `${where}: parent in the voucher`).toBe(v.slot);
        const parentLocal = Number(t.parentTokenId & 0xffffffffn);
        expect(parentLocal >= 1 && parentLocal <= k, `${where}: parent ${parentLocal} before ${k + 1}`).toBe(true);
        const parentTier = tokens[parentLocal - 1].tier;
        expect(t.tier === parentTier || t.tier === parentTier + 1n, `${where}: tier`).toBe(true);
      });
      // nothing but clearing after maturity: the values seen at maturity never change
      const values = tokens.map((t) => t.value);
      if (m.now >= v.maturity) {
        v.valuesAtMaturity ??= values;
        expect(values, `${where}: values after maturity`).toEqual(v.valuesAtMaturity);
      }
    });
    const parties = [...m.balances.keys()];
    const balances = await Promise.all(parties.map((a) => ecny.balanceOf(a)));
    expect(Object.fromEntries(parties.map((a, i) => [a, balances[i]])), "e-CNY balances").toEqual(
      Object.fromEntries(m.balances),
    );
  }

  /**
   * Past the last maturity and its grace period: members declare some unpaid vouchers defaulted, the payer
   * repays every unpaid one (late), members claim some tokens and clear the rest in pages (all chosen by
   * `settleSeed`); then every token with value was paid exactly once.
   */
  async function settle(m: Model, settleSeed: number): Promise<void> {
    const last = m.vouchers.reduce((max, v) => (v.maturity + GRACE > max ? v.maturity + GRACE : max), m.now);
    await step(m, { kind: "advance", days: 0, seconds: Number(last - m.now) });
    const member = (n: number) => CALLERS[n % MEMBER_CALLERS];
    for (const [index, v] of m.vouchers.entries()) {
      // nothing moves after maturity: a split and a financing of a piece that could move before are refused
      const piece = v.tokens.findIndex((t) => t.status === TokenStatus.Live && t.value >= MIN_SPLIT_UNIT) + 1;
      if (v.state === "Active" && piece > 0) {
        const owner = key(v.tokens[piece - 1].owner);
        const to = HOLDERS.map(addr).find((a) => key(a) !== owner)!;
        const financier = FINANCIERS.map(addr).find((a) => key(a) !== owner)!;
        await send(m, planSplit(m, v, piece, to, MIN_SPLIT_UNIT));
        await send(m, planFinance(m, v, piece, financier, 365, MIN_SPLIT_UNIT));
      }
      if (v.state === "Active" && ((settleSeed >> (index % 16)) & 1) === 1) {
        await send(m, planDefault(m, v, member(settleSeed + index)));
      }
      if (v.state === "Active" || v.state === "Defaulted") await send(m, planRepay(m, v));
      for (const [i, t] of v.tokens.entries()) {
        const claimIt = ((settleSeed >> (i % 16)) & 1) === 1;
        if (claimIt && t.status === TokenStatus.Live && t.value > 0n) {
          await send(m, planClaim(m, v, i + 1, member(settleSeed + i)));
        }
      }
      const page = 1 + (settleSeed % 4);
      for (let pages = 0; v.state === "Repaid"; pages++) {
        expect(pages, `voucher ${v.slot} still not cleared`).toBeLessThanOrEqual(v.tokens.length);
        await send(m, planClear(m, v, page, member(settleSeed + pages)));
      }
    }
    await compare(m);
    for (const v of m.vouchers) {
      expect(v.state, `voucher ${v.slot}`).toBe("Cleared");
      for (const [i, t] of v.tokens.entries()) {
        const payable = t.value > 0n && t.status !== TokenStatus.Merged;
        expect(t.paid, `payments of token ${i + 1} of voucher ${v.slot}`).toBe(payable ? 1 : 0);
      }
    }
    expect(await w.d.contracts.ecny.balanceOf(ledger()), "the ledger keeps nothing").toBe(0n);
  }

  it("keeps tokens, values and payments equal to the model under random operation", async () => {
    await fc.assert(
      fc.asyncProperty(
        // every sequence starts with two vouchers, so that the other operations have something to act on
        fc.tuple(issue, issue, fc.array(op, { minLength: STEPS - 2, maxLength: STEPS - 2 })),
        fc.nat({ max: 0xffff }),
        async ([first, second, rest], settleSeed) => {
          await restore();
          const m = await freshModel();
          for (const o of [first, second, ...rest]) {
            await step(m, o);
            await compare(m);
          }
          await settle(m, settleSeed);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    // the runs reached what the properties are about
    for (const [what, count] of Object.entries(coverage)) expect(count, what).toBeGreaterThan(0);
  });
});
