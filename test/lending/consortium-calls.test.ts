import { ZeroAddress, type BaseContract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TxOutcome } from "../../src/chain/sender.js";
import {
  DAY,
  Kind,
  Purpose,
  SHARES_4321,
  approveLoanBook,
  lendingWorld,
  productParams,
  theEvent,
  yuan,
  type LendingWorld,
} from "./lending-world.js";

/**
 * Every external call frame costs EDR more mining time than a storage write, so each hot path of the
 * lending contracts asks the Consortium at most once per transaction (one `context` call for the members it
 * checks and the time, which it hands on to the registry). Counted from the transactions' own traces, by
 * calling contract (the e-CNY contract's calls are its own business and not counted here).
 */

const START = new Date("2026-03-02T04:00:00Z");
const PEAR = {
  name: "梨果保",
  purpose: Purpose.Agricultural,
  secured: true,
  ltvBps: 6_000,
  rateBps: 435,
  termDays: 365,
  graceDays: 30,
  shares: SHARES_4321,
  minPrincipal: yuan(10_000n),
  maxPrincipal: yuan(3_000_000n),
};
const POTATO = { ...PEAR, name: "薯业通", secured: false, minPrincipal: yuan(1_000n), maxPrincipal: yuan(500_000n) };

interface StructLog {
  op: string;
  depth: number;
  stack: string[];
}

