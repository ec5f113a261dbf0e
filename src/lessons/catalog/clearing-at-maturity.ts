import { lineageTree } from "../lineage.js";
import { namerOf } from "../names.js";
import type { Lesson, LessonContext } from "../types.js";
import { acceptStep, creditLineStep, Y, days, t, yuan } from "./common.js";

const FACE = yuan("5,000,000");
const TO_RECYCLER = yuan("1,500,000");
const TO_COLLECTOR = yuan("400,000");
const TO_BANK = yuan("2,000,000");
const HOLDERS = ["rolling-mill", "scrap-recycler", "scrap-collector", "lead-bank"];

const maturityOf = (c: LessonContext) => BigInt(c.state.vouchers.get(c.get("slot"))!.maturity);

/** What each token holds now, by holder (the figures the clearing must pay). */
function holdings(c: LessonContext): Record<string, bigint> {
  const v = c.state.vouchers.get(c.get("slot"))!;
  const out: Record<string, bigint> = {};
  for (const id of v.tokenIds) {
    const token = c.state.tokens.get(id)!;
    const holder = c.d.cast.byAddress(token.owner)?.id ?? token.owner;
    out[holder] = (out[holder] ?? 0n) + token.value;
  }
  return out;
}

/** 到期清分: the core enterprise pays once; the ledger pays every holder its piece. */
export const clearingAtMaturity: Lesson = {
  name: "clearing-at-maturity",
  title: t("Clearing at maturity", "到期清分"),
  summary: t(
    "A ¥5,000,000 voucher ends up in four hands: the mill, its recycler, a collector and the bank that financed a piece. At maturity the steel group pays once; paged clearing pays each holder exactly its value, a frozen wallet is skipped and claims later, and the sum paid equals the face.",
    "一张 500 万元的凭证最终分散在四个持有人手中：轧钢厂、回收站、收购点以及为其中一部分融资的银行。到期时钢铁集团一次兑付；分页清分向每位持有人支付其份额的准确金额，钱包被冻结的持有人被跳过、事后领取，支付总额等于面值。",
  ),
  instrument: t(
    "At maturity (到期) a voucher stops moving: no split, transfer or financing from that second on. The payer pays the face once into the voucher ledger, and the ledger clears the money to every current holder automatically (自动清分): the payer does not need to know who holds what. Clearing runs in pages (a bounded number of tokens per transaction), so a voucher split into thousands of pieces still clears. A holder whose wallet cannot receive (frozen, suspended, capped) never blocks the others: its token waits, Unclaimed, and it claims when it can.",
    "到期后凭证停止流转：从到期那一刻起不能再拆分、转让或融资。付款方向凭证账本一次性兑付面值，账本自动清分给每一位当前持有人：付款方无需知道谁持有多少。清分分页进行(每笔交易处理有限数量的份额)，因此拆成成千上万份的凭证也能清分。无法收款的持有人(钱包冻结、成员被暂停、超过余额上限)不会阻塞其他人：其份额转为待领取，条件具备时再领取。",
  ),
  lifecycle: t(
    "Voucher: Active ─(maturity)→ due ─repay→ Repaid ─clear (page by page)→ Cleared when every fen is paid.\nToken: Live ─clear→ Cleared (paid) | Unclaimed (wallet cannot receive) ─claim→ Cleared.",
    "凭证：生效 Active ─(到期)→ 应付 ─兑付 repay→ 已兑付 Repaid ─清分 clear(逐页)→ 每一分都付出后为已清分 Cleared。\n份额：可流转 Live ─清分 clear→ 已清分 Cleared | 待领取 Unclaimed(钱包无法收款) ─领取 claim→ 已清分。",
  ),
  stored: t(
    "The ledger stores a clearing cursor per voucher (how far the pages have gone) and the total cleared; clear takes only (voucher, page size). Who is paid how much is not an input: it is what each token holds.",
    "账本为每张凭证存储清分游标(已处理到第几份)和已清分总额；清分交易只需输入(凭证、每页数量)。付给谁、付多少不是输入，而是每个份额持有的价值。",
  ),
  actors: [
    {
      id: "lead-bank",
      part: t(
        "grants the credit line, finances a piece, operates the collector's wallet",
        "核定授信、为一部分融资、管理收购点的钱包",
      ),
    },
    { id: "steel-group", part: t("repays the face once at maturity", "到期一次兑付面值") },
    { id: "rolling-mill", part: t("tier-1 holder", "一级持有人") },
    { id: "scrap-recycler", part: t("tier-2 holder", "二级持有人") },
    {
      id: "scrap-collector",
      part: t("tier-3 holder whose wallet is frozen at maturity", "三级持有人，到期时钱包被冻结"),
    },
    { id: "operator", part: t("runs the clearing pages (any member may)", "发起清分(任何成员均可)") },
  ],
  steps: [
    creditLineStep(),
    {
      title: t("The steel group confirms ¥5,000,000 at 90 days", "钢铁集团确权 500 万元，90 天"),
      explain: t("A 90-day voucher for a delivery of hot-rolled coil.", "就一批热轧卷板签发 90 天期凭证。"),
      actor: "steel-group",
      contract: "vouchers",
      method: "issue",
      args: (c) => [
        c.addr("rolling-mill"),
        FACE,
        c.now + days(90),
        c.ref("HBIS-PO-2026-0330 · VAT invoice 13020261307 · waybill TSPL-260302-044"),
      ],
      capture: { slot: "VoucherIssued.slotId" },
    },
    acceptStep(
      t("The mill accepts", "轧钢厂签收"),
      t("Token #1.1, tier 1, ¥5,000,000.", "份额 #1.1，一级，500 万元。"),
      "rolling-mill",
    ),
    {
      title: t("The mill pays its recycler", "轧钢厂拆分支付给回收站"),
      explain: t(`${Y(TO_RECYCLER)} to the scrap recycler, tier 2.`, `拆分 ${Y(TO_RECYCLER)} 给废钢回收站，二级。`),
      actor: "rolling-mill",
      contract: "vouchers",
      method: "split",
      args: (c) => [c.get("millToken"), c.addr("scrap-recycler"), TO_RECYCLER],
      capture: { recyclerToken: "VoucherSplit.newTokenId" },
    },
    {
      title: t("The recycler pays its collector", "回收站拆分支付给收购点"),
      explain: t(`${Y(TO_COLLECTOR)} to the scrap collector, tier 3.`, `拆分 ${Y(TO_COLLECTOR)} 给废钢收购点，三级。`),
      actor: "scrap-recycler",
      contract: "vouchers",
      method: "split",
      args: (c) => [c.get("recyclerToken"), c.addr("scrap-collector"), TO_COLLECTOR],
      capture: { collectorToken: "VoucherSplit.newTokenId" },
    },
    {
      title: t("The mill asks the bank to finance ¥2,000,000", "轧钢厂申请银行融资 200 万元"),
      explain: t("At 3.45% a year, without recourse.", "年化 3.45%，无追索权。"),
      actor: "rolling-mill",
      contract: "financing",
      method: "requestFinancing",
      args: (c) => [c.get("millToken"), TO_BANK, c.addr("lead-bank"), 345, false],
      capture: { request: "VoucherFinancingRequested.requestId" },
    },
    {
      title: t("The bank buys the piece", "银行买入该份额"),
      explain: t(
        "The bank pays the discounted value and becomes a holder of ¥2,000,000: at maturity it is cleared like any supplier.",
        "银行支付贴现后的款项，成为 200 万元份额的持有人：到期时与供应商一样获得清分。",
      ),
      actor: "lead-bank",
      contract: "financing",
      method: "approveFinancing",
      args: (c) => [c.get("request")],
      capture: { bankToken: "VoucherFinanced.newTokenId" },
      notes: (c) => {
        const tree = lineageTree(c.state, c.get("slot"), namerOf(c.state, c.d.cast));
        return [t(`Who holds what before maturity:\n${tree.en}`, `到期前的持有情况：\n${tree.zh}`)];
      },
    },
    {
      title: t("The collector's wallet is frozen", "收购点的钱包被冻结"),
      clock: {
        days: 60,
        why: t("two months on, a court orders a freeze in a dispute", "两个月后，法院因一起纠纷裁定冻结"),
      },
      explain: t(
        "In a dispute with a customer, a court orders the scrap collector's e-CNY wallet frozen, and its bank, the lead bank, executes the order (司法冻结). The collector's voucher piece is untouched; its wallet simply cannot receive.",
        "废钢收购点与客户发生纠纷，法院裁定冻结其数字人民币钱包，由开户行牵头银行执行(司法冻结)。收购点的凭证份额不受影响，只是钱包暂时无法收款。",
      ),
      actor: "lead-bank",
      contract: "ecny",
      method: "freeze",
      args: (c) => [c.addr("scrap-collector")],
    },
    {
      title: t("At maturity the steel group pays once", "到期日钢铁集团一次兑付"),
      clock: { to: maturityOf, why: t("the voucher's maturity", "凭证到期日") },
      explain: t(
        "On the due date the steel group pays the face, ¥5,000,000, into the voucher ledger in one payment. It does not need to know that four firms now hold the debt; its credit line is freed at once.",
        "到期日钢铁集团一次性向凭证账本兑付面值 500 万元。它无需知道债权现在分散在四家机构手中；其授信额度随即释放。",
      ),
      actor: "steel-group",
      contract: "vouchers",
      method: "repay",
      args: (c) => [c.get("slot")],
      predict: holdings,
    },
    {
      title: t("Clearing, page 1", "清分第 1 页"),
      explain: t(
        "The platform operator runs the clearing two tokens at a time (a real voucher may have thousands of pieces; each page is one bounded transaction). Page 1 pays token #1.1 (the mill) and #1.2 (the recycler) exactly what they hold.",
        "平台运营方每页清分两个份额(真实凭证可能有成千上万份，每一页都是一笔有上限的交易)。第 1 页向份额 #1.1(轧钢厂)和 #1.2(回收站)支付各自持有的准确金额。",
      ),
      actor: "operator",
      contract: "vouchers",
      method: "clear",
      args: (c) => [c.get("slot"), 2n],
      watch: HOLDERS,
    },
    {
      title: t("Clearing, page 2: a frozen wallet is skipped", "清分第 2 页：跳过被冻结的钱包"),
      explain: t(
        "Page 2 reaches the collector's token: its wallet is frozen, so the e-CNY contract skips that payment and the token becomes Unclaimed. The bank's token, next in the page, is paid anyway: one holder's trouble never blocks the others.",
        "第 2 页轮到收购点的份额：其钱包被冻结，数字人民币合约跳过这笔支付，份额转为待领取。同页的银行份额照常支付：一位持有人的问题不会阻塞其他人。",
      ),
      actor: "operator",
      contract: "vouchers",
      method: "clear",
      args: (c) => [c.get("slot"), 2n],
      watch: HOLDERS,
    },
    {
      title: t("The freeze is lifted", "解除冻结"),
      clock: { days: 5, why: t("the dispute is settled", "纠纷和解") },
      explain: t(
        "The court lifts its order; the bank unfreezes the collector's wallet.",
        "法院解除裁定，银行解冻收购点的钱包。",
      ),
      actor: "lead-bank",
      contract: "ecny",
      method: "unfreeze",
      args: (c) => [c.addr("scrap-collector")],
    },
    {
      title: t("The collector claims its piece", "收购点领取其份额款项"),
      explain: t(
        "The collector claims its Unclaimed token: the ledger pays it the ¥400,000 it has held since maturity, and with that every fen of the face has reached a holder.",
        "收购点领取待领取份额：账本向其支付到期以来一直保留的 40 万元，至此面值的每一分都已付给持有人。",
      ),
      actor: "scrap-collector",
      contract: "vouchers",
      method: "claim",
      args: (c) => [c.get("collectorToken")],
      notes: (c) => {
        const v = c.state.vouchers.get(c.get("slot"))!;
        const paid = v.tokenIds.map((id) => c.state.tokens.get(id)!).filter((tk) => tk.paid);
        const lines = paid.map(
          (tk) => `${c.d.cast.byAddress(tk.paid!.holder)?.name ?? tk.paid!.holder}: ${Y(tk.paid!.amount)}`,
        );
        const linesZh = paid.map(
          (tk) => `${c.d.cast.byAddress(tk.paid!.holder)?.nameZh ?? tk.paid!.holder}：${Y(tk.paid!.amount)}`,
        );
        const total = paid.reduce((s, tk) => s + tk.paid!.amount, 0n);
        return [
          t(
            `Paid to holders: ${lines.join("; ")}. Σ paid = ${Y(total)} = the face ${Y(v.face)}${total === v.face ? "" : " — MISMATCH"}; the voucher is ${v.status.toLowerCase()}.`,
            `支付给持有人：${linesZh.join("；")}。支付合计 ${Y(total)} = 面值 ${Y(v.face)}${total === v.face ? "" : "——不一致"}；凭证状态：${v.status === "Cleared" ? "已清分" : v.status}。`,
          ),
        ];
      },
    },
  ],
};
