import { keccak256, toUtf8Bytes, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParticipantSpec } from "../../src/chain/cast.js";
import { createInProcessChain, type Chain } from "../../src/chain/connect.js";
import { deployConsortium, type Deployment } from "../../src/chain/deploy.js";
import { txOf } from "../../src/chain/handles.js";
import { ChainRevertError } from "../../src/chain/revert.js";
import { ROLES, type RoleName } from "../../src/domain/roles.js";

/**
 * Every state-changing function of the foundation contracts × every role and a non-member:
 * each call either succeeds or reverts with the expected custom error. Calls are simulated
 * (eth_call) against one prepared state, so no cell affects another.
 */
const ROLE_NAMES = ROLES.slice(1) as RoleName[];
const HOLDERS = ROLE_NAMES.filter((r) => r !== "Regulator");
const CAP = 10_000_000_000n;
const REF = keccak256(toUtf8Bytes("waybill 1"));
const actorId = (role: RoleName) => `actor-${role}`;

type Caller = RoleName | "NonMember";
type Expectation = "ok" | string;
type Rule = (caller: Caller) => Expectation;

const operatorOnly: Rule = (c) => (c === "PlatformOperator" ? "ok" : "ConsortiumNotOperator");
const roleGuarded =
  (...allowed: RoleName[]): Rule =>
  (c) =>
    c === "NonMember" ? "MemberNotActive" : allowed.includes(c) ? "ok" : "MemberRoleNotAllowed";
const holders: Rule = roleGuarded(...HOLDERS);
const walletHolders: Rule = (c) => (c === "NonMember" || c === "Regulator" ? "ECNYNoWallet" : "ok");
/** Allowances: only an active member gives one (then it needs a wallet, as for any movement). */
const allowanceGivers: Rule = (c) => (c === "NonMember" ? "MemberNotActive" : walletHolders(c));

/** Who spends an owner's voucher approval, and what the ledger answers. */
const SPENDERS = {
  NonMember: "MemberNotActive",
  Regulator: "MemberRoleNotAllowed",
  SuspendedMember: "MemberNotActive",
  ActiveMember: "ok",
} as const;
type Spender = keyof typeof SPENDERS;
const SPENDER_NAMES = Object.keys(SPENDERS) as Spender[];
/** ¥100,000 vouchers; each spender tries to split ¥10,000 off (fen). */
const VOUCHER_FACE = 10_000_000n;
const SPLIT = 1_000_000n;

