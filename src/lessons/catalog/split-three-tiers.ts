import { lineageTree } from "../lineage.js";
import { namerOf } from "../names.js";
import type { Lesson } from "../types.js";
import { acceptStep, creditLineStep, Y, days, t, yuan } from "./common.js";

const FACE = yuan("8,000,000");
const TO_RECYCLER = yuan("2,500,000");
const TO_COLLECTOR = yuan("600,000");

/** 拆分流转: a core enterprise's voucher carries its credit down to tier-3 suppliers. */
export const splitThreeTiers: Lesson = {
  name: "split-three-tiers",
  title: t("Split a voucher down three tiers", "凭证拆分流转到三级供应商"),
  summary: t(
    "Hebei Steel confirms ¥8,000,000 owed to its rolling mill as a voucher; the mill pays its scrap recycler with a piece, the recycler pays its collector with a piece of that: the steel group's credit reaches tier 3.",
    "河北钢铁集团把欠轧钢厂的 800 万元确权为电子凭证；轧钢厂拆出一部分支付废钢回收站，回收站再拆出一部分支付收购点：核心企业的信用穿透到三级供应商。",
  ),
  instrument: t(
    "An electronic receivable voucher (应收账款电子凭证) is a debt the core enterprise has confirmed on chain (确权): payer, payee, face, maturity and the hash of the trade background (contract, invoice, delivery). Whoever holds a piece of it holds a claim on the core enterprise, not on the supplier who passed it on. Small suppliers far up the chain cannot borrow on their own credit; a piece of the steel group's voucher is as good as the steel group's promise. On chain a voucher is an ERC-3525 slot, each holding a token, a token's value is fen.",
    "应收账款电子凭证是核心企业在链上确认(确权)的债务：付款方、收款方、面值、到期日以及贸易背景(合同、发票、物流单据)的哈希。持有凭证的任何一部分，就是持有对核心企业的债权，而不是对转让它的供应商的债权。链条末端的小供应商凭自身信用很难融资，而一份钢铁集团凭证就等于钢铁集团的付款承诺。在链上，一张凭证是一个 ERC-3525 插槽(slot)，每一份持有是一个通证(token)，通证的价值以分计。",
  ),
  lifecycle: t(
    "Voucher: issue → Pending ─acceptIssuance→ Active ─(maturity)→ due ─repay→ Repaid ─clear→ Cleared.\nToken: Live ─split→ Live (parent, smaller) + Live (child, tier + 1).",
    "凭证：签发 issue → 待签收 Pending ─签收 acceptIssuance→ 生效 Active ─(到期)→ 应付 ─兑付 repay→ 已兑付 Repaid ─清分 clear→ 已清分 Cleared。\n份额：可流转 Live ─拆分 split→ 父份额(减少) + 子份额(级次 + 1)。",
  ),
  stored: t(
    "Stored per voucher: payer, payee, face, maturity, trade hash, status, the rules it was issued under. Stored per token: owner, value, parent token, tier, status. A split takes only (token, receiver, value): the payer and maturity are the parent's, by construction.",
    "每张凭证存储：付款方、收款方、面值、到期日、贸易背景哈希、状态、签发时的规则。每个份额存储：持有人、价值、父份额、级次、状态。拆分交易只需输入(份额、接收方、金额)：付款方和到期日沿用父份额，无法更改。",
  ),
  actors: [
    { id: "lead-bank", part: t("grants the steel group its credit line for vouchers", "为钢铁集团核定凭证授信额度") },
    { id: "steel-group", part: t("confirms the debt and pays at maturity", "确权并到期兑付") },
    { id: "rolling-mill", part: t("tier 1: receives the voucher and splits it", "一级：签收凭证并拆分") },
    { id: "scrap-recycler", part: t("tier 2: sells scrap steel to the mill", "二级：向轧钢厂供应废钢") },
    { id: "scrap-collector", part: t("tier 3: collects scrap for the recycler", "三级：为回收站收购废钢") },
  ],
  steps: [
    creditLineStep(
      t(
        "Before the steel group can confirm debts on the platform, its bank caps how much it may have outstanding: ¥50,000,000. Every voucher it issues counts against the line until it is repaid, so the suppliers down the chain know the promise is bounded.",
        "钢铁集团在平台上确权之前，须由银行核定其未兑付凭证的上限：5,000 万元。每张签发的凭证在兑付前都占用额度，链上供应商因此知道这份承诺有边界。",
      ),
    ),
    {
      title: t("The steel group confirms the debt (确权)", "钢铁集团确权"),
      explain: t(
        "The mill delivered rolled steel worth ¥8,000,000 on 180-day terms. Instead of an IOU on paper, the steel group signs a voucher on chain, naming the trade background (purchase order, VAT invoice, waybill) by its hash: the same documents can never back a second voucher.",
        "轧钢厂交付了价值 800 万元的钢材，账期 180 天。钢铁集团不再开纸质欠条，而是在链上签发凭证，并以哈希登记贸易背景(采购合同、增值税发票、运单)：同一套单据不能再支撑第二张凭证。",
      ),
      actor: "steel-group",
      contract: "vouchers",
      method: "issue",
      args: (c) => [
        c.addr("rolling-mill"),
        FACE,
        c.now + days(180),
        c.ref("HBIS-PO-2026-0318 · VAT invoice 13020261234 · waybill TSPL-260302-017"),
      ],
      capture: { slot: "VoucherIssued.slotId" },
    },
    acceptStep(
      t("The mill accepts (确权签收)", "轧钢厂签收"),
      t(
        "A voucher becomes a claim only when its payee accepts it. The mill signs: it now holds token #1.1, tier 1, worth the whole face.",
        "凭证经收款方签收才成为有效债权。轧钢厂签收后持有份额 #1.1(一级)，价值为全部面值。",
      ),
      "rolling-mill",
    ),
    {
      title: t("The mill pays its recycler with a piece (tier 2)", "轧钢厂拆分支付给回收站(二级)"),
      explain: t(
        `The mill owes its scrap recycler ${Y(TO_RECYCLER)} for scrap steel. Rather than borrow to pay in cash, it splits that much off its token: the recycler receives a new token at tier 2 with the same payer (the steel group) and the same maturity.`,
        `轧钢厂欠废钢回收站 ${Y(TO_RECYCLER)} 废钢款。它不必借钱付现，而是从自己的份额中拆出这部分：回收站获得一个新的二级份额，付款方(钢铁集团)和到期日都不变。`,
      ),
      actor: "rolling-mill",
      contract: "vouchers",
      method: "split",
      args: (c) => [c.get("millToken"), c.addr("scrap-recycler"), TO_RECYCLER],
      capture: { recyclerToken: "VoucherSplit.newTokenId" },
    },
    {
      title: t("The recycler pays its collector (tier 3)", "回收站再拆分支付给收购点(三级)"),
      explain: t(
        `The recycler buys its scrap from a small collecting yard, which it owes ${Y(TO_COLLECTOR)}. It splits that off its own piece: the collector, a tier-3 firm the steel group has never dealt with, now holds a claim on the steel group itself (穿透).`,
        `回收站从一个小收购点收购废钢，欠款 ${Y(TO_COLLECTOR)}。它从自己的份额中拆出这部分：这个与钢铁集团从无往来的三级小企业，现在直接持有对钢铁集团的债权(穿透)。`,
      ),
      actor: "scrap-recycler",
      contract: "vouchers",
      method: "split",
      args: (c) => [c.get("recyclerToken"), c.addr("scrap-collector"), TO_COLLECTOR],
      capture: { collectorToken: "VoucherSplit.newTokenId" },
      notes: (c) => {
        const tree = lineageTree(c.state, c.get("slot"), namerOf(c.state, c.d.cast));
        return [
          t(
            `The lineage (穿透), read from the chain's events:\n${tree.en}`,
            `链上事件还原的流转路径(穿透)：\n${tree.zh}`,
          ),
          t(
            `The pieces still add up to the face: ${Y(FACE - TO_RECYCLER)} + ${Y(TO_RECYCLER - TO_COLLECTOR)} + ${Y(TO_COLLECTOR)} = ${Y(FACE)}. At maturity the steel group pays once and each holder is paid its piece.`,
            `各份额之和仍等于面值：${Y(FACE - TO_RECYCLER)} + ${Y(TO_RECYCLER - TO_COLLECTOR)} + ${Y(TO_COLLECTOR)} = ${Y(FACE)}。到期时钢铁集团一次兑付，每位持有人按份额收款。`,
          ),
        ];
      },
    },
  ],
};
