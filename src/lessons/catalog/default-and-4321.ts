import { ZeroAddress } from "ethers";
import { guaranteeFeeFen, splitLoss } from "../../domain/loans.js";
import { formatBps, interestFen } from "../../domain/rates.js";
import type { Lesson, LessonContext } from "../types.js";
import { DAY, Y, days, deltaOf, eventArg, t, yuan } from "./common.js";

const RATE_BPS = 490; // 4.90% + 0.87% guarantee fee = 5.77% all-in, within the cluster's ≤ 5.8%
const FEE_BPS = 87;
const TERM_DAYS = 90;
const GRACE_DAYS = 15;
const SHARES = { nationalBps: 2_000, provincialBps: 3_000, lenderBps: 2_000, guarantorBps: 3_000 };
const COLLECTOR_LOAN = yuan("300,000");
const STORE_LOAN = yuan("200,000");
const CONSENT = yuan("5,000,000");
const REFERENCE_SALES = yuan("120,000");
const SLUMP_SALES = yuan("66,000"); // −45%

/** 钢链周转贷: the micro-loan company's short working-capital loan on platform data. */
const WORKING_CAPITAL = {
  name: "钢链周转贷 Steel-chain Working Capital",
  purpose: 1, // WorkingCapital
  collateral: 0, // unsecured
  ltvBps: 0,
  rateBps: RATE_BPS,
  termDays: TERM_DAYS,
  dayCount: 0, // Act/365
  shape: 0, // Bullet
  instalments: 0,
  graceDays: GRACE_DAYS,
  guaranteeFeeBps: FEE_BPS,
  shares: SHARES,
  minPrincipal: yuan("50,000"),
  maxPrincipal: yuan("500,000"),
};

/** Debt of a loan now, as LoanBook accrues it. */
function debtNow(c: LessonContext, key: string): Record<string, bigint> {
  const loan = c.state.loans.get(c.get(key))!;
  const elapsed = (c.now - BigInt(loan.disbursedAt!)) / DAY;
  const interest = interestFen(loan.outstanding, RATE_BPS, elapsed, 365n);
  return { principal: loan.outstanding, days: elapsed, interest, debt: loan.outstanding + interest };
}

const consent = (id: string, who: { en: string; zh: string }) => ({
  title: { en: `${who.en} consents to pay its share`, zh: `${who.zh}同意承担分担份额` },
  explain: {
    en: `${who.en} allows the loan book to draw its share of a loss from its wallet, up to ${Y(CONSENT)}. This allowance is its consent on chain: when a guaranteed loan fails, the share is paid in the same transaction that settles the loan, without a claim procedure.`,
    zh: `${who.zh}授权贷款合约从其钱包划转损失分担份额，上限 ${Y(CONSENT)}。这一授权就是链上的同意：担保贷款违约时，分担款在结清贷款的同一笔交易中支付，无需理赔流程。`,
  },
  actor: id,
  contract: "ecny" as const,
  method: "approve",
  args: (c: LessonContext) => [c.d.contracts.loans.target, CONSENT],
});

