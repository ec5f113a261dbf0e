import { ZeroAddress } from "ethers";
import { maxPrincipalFen } from "../../domain/loans.js";
import { formatBps, interestFen } from "../../domain/rates.js";
import type { Lesson, LessonContext } from "../types.js";
import { DAY, Y, days, eventArg, t, yuan } from "./common.js";

const APPRAISAL = yuan("2,000,000");
const LTV_BPS = 6_000;
const RATE_BPS = 435;
const PRINCIPAL = maxPrincipalFen(APPRAISAL, LTV_BPS); // ¥1,200,000
const HARVEST_SALES = yuan("380,000");
const CERTIFICATE = "冀(2026)容城县农村土地经营权第000318号";

/** 梨果保: a pear-orchard loan product of the rural credit cooperative. */
const PEAR_PRODUCT = {
  name: "梨果保 Pear Orchard Loan",
  purpose: 0, // Agricultural
  collateral: 1, // PropertyRight
  ltvBps: LTV_BPS,
  rateBps: RATE_BPS,
  termDays: 365,
  dayCount: 0, // Act/365
  shape: 0, // Bullet: farm loans are seasonal
  instalments: 0,
  graceDays: 30,
  guaranteeFeeBps: 87,
  shares: { nationalBps: 2_000, provincialBps: 3_000, lenderBps: 2_000, guarantorBps: 3_000 },
  minPrincipal: yuan("10,000"),
  maxPrincipal: yuan("3,000,000"),
};

/** Interest owed now on the loan, as LoanBook accrues it (whole days, Act/365, rounded half up). */
function owedNow(c: LessonContext): Record<string, bigint> {
  const loan = c.state.loans.get(c.get("loan"))!;
  const elapsedDays = (c.now - BigInt(loan.disbursedAt!)) / DAY;
  const interest = interestFen(loan.outstanding, RATE_BPS, elapsedDays, 365n);
  return { principal: loan.outstanding, days: elapsedDays, interest, total: loan.outstanding + interest };
}