describe("the lending contracts ask the Consortium at most once per transaction", () => {
  let w: LendingWorld;
  let day0: bigint;
  const at = (day: number) => day0 + BigInt(day) * DAY;
  const names = new Map<string, string>();

  /** Calls to the Consortium in a mined transaction, by the name of the calling contract. */
  async function consortiumCalls(outcome: TxOutcome): Promise<Record<string, number>> {
    const consortium = (w.d.contracts.consortium.target as string).toLowerCase();
    const { structLogs } = (await w.chain.rpc.request({
      method: "debug_traceTransaction",
      params: [outcome.hash, { disableMemory: true, disableStorage: true }],
    })) as { structLogs: StructLog[] };
    const tx = await w.chain.provider.getTransaction(outcome.hash);
    const frames = [tx!.to!.toLowerCase()]; // the executing contract of each call depth
    const calls: Record<string, number> = {};
    structLogs.forEach((log, i) => {
      const next = structLogs[i + 1];
      if (["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"].includes(log.op)) {
        const target = `0x${BigInt(log.stack[log.stack.length - 2])
          .toString(16)
          .padStart(40, "0")}`;
        const caller = frames[frames.length - 1];
        if (target === consortium) {
          const name = names.get(caller) ?? caller;
          calls[name] = (calls[name] ?? 0) + 1;
        }
        if (next && next.depth === log.depth + 1) frames.push(log.op === "DELEGATECALL" ? caller : target);
      } else if (next && next.depth < log.depth) {
        frames.pop();
      }
    });
    delete calls.ECNY;
    return calls;
  }

  async function send(time: bigint, contract: BaseContract, from: string, method: string, args: unknown[]) {
    const outcome = await w.mustAt(time, contract, from, method, args);
    return { outcome, calls: await consortiumCalls(outcome) };
  }

  beforeAll(async () => {
    w = await lendingWorld(START);
    day0 = await w.now();
    const { loans, registry, ecny } = w.d.contracts;
    names.set((loans.target as string).toLowerCase(), "LoanBook");
    names.set((registry.target as string).toLowerCase(), "PropertyRegistry");
    names.set((ecny.target as string).toLowerCase(), "ECNY");
  });
  afterAll(() => w?.chain.close());

  it("counts one call on every hot path, and a second only the first time a system contract places a lien", async () => {
    const { loans, registry: rights } = w.d.contracts;
    const [coop, bank, reg, appraiser, feed, merchant, guarantor, logistics, distributor] = [
      "pear-coop",
      "rural-bank",
      "registry",
      "appraiser",
      "data-feed",
      "merchant",
      "guarantor",
      "logistics",
      "distributor",
    ].map(w.a);
    const book = { LoanBook: 1 };
    const reg1 = { PropertyRegistry: 1 };

    const land = (certificate: string) =>
      send(at(0), rights, reg, "register", [
        Kind.LandManagement,
        certificate,
        "雄县",
        "大营村",
        12_000n,
        at(-365),
        at(30 * 365),
        coop,
      ]);
    const first = await land("冀(2026)雄县农村土地经营权第000001号");
    expect(first.calls).toEqual(reg1);
    const r1 = theEvent(w, first.outcome, "RightRegistered").rightId as bigint;
    const second = await land("冀(2026)雄县农村土地经营权第000002号");
    const r2 = theEvent(w, second.outcome, "RightRegistered").rightId as bigint;
    const receipt = await send(at(0), rights, logistics, "register", [
      Kind.WarehouseReceipt,
      "TS-WR-0001",
      "唐山市路北区",
      "钢材物流园3号库",
      50_000n,
      at(0),
      at(365),
      distributor,
    ]);
    expect(receipt.calls).toEqual(reg1);
    for (const right of [r1, r2]) {
      const appraised = await send(at(0), rights, appraiser, "appraise", [right, yuan(2_000_000n), at(3 * 365)]);
      expect(appraised.calls).toEqual(reg1);
    }
    const pear = theEvent(
      w,
      await w.mustAt(at(0), loans, bank, "createProduct", [productParams(PEAR)]),
      "ProductCreated",
    ).productId as bigint;
    const potato = theEvent(
      w,
      await w.mustAt(at(0), loans, bank, "createProduct", [productParams(POTATO)]),
      "ProductCreated",
    ).productId as bigint;

    // applyForLoan: secured and guaranteed, unsecured, secured alone.
    const applications: [bigint, bigint, bigint, string][] = [
      [pear, yuan(1_000_000n), r1, guarantor],
      [potato, yuan(100_000n), 0n, ZeroAddress],
      [pear, yuan(100_000n), r2, ZeroAddress],
    ];
    const ids: bigint[] = [];
    for (const args of applications) {
      const applied = await send(at(0), loans, coop, "applyForLoan", args);
      expect(applied.calls).toEqual(book);
      ids.push(theEvent(w, applied.outcome, "LoanApplied").loanId as bigint);
    }
    const [guaranteed, unsecured, pledged] = ids;
    expect((await send(at(0), loans, guarantor, "approveGuarantee", [guaranteed])).calls).toEqual(book);

    // approveAndDisburse: the registry checks a lien placer with the Consortium once, then remembers it.
    const firstLien = await send(at(0), loans, bank, "approveAndDisburse", [guaranteed]);
    expect(firstLien.calls).toEqual({ LoanBook: 1, PropertyRegistry: 1 });
    expect((await send(at(0), loans, bank, "approveAndDisburse", [unsecured])).calls).toEqual(book);
    expect((await send(at(0), loans, bank, "approveAndDisburse", [pledged])).calls).toEqual(book);

    // repay: part of an Active loan; all of one, which lifts its lien.
    expect((await send(at(10), loans, coop, "repay", [guaranteed, yuan(1_000n)])).calls).toEqual(book);
    await w.mineAt(at(20));
    const [principal, interest] = await loans.owed(pledged);
    const repaid = await send(at(20), loans, coop, "repay", [pledged, principal + interest]);
    expect(repaid.calls).toEqual(book);
    expect(w.events(repaid.outcome).map((e) => e.name)).toContain("LienReleased");

    // postWeeklySales: a first week, a fallen one, and the second fallen one that grants grace.
    const weeks: [bigint, bigint][] = [
      [1n, yuan(10_000n)],
      [2n, yuan(1_000n)],
      [3n, yuan(1_000n)],
    ];
    for (const [week, sales] of weeks) {
      const posted = await send(at(21 + 7 * Number(week)), loans, feed, "postWeeklySales", [coop, week, sales]);
      expect(posted.calls).toEqual(book);
    }
    expect(await loans.graceUntil(coop)).toBeGreaterThan(0n);

    // declareDefault, a repayment of a Defaulted loan, dispose, callGuarantee and writeOff.
    await approveLoanBook(w, at(43), [guarantor, w.a("provincial-reguarantor"), w.a("national-fund"), merchant]);
    expect((await send(at(400), loans, bank, "declareDefault", [guaranteed])).calls).toEqual(book);
    expect((await send(at(400), loans, bank, "declareDefault", [unsecured])).calls).toEqual(book);
    expect((await send(at(401), loans, coop, "repay", [unsecured, yuan(1_000n)])).calls).toEqual(book);
    const disposed = await send(at(401), loans, bank, "dispose", [guaranteed, merchant, yuan(300_000n)]);
    expect(disposed.calls).toEqual(book);
    expect(await rights.ownerOf(r1)).toBe(merchant);
    expect((await send(at(402), loans, bank, "callGuarantee", [guaranteed])).calls).toEqual(book);
    expect((await send(at(402), loans, bank, "writeOff", [unsecured])).calls).toEqual(book);
  });
});