/** 违约 and "4321" risk sharing; 弹性还款 for a borrower whose sales collapse. */
export const defaultAnd4321: Lesson = {
  name: "default-and-4321",
  title: t('A default and "4321" risk sharing', '违约与"4321"风险分担'),
  summary: t(
    "A guaranteed ¥300,000 micro-loan to a scrap collector pays its guarantee fee at disbursement, misses its due date, passes its grace days and defaults; the loss is shared national fund 20% / provincial re-guarantor 30% / lender 20% / local guarantor 30%, exact to the fen. A market store whose sales fall 45% two weeks running gets a grace period instead of a default, and repays.",
    "一笔由担保机构担保的 30 万元小额贷款发放给废钢收购点，放款时收取担保费；借款人到期未还，宽限期后违约，损失按国家融资担保基金 20% / 省级再担保 30% / 贷款方 20% / 本地担保机构 30% 分担，精确到分。一家雄安商户连续两周流水下滑 45%，获得宽限期而非被认定违约，随后还清贷款。",
  ),
  instrument: t(
    'Micro-loan companies lend ¥50k–500k of short working capital to small firms on platform data. A local guarantee agency guarantees the loan for a fee (0.87% a year on average), and under the national "4321" scheme a loss is shared: the national financing guarantee fund 20%, the provincial re-guarantor 30%, the lending institution 20%, the local guarantor 30%. On chain the shares are computed by the contract (floors for the first three; the guarantor takes the remainder, so they sum to the loss to the fen) and paid in the transaction that settles the loan. Flexible repayment (弹性还款): when a borrower\'s point-of-sale flow falls more than 40% two weeks running, the contract grants a grace period instead of letting the lender call the loan.',
    "小额贷款公司依据平台数据向小微企业发放 5 万至 50 万元的短期流动资金贷款。本地融资担保机构收取担保费(平均年化 0.87%)提供担保；按国家「4321」政府性融资担保风险分担机制，损失由国家融资担保基金承担 20%、省级再担保机构 30%、贷款机构 20%、本地担保机构 30%。在链上，分担金额由合约计算(前三方向下取整，余数归本地担保机构，合计精确等于损失)，并在结清贷款的同一笔交易中支付。弹性还款：借款人收单流水连续两周下降超过 40% 时，合约给予宽限期，贷款方不能抽贷。",
  ),
  lifecycle: t(
    "Loan: applyForLoan → Applied ─approveGuarantee, approveAndDisburse→ Active ─repay (in full)→ Repaid\nActive ─declareDefault (after due date + grace days, outside any flexible grace)→ Defaulted ─callGuarantee→ Settled (loss shared 4321).\nBorrower's sales: two fallen weeks running → grace period (no default before it ends).",
    '贷款：申请 applyForLoan → 已申请 ─担保同意 approveGuarantee、审批放款 approveAndDisburse→ 还款中 Active ─还清 repay→ 已结清 Repaid\n还款中 ─认定违约 declareDefault(到期日 + 宽限期之后，且不在弹性宽限期内)→ 已违约 Defaulted ─代偿 callGuarantee→ 已了结 Settled(按"4321"分担损失)。\n借款人流水：连续两周下滑 → 宽限期(期内不得认定违约)。',
  ),
  stored: t(
    "A product stores its rate, term, grace days, fee and loss shares, immutable once published. A loan stores what is owed and the risk-sharing parties in force at disbursement. Weekly sales are posted by the data feed; the borrower's grace date is derived from them, not typed in.",
    "贷款产品存储利率、期限、宽限期、担保费率和分担比例，发布后不可更改。贷款存储欠款以及放款时生效的风险分担方。每周流水由数据服务方上链；借款人的宽限期由流水推导，而非手工输入。",
  ),
  actors: [
    {
      id: "micro-lender",
      part: t("the lender: publishes the product, disburses, declares the default", "贷款方：发布产品、放款、认定违约"),
    },
    { id: "scrap-collector", part: t("borrower of the guaranteed loan", "担保贷款的借款人") },
    { id: "guarantor", part: t("local guarantor: 30% of the loss", "本地担保机构：承担 30%") },
    { id: "provincial-reguarantor", part: t("provincial re-guarantor: 30%", "省级再担保：承担 30%") },
    { id: "national-fund", part: t("national financing guarantee fund: 20%", "国家融资担保基金：承担 20%") },
    { id: "merchant", part: t("borrower whose sales collapse: flexible repayment", "流水骤降的借款人：弹性还款") },
    { id: "data-feed", part: t("posts weekly point-of-sale flows", "每周上传收单流水") },
  ],
  steps: [
    {
      title: t("The micro-lender publishes its working-capital product", "小贷公司发布流动资金贷款产品"),
      explain: t(
        `Caofeidian Micro-Loan Company lends to the steel chain's small suppliers on platform data: 90 days, all principal at the end, ${formatBps(RATE_BPS)} a year, a guarantee fee of ${formatBps(FEE_BPS)} a year, ${GRACE_DAYS} grace days after a missed due date, losses shared "4321".`,
        `曹妃甸小额贷款公司依据平台数据向钢铁链小供应商放贷：期限 90 天，到期一次还本，年利率 ${formatBps(RATE_BPS)}，年化担保费 ${formatBps(FEE_BPS)}，逾期宽限 ${GRACE_DAYS} 天，损失按"4321"分担。`,
      ),
      actor: "micro-lender",
      contract: "loans",
      method: "createProduct",
      args: () => [WORKING_CAPITAL],
      capture: { product: "ProductCreated.productId" },
    },
    {
      title: t("The scrap collector applies, guaranteed", "废钢收购点申请担保贷款"),
      explain: t(
        `The Qian'an scrap collector needs ${Y(COLLECTOR_LOAN)} to pay its pickers before the mills pay it. It applies with the Tangshan financing guarantee company as guarantor.`,
        `迁安废钢收购点需要 ${Y(COLLECTOR_LOAN)} 在钢厂付款前支付收购款。它申请贷款，由唐山融资担保公司提供担保。`,
      ),
      actor: "scrap-collector",
      contract: "loans",
      method: "applyForLoan",
      args: (c) => [c.get("product"), COLLECTOR_LOAN, 0n, c.addr("guarantor")],
      capture: { loan: "LoanApplied.loanId" },
    },
    {
      title: t("The guarantor approves", "担保机构同意担保"),
      explain: t(
        "The guarantor reviews the collector's trade data on the platform and signs its guarantee on chain.",
        "担保机构审查收购点在平台上的交易数据，在链上签署担保。",
      ),
      actor: "guarantor",
      contract: "loans",
      method: "approveGuarantee",
      args: (c) => [c.get("loan")],
    },
    consent("national-fund", { en: "The national fund", zh: "国家融资担保基金" }),
    consent("provincial-reguarantor", { en: "The provincial re-guarantor", zh: "省级再担保集团" }),
    consent("guarantor", { en: "The local guarantor", zh: "本地担保机构" }),
    {
      title: t("Disbursement collects the guarantee fee", "放款同时收取担保费"),
      explain: t(
        "The lender disburses. In the same transaction the borrower pays the guarantee fee for the whole term to the guarantor: fee = principal × 0.87% × 90 / 365, rounded half up.",
        "贷款方放款。同一笔交易中借款人向担保机构支付全期担保费：担保费 = 本金 × 0.87% × 90 / 365，四舍五入到分。",
      ),
      actor: "micro-lender",
      contract: "loans",
      method: "approveAndDisburse",
      args: (c) => [c.get("loan")],
      predict: () => ({ fee: guaranteeFeeFen(COLLECTOR_LOAN, FEE_BPS, TERM_DAYS) }),
      notes: (_, step) => [
        t(
          `Fee = ${Y(COLLECTOR_LOAN)} × ${formatBps(FEE_BPS)} × ${TERM_DAYS} / 365 = ${Y(step.figures.fee)}; on chain ${Y(eventArg(step, "LoanDisbursed", "guaranteeFee"))}. The collector received ${Y(deltaOf(step, "scrap-collector"))} net.`,
          `担保费 = ${Y(COLLECTOR_LOAN)} × ${formatBps(FEE_BPS)} × ${TERM_DAYS} / 365 = ${Y(step.figures.fee)}；链上为 ${Y(eventArg(step, "LoanDisbursed", "guaranteeFee"))}。收购点实收 ${Y(deltaOf(step, "scrap-collector"))}。`,
        ),
      ],
    },
    {
      title: t("A market store borrows too", "一家市场商户也借款"),
      explain: t(
        `The Xiong'an building-materials store borrows ${Y(STORE_LOAN)} under the same product, without a guarantor, to stock up for the spring building season.`,
        `雄安建材市场商户以同一产品借款 ${Y(STORE_LOAN)}(无担保)，为春季施工旺季备货。`,
      ),
      actor: "merchant",
      contract: "loans",
      method: "applyForLoan",
      args: (c) => [c.get("product"), STORE_LOAN, 0n, ZeroAddress],
      capture: { storeLoan: "LoanApplied.loanId" },
    },
    {
      title: t("The store's loan is disbursed", "商户贷款发放"),
      explain: t(
        "No guarantee, so no fee: the store receives the whole principal.",
        "无担保，因此无担保费：商户收到全部本金。",
      ),
      actor: "micro-lender",
      contract: "loans",
      method: "approveAndDisburse",
      args: (c) => [c.get("storeLoan")],
    },
    {
      title: t("Week 11: the store's sales, as usual", "第 11 周：商户流水正常"),
      clock: { days: 77, why: t("eleven weeks into the loan", "放款后第 11 周") },
      explain: t(
        `Every week the POS data service posts the store's point-of-sale flow: ${Y(REFERENCE_SALES)}, the reference for the next weeks.`,
        `收单数据服务方每周上传商户的收单流水：${Y(REFERENCE_SALES)}，作为之后各周的参照。`,
      ),
      actor: "data-feed",
      contract: "loans",
      method: "postWeeklySales",
      args: (c) => [c.addr("merchant"), 11n, REFERENCE_SALES],
    },
    {
      title: t("Week 12: sales fall 45%", "第 12 周：流水下滑 45%"),
      clock: { days: 7, why: t("a week later: a construction freeze hits the market", "一周后：工地停工波及市场") },
      explain: t(
        `Building sites around Xiong'an stop for an inspection; the store sells ${Y(SLUMP_SALES)}, 45% less. One fallen week (below 60% of the reference) changes nothing yet.`,
        `雄安周边工地因检查停工，商户当周仅售出 ${Y(SLUMP_SALES)}，下降 45%。一周下滑(低于参照的 60%)尚不触发任何变化。`,
      ),
      actor: "data-feed",
      contract: "loans",
      method: "postWeeklySales",
      args: (c) => [c.addr("merchant"), 12n, SLUMP_SALES],
    },
    {
      title: t("Week 13: a second fallen week earns a grace period", "第 13 周：连续第二周下滑，获得宽限期"),
      clock: { days: 7, why: t("another week", "又过一周") },
      explain: t(
        "Sales stay 45% down. Two fallen weeks running: the contract grants the store a 60-day grace period (弹性还款). Its loan fell due yesterday, but no default can be declared until the grace ends.",
        "流水仍下降 45%。连续两周下滑：合约给予商户 60 天宽限期(弹性还款)。其贷款昨天已到期，但宽限期结束前不能认定违约。",
      ),
      actor: "data-feed",
      contract: "loans",
      method: "postWeeklySales",
      args: (c) => [c.addr("merchant"), 13n, SLUMP_SALES],
    },
    {
      title: t("The collector missed its due date: too early to call a default", "收购点逾期：认定违约为时尚早"),
      explain: t(
        "The collector did not repay on its due date yesterday. The lender tries to declare a default at once.",
        "收购点昨天到期未还款。贷款方试图立即认定违约。",
      ),
      actor: "micro-lender",
      contract: "loans",
      method: "declareDefault",
      args: (c) => [c.get("loan")],
      refusal: {
        error: "LoanBookNotInDefault",
        rule: t(
          `A missed payment is not yet a default: the product gives ${GRACE_DAYS} grace days after the due date for a late payment (逾期) before the lender may declare a default (违约).`,
          `逾期不等于违约：产品在到期日后给予 ${GRACE_DAYS} 天宽限期，期满仍未还款贷款方才能认定违约。`,
        ),
      },
    },
    {
      title: t("After the grace days: default (违约)", "宽限期满：认定违约"),
      clock: {
        to: (c) => BigInt(c.state.loans.get(c.get("loan"))!.disbursedAt!) + days(TERM_DAYS + GRACE_DAYS + 1),
        why: t("the grace days are over and nothing was paid", "宽限期已过，仍未还款"),
      },
      explain: t(
        "Fifteen days later the collector still has not paid. The lender declares the default: interest accrues to today and stops, and the debt is fixed.",
        "十五天后收购点仍未还款。贷款方认定违约：利息计至今日后停止，债务金额确定。",
      ),
      actor: "micro-lender",
      contract: "loans",
      method: "declareDefault",
      args: (c) => [c.get("loan")],
      predict: (c) => debtNow(c, "loan"),
      notes: (_, step) => [
        t(
          `Debt = ${Y(step.figures.principal)} + ${Y(step.figures.principal)} × ${formatBps(RATE_BPS)} × ${step.figures.days} / 365 = ${Y(step.figures.principal)} + ${Y(step.figures.interest)} = ${Y(step.figures.debt)}; on chain ${Y(eventArg(step, "LoanDefaulted", "debt"))}.`,
          `债务 = ${Y(step.figures.principal)} + ${Y(step.figures.principal)} × ${formatBps(RATE_BPS)} × ${step.figures.days} / 365 = ${Y(step.figures.principal)} + ${Y(step.figures.interest)} = ${Y(step.figures.debt)}；链上为 ${Y(eventArg(step, "LoanDefaulted", "debt"))}。`,
        ),
      ],
    },
    {
      title: t('The loss is shared "4321"', '损失按"4321"分担'),
      explain: t(
        "The loan is unsecured, so nothing is to be sold first: the whole debt is the loss. The lender calls the guarantee; in one transaction the national fund, the provincial re-guarantor and the local guarantor pay their shares to the lender, which keeps its own 20%, and the loan is settled.",
        "该贷款无抵押物可处置：全部债务即为损失。贷款方发起代偿；在同一笔交易中，国家基金、省级再担保和本地担保机构向贷款方支付各自份额，贷款方自担 20%，贷款了结。",
      ),
      actor: "micro-lender",
      contract: "loans",
      method: "callGuarantee",
      args: (c) => [c.get("loan")],
      predict: (c) => {
        const loan = c.state.loans.get(c.get("loan"))!;
        const loss = loan.debtAtDefault!;
        const s = splitLoss(loss, {
          national: SHARES.nationalBps,
          provincial: SHARES.provincialBps,
          lender: SHARES.lenderBps,
          guarantor: SHARES.guarantorBps,
        });
        return { loss, ...s };
      },
      watch: ["national-fund", "provincial-reguarantor", "guarantor"],
      notes: (_, step) => {
        const f = step.figures;
        return [
          t(
            `National fund ⌊${Y(f.loss)} × 20%⌋ = ${Y(f.national)}; provincial ⌊× 30%⌋ = ${Y(f.provincial)}; lender ⌊× 20%⌋ = ${Y(f.lender)}; local guarantor the remainder = ${Y(f.guarantor)}. Sum = ${Y(f.national + f.provincial + f.lender + f.guarantor)} = the loss ${Y(f.loss)}. The lender's wallet grew by ${Y(deltaOf(step, "micro-lender"))} (the three others' shares); its own 20% is the part it bears.`,
            `国家基金 ⌊${Y(f.loss)} × 20%⌋ = ${Y(f.national)}；省级再担保 ⌊× 30%⌋ = ${Y(f.provincial)}；贷款方 ⌊× 20%⌋ = ${Y(f.lender)}；本地担保机构取余数 = ${Y(f.guarantor)}。合计 ${Y(f.national + f.provincial + f.lender + f.guarantor)} = 损失 ${Y(f.loss)}。贷款方钱包增加 ${Y(deltaOf(step, "micro-lender"))}(其他三方的份额)；其自身 20% 为自担部分。`,
          ),
        ];
      },
    },
    {
      title: t("The store's loan cannot be called during its grace", "宽限期内不能对商户抽贷"),
      explain: t(
        "The store's loan is also past its due date and its 15 grace days. The lender tries to declare its default too.",
        "商户的贷款同样已过到期日和 15 天宽限期。贷款方也试图认定其违约。",
      ),
      actor: "micro-lender",
      contract: "loans",
      method: "declareDefault",
      args: (c) => [c.get("storeLoan")],
      refusal: {
        error: "LoanBookInFlexibleGrace",
        rule: t(
          "Flexible repayment: a borrower whose sales fell more than 40% two weeks running is in a grace period; calling the loan now would turn a temporary slump into a failure (in the pilot: default 1.9% with flexible terms against 4.3% for rigid loans).",
          "弹性还款：流水连续两周下降超过 40% 的借款人处于宽限期；此时抽贷会把暂时的困难变成真正的违约(试点中弹性贷款违约率 1.9%，刚性贷款 4.3%)。",
        ),
      },
    },
    {
      title: t("Sales recover: the store repays in full", "流水恢复：商户全额还款"),
      clock: { days: 14, why: t("two weeks later the building sites reopen", "两周后工地复工") },
      explain: t(
        "With the sites open again, the store repays principal and interest (interest kept accruing, by whole days): the loan closes as repaid, not as a loss.",
        "工地复工后，商户归还本金和利息(利息按整日持续计算)：贷款以还清结清，而不是形成损失。",
      ),
      actor: "merchant",
      contract: "loans",
      method: "repay",
      args: (c) => [c.get("storeLoan"), debtNow(c, "storeLoan").debt],
      predict: (c) => debtNow(c, "storeLoan"),
    },
  ],
};
