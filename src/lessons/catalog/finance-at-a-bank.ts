import { daysToMaturity, discountFen, formatBps } from "../../domain/rates.js";
import type { Lesson, LessonContext, LessonStep, StepResult } from "../types.js";
import { acceptStep, creditLineStep, Y, days, deltaOf, eventArg, t, yuan } from "./common.js";

const FACE = yuan("6,000,000");
const BANK_VALUE = yuan("3,000,000");
const BANK_RATE = 345; // 3.45% a year: 1.2 points below a 4.65% working-capital loan
const TO_RECYCLER = yuan("1,200,000");
const LENDER_VALUE = yuan("1,000,000");
const LENDER_RATE = 520; // 5.20% a year, with recourse

/** The discount the financing module will compute, predicted from src/domain/rates.ts. */
function quote(c: LessonContext, value: bigint, rateBps: number): Record<string, bigint> {
  const maturity = c.state.vouchers.get(c.get("slot"))!.maturity;
  const d = daysToMaturity(c.now, BigInt(maturity));
  const discount = discountFen(value, rateBps, d);
  return { value, rateBps: BigInt(rateBps), days: d, discount, proceeds: value - discount };
}

/** The computation, then what the chain did. */
function discountNotes(step: StepResult, seller: string): ReturnType<typeof t>[] {
  const f = step.figures;
  const chainDiscount = eventArg(step, "VoucherFinanced", "discount");
  const received = deltaOf(step, seller);
  return [
    t(
      `Discount (贴现息) = value × rate × days / 365, rounded half up to the fen = ${Y(f.value)} × ${formatBps(f.rateBps)} × ${f.days} / 365 = ${Y(f.discount)}. Proceeds = ${Y(f.value)} − ${Y(f.discount)} = ${Y(f.proceeds)}.`,
      `贴现息 = 金额 × 年利率 × 天数 / 365，四舍五入到分 = ${Y(f.value)} × ${formatBps(f.rateBps)} × ${f.days} / 365 = ${Y(f.discount)}。融资款 = ${Y(f.value)} − ${Y(f.discount)} = ${Y(f.proceeds)}。`,
    ),
    t(
      `On chain: discount ${Y(chainDiscount)} over ${eventArg(step, "VoucherFinanced", "days_")} days; the seller's wallet grew by exactly ${Y(received)}${received === f.proceeds && chainDiscount === f.discount ? ", as computed" : " — NOT what was computed"}.`,
      `链上结果：贴现息 ${Y(chainDiscount)}，计息 ${eventArg(step, "VoucherFinanced", "days_")} 天；卖方钱包恰好增加 ${Y(received)}${received === f.proceeds && chainDiscount === f.discount ? "，与计算一致" : "——与计算不一致"}。`,
    ),
  ];
}

const approve = (financier: string, request: string, seller: string, explain: LessonStep["explain"]): LessonStep => ({
  title: t("The financier approves and pays, in one transaction", "资金方审批并放款(同一笔交易)"),
  explain,
  actor: financier,
  contract: "financing",
  method: "approveFinancing",
  args: (c) => [c.get(request)],
  predict: (c) => {
    const r = c.state.financingRequests.get(c.get(request))!;
    return quote(c, r.value, r.rateBps);
  },
  notes: (_, step) => discountNotes(step, seller),
});

