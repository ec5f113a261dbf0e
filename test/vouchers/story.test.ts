import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toUtf8Bytes } from "ethers";
import { txOf } from "../../src/chain/handles.js";
import { ChainRevertError } from "../../src/chain/revert.js";
import { yuanToFen } from "../../src/domain/money.js";
import { daysToMaturity, discountFen } from "../../src/domain/rates.js";
import { DAY, TokenStatus, VoucherStatus, tokenIdOf, voucherWorld, type VoucherWorld } from "./voucher-world.js";

/**
 * The Tangshan story through the chain layer only: Hebei Steel confirms a ¥10,000,000 debt to the
 * Fengrun rolling mill, credit flows down to the third tier, the mill discounts half at the lead bank,
 * and at maturity one repayment is cleared to every holder to the fen.
 */
describe("the steel-chain voucher story", () => {
  let w: VoucherWorld;
  let steel: string, mill: string, recycler: string, collector: string, bank: string, operator: string;
  const balances = (...accounts: string[]) => Promise.all(accounts.map((a) => w.d.contracts.ecny.balanceOf(a)));

  beforeAll(async () => {
    w = await voucherWorld(new Date("2026-03-02T09:00:00+08:00"), yuanToFen("20,000,000"));
    [steel, mill, recycler, collector, bank, operator] = [
      "steel-group",
      "rolling-mill",
      "scrap-recycler",
      "scrap-collector",
      "lead-bank",
      "operator",
    ].map(w.addr);
  });
  afterAll(() => w.chain.close());

  it("pays every holder of a split and financed voucher exactly its value at maturity", async () => {
    const { vouchers, financing } = w.d.contracts;
    const issuedAt = (await w.now()) + 60n;
    const maturity = issuedAt + 180n * DAY;

    // 确权: steel-group confirms ¥10,000,000 to the rolling mill, 180 days; the mill accepts
    const face = yuanToFen("10,000,000");
    const issued = await w.sendAt(
      issuedAt,
      txOf(vouchers, steel, "issue", [mill, face, maturity, keccak256(toUtf8Bytes("contract+invoice+delivery"))]),
    );
    const slot = w.events([issued], "VoucherIssued")[0].args.slotId as bigint;
    await w.sendAt(issuedAt, txOf(vouchers, mill, "acceptIssuance", [slot]));
    const millToken = tokenIdOf(slot, 1n);
    expect(await vouchers.outstandingOf(steel)).toBe(face);

    // 拆分流转: the mill passes ¥3,000,000 to the recycler, which passes ¥1,000,000 to the collector
    const toRecycler = await w.sendAt(
      issuedAt + DAY,
      txOf(vouchers, mill, "split", [millToken, recycler, yuanToFen("3,000,000")]),
    );
    const recyclerToken = w.events([toRecycler], "VoucherSplit")[0].args.newTokenId as bigint;
    const toCollector = await w.sendAt(
      issuedAt + 2n * DAY,
      txOf(vouchers, recycler, "split", [recyclerToken, collector, yuanToFen("1,000,000")]),
    );
    const collectorToken = w.events([toCollector], "VoucherSplit")[0].args.newTokenId as bigint;
    expect((await vouchers.tokenOf(collectorToken)).tier).toBe(3n);

    // 融资: ¥5,000,000 at 3.65% exactly 90 days before maturity
    const financedAt = maturity - 90n * DAY;
    const value = yuanToFen("5,000,000");
    const requested = await w.sendAt(
      financedAt,
      txOf(financing, mill, "requestFinancing", [millToken, value, bank, 365, false]),
    );
    const requestId = w.events([requested], "VoucherFinancingRequested")[0].args.requestId as bigint;
    const [millBefore, bankBefore] = await balances(mill, bank);
    const approved = await w.sendAt(financedAt, txOf(financing, bank, "approveFinancing", [requestId]));
    const [millAfter, bankAfter] = await balances(mill, bank);
    const bankToken = w.events([approved], "VoucherFinanced")[0].args.newTokenId as bigint;
    const days = daysToMaturity(financedAt, maturity);
    expect(days).toBe(90n);
    expect(discountFen(value, 365, days)).toBe(yuanToFen("45,000"));
    expect(millAfter - millBefore).toBe(yuanToFen("4,955,000"));
    expect(millAfter - millBefore).toBe(value - discountFen(value, 365, days));
    expect(bankBefore - bankAfter).toBe(yuanToFen("4,955,000"));
    const record = await financing.financingOf(bankToken);
    expect([record.discount, record.days_, record.value]).toEqual([yuanToFen("45,000"), 90n, value]);

    // 到期清分: at maturity steel-group repays once; the regulator may not clear, a member does
    const [steelBefore] = await balances(steel);
    await w.sendAt(maturity, txOf(vouchers, steel, "repay", [slot]));
    const [steelAfter] = await balances(steel);
    expect(steelBefore - steelAfter).toBe(face);
    expect(await vouchers.outstandingOf(steel)).toBe(0n);
    const refused = await w.d.sender
      .simulate(txOf(vouchers, w.addr("regulator"), "clear", [slot, 50n]))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChainRevertError);
    expect((refused as ChainRevertError).revert.name).toBe("MemberRoleNotAllowed");

    const holders = [mill, recycler, collector, bank];
    const before = await balances(...holders);
    const cleared = await w.sendAt(maturity, txOf(vouchers, operator, "clear", [slot, 50n]));
    const after = await balances(...holders);
    const received = after.map((b, i) => b - before[i]);
    expect(received).toEqual([
      yuanToFen("2,000,000"), // the mill keeps 10M − 3M − 5M
      yuanToFen("2,000,000"), // the recycler keeps 3M − 1M
      yuanToFen("1,000,000"),
      yuanToFen("5,000,000"), // the bank is cleared like any holder
    ]);
    const paid = w.events([cleared], "VoucherTokenPaid").map((e) => [e.args.tokenId, e.args.holder, e.args.amount]);
    expect(paid).toEqual([
      [millToken, mill, yuanToFen("2,000,000")],
      [recyclerToken, recycler, yuanToFen("2,000,000")],
      [collectorToken, collector, yuanToFen("1,000,000")],
      [bankToken, bank, yuanToFen("5,000,000")],
    ]);
    const voucher = await vouchers.voucherOf(slot);
    expect(voucher.status).toBe(VoucherStatus.Cleared);
    expect(voucher.cleared).toBe(face);
    expect(await w.d.contracts.ecny.balanceOf(vouchers.target)).toBe(0n);

    // 穿透: the lineage shows tiers 1, 2, 3 and the bank's financed piece at the mill's tier
    const lineage = await vouchers.tokensOfVoucher(slot, 0n, 10n);
    expect(
      lineage.map((t) => ({ id: t.tokenId, owner: t.owner, tier: t.tier, parent: t.parentTokenId, status: t.status })),
    ).toEqual([
      { id: millToken, owner: mill, tier: 1n, parent: 0n, status: TokenStatus.Cleared },
      { id: recyclerToken, owner: recycler, tier: 2n, parent: millToken, status: TokenStatus.Cleared },
      { id: collectorToken, owner: collector, tier: 3n, parent: recyclerToken, status: TokenStatus.Cleared },
      { id: bankToken, owner: bank, tier: 1n, parent: millToken, status: TokenStatus.Cleared },
    ]);
    expect((await financing.financingOf(bankToken)).financier).toBe(bank);
  });
});
