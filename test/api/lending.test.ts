import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiWorld, codeOf, type ApiWorld } from "./api-world.js";

/**
 * Rural rights (三权), loan products, a guaranteed pledge loan (梨果保) from application to repayment,
 * a micro working-capital loan to default, and the data feed's weekly sales (弹性还款).
 */
describe("the rights and loans API", () => {
  let w: ApiWorld;
  const balance = async (id: string) => BigInt((await w.get(`/api/wallets/${id}`).expect(200)).body.balanceFen);
  beforeAll(async () => {
    w = await apiWorld();
  });
  afterAll(() => w.close());

  const landRight = {
    kind: "LandManagement",
    certificateNo: "冀(2025)容城县农村土地经营权第0001号",
    county: "容城县",
    village: "南张村",
    areaCentiMu: "12050",
    termStart: "2020-01-01",
    termEnd: "2040-12-31",
    holder: "pear-coop",
  };

  it("registers a right by the registry only, for a farmer only, once per certificate", async () => {
    expect(codeOf(await w.post("appraiser", "/api/rights", landRight).expect(403))).toBe("FORBIDDEN");
    const registered = await w.post("registry", "/api/rights", landRight).expect(201);
    expect(registered.body.result).toMatchObject({
      rightId: "1",
      kind: "LandManagement",
      areaCentiMu: "12050",
      holder: { id: "pear-coop" },
      appraisal: null,
      lien: null,
    });
    expect(registered.body.events.find((e: { name: string }) => e.name === "RightRegistered").text.en).toBe(
      "Xiong'an Rural Property Exchange registered right #1, a land management right of 120.50 mu in 容城县 南张村 (certificate 冀(2025)容城县农村土地经营权第0001号), for Rongcheng Pear Cooperative until 2040-12-31 (确权登记).",
    );
    const again = await w.post("registry", "/api/rights", landRight).expect(409);
    expect(again.body.error.code).toBe("REGISTRY_CERTIFICATE_ALREADY_REGISTERED");
    const notFarmer = await w.post("registry", "/api/rights", {
      ...landRight,
      certificateNo: "X-2",
      holder: "distributor",
    });
    expect(notFarmer.status).toBe(409);
    expect(notFarmer.body.error.code).toBe("MEMBER_ROLE_NOT_ALLOWED");
    const receipt = await w
      .post("logistics", "/api/rights", {
        ...landRight,
        kind: "WarehouseReceipt",
        certificateNo: "TSP-WR-0001",
        areaCentiMu: "50000",
        holder: "distributor",
      })
      .expect(201);
    expect(receipt.body.result).toMatchObject({
      rightId: "2",
      kind: "WarehouseReceipt",
      holder: { id: "distributor" },
    });
    expect(codeOf(await w.post("registry", "/api/rights", { ...landRight, areaCentiMu: "12.5" }).expect(400))).toBe(
      "INVALID_REQUEST",
    );
  });

  it("appraises a right by an appraiser only", async () => {
    const body = { valueFen: "60000000", validDays: 365 };
    expect(codeOf(await w.post("registry", "/api/rights/1/appraisals", body).expect(403))).toBe("FORBIDDEN");
    expect(codeOf(await w.post("appraiser", "/api/rights/99/appraisals", body).expect(404))).toBe("NOT_FOUND");
    const appraised = await w.post("appraiser", "/api/rights/1/appraisals", body).expect(201);
    expect(appraised.body.result.appraisal).toMatchObject({
      valueFen: "60000000",
      valid: true,
      appraiser: { id: "appraiser" },
    });
    expect(appraised.body.events[0].text.zh).toMatch(
      /^保定资产评估事务所评估产权 #1 价值 ¥600,000\.00，有效期至 \d{4}-\d{2}-\d{2}/,
    );
    const list = await w.get("/api/rights?holder=pear-coop").expect(200);
    expect(list.body.rights.map((r: { rightId: string }) => r.rightId)).toEqual(["1"]);
    expect((await w.get("/api/rights").expect(200)).body.total).toBe(2);
    expect(codeOf(await w.get("/api/rights/99").expect(404))).toBe("NOT_FOUND");
  });

  it("publishes loan products by lenders only", async () => {
    const pear = {
      name: "梨果保",
      purpose: "Agricultural",
      collateral: "PropertyRight",
      ltvBps: 6_000,
      rateBps: 435,
      termDays: 180,
      graceDays: 30,
      minPrincipalFen: "1000000",
      maxPrincipalFen: "50000000",
    };
    expect(codeOf(await w.post("distributor", "/api/products", pear).expect(403))).toBe("FORBIDDEN");
    const created = await w.post("rural-bank", "/api/products", pear).expect(201);
    expect(created.body.result).toMatchObject({
      productId: "1",
      name: "梨果保",
      lender: { id: "rural-bank" },
      minPrincipalFen: "1000000",
      maxPrincipalFen: "50000000",
    });
    expect(created.body.events[0].text.en).toBe(
      "Xiong'an Rural Credit Cooperative published product #1 “梨果保”: agricultural, 4.35% a year for 180 days, up to 60.00% of the appraised value, 30 grace days.",
    );
    await w
      .post("micro-lender", "/api/products", {
        name: "Working-capital micro loan",
        purpose: "WorkingCapital",
        rateBps: 800,
        termDays: 30,
        graceDays: 10,
        minPrincipalFen: "5000000",
        maxPrincipalFen: "50000000",
      })
      .expect(201);
    const badLtv = await w
      .post("micro-lender", "/api/products", {
        name: "x",
        purpose: "WorkingCapital",
        ltvBps: 5_000,
        rateBps: 800,
        termDays: 30,
        minPrincipalFen: "1",
        maxPrincipalFen: "2",
      })
      .expect(400);
    expect(badLtv.body.error.code).toBe("LOAN_BOOK_INVALID_LTV");
    const products = await w.get("/api/products").expect(200);
    expect(products.body.products.map((p: { name: string }) => p.name)).toEqual([
      "梨果保",
      "Working-capital micro loan",
    ]);
  });

  it("takes a guaranteed pledge loan from application to disbursement, each step by its party", async () => {
    const applied = await w
      .post("pear-coop", "/api/loans", {
        productId: "1",
        principalFen: "20000000",
        rightId: "1",
        guarantor: "guarantor",
      })
      .expect(201);
    expect(applied.body.result).toMatchObject({
      loanId: "1",
      status: "Applied",
      borrower: { id: "pear-coop" },
      lender: { id: "rural-bank" },
      guarantor: { id: "guarantor" },
      rightId: "1",
    });
    const early = await w.post("rural-bank", "/api/loans/1/approve").expect(409);
    expect(early.body.error).toMatchObject({
      code: "LOAN_BOOK_GUARANTEE_NOT_APPROVED",
      message: "Tangshan Financing Guarantee has not approved the guarantee of loan #1 yet: it cannot be disbursed.",
    });
    const before = await w.snapshot();
    expect(codeOf(await w.post("provincial-reguarantor", "/api/loans/1/guarantee").expect(403))).toBe("FORBIDDEN");
    expect(codeOf(await w.post("lead-bank", "/api/loans/1/approve").expect(403))).toBe("FORBIDDEN");
    expect(codeOf(await w.post("pear-coop", "/api/loans/1/approve").expect(403))).toBe("FORBIDDEN");
    expect(await w.snapshot()).toEqual(before);

    const guaranteed = await w.post("guarantor", "/api/loans/1/guarantee").expect(200);
    expect(guaranteed.body.result.guaranteeApprovedAt).not.toBeNull();
    const borrowerBefore = await balance("pear-coop");
    const disbursed = await w.post("rural-bank", "/api/loans/1/approve").expect(200);
    const loan = disbursed.body.result;
    expect(loan).toMatchObject({ status: "Active", outstandingFen: "20000000" });
    expect(BigInt(loan.guaranteeFeeFen)).toBeGreaterThan(0n);
    expect((await balance("pear-coop")) - borrowerBefore).toBe(20000000n - BigInt(loan.guaranteeFeeFen));
    expect(disbursed.body.events.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(["LienPlaced", "LoanDisbursed"]),
    );
    expect((await w.get("/api/rights/1").expect(200)).body.lien).toMatchObject({
      loanId: "1",
      lender: { id: "rural-bank" },
    });

    const detail = await w.get("/api/loans/1").expect(200);
    expect(detail.body.owed).toMatchObject({ principalFen: "20000000", interestFen: "0", totalFen: "20000000" });
    expect(detail.body.nextDue).toMatchObject({ principalDueFen: "20000000", overdue: false });
    expect(codeOf(await w.get("/api/loans/99").expect(404))).toBe("NOT_FOUND");
  });

  it("lets only the borrower repay, and never more than is owed", async () => {
    expect(codeOf(await w.post("guarantor", "/api/loans/1/repayments", { amountFen: "100" }).expect(403))).toBe(
      "FORBIDDEN",
    );
    const repaid = await w.post("pear-coop", "/api/loans/1/repayments", { amountFen: "5000000" }).expect(201);
    expect(repaid.body.result).toMatchObject({ outstandingFen: "15000000", principalRepaidFen: "5000000" });
    const tooMuch = await w.post("pear-coop", "/api/loans/1/repayments", { amountFen: "99000000" }).expect(409);
    expect(tooMuch.body.error.code).toBe("LOAN_BOOK_REPAYMENT_EXCEEDS_OWED");
    expect(codeOf(await w.post("pear-coop", "/api/loans/1/repayments", { amountFen: "0" }).expect(400))).toBe(
      "LOAN_BOOK_ZERO_AMOUNT",
    );
  });

  it("refuses applications by non-borrowers, out of bounds, with a right on an unsecured product or not one's own", async () => {
    expect(
      codeOf(await w.post("rural-bank", "/api/loans", { productId: "2", principalFen: "5000000" }).expect(403)),
    ).toBe("FORBIDDEN");
    const bounds = await w.post("farmer", "/api/loans", { productId: "2", principalFen: "100" }).expect(400);
    expect(bounds.body.error.code).toBe("LOAN_BOOK_PRINCIPAL_OUT_OF_BOUNDS");
    expect(bounds.body.error.message).toBe("Product #2 lends between ¥50,000.00 and ¥500,000.00; ¥1.00 is outside.");
    expect(
      codeOf(
        await w.post("pear-coop", "/api/loans", { productId: "2", principalFen: "5000000", rightId: "1" }).expect(400),
      ),
    ).toBe("LOAN_BOOK_UNSECURED_PRODUCT");
    expect(
      codeOf(
        await w.post("farmer", "/api/loans", { productId: "1", principalFen: "5000000", rightId: "1" }).expect(403),
      ),
    ).toBe("FORBIDDEN");
    expect(codeOf(await w.post("farmer", "/api/loans", { productId: "9", principalFen: "5000000" }).expect(404))).toBe(
      "NOT_FOUND",
    );
  });

  it("withdraws and rejects applications by the right party, and refuses a second lien", async () => {
    await w.post("pear-coop", "/api/loans", { productId: "1", principalFen: "10000000", rightId: "1" }).expect(201);
    const liened = await w.post("rural-bank", "/api/loans/2/approve").expect(409);
    expect(liened.body.error.code).toBe("REGISTRY_LIEN_EXISTS");
    expect(codeOf(await w.post("rural-bank", "/api/loans/2/withdraw").expect(403))).toBe("FORBIDDEN");
    expect((await w.post("pear-coop", "/api/loans/2/withdraw").expect(200)).body.result.status).toBe("Withdrawn");

    await w.post("farmer", "/api/loans", { productId: "2", principalFen: "5000000" }).expect(201);
    expect(codeOf(await w.post("rural-bank", "/api/loans/3/reject").expect(403))).toBe("FORBIDDEN");
    const rejected = await w.post("micro-lender", "/api/loans/3/reject").expect(200);
    expect(rejected.body.result.status).toBe("Rejected");
    expect(codeOf(await w.post("micro-lender", "/api/loans/3/approve").expect(409))).toBe("LOAN_BOOK_WRONG_STATUS");
  });

  it("posts weekly sales by the data feed only, and grants flexible grace after two fallen weeks", async () => {
    const post = (id: string, weekIndex: number, salesFen: string) =>
      w.post(id, "/api/sales", { borrower: "merchant", weekIndex, salesFen });
    expect(codeOf(await post("merchant", 1, "10000000").expect(403))).toBe("FORBIDDEN");
    expect((await post("data-feed", 1, "10000000").expect(201)).body.result).toMatchObject({
      weekIndex: 1,
      fallen: false,
    });
    expect((await post("data-feed", 2, "4000000").expect(201)).body.result.fallen).toBe(true);
    const third = await post("data-feed", 3, "4000000").expect(201);
    const grace = third.body.events.find((e: { name: string }) => e.name === "FlexibleGraceGranted");
    expect(grace.text.en).toMatch(
      /^Xiong'an Building Materials Market Store 18's sales fell two weeks running: it gets a grace period until \d{4}-\d{2}-\d{2}( \d{2}:\d{2})?, and no default may be declared before then \(弹性还款\)\.$/,
    );
    expect(codeOf(await post("data-feed", 3, "4000000").expect(409))).toBe("LOAN_BOOK_WEEK_NOT_INCREASING");
  });

  it("lets only the lender declare a default, and only after the due date and grace days", async () => {
    const applied = await w.post("distributor", "/api/loans", { productId: "2", principalFen: "10000000" }).expect(201);
    const id = applied.body.result.loanId;
    await w.post("micro-lender", `/api/loans/${id}/approve`).expect(200);
    const early = await w.post("micro-lender", `/api/loans/${id}/default`).expect(409);
    expect(early.body.error.code).toBe("LOAN_BOOK_NOT_IN_DEFAULT");
    await w.post("operator", "/api/clock/advance", { days: 41 }).expect(200);
    const owed = await w.get(`/api/loans/${id}`).expect(200);
    expect(BigInt(owed.body.owed.interestFen)).toBeGreaterThan(0n);
    expect(owed.body.nextDue.overdue).toBe(true);
    expect(codeOf(await w.post("distributor", `/api/loans/${id}/default`).expect(403))).toBe("FORBIDDEN");
    const defaulted = await w.post("micro-lender", `/api/loans/${id}/default`).expect(200);
    expect(defaulted.body.result.status).toBe("Defaulted");
    expect(BigInt(defaulted.body.result.debtAtDefaultFen)).toBe(
      BigInt(owed.body.owed.principalFen) + BigInt(owed.body.owed.interestFen),
    );
    expect(defaulted.body.events[0].text.en).toMatch(
      new RegExp(
        `^Loan #${id} is in default \\(违约\\): due \\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2})?, unpaid after the grace days; ` +
          `debt ¥100,\\d{3}\\.\\d{2} = ¥100,000\\.00 principal \\+ ¥\\d{1,3}\\.\\d{2} interest, and interest stops\\.$`,
      ),
    );
    const loans = await w.get("/api/loans?status=Defaulted").expect(200);
    expect(loans.body.loans.map((l: { loanId: string }) => l.loanId)).toEqual([id]);
    expect((await w.get("/api/loans?participant=pear-coop").expect(200)).body.total).toBe(2);
  });

  it("sells a defaulted loan's collateral, holds a surplus the borrower's wallet cannot take, and lets only the borrower claim it", async () => {
    const right = await w
      .post("registry", "/api/rights", {
        ...landRight,
        certificateNo: "冀(2025)容城县农村土地经营权第0002号",
        holder: "farmer",
      })
      .expect(201);
    const rightId = right.body.result.rightId;
    await w
      .post("appraiser", `/api/rights/${rightId}/appraisals`, { valueFen: "200000000", validDays: 365 })
      .expect(201);
    const applied = await w
      .post("farmer", "/api/loans", { productId: "1", principalFen: "10000000", rightId })
      .expect(201);
    const id = applied.body.result.loanId;
    await w.post("rural-bank", `/api/loans/${id}/approve`).expect(200);
    const early = w.post("rural-bank", `/api/loans/${id}/disposal`, { buyer: "rural-bank", priceFen: "1" });
    expect(codeOf(await early.expect(409))).toBe("LOAN_BOOK_WRONG_STATUS");
    await w.post("operator", "/api/clock/advance", { days: 212 }).expect(200);
    const debt = BigInt(
      (await w.post("rural-bank", `/api/loans/${id}/default`).expect(200)).body.result.debtAtDefaultFen,
    );

    const before = await w.snapshot();
    const sale = { buyer: "rural-bank", priceFen: "200000000" };
    expect(codeOf(await w.post("farmer", `/api/loans/${id}/disposal`, sale).expect(403))).toBe("FORBIDDEN");
    expect(codeOf(await w.post("micro-lender", `/api/loans/${id}/disposal`, sale).expect(403))).toBe("FORBIDDEN");
    const unpaid = w.post("rural-bank", `/api/loans/${id}/disposal`, { buyer: "merchant", priceFen: "200000000" });
    expect(codeOf(await unpaid.expect(409))).toBe("ECNY_INSUFFICIENT_ALLOWANCE");
    expect(
      codeOf(await w.post("rural-bank", `/api/loans/${id}/disposal`, { ...sale, priceFen: "1.5" }).expect(400)),
    ).toBe("INVALID_REQUEST");
    expect(await w.snapshot()).toEqual(before);

    const farmerBefore = await balance("farmer");
    const sold = await w.post("rural-bank", `/api/loans/${id}/disposal`, sale).expect(200);
    const surplus = 200000000n - debt;
    expect(sold.body.result).toMatchObject({ status: "Settled", heldSurplusFen: surplus.toString() });
    expect(await balance("farmer")).toBe(farmerBefore);
    const held = sold.body.events.find((e: { name: string }) => e.name === "SurplusHeld");
    expect(held.text.en).toMatch(
      new RegExp(
        `^Wang Jianguo \\(potato farmer\\) could not take the ¥1,\\d{3},\\d{3}\\.\\d{2} surplus of loan #${id} \\(its balance cap would be exceeded\\): the loan book holds it until the borrower claims it\\.$`,
      ),
    );
    expect((await w.get(`/api/rights/${rightId}`).expect(200)).body).toMatchObject({
      holder: { id: "rural-bank" },
      lien: null,
    });

    const claim = (who: string, amountFen: string) => w.post(who, `/api/loans/${id}/surplus-claims`, { amountFen });
    expect(codeOf(await claim("rural-bank", "100").expect(403))).toBe("FORBIDDEN");
    expect(codeOf(await claim("farmer", (surplus + 1n).toString()).expect(409))).toBe("LOAN_BOOK_SURPLUS_NOT_HELD");
    expect(codeOf(await claim("farmer", surplus.toString()).expect(409))).toBe("ECNY_BALANCE_CAP_EXCEEDED");
    const claimed = await claim("farmer", "30000000").expect(201);
    expect(claimed.body.result.heldSurplusFen).toBe((surplus - 30000000n).toString());
    expect((await balance("farmer")) - farmerBefore).toBe(30000000n);
    expect(claimed.body.events.find((e: { name: string }) => e.name === "SurplusClaimed").text.zh).toMatch(
      new RegExp(`^王建国\\(马铃薯种植户\\)领取贷款 #${id} 代管余款 ¥300,000\\.00，尚余 ¥`),
    );
  });

  it("shares a guaranteed loan's loss 4321 once the payers allowed the loan book, and writes off an unguaranteed one", async () => {
    await w.post("rural-bank", "/api/loans/1/default").expect(200);
    await w.post("rural-bank", "/api/loans/1/disposal", { buyer: "rural-bank", priceFen: "10000000" }).expect(200);
    const before = await w.snapshot();
    expect(codeOf(await w.post("guarantor", "/api/loans/1/risk-sharing").expect(403))).toBe("FORBIDDEN");
    expect(codeOf(await w.post("rural-bank", "/api/loans/1/risk-sharing").expect(409))).toBe(
      "ECNY_INSUFFICIENT_ALLOWANCE",
    );
    expect(codeOf(await w.post("rural-bank", "/api/loans/1/write-off").expect(409))).toBe("LOAN_BOOK_GUARANTEED_LOAN");
    expect(
      codeOf(await w.post("guarantor", "/api/allowances", { spender: "VoucherLedger", amountFen: "1" }).expect(400)),
    ).toBe("INVALID_REQUEST");
    expect(
      codeOf(await w.post("regulator", "/api/allowances", { spender: "LoanBook", amountFen: "1" }).expect(403)),
    ).toBe("FORBIDDEN");
    expect(await w.snapshot()).toEqual(before);

    for (const payer of ["national-fund", "provincial-reguarantor", "guarantor"]) {
      const allowed = await w
        .post(payer, "/api/allowances", { spender: "LoanBook", amountFen: "100000000" })
        .expect(200);
      expect(allowed.body.result).toMatchObject({
        owner: { id: payer },
        spender: "LoanBook",
        allowanceFen: "100000000",
      });
    }
    const bankBefore = await balance("rural-bank");
    const shared = await w.post("rural-bank", "/api/loans/1/risk-sharing").expect(200);
    const loan = shared.body.result;
    expect(loan.status).toBe("Settled");
    const shares = loan.riskShares as Record<string, string>;
    expect(BigInt(shares.national) + BigInt(shares.provincial) + BigInt(shares.lender) + BigInt(shares.guarantor)).toBe(
      BigInt(shares.loss),
    );
    expect((await balance("rural-bank")) - bankBefore).toBe(
      BigInt(shares.national) + BigInt(shares.provincial) + BigInt(shares.guarantor),
    );
    expect(shared.body.events.find((e: { name: string }) => e.name === "RiskShared").text.en).toMatch(/shared "4321"/);

    const defaulted = (await w.get("/api/loans?status=Defaulted&participant=distributor").expect(200)).body.loans[0];
    expect(codeOf(await w.post("rural-bank", `/api/loans/${defaulted.loanId}/write-off`).expect(403))).toBe(
      "FORBIDDEN",
    );
    const written = await w.post("micro-lender", `/api/loans/${defaulted.loanId}/write-off`).expect(200);
    expect(written.body.result).toMatchObject({ status: "Settled", writtenOffFen: defaulted.debtAtDefaultFen });
    expect(codeOf(await w.post("micro-lender", `/api/loans/${defaulted.loanId}/write-off`).expect(409))).toBe(
      "LOAN_BOOK_WRONG_STATUS",
    );
  });

  it("never answered with a 5xx or logged an unexpected error", () => {
    expect(w.logged).toEqual([]);
  });
});
