import { ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { txOf } from "../../src/chain/handles.js";
import { ChainRevertError } from "../../src/chain/revert.js";
import type { TxRequest } from "../../src/chain/sender.js";
import {
  accrue,
  applyPayment,
  guaranteeFeeFen,
  instalments,
  maxPrincipalFen,
  type LoanBalance,
} from "../../src/domain/loans.js";
import {
  DAY,
  Kind,
  Purpose,
  Reason,
  SHARES_4321,
  lendingWorld,
  productParams,
  theEvent,
  yuan,
  type LendingWorld,
  type ProductSpec,
} from "./lending-world.js";

/**
 * The Tangshan steel chain's loans on the same engine as the rural pledges: a micro-lender's
 * guaranteed working-capital loan, a lead bank's equipment loan repaid in instalments, and an
 * inventory pledge on a warehouse receipt. Amounts are predicted by src/domain/loans.ts.
 */

const START = new Date("2026-03-02T04:00:00Z"); // day 0, 12:00 in Beijing

/** 链融快贷: ¥50k–500k on platform data, 6%/yr, 180-day bullet, guaranteed at the customary 0.87%/yr. */
const MICRO: ProductSpec = {
  name: "链融快贷",
  purpose: Purpose.WorkingCapital,
  secured: false,
  rateBps: 600,
  termDays: 180,
  graceDays: 15,
  guaranteeFeeBps: 87,
  shares: { nationalBps: 0, provincialBps: 1_000, lenderBps: 2_000, guarantorBps: 7_000 },
  minPrincipal: yuan(50_000n),
  maxPrincipal: yuan(500_000n),
};
/** 设备焕新贷: ¥1–5 million equipment upgrade, 4.8%/yr Act/360, 4 quarterly instalments over 360 days. */
const EQUIPMENT: ProductSpec = {
  name: "设备焕新贷",
  purpose: Purpose.Equipment,
  secured: false,
  rateBps: 480,
  termDays: 360,
  act360: true,
  instalments: 4,
  graceDays: 10,
  shares: SHARES_4321,
  minPrincipal: yuan(1_000_000n),
  maxPrincipal: yuan(5_000_000n),
};
/** 仓单贷: inventory pledge on a warehouse receipt, 70% LTV, 4.35%/yr, 120-day bullet. */
const RECEIPT_LOAN: ProductSpec = {
  name: "仓单贷",
  purpose: Purpose.InventoryPledge,
  secured: true,
  ltvBps: 7_000,
  rateBps: 435,
  termDays: 120,
  graceDays: 10,
  minPrincipal: yuan(100_000n),
  maxPrincipal: yuan(2_000_000n),
};

async function refusal(w: LendingWorld, request: TxRequest) {
  try {
    await w.d.sender.simulate(request);
  } catch (error) {
    if (error instanceof ChainRevertError) return error.revert;
    throw error;
  }
  throw new Error(`${request.label} was not refused`);
}

describe("the steel chain's loans", () => {
  let w: LendingWorld;
  let day0: bigint;
  const at = (day: number, seconds = 0n) => day0 + BigInt(day) * DAY + seconds;
  /** Each scenario starts on its own day 0, a day after the previous one ended. */
  const newDay0 = async () => {
    day0 = (await w.now()) + DAY;
  };
  const balance = (id: string) => w.d.contracts.ecny.balanceOf(w.a(id));
  let supplyBefore: bigint;

  beforeAll(async () => {
    w = await lendingWorld(START);
    supplyBefore = await w.d.contracts.ecny.totalSupply();
  });
  afterAll(() => w?.chain.close());

  /** Publishes a product and returns its id. */
  const publish = async (time: bigint, lender: string, spec: ProductSpec) =>
    theEvent(
      w,
      await w.mustAt(time, w.d.contracts.loans, w.a(lender), "createProduct", [productParams(spec)]),
      "ProductCreated",
    ).productId as bigint;
  /** A borrower applies and returns the loan id. */
  const apply = async (
    time: bigint,
    borrower: string,
    productId: bigint,
    principal: bigint,
    rightId = 0n,
    guarantor = ZeroAddress,
  ) =>
    theEvent(
      w,
      await w.mustAt(time, w.d.contracts.loans, w.a(borrower), "applyForLoan", [
        productId,
        principal,
        rightId,
        guarantor,
      ]),
      "LoanApplied",
    ).loanId as bigint;

  it("lends a scrap recycler ¥300,000 unsecured, guaranteed, with the 0.87% fee collected at disbursement", async () => {
    await newDay0();
    const { loans } = w.d.contracts;
    const micro = await publish(at(0), "micro-lender", MICRO);
    // Micro-loans are ¥50k–500k: ¥600,000 is refused at application.
    const big = await refusal(
      w,
      txOf(loans, w.a("scrap-recycler"), "applyForLoan", [micro, yuan(600_000n), 0n, ZeroAddress]),
    );
    expect(big.name).toBe("LoanBookPrincipalOutOfBounds");

    const guarantor = w.a("guarantor");
    const loanId = await apply(at(0), "scrap-recycler", micro, yuan(300_000n), 0n, guarantor);
    // Without the guarantor's approval there is no disbursement.
    expect((await refusal(w, txOf(loans, w.a("micro-lender"), "approveAndDisburse", [loanId]))).name).toBe(
      "LoanBookGuaranteeNotApproved",
    );
    await w.mustAt(at(0), loans, guarantor, "approveGuarantee", [loanId]);

    // fee = round(300,000 × 0.87% × 180 / 365) = ¥1,287.12
    const fee = guaranteeFeeFen(yuan(300_000n), 87, 180);
    expect(fee).toBe(128_712n);
    const before = await Promise.all(["micro-lender", "scrap-recycler", "guarantor"].map(balance));
    const disbursed = await w.mustAt(at(0, 60n), loans, w.a("micro-lender"), "approveAndDisburse", [loanId]);
    const after = await Promise.all(["micro-lender", "scrap-recycler", "guarantor"].map(balance));
    expect(after.map((b, i) => b - before[i])).toEqual([-yuan(300_000n), yuan(300_000n) - fee, fee]);
    const event = theEvent(w, disbursed, "LoanDisbursed");
    expect([event.principal, event.guaranteeFee, event.maturity]).toEqual([yuan(300_000n), fee, at(180, 60n)]);
    expect((await loans.loanOf(loanId)).guaranteeFee).toBe(fee);

    // At maturity the recycler repays principal and 180 days of interest.
    const due = accrue({ outstanding: yuan(300_000n), interest: 0n, accruedAt: at(0, 60n) }, at(180, 60n), 600, 365n);
    expect(due.interest).toBe(887_671n); // ¥8,876.71 = round(300,000 × 6% × 180 / 365)
    const lenderBefore = await balance("micro-lender");
    const repaid = await w.mustAt(at(180, 60n), loans, w.a("scrap-recycler"), "repay", [
      loanId,
      due.outstanding + due.interest,
    ]);
    const made = theEvent(w, repaid, "RepaymentMade");
    expect([made.interestPart, made.principalPart, made.outstanding]).toEqual([due.interest, due.outstanding, 0n]);
    expect(theEvent(w, repaid, "LoanRepaid").interestPaid).toBe(due.interest);
    expect(await balance("micro-lender")).toBe(lenderBefore + due.outstanding + due.interest);
  });

  it("lends a rolling mill ¥3,000,000 for equipment, repaid in 4 instalments on the schedule of loans.ts", async () => {
    await newDay0();
    const { loans } = w.d.contracts;
    const equipment = await publish(at(0), "lead-bank", EQUIPMENT);
    const principal = yuan(3_000_000n);
    const loanId = await apply(at(0), "rolling-mill", equipment, principal);
    await w.mustAt(at(0, 60n), loans, w.a("lead-bank"), "approveAndDisburse", [loanId]);
    const disbursedAt = at(0, 60n);

    const schedule = instalments(principal, 4, 360);
    expect(schedule).toEqual([
      { dueDay: 90, principal: yuan(750_000n) },
      { dueDay: 180, principal: yuan(750_000n) },
      { dueDay: 270, principal: yuan(750_000n) },
      { dueDay: 360, principal: yuan(750_000n) },
    ]);
    // Instalments 1, 3 and 4 on their due dates; instalment 2 five days late (inside the 10 grace days).
    const paidOnDay = [90, 185, 270, 360];
    let book: LoanBalance = { outstanding: principal, interest: 0n, accruedAt: disbursedAt };
    let cumulative = 0n;
    for (const [i, part] of schedule.entries()) {
      const dueAt = disbursedAt + BigInt(part.dueDay) * DAY;
      expect([...(await loans.nextDue(loanId))]).toEqual([dueAt, part.principal]);
      const now = at(paidOnDay[i], 60n);
      await w.mineAt(now);
      if (now > dueAt) {
        // Overdue but within the grace days: the bank may not declare a default yet.
        const early = await refusal(w, txOf(loans, w.a("lead-bank"), "declareDefault", [loanId]));
        expect(early.name).toBe("LoanBookNotInDefault");
        expect(early.args).toEqual({ loanId, dueAt, defaultableAfter: dueAt + 10n * DAY, nowTime: now });
      }
      book = accrue(book, now, EQUIPMENT.rateBps, 360n);
      expect([...(await loans.owed(loanId))]).toEqual([book.outstanding, book.interest]);
      const amount = book.interest + part.principal;
      const lenderBefore = await balance("lead-bank");
      const paid = await w.mustAt(now, loans, w.a("rolling-mill"), "repay", [loanId, amount]);
      const next = applyPayment(book, amount);
      const made = theEvent(w, paid, "RepaymentMade");
      expect([made.amount, made.interestPart, made.principalPart, made.outstanding]).toEqual([
        amount,
        book.interest,
        part.principal,
        next.outstanding,
      ]);
      expect(await balance("lead-bank")).toBe(lenderBefore + amount);
      book = next;
      cumulative += part.principal;
      expect(book.outstanding).toBe(principal - cumulative);
    }
    // Interest on the declining balance: 36,000 + 28,500 (95 days on 2.25m) + 17,000 (85 days) + 9,000 yuan.
    const loan = await loans.loanOf(loanId);
    expect(loan.status).toBe(5n); // Repaid
    expect(loan.interestPaid).toBe(yuan(36_000n + 28_500n + 17_000n + 9_000n));
    expect([...(await loans.nextDue(loanId))]).toEqual([0n, 0n]);
  });

  it("lends a distributor against a warehouse receipt registered by logistics, and frees the receipt on repayment", async () => {
    await newDay0();
    const { loans, registry } = w.d.contracts;
    const distributor = w.a("distributor");
    // 仓单: the port logistics company registers 500 t of rebar in its warehouse for the distributor.
    const registered = await w.mustAt(at(0), registry, w.a("logistics"), "register", [
      Kind.WarehouseReceipt,
      "WR-TS-2026-0042",
      "唐山市路北区",
      "钢材物流园3号库",
      500n * 100n,
      at(-1),
      at(365),
      distributor,
    ]);
    const receipt = theEvent(w, registered, "RightRegistered").rightId as bigint;
    await w.mustAt(at(0), registry, w.a("appraiser"), "appraise", [receipt, yuan(1_000_000n), at(180)]);

    // A receipt secures inventory pledges only.
    const farmLoan = await publish(at(0), "rural-bank", {
      ...RECEIPT_LOAN,
      name: "梨果保",
      purpose: Purpose.Agricultural,
    });
    const mismatch = await refusal(
      w,
      txOf(loans, distributor, "applyForLoan", [farmLoan, yuan(100_000n), receipt, ZeroAddress]),
    );
    expect(mismatch.name).toBe("LoanBookCollateralKindMismatch");
    expect(mismatch.args).toEqual({ productId: farmLoan, rightId: receipt, kind: BigInt(Kind.WarehouseReceipt) });

    const pledge = await publish(at(0), "lead-bank", RECEIPT_LOAN);
    const principal = maxPrincipalFen(yuan(1_000_000n), RECEIPT_LOAN.ltvBps!);
    expect(principal).toBe(yuan(700_000n));
    const loanId = await apply(at(0), "distributor", pledge, principal, receipt);
    const distributorBefore = await balance("distributor");
    const disbursed = await w.mustAt(at(0, 60n), loans, w.a("lead-bank"), "approveAndDisburse", [loanId]);
    expect(w.events(disbursed).map((e) => e.name)).toEqual(["LienPlaced", "Transfer", "LoanDisbursed"]);
    expect(await balance("distributor")).toBe(distributorBefore + principal);
    expect((await registry.lienOf(receipt)).loanId).toBe(loanId);

    // While pledged the goods cannot be released to anyone, not even by the warehouse.
    const release = await refusal(
      w,
      txOf(registry, w.a("logistics"), "transferByRegistry", [receipt, w.a("steel-group"), Reason.Circulation]),
    );
    expect(release.name).toBe("RegistryRightUnderLien");

    // The distributor sells the rebar and repays on day 120; the lien goes in the same transaction.
    const due = accrue({ outstanding: principal, interest: 0n, accruedAt: at(0, 60n) }, at(120, 60n), 435, 365n);
    const repaid = await w.mustAt(at(120, 60n), loans, distributor, "repay", [loanId, due.outstanding + due.interest]);
    expect(w.events(repaid).map((e) => e.name)).toEqual(["Transfer", "LienReleased", "RepaymentMade", "LoanRepaid"]);
    expect(await registry.hasLien(receipt)).toBe(false);
    // Now the warehouse may hand the goods (and the receipt) to the buyer.
    await w.mustAt(at(121), registry, w.a("logistics"), "transferByRegistry", [
      receipt,
      w.a("steel-group"),
      Reason.Circulation,
    ]);
    expect(await registry.ownerOf(receipt)).toBe(w.a("steel-group"));
  });

  it("moves money only between wallets: supply unchanged and the loan book empty", async () => {
    const { ecny, loans } = w.d.contracts;
    expect(await ecny.totalSupply()).toBe(supplyBefore);
    expect(await ecny.balanceOf(loans.target)).toBe(0n);
  });
});