/** 融资 / 保理 / 贴现: sell a piece of a voucher to a bank for money now. */
export const financeAtABank: Lesson = {
  name: "finance-at-a-bank",
  title: t("Finance a voucher at a bank", "凭证在银行融资"),
  summary: t(
    "The rolling mill needs cash 90 days before its voucher matures: the lead bank buys half of it at 3.45% a year, without recourse, and pays the discounted value at once; a tier-2 recycler finances its own piece at a micro-loan company, with recourse.",
    "轧钢厂在凭证到期前 90 天需要现金：牵头银行以年化 3.45% 无追索权买入一半面值并立即支付贴现后的款项；二级供应商回收站也以自己的份额在小贷公司做有追索权融资。",
  ),
  instrument: t(
    "Financing a voucher (融资, also 保理 factoring or 贴现 discounting) sells a piece of it to a bank or a micro-loan company before maturity. The financier pays value − discount now and becomes a holder of that piece: at maturity the core enterprise's payment clears to it like to anyone else. Because the claim is on the steel group, the rate reflects the steel group's credit, not the small supplier's (in Tangshan 1.2 points below ordinary working-capital loans). Without recourse (无追索权) the financier bears the payer's risk; with recourse (有追索权) it may make the seller buy the piece back if the voucher defaults.",
    "凭证融资(保理、贴现)是在到期前把凭证的一部分卖给银行或小贷公司。资金方现在支付「金额 − 贴现息」，成为这部分的持有人：到期时核心企业的兑付款会像清分给其他持有人一样清分给它。由于债权对象是钢铁集团，利率反映的是钢铁集团的信用而不是小供应商的信用(唐山平均比普通流动资金贷款低 1.2 个百分点)。无追索权时资金方承担付款方风险；有追索权时，若凭证违约，资金方可要求卖方回购。",
  ),
  lifecycle: t(
    "Request: requestFinancing → Open ─approveFinancing→ Approved (money and token move together) | ─rejectFinancing→ Rejected | ─cancelFinancingRequest→ Cancelled.\nWith recourse, after a default: Approved ─exerciseRecourse→ the seller pays back and takes the token.",
    "融资申请：申请 requestFinancing → 待审批 Open ─审批 approveFinancing→ 已放款 Approved(资金与份额同时交割) | ─拒绝 rejectFinancing→ 已拒绝 | ─撤回 cancelFinancingRequest→ 已撤回。\n有追索权的融资在凭证违约后：已放款 ─追索 exerciseRecourse→ 卖方偿付并收回份额。",
  ),
  stored: t(
    "A request stores holder, token, value, rate, recourse and financier. The discount is not an input: the contract computes it at approval from the value, the rate and the days left to maturity, and stores it with the financed token.",
    "融资申请存储持有人、份额、金额、利率、是否追索和资金方。贴现息不是输入：合约在审批时根据金额、利率和剩余天数计算，并与融资份额一起存储。",
  ),
  actors: [
    { id: "steel-group", part: t("the payer of the voucher", "凭证付款方") },
    { id: "rolling-mill", part: t("tier 1: sells half its voucher", "一级：卖出一半凭证") },
    {
      id: "lead-bank",
      part: t("grants the credit line; buys the mill's piece without recourse", "核定授信；无追索权买入轧钢厂的份额"),
    },
    { id: "scrap-recycler", part: t("tier 2: finances its own piece", "二级：以自己的份额融资") },
    { id: "micro-lender", part: t("buys the recycler's piece with recourse", "有追索权买入回收站的份额") },
  ],
  steps: [
    creditLineStep(),
    {
      title: t("The steel group confirms ¥6,000,000 at 120 days", "钢铁集团确权 600 万元，120 天"),
      explain: t(
        "For a delivery of wire rod the steel group confirms ¥6,000,000 owed to the mill, due in 120 days.",
        "就一批线材，钢铁集团确权欠轧钢厂 600 万元，120 天后到期。",
      ),
      actor: "steel-group",
      contract: "vouchers",
      method: "issue",
      args: (c) => [
        c.addr("rolling-mill"),
        FACE,
        c.now + days(120),
        c.ref("HBIS-PO-2026-0322 · VAT invoice 13020261288 · waybill TSPL-260302-031"),
      ],
      capture: { slot: "VoucherIssued.slotId" },
    },
    acceptStep(
      t("The mill accepts", "轧钢厂签收"),
      t(
        "The mill signs for the voucher: token #1.1, tier 1, ¥6,000,000.",
        "轧钢厂签收凭证：份额 #1.1，一级，600 万元。",
      ),
      "rolling-mill",
    ),
    {
      title: t("The mill asks the bank to buy ¥3,000,000", "轧钢厂申请银行买入 300 万元"),
      clock: {
        days: 30,
        why: t("a month later the mill must pay for coke and wages", "一个月后轧钢厂要支付焦炭款和工资"),
      },
      explain: t(
        `The mill needs cash now, 90 days before maturity. It asks the lead bank to buy ${Y(BANK_VALUE)} of its token at ${formatBps(BANK_RATE)} a year, without recourse (无追索权保理): if the steel group never paid, the loss would be the bank's. Nothing is locked yet; the request only records the terms.`,
        `轧钢厂现在就需要现金，距到期还有 90 天。它申请牵头银行以年化 ${formatBps(BANK_RATE)} 买入其份额中的 ${Y(BANK_VALUE)}，无追索权保理：若钢铁集团最终不付款，损失由银行承担。此时不锁定任何资产，申请只记录条件。`,
      ),
      actor: "rolling-mill",
      contract: "financing",
      method: "requestFinancing",
      args: (c) => [c.get("millToken"), BANK_VALUE, c.addr("lead-bank"), BANK_RATE, false],
      capture: { bankRequest: "VoucherFinancingRequested.requestId" },
    },
    approve(
      "lead-bank",
      "bankRequest",
      "rolling-mill",
      t(
        "The bank approves. In one transaction the financing module splits a new token of ¥3,000,000 to the bank (at the mill's tier: a bank is not a deeper supplier) and moves the proceeds from the bank's wallet to the mill's. Either both happen or neither.",
        "银行审批。融资合约在同一笔交易中向银行拆出价值 300 万元的新份额(与轧钢厂同级：银行不是更深一级的供应商)，并从银行钱包向轧钢厂钱包支付融资款。两者要么同时发生，要么都不发生。",
      ),
    ),
    {
      title: t("The mill pays its recycler with a piece", "轧钢厂拆分支付给回收站"),
      explain: t(
        `The mill owes its scrap recycler ${Y(TO_RECYCLER)}: it pays with a piece of what it still holds. The recycler's token is at tier 2.`,
        `轧钢厂欠废钢回收站 ${Y(TO_RECYCLER)}：用手中剩余份额拆分支付。回收站的份额为二级。`,
      ),
      actor: "rolling-mill",
      contract: "vouchers",
      method: "split",
      args: (c) => [c.get("millToken"), c.addr("scrap-recycler"), TO_RECYCLER],
      capture: { recyclerToken: "VoucherSplit.newTokenId" },
    },
    {
      title: t("The recycler asks a micro-lender, with recourse", "回收站向小贷公司申请有追索权融资"),
      explain: t(
        `A tier-2 recycler would hardly get a loan on its own name. With a piece of the steel group's voucher it asks the Caofeidian micro-loan company to buy ${Y(LENDER_VALUE)} at ${formatBps(LENDER_RATE)}, with recourse (有追索权): if the steel group defaulted, the lender could make the recycler pay the ${Y(LENDER_VALUE)} back and return the piece. The recycler keeps the risk; the rate is higher than the bank's.`,
        `二级回收站凭自身很难贷到款。持有钢铁集团凭证份额后，它申请曹妃甸小贷公司以年化 ${formatBps(LENDER_RATE)} 买入 ${Y(LENDER_VALUE)}，有追索权：若钢铁集团违约，小贷公司可要求回收站偿还 ${Y(LENDER_VALUE)} 并退回份额。风险仍由回收站承担，利率也高于银行。`,
      ),
      actor: "scrap-recycler",
      contract: "financing",
      method: "requestFinancing",
      args: (c) => [c.get("recyclerToken"), LENDER_VALUE, c.addr("micro-lender"), LENDER_RATE, true],
      capture: { lenderRequest: "VoucherFinancingRequested.requestId" },
    },
    approve(
      "micro-lender",
      "lenderRequest",
      "scrap-recycler",
      t(
        "The micro-lender approves: it pays the recycler and holds a token at tier 2. At maturity both financiers are cleared like any holder.",
        "小贷公司审批：向回收站付款并持有一个二级份额。到期时两家资金方都像其他持有人一样获得清分。",
      ),
    ),
  ],
};