/** 农村产权抵押: 确权 → 评估 → 抵押 → 放款 → 还款解押, a closed online loop. */
export const pledgeALandRight: Lesson = {
  name: "pledge-a-land-right",
  title: t("Pledge a land right for a loan", "土地经营权抵押贷款"),
  summary: t(
    "The Xiong'an property exchange registers a pear cooperative's land management right, an appraiser values it at ¥2,000,000, the rural credit cooperative lends ¥1,200,000 under its 梨果保 product at 60% LTV with the lien placed in the same transaction, and the repayment after the harvest releases the lien.",
    "雄安农村产权交易中心为梨果合作社登记土地经营权，评估机构评估价值 200 万元，农信社以「梨果保」产品按 60% 抵押率放款 120 万元并在同一笔交易中办理抵押登记，收获后还款即解除抵押。",
  ),
  instrument: t(
    'Farmers own no land in China, but they hold land management rights (土地经营权), forest rights and aquaculture rights: the "three rights" (三权) that rural property reform made pledgeable. On the chain the registry authority registers a right (确权登记) as a non-transferable token held by the farmer, an appraiser values it (评估), and a loan contract places a public lien (抵押登记) on it when the money is disbursed (放款) and lifts it when the loan is repaid: a closed online loop, with no paper certificate to carry between offices. In Xiong\'an ¥3.72 billion of rights were valued on chain in 2025; products are tailored to crops, like 梨果保 for pear orchards.',
    "中国农户不拥有土地所有权，但持有土地经营权、林权和水域滩涂养殖权，即农村产权改革后可以抵押的「三权」。在链上，产权登记机构把权利登记为农户持有、不可自行转让的通证(确权登记)，评估机构评估价值，贷款合约在放款时为其办理公开的抵押登记，还清贷款时注销：全流程线上闭环，无需拿纸质证书在各部门间往返。2025 年雄安在链上评估的农村产权达 37.2 亿元；产品按作物定制，如面向梨园的「梨果保」。",
  ),
  lifecycle: t(
    "Right: register → Registered ─appraise→ Appraised ─(approveAndDisburse places the lien)→ Under lien ─(repay in full lifts it)→ Appraised, free.\nLoan: applyForLoan → Applied ─approveAndDisburse→ Active ─repay (in full)→ Repaid.",
    "产权：登记 register → 已登记 ─评估 appraise→ 已评估 ─(放款 approveAndDisburse 时抵押)→ 抵押中 ─(还清 repay 时解押)→ 已评估、无抵押。\n贷款：申请 applyForLoan → 已申请 ─审批放款 approveAndDisburse→ 还款中 Active ─还清 repay→ 已结清 Repaid。",
  ),
  stored: t(
    "The registry stores each right (kind, certificate, place, area, term, holder), its latest appraisal and its one lien. A loan stores borrower, product, principal, the pledged right and what is owed; interest is computed from time, never typed in.",
    "产权登记合约存储每项产权(种类、证书号、坐落、面积、期限、持有人)、最新评估和唯一的抵押。贷款存储借款人、产品、本金、抵押产权和欠款；利息由时间计算得出，不是手工输入。",
  ),
  actors: [
    { id: "registry", part: t("the rural property exchange: registers the right", "农村产权交易中心：确权登记") },
    { id: "appraiser", part: t("values the right", "评估产权价值") },
    { id: "rural-bank", part: t("lender: publishes 梨果保 and disburses", "贷款方：发布「梨果保」并放款") },
    { id: "pear-coop", part: t("borrower: the pear cooperative holding the right", "借款人：持有产权的梨果合作社") },
    { id: "merchant", part: t("a market merchant that buys part of the harvest", "收购部分梨果的市场商户") },
  ],
  steps: [
    {
      title: t("The exchange registers the orchard's land right (确权登记)", "产权交易中心确权登记梨园土地经营权"),
      explain: t(
        "The Rongcheng pear cooperative manages 120 mu of orchard under a 30-year contract with the village. The Xiong'an rural property exchange registers that land management right on chain, with its certificate number, place, area and term: it is now a token the cooperative holds but cannot move by itself.",
        "容城梨果专业合作社依据与村集体签订的 30 年合同经营 120 亩梨园。雄安农村产权交易中心把该土地经营权连同证书号、坐落、面积和期限登记上链：它成为合作社持有、但不能自行转让的通证。",
      ),
      actor: "registry",
      contract: "registry",
      method: "register",
      args: (c) => [
        0,
        CERTIFICATE,
        "容城县",
        "贾光乡梨园村",
        12_000n,
        c.now - days(365),
        c.now + days(29 * 365),
        c.addr("pear-coop"),
      ],
      capture: { right: "RightRegistered.rightId" },
    },
    {
      title: t("The appraiser values it at ¥2,000,000 (评估)", "评估机构评估为 200 万元"),
      explain: t(
        "A licensed appraiser values the right, from the orchard's yield and the remaining term, at ¥2,000,000, valid for a year. A lender will lend only against an appraisal that still counts.",
        "持牌评估机构根据梨园产量和剩余期限，评估该权利价值 200 万元，有效期一年。贷款方只认可仍在有效期内的评估。",
      ),
      actor: "appraiser",
      contract: "registry",
      method: "appraise",
      args: (c) => [c.get("right"), APPRAISAL, c.now + days(365)],
    },
    {
      title: t("The rural credit cooperative publishes 梨果保", "农信社发布「梨果保」"),
      explain: t(
        `梨果保 is tailored to pear growers: one season (365 days), all principal at the end when the harvest is sold, ${formatBps(RATE_BPS)} a year, secured by a registered right at up to ${formatBps(LTV_BPS)} of its appraisal (loan-to-value), 30 grace days.`,
        `「梨果保」专为梨农设计：一季(365 天)，收获销售后到期一次还本，年利率 ${formatBps(RATE_BPS)}，以登记产权抵押，贷款不超过评估值的 ${formatBps(LTV_BPS)}(抵押率)，宽限期 30 天。`,
      ),
      actor: "rural-bank",
      contract: "loans",
      method: "createProduct",
      args: () => [PEAR_PRODUCT],
      capture: { product: "ProductCreated.productId" },
    },
    {
      title: t("The cooperative applies for ¥1,200,000", "合作社申请 120 万元"),
      explain: t(
        `The cooperative needs fertiliser, bagging and labour before the harvest. The most 梨果保 lends on this orchard is ${formatBps(LTV_BPS)} × ${Y(APPRAISAL)} = ${Y(PRINCIPAL)}; it applies for exactly that, pledging the right.`,
        `合作社在采收前需要化肥、套袋和人工费用。按「梨果保」这片梨园最多可贷 ${formatBps(LTV_BPS)} × ${Y(APPRAISAL)} = ${Y(PRINCIPAL)}；合作社以该产权抵押申请这一金额。`,
      ),
      actor: "pear-coop",
      contract: "loans",
      method: "applyForLoan",
      args: (c) => [c.get("product"), PRINCIPAL, c.get("right"), ZeroAddress],
      predict: () => ({ appraisal: APPRAISAL, ltvBps: BigInt(LTV_BPS), maxPrincipal: PRINCIPAL }),
      capture: { loan: "LoanApplied.loanId" },
    },
    {
      title: t("Lien and disbursement in one transaction (抵押 + 放款)", "抵押登记与放款在同一笔交易中完成"),
      explain: t(
        "The bank approves. One transaction checks the appraisal, the LTV bound and the right's term, places the public lien on the right and pays the ¥1,200,000 into the cooperative's wallet. There is no moment when the bank has paid without the lien, or the lien exists without the money.",
        "农信社审批。同一笔交易核验评估、抵押率上限和产权期限，办理抵押登记，并把 120 万元打入合作社钱包。不存在银行已付款而未抵押、或已抵押而未放款的时刻。",
      ),
      actor: "rural-bank",
      contract: "loans",
      method: "approveAndDisburse",
      args: (c) => [c.get("loan")],
    },
    {
      title: t("The harvest is sold", "梨果售出"),
      clock: { days: 240, why: t("late October: the pears are picked and sold", "十月下旬：梨果采收并售出") },
      explain: t(
        `The cooperative sells its pears through the Xiong'an market; a market merchant settles the lots it bought, ${Y(HARVEST_SALES)}, in e-CNY. A seasonal loan is repaid from the season's harvest: that is why 梨果保 is a bullet loan.`,
        `合作社通过雄安市场销售梨果；一家市场商户以数字人民币结清所购批次 ${Y(HARVEST_SALES)}。季节性贷款靠当季收成偿还：这正是「梨果保」到期一次还本的原因。`,
      ),
      actor: "merchant",
      contract: "ecny",
      method: "transfer",
      args: (c) => [c.addr("pear-coop"), HARVEST_SALES],
    },
    {
      title: t("Repayment with interest releases the lien (还款解押)", "连本带息还款并解除抵押"),
      explain: t(
        "The cooperative repays principal and interest. Interest accrues by whole days at 4.35% Act/365, rounded half up to the fen; the payment that clears the debt lifts the lien in the same transaction, so the right is free for next season.",
        "合作社归还本金和利息。利息按整日、年利率 4.35%、Act/365 计算，四舍五入到分；还清欠款的那笔交易同时注销抵押，产权可用于下一季。",
      ),
      actor: "pear-coop",
      contract: "loans",
      method: "repay",
      args: (c) => {
        const f = owedNow(c);
        return [c.get("loan"), f.total];
      },
      predict: owedNow,
      watch: ["rural-bank"],
      notes: (c, step) => {
        const f = step.figures;
        const lien = c.state.rights.get(c.get("right"))?.lien;
        return [
          t(
            `Interest = ${Y(f.principal)} × ${formatBps(RATE_BPS)} × ${f.days} / 365 = ${Y(f.interest)}; repaid ${Y(f.total)}. On chain: ${Y(eventArg(step, "RepaymentMade", "interestPart"))} interest, ${Y(eventArg(step, "RepaymentMade", "principalPart"))} principal; the lien is ${lien ? "STILL IN PLACE" : "released"}.`,
            `利息 = ${Y(f.principal)} × ${formatBps(RATE_BPS)} × ${f.days} / 365 = ${Y(f.interest)}；还款 ${Y(f.total)}。链上结果：利息 ${Y(eventArg(step, "RepaymentMade", "interestPart"))}，本金 ${Y(eventArg(step, "RepaymentMade", "principalPart"))}；抵押${lien ? "仍未解除" : "已解除"}。`,
          ),
        ];
      },
    },
  ],
};