describe("the role matrix of the foundation contracts", () => {
  let chain: Chain;
  let d: Deployment;
  const nonMember = new Wallet(keccak256(toUtf8Bytes("non-member"))).address;
  const newcomer = new Wallet(keccak256(toUtf8Bytes("newcomer"))).address;
  const unregistered = new Wallet(keccak256(toUtf8Bytes("system-to-be"))).address;
  let matrix: { fn: string; rule: Rule; request: (from: string, caller: Caller) => ReturnType<typeof txOf> }[];
  /** What an owner granted over which token, each to every spender; the moves a spender tries with it. */
  let grants: {
    grant: string;
    owner: string;
    tokenOf: (s: Spender) => bigint;
    moves: ("split" | "transferValue" | "transferToken")[];
  }[];
  let spenderOf: (s: Spender) => string;
  let receiver: string;

  beforeAll(async () => {
    chain = await createInProcessChain({ automine: false, startTime: new Date("2026-01-01T00:00:00Z") });
    const corporate = { category: "Corporate" as const, caps: { perPayment: CAP, daily: CAP, balance: CAP } };
    const specs: ParticipantSpec[] = ROLE_NAMES.map((role) => ({
      id: actorId(role),
      name: role,
      role,
      wallet: role === "Regulator" ? undefined : corporate,
      initialFen: role === "Regulator" ? undefined : 1_000_000n,
      quotaFen: role === "OperatorBank" ? CAP : undefined,
    }));
    specs.push(
      { id: "suspended", name: "suspended member", role: "Supplier" },
      { id: "frozen", name: "frozen wallet", role: "Supplier", wallet: corporate },
      { id: "no-wallet", name: "member without wallet", role: "Merchant" },
    );
    d = await deployConsortium(chain, specs);
    const a = (role: RoleName) => d.cast.get(actorId(role)).address;
    const { consortium, ecny, escrow } = d.contracts;
    const op = a("PlatformOperator");
    const now = await consortium.currentTime();
    const prep = await d.sender.sendBlock([
      txOf(consortium, op, "suspend", [d.cast.get("suspended").address]),
      txOf(consortium, op, "registerSystemContract", [unregistered, "to be opened"]),
      txOf(ecny, a("OperatorBank"), "freeze", [d.cast.get("frozen").address]),
      // order 1 stays open, order 2 and schedule 1 fall due
      txOf(escrow, a("Distributor"), "lockForDelivery", [a("Merchant"), 100n, REF, now + 86_400n, a("Logistics")]),
      txOf(escrow, a("Distributor"), "lockForDelivery", [a("Merchant"), 100n, REF, now + 10n, a("Logistics")]),
      txOf(escrow, a("Distributor"), "schedulePayment", [a("Merchant"), 100n, now + 10n, REF]),
      ...[...ROLE_NAMES.map(a), nonMember].map((spender) => txOf(ecny, a("Supplier"), "approve", [spender, 1_000n])),
    ]);
    expect(prep.every((o) => o.ok)).toBe(true);
    await d.sender.mine(now + 100n);

    // Voucher approvals: four ¥100,000 vouchers to the supplier (one ERC-721 approval per token, one per
    // spender), one to the distributor (value allowances to every spender), one to the farmer (every
    // spender an operator of all its tokens).
    const { vouchers } = d.contracts;
    const spenders: Record<Spender, string> = {
      NonMember: nonMember,
      Regulator: a("Regulator"),
      SuspendedMember: d.cast.get("suspended").address,
      ActiveMember: a("Merchant"),
    };
    spenderOf = (s) => spenders[s];
    receiver = a("Logistics");
    const block = async (requests: ReturnType<typeof txOf>[]) => {
      const outcomes = await d.sender.sendBlock(requests);
      expect(outcomes.filter((o) => !o.ok).map((o) => `${o.request.label}: ${o.revert?.name}`)).toEqual([]);
    };
    const payees = [...SPENDER_NAMES.map(() => a("Supplier")), a("Distributor"), a("Farmer")];
    const maturity = now + 90n * 86_400n;
    const firstSlot = (await vouchers.voucherCount()) + 1n;
    const token = (i: number) => ((firstSlot + BigInt(i)) << 32n) | 1n;
    await block([txOf(vouchers, a("OperatorBank"), "setCreditLine", [a("CoreEnterprise"), CAP])]);
    await block(
      payees.map((payee, i) =>
        txOf(vouchers, a("CoreEnterprise"), "issue", [
          payee,
          VOUCHER_FACE,
          maturity,
          keccak256(toUtf8Bytes(`trade ${i}`)),
        ]),
      ),
    );
    await block(payees.map((payee, i) => txOf(vouchers, payee, "acceptIssuance", [firstSlot + BigInt(i)])));
    await block([
      ...SPENDER_NAMES.map((s, i) =>
        txOf(vouchers, a("Supplier"), "approve(address,uint256)", [spenders[s], token(i)]),
      ),
      ...SPENDER_NAMES.map((s) =>
        txOf(vouchers, a("Distributor"), "approve(uint256,address,uint256)", [token(4), spenders[s], VOUCHER_FACE]),
      ),
      ...SPENDER_NAMES.map((s) => txOf(vouchers, a("Farmer"), "setApprovalForAll", [spenders[s], true])),
    ]);
    grants = [
      {
        grant: "ERC-721 approval",
        owner: a("Supplier"),
        tokenOf: (s) => token(SPENDER_NAMES.indexOf(s)),
        moves: ["split", "transferValue", "transferToken"],
      },
      { grant: "ERC-3525 value allowance", owner: a("Distributor"), tokenOf: () => token(4), moves: ["split"] },
      {
        grant: "ERC-721 operator",
        owner: a("Farmer"),
        tokenOf: () => token(5),
        moves: ["split", "transferValue", "transferToken"],
      },
    ];

    const target = (c: Caller) => (c === "Supplier" ? a("Merchant") : a("Supplier"));
    matrix = [
      { fn: "Consortium.admit", rule: operatorOnly, request: (f) => txOf(consortium, f, "admit", [newcomer, 5, "x"]) },
      { fn: "Consortium.suspend", rule: operatorOnly, request: (f) => txOf(consortium, f, "suspend", [a("Merchant")]) },
      {
        fn: "Consortium.reinstate",
        rule: operatorOnly,
        request: (f) => txOf(consortium, f, "reinstate", [d.cast.get("suspended").address]),
      },
      { fn: "Consortium.remove", rule: operatorOnly, request: (f) => txOf(consortium, f, "remove", [a("Merchant")]) },
      {
        fn: "Consortium.registerSystemContract",
        rule: operatorOnly,
        request: (f) => txOf(consortium, f, "registerSystemContract", [newcomer, "x"]),
      },
      {
        fn: "Consortium.advanceClock",
        rule: (c) => (c === "PlatformOperator" ? "ConsortiumClockFixed" : "ConsortiumNotOperator"),
        request: (f) => txOf(consortium, f, "advanceClock", [1n]),
      },
      {
        fn: "ECNY.setQuota",
        rule: roleGuarded("CentralBank"),
        request: (f) => txOf(ecny, f, "setQuota", [a("OperatorBank"), CAP]),
      },
      {
        fn: "ECNY.setCategoryCaps",
        rule: roleGuarded("CentralBank"),
        request: (f) => txOf(ecny, f, "setCategoryCaps", [1, 100n, 200n, 300n]),
      },
      {
        fn: "ECNY.openWallet",
        rule: roleGuarded("OperatorBank"),
        request: (f) => txOf(ecny, f, "openWallet", [d.cast.get("no-wallet").address, 2]),
      },
      {
        fn: "ECNY.openCorporateWallet",
        rule: roleGuarded("OperatorBank"),
        request: (f) => txOf(ecny, f, "openCorporateWallet", [d.cast.get("no-wallet").address, 1n, 1n, 1n]),
      },
      {
        fn: "ECNY.setCorporateCaps",
        rule: roleGuarded("OperatorBank"),
        request: (f) => txOf(ecny, f, "setCorporateCaps", [a("Supplier"), 1n, 1n, CAP]),
      },
      {
        fn: "ECNY.freeze",
        rule: roleGuarded("OperatorBank"),
        request: (f) => txOf(ecny, f, "freeze", [a("Supplier")]),
      },
      {
        fn: "ECNY.unfreeze",
        rule: roleGuarded("OperatorBank"),
        request: (f) => txOf(ecny, f, "unfreeze", [d.cast.get("frozen").address]),
      },
      {
        fn: "ECNY.issue",
        rule: roleGuarded("OperatorBank"),
        request: (f) => txOf(ecny, f, "issue", [a("Supplier"), 1n]),
      },
      {
        fn: "ECNY.openSystemWallet",
        rule: roleGuarded("PlatformOperator"),
        request: (f) => txOf(ecny, f, "openSystemWallet", [unregistered]),
      },
      { fn: "ECNY.redeem", rule: walletHolders, request: (f) => txOf(ecny, f, "redeem", [1n]) },
      { fn: "ECNY.transfer", rule: walletHolders, request: (f, c) => txOf(ecny, f, "transfer", [target(c), 1n]) },
      { fn: "ECNY.approve", rule: allowanceGivers, request: (f) => txOf(ecny, f, "approve", [a("Merchant"), 1n]) },
      {
        fn: "ECNY.transferFrom",
        rule: holders,
        request: (f) => txOf(ecny, f, "transferFrom", [a("Supplier"), a("Merchant"), 1n]),
      },
      {
        fn: "ECNY.systemTransferFrom",
        rule: () => "ECNYNotSystemContract",
        request: (f) => txOf(ecny, f, "systemTransferFrom", [a("Supplier"), a("Merchant"), 1n]),
      },
      {
        fn: "ECNY.distribute",
        rule: () => "ECNYNotSystemContract",
        request: (f) => txOf(ecny, f, "distribute", [[a("Merchant")], [1n]]),
      },
      {
        fn: "PaymentEscrow.lockForDelivery",
        rule: holders,
        request: (f, c) =>
          txOf(escrow, f, "lockForDelivery", [target(c), 1n, REF, now + 10n * 86_400n, a("Logistics")]),
      },
      {
        fn: "PaymentEscrow.confirmDelivery",
        rule: (c) => (c === "Logistics" ? "ok" : "EscrowNotOrderLogistics"),
        request: (f) => txOf(escrow, f, "confirmDelivery", [1n, REF]),
      },
      { fn: "PaymentEscrow.refund", rule: holders, request: (f) => txOf(escrow, f, "refund", [2n]) },
      {
        fn: "PaymentEscrow.schedulePayment",
        rule: holders,
        request: (f, c) => txOf(escrow, f, "schedulePayment", [target(c), 1n, now + 10n * 86_400n, REF]),
      },
      {
        fn: "PaymentEscrow.releaseScheduled",
        rule: holders,
        request: (f) => txOf(escrow, f, "releaseScheduled", [1n]),
      },
    ];
  });
  afterAll(() => chain.close());

  it("covers every state-changing function of the foundation ABIs", () => {
    const covered = new Set(matrix.map((m) => m.fn));
    for (const [name, contract] of Object.entries({
      Consortium: d.contracts.consortium,
      ECNY: d.contracts.ecny,
      PaymentEscrow: d.contracts.escrow,
    })) {
      contract.interface.forEachFunction((f) => {
        if (f.stateMutability !== "view" && f.stateMutability !== "pure") {
          expect(covered, `${name}.${f.name} is missing from the matrix`).toContain(`${name}.${f.name}`);
        }
      });
    }
  });

  it("lets every role do exactly what it may and refuses the rest with the expected error", async () => {
    const callers: Caller[] = [...ROLE_NAMES, "NonMember"];
    const mismatches: string[] = [];
    for (const row of matrix) {
      for (const caller of callers) {
        const from = caller === "NonMember" ? nonMember : d.cast.get(actorId(caller)).address;
        const expected = row.rule(caller);
        let actual = "ok";
        try {
          await d.sender.simulate(row.request(from, caller));
        } catch (error) {
          if (!(error instanceof ChainRevertError)) throw error;
          actual = error.revert.name;
        }
        if (actual !== expected) mismatches.push(`${row.fn} by ${caller}: expected ${expected}, got ${actual}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("lets a voucher approval be spent only by an active member of a holder role", async () => {
    const { vouchers } = d.contracts;
    const mismatches: string[] = [];
    let tried = 0;
    for (const g of grants) {
      for (const spender of SPENDER_NAMES) {
        const from = spenderOf(spender);
        const tokenId = g.tokenOf(spender);
        const requests = {
          split: txOf(vouchers, from, "split", [tokenId, receiver, SPLIT]),
          transferValue: txOf(vouchers, from, "transferFrom(uint256,address,uint256)", [tokenId, receiver, SPLIT]),
          transferToken: txOf(vouchers, from, "transferFrom(address,address,uint256)", [g.owner, receiver, tokenId]),
        };
        for (const move of g.moves) {
          tried += 1;
          const expected = SPENDERS[spender];
          let actual = "ok";
          try {
            await d.sender.simulate(requests[move]);
          } catch (error) {
            if (!(error instanceof ChainRevertError)) throw error;
            actual = error.revert.name;
            // the refusal names the spender, not the owner or the receiver
            const account = String(error.revert.args.account ?? "").toLowerCase();
            if (account !== from.toLowerCase()) actual += ` of ${account}`;
          }
          if (actual !== expected)
            mismatches.push(`${move} by ${spender} with an ${g.grant}: expected ${expected}, got ${actual}`);
        }
      }
    }
    expect(tried).toBe(SPENDER_NAMES.length * 7);
    expect(mismatches).toEqual([]);
  });
});
