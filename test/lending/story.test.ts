import { ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { txOf } from "../../src/chain/handles.js";
import { ChainRevertError } from "../../src/chain/revert.js";
import { accrue, applyPayment, guaranteeFeeFen, maxPrincipalFen, splitLoss } from "../../src/domain/loans.js";
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
 * The pear cooperative's story (梨果保) through the chain layer only: 确权 → 评估 → 抵押 → 放款 →
 * 弹性还款 → 还款解押, then a guaranteed loan → 违约 → 处置 → "4321" risk sharing. Every amount is
 * predicted by src/domain/loans.ts and checked to the fen against what the chain did.
 */

const START = new Date("2026-03-02T04:00:00Z"); // day 0, 12:00 in Beijing
const CERTIFICATE = "冀(2026)雄县农村土地经营权第000123号";
const PEAR = {
  name: "梨果保",
  purpose: Purpose.Agricultural,
  secured: true,
  ltvBps: 6_000, // 60% loan-to-value
  rateBps: 435, // 4.35% a year, Act/365
  termDays: 365, // one season, all principal at maturity (bullet)
  graceDays: 30,
  guaranteeFeeBps: 87,
  shares: SHARES_4321,
  minPrincipal: yuan(10_000n),
  maxPrincipal: yuan(3_000_000n),
};

/** Revert name and args of a simulated call that must be refused. */
async function refusal(w: LendingWorld, request: Parameters<LendingWorld["d"]["sender"]["simulate"]>[0]) {
  try {
    await w.d.sender.simulate(request);
  } catch (error) {
    if (error instanceof ChainRevertError) return error.revert;
    throw error;
  }
  throw new Error(`${request.label} was not refused`);
}

describe("a pear cooperative borrows against its orchard", () => {
  let w: LendingWorld;
  let day0: bigint;
  const at = (day: number, seconds = 0n) => day0 + BigInt(day) * DAY + seconds;
  let coop: string, bank: string, registry: string, appraiser: string, dataFeed: string, merchant: string;
  let orchard: bigint, pear: bigint, loan1: bigint, loan2: bigint;
  let supplyBefore: bigint;
  let issuedByTest = 0n;

  beforeAll(async () => {
    w = await lendingWorld(START);
    day0 = await w.now();
    [coop, bank, registry, appraiser, dataFeed, merchant] = [
      "pear-coop",
      "rural-bank",
      "registry",
      "appraiser",
      "data-feed",
      "merchant",
    ].map(w.a);
    supplyBefore = await w.d.contracts.ecny.totalSupply();
  });
  afterAll(() => w?.chain.close());

  it("registers the orchard's land management right and has it valued at ¥2,000,000", async () => {
    const { registry: rights } = w.d.contracts;
    // 确权: the rural property exchange registers 120 mu of pear orchard for the cooperative, 30 years.
    const registered = await w.mustAt(at(0), rights, registry, "register", [
      Kind.LandManagement,
      CERTIFICATE,
      "雄县",
      "大营镇梨园村",
      120n * 100n,
      at(-365),
      at(30 * 365),
      coop,
    ]);
    orchard = theEvent(w, registered, "RightRegistered").rightId as bigint;
    expect(await rights.ownerOf(orchard)).toBe(coop);
    expect(await rights.rightIdOf(CERTIFICATE)).toBe(orchard);
    // 评估: the appraiser values it at ¥2,000,000 for a year.
    await w.mustAt(at(0), rights, appraiser, "appraise", [orchard, yuan(2_000_000n), at(365)]);
    const collateral = await rights.collateralOf(orchard);
    expect(collateral.holder).toBe(coop);
    expect(collateral.liened).toBe(false);
    expect(collateral.appraisalFen).toBe(yuan(2_000_000n));
  });

  it("lends ¥1,200,000 at 60% LTV: lien placed and e-CNY disbursed in one transaction", async () => {
    const { loans, registry: rights, ecny } = w.d.contracts;
    // The rural credit cooperative publishes 梨果保.
    const created = await w.mustAt(at(0), loans, bank, "createProduct", [productParams(PEAR)]);
    pear = theEvent(w, created, "ProductCreated").productId as bigint;
    const cap = maxPrincipalFen(yuan(2_000_000n), PEAR.ltvBps);
    expect(cap).toBe(yuan(1_200_000n));

    // One fen above the bound is refused at disbursement, with the facts.
    const tooMuch = await w.mustAt(at(0), loans, coop, "applyForLoan", [pear, cap + 1n, orchard, ZeroAddress]);
    const tooMuchId = theEvent(w, tooMuch, "LoanApplied").loanId as bigint;
    const above = await refusal(w, txOf(loans, bank, "approveAndDisburse", [tooMuchId]));
    expect(above.name).toBe("LoanBookAboveLtv");
    expect(above.args).toEqual({
      loanId: tooMuchId,
      principal: cap + 1n,
      appraisalFen: yuan(2_000_000n),
      ltvBps: 6_000n,
      maxPrincipal: cap,
    });
    await w.mustAt(at(0), loans, coop, "withdraw", [tooMuchId]);

    // 抵押 + 放款: exactly the bound, unguaranteed.
    const applied = await w.mustAt(at(0), loans, coop, "applyForLoan", [pear, cap, orchard, ZeroAddress]);
    loan1 = theEvent(w, applied, "LoanApplied").loanId as bigint;
    const [coopBefore, bankBefore] = await Promise.all([ecny.balanceOf(coop), ecny.balanceOf(bank)]);
    const disbursed = await w.mustAt(at(0, 60n), loans, bank, "approveAndDisburse", [loan1]);
    const events = w.events(disbursed).map((e) => `${e.contract}.${e.name}`);
    expect(events).toEqual([
      "PropertyRegistry.LienPlaced",
      "ECNY.Transfer", // rural-bank → pear-coop, the principal
      "LoanBook.LoanDisbursed",
    ]);
    const transfer = theEvent(w, disbursed, "Transfer");
    expect([transfer.from, transfer.to, transfer.value]).toEqual([bank, coop, cap]);
    const d = theEvent(w, disbursed, "LoanDisbursed");
    expect([d.principal, d.guaranteeFee, d.maturity]).toEqual([cap, 0n, at(365, 60n)]);
    expect(await ecny.balanceOf(coop)).toBe(coopBefore + cap);
    expect(await ecny.balanceOf(bank)).toBe(bankBefore - cap);
    const lien = await rights.lienOf(orchard);
    expect([lien.lender, lien.loanId, lien.placedBy]).toEqual([bank, loan1, loans.target]);
    // A pledged right cannot move.
    const moved = await refusal(w, txOf(rights, registry, "transferByRegistry", [orchard, w.a("farmer"), 0]));
    expect(moved.name).toBe("RegistryRightUnderLien");
  });

  it("grants a grace period when sales fall 45% two weeks running, and refuses the lender's default", async () => {
    const { loans } = w.d.contracts;
    // After maturity (day 365) and the product's 30 grace days, the cooperative's sales collapse.
    await w.mustAt(at(382), loans, dataFeed, "postWeeklySales", [coop, 1n, yuan(100_000n)]);
    await w.mustAt(at(389), loans, dataFeed, "postWeeklySales", [coop, 2n, yuan(55_000n)]);
    const third = await w.mustAt(at(396), loans, dataFeed, "postWeeklySales", [coop, 3n, yuan(55_000n)]);
    const grace = theEvent(w, third, "FlexibleGraceGranted");
    expect([grace.borrower, grace.weekIndex, grace.referenceSales, grace.salesFen, grace.graceUntil]).toEqual([
      coop,
      3n,
      yuan(100_000n),
      yuan(55_000n),
      at(396) + 60n * DAY,
    ]);
    expect(await loans.graceUntil(coop)).toBe(at(456));

    // The loan is overdue beyond its grace days, yet the lender may not call it: 弹性还款.
    const [dueAt] = await loans.nextDue(loan1);
    expect(at(396)).toBeGreaterThan(dueAt + 30n * DAY);
    const refused = await refusal(w, txOf(loans, bank, "declareDefault", [loan1], "declare the default"));
    expect(refused.name).toBe("LoanBookInFlexibleGrace");
    expect(refused.args).toEqual({ loanId: loan1, borrower: coop, graceUntil: at(456), nowTime: at(396) });
    // The same refusal as a mined transaction: it throws and changes nothing.
    await expect(
      w.d.sender.send(txOf(loans, bank, "declareDefault", [loan1]), { throwOnRevert: true, timestamp: at(396) }),
    ).rejects.toThrow(ChainRevertError);
    expect((await loans.loanOf(loan1)).status).toBe(4n); // Active
  });

  it("takes the repayment with interest predicted by loans.ts and releases the lien in the same transaction", async () => {
    const { loans, registry: rights, ecny } = w.d.contracts;
    // The merchants pay the cooperative for its pears (e-CNY moves wallet to wallet).
    await w.mustAt(at(399), ecny, merchant, "transfer", [coop, yuan(300_000n)]);

    // On day 400 the cooperative repays everything. What it owes, from loans.ts alone:
    const loan = await loans.loanOf(loan1);
    const predicted = accrue(
      { outstanding: loan.principal, interest: 0n, accruedAt: loan.disbursedAt },
      at(400, 60n),
      PEAR.rateBps,
      365n,
    );
    expect(predicted.interest).toBe(5_720_548n); // ¥57,205.48 = round(1,200,000 × 4.35% × 400 / 365)
    await w.mineAt(at(400, 60n));
    expect([...(await loans.owed(loan1))]).toEqual([predicted.outstanding, predicted.interest]);

    const amount = predicted.outstanding + predicted.interest;
    const bankBefore = await ecny.balanceOf(bank);
    const repaid = await w.mustAt(at(400, 60n), loans, coop, "repay", [loan1, amount]);
    expect(w.events(repaid).map((e) => `${e.contract}.${e.name}`)).toEqual([
      "ECNY.Transfer",
      "PropertyRegistry.LienReleased",
      "LoanBook.RepaymentMade",
      "LoanBook.LoanRepaid",
    ]);
    const after = applyPayment(predicted, amount);
    const made = theEvent(w, repaid, "RepaymentMade");
    expect([made.amount, made.interestPart, made.principalPart, made.outstanding]).toEqual([
      amount,
      predicted.interest,
      predicted.outstanding,
      after.outstanding,
    ]);
    expect(theEvent(w, repaid, "LoanRepaid").interestPaid).toBe(predicted.interest);
    expect(await ecny.balanceOf(bank)).toBe(bankBefore + amount);
    expect(await rights.hasLien(orchard)).toBe(false);
    expect((await loans.loanOf(loan1)).status).toBe(5n); // Repaid
  });

  it("shares the loss of a defaulted guaranteed loan 4321, exact to the fen", async () => {
    const { loans, registry: rights, ecny } = w.d.contracts;
    const guarantor = w.a("guarantor");
    const provincial = w.a("provincial-reguarantor");
    const national = w.a("national-fund");
    // The risk-sharing parties consent on chain to pay their shares through the loan book.
    await approveLoanBook(w, at(400, 120n), [guarantor, provincial, national]);

    // A guaranteed ¥1,000,000 loan against the same orchard: the old appraisal has lapsed.
    const applied = await w.mustAt(at(400, 120n), loans, coop, "applyForLoan", [
      pear,
      yuan(1_000_000n),
      orchard,
      guarantor,
    ]);
    loan2 = theEvent(w, applied, "LoanApplied").loanId as bigint;
    await w.mustAt(at(400, 120n), loans, guarantor, "approveGuarantee", [loan2]);
    const stale = await refusal(w, txOf(loans, bank, "approveAndDisburse", [loan2]));
    expect(stale.name).toBe("LoanBookNoValidAppraisal");
    await w.mustAt(at(401), rights, appraiser, "appraise", [orchard, yuan(2_000_000n), at(401 + 365)]);

    // Disbursement collects the guarantee fee from the borrower in the same transaction.
    const fee = guaranteeFeeFen(yuan(1_000_000n), 87, 365);
    expect(fee).toBe(yuan(8_700n));
    const [coopBefore, guarantorBefore] = await Promise.all([ecny.balanceOf(coop), ecny.balanceOf(guarantor)]);
    const disbursed = await w.mustAt(at(401), loans, bank, "approveAndDisburse", [loan2]);
    expect(theEvent(w, disbursed, "LoanDisbursed").guaranteeFee).toBe(fee);
    expect(await ecny.balanceOf(guarantor)).toBe(guarantorBefore + fee);
    expect(await ecny.balanceOf(coop)).toBe(coopBefore + yuan(1_000_000n) - fee);

    // 违约: not repaid by maturity (day 766) plus 30 grace days; the flexible grace ended on day 456.
    await w.mineAt(at(796));
    expect((await refusal(w, txOf(loans, bank, "declareDefault", [loan2]))).name).toBe("LoanBookNotInDefault");
    const debt = accrue({ outstanding: yuan(1_000_000n), interest: 0n, accruedAt: at(401) }, at(796, 1n), 435, 365n);
    const defaulted = await w.mustAt(at(796, 1n), loans, bank, "declareDefault", [loan2]);
    const def = theEvent(w, defaulted, "LoanDefaulted");
    expect([def.outstanding, def.interest, def.debt]).toEqual([
      debt.outstanding,
      debt.interest,
      debt.outstanding + debt.interest,
    ]);
    // The loss is shared only after the pledged right has been disposed of.
    const early = await refusal(w, txOf(loans, bank, "callGuarantee", [loan2]));
    expect(early.name).toBe("LoanBookCollateralNotDisposed");

    // 处置: a produce trader buys the orchard right, leaving a loss of exactly ¥333,333.33.
    const loss = 33_333_333n;
    const price = debt.outstanding + debt.interest - loss;
    await w.mustAt(at(797), ecny, bank, "issue", [merchant, price]); // against the trader's deposit
    issuedByTest += price;
    await approveLoanBook(w, at(797), [merchant]);
    const bankBeforeSale = await ecny.balanceOf(bank);
    const sold = await w.mustAt(at(797), loans, bank, "dispose", [loan2, merchant, price]);
    const disposal = theEvent(w, sold, "CollateralDisposed");
    expect([disposal.price, disposal.toLender, disposal.surplus]).toEqual([price, price, 0n]);
    expect(await rights.ownerOf(orchard)).toBe(merchant);
    expect(await rights.hasLien(orchard)).toBe(false);
    expect(await ecny.balanceOf(bank)).toBe(bankBeforeSale + price);
    const remaining = applyPayment(debt, price); // interest first, then principal
    expect([...(await loans.owed(loan2))]).toEqual([remaining.outstanding, remaining.interest]);
    expect(remaining).toEqual({ outstanding: loss, interest: 0n, accruedAt: debt.accruedAt });

    // "4321": national fund 20%, provincial re-guarantor 30%, lender 20% (floors), guarantor the rest.
    const shares = splitLoss(loss, { national: 2_000, provincial: 3_000, lender: 2_000, guarantor: 3_000 });
    expect(shares).toEqual({
      national: 6_666_666n,
      provincial: 9_999_999n,
      lender: 6_666_666n,
      guarantor: 10_000_002n,
    });
    const parties = [bank, national, provincial, guarantor];
    const before = await Promise.all(parties.map((p) => ecny.balanceOf(p)));
    const called = await w.mustAt(at(798), loans, bank, "callGuarantee", [loan2]);
    const shared = theEvent(w, called, "RiskShared");
    expect([shared.loss, shared.national, shared.provincial, shared.lender, shared.guarantor]).toEqual([
      loss,
      shares.national,
      shares.provincial,
      shares.lender,
      shares.guarantor,
    ]);
    expect(shares.national + shares.provincial + shares.lender + shares.guarantor).toBe(loss);
    const after = await Promise.all(parties.map((p) => ecny.balanceOf(p)));
    const paid = after.map((b, i) => b - before[i]);
    expect(paid).toEqual([
      shares.national + shares.provincial + shares.guarantor, // the lender receives 26,666,667 fen
      -shares.national,
      -shares.provincial,
      -shares.guarantor,
    ]);
    const settled = theEvent(w, called, "LoanSettled");
    expect([settled.recovered, settled.loss]).toEqual([price, loss]);
    expect((await loans.loanOf(loan2)).status).toBe(7n); // Settled

    // Lending moved money and never created it; the loan book holds none.
    expect(await ecny.balanceOf(loans.target)).toBe(0n);
    expect(await ecny.totalSupply()).toBe(supplyBefore + issuedByTest);
  });
});
