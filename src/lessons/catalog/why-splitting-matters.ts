import { ZeroAddress } from "ethers";
import { daysToMaturity, discountFen, formatBps, interestFen } from "../../domain/rates.js";
import type { Lesson, LessonContext, StepResult, Text } from "../types.js";
import { DAY, Y, acceptStep, creditLineStep, days, deltaOf, eventArg, fen, t, yuan } from "./common.js";

const FACE = yuan("5,000,000");
const TERM_DAYS = 120;
const TO_RECYCLER = yuan("1,500,000");
/** What the recycler owes the collector, and what the collector needs in cash now. */
const NEED = yuan("400,000");
const MICRO_RATE = 550; // 5.50% a year: the Caofeidian micro-loan (流水贷) on the collector's own credit
const LOAN_DAYS = 90;
const BANK_RATE = 365; // 3.65% a year: the lead bank's discount rate for the steel group's paper

/** 流水贷: a short unsecured micro-loan, priced on the small borrower's own risk. */
const MICRO_LOAN = {
  name: "流水贷 Micro-loan (Caofeidian)",
  purpose: 1, // WorkingCapital
  collateral: 0, // unsecured
  ltvBps: 0,
  rateBps: MICRO_RATE,
  termDays: LOAN_DAYS,
  dayCount: 0, // Act/365
  shape: 0, // Bullet
  instalments: 0,
  graceDays: 15,
  guaranteeFeeBps: 87,
  shares: { nationalBps: 2_000, provincialBps: 3_000, lenderBps: 2_000, guarantorBps: 3_000 },
  minPrincipal: yuan("50,000"),
  maxPrincipal: yuan("500,000"),
};

/** What the micro-loan owes now, as LoanBook accrues it (whole days, Act/365, half up). */
function owedNow(c: LessonContext): Record<string, bigint> {
  const loan = c.state.loans.get(c.get("loan"))!;
  const elapsed = (c.now - BigInt(loan.disbursedAt!)) / DAY;
  const interest = interestFen(loan.outstanding, MICRO_RATE, elapsed, 365n);
  return { principal: loan.outstanding, days: elapsed, interest, debt: loan.outstanding + interest };
}

/**
 * The two costs, read from the chain's events: the micro-loan's interest (this step's
 * RepaymentMade) and the bank's discount (VoucherFinanced, remembered by the approval step).
 */
function comparison(c: LessonContext, step: StepResult): Text[] {
  const loan = c.state.loans.get(c.get("loan"))!;
  const rate = BigInt(c.state.products.get(c.get("product"))!.rateBps);
  const principal = loan.principal;
  const loanDays = (step.time - BigInt(loan.disbursedAt!)) / DAY;
  const interest = eventArg(step, "RepaymentMade", "interestPart");
  const value = c.get("financedValue");
  const bankRate = c.get("bankRate");
  const financedDays = c.get("financedDays");
  const discount = c.get("discount");
  const gap = interest - discount;
  const cheaper = gap >= 0n;
  const abs = cheaper ? gap : -gap;
  return [
    t(
      `Way A, without splitting (the micro-loan), from the chain's RepaymentMade event: interest = round_half_up(${Y(principal)} × ${formatBps(rate)} × ${loanDays} / 365) = ${Y(interest)}.`,
      `方式 A(不拆分，小额贷款)，取自链上 RepaymentMade 事件：利息 = 四舍五入(${Y(principal)} × ${formatBps(rate)} × ${loanDays} / 365) = ${Y(interest)}。`,
    ),
    t(
      `Way B, with splitting (the bank buys the collector's piece), from the chain's VoucherFinanced event: discount = round_half_up(${Y(value)} × ${formatBps(bankRate)} × ${financedDays} / 365) = ${Y(discount)}.`,
      `方式 B(拆分后在银行融资)，取自链上 VoucherFinanced 事件：贴现息 = 四舍五入(${Y(value)} × ${formatBps(bankRate)} × ${financedDays} / 365) = ${Y(discount)}。`,
    ),
    t(
      `Difference: ${Y(interest)} − ${Y(discount)} = ${Y(gap)}, that is ${fen(abs)} fen ${cheaper ? "saved" : "more"} by splitting for the same ${Y(value)} over the same ${financedDays} days. Rounding rule: each contract rounds its own charge once, half up to the fen (the loan by whole days elapsed, the discount by days to maturity, a started day counting as a day); the difference of the two rounded charges is exact and is not rounded again.`,
      `差额：${Y(interest)} − ${Y(discount)} = ${Y(gap)}，即同样 ${Y(value)}、同样 ${financedDays} 天，拆分后${cheaper ? "节省" : "多付"} ${fen(abs)} 分。取整规则：每个合约只对自己的费用取整一次，四舍五入到分(贷款按已过的整日计息，贴现按距到期日的天数计算，不足一天按一天计)；两项取整后的费用相减是精确的，不再取整。`,
    ),
    t(
      `Why: the micro-lender prices the collector's own risk (${formatBps(rate)}); with a piece of the voucher the bank prices the steel group's risk (${formatBps(bankRate)}), and at maturity the steel group, not the collector, pays the bank. The same comparison over a whole simulated year of the Tangshan chain: run the no-splitting counterfactual and compare it with the base run, \`scf run no-splitting --out out/no-splitting && scf compare out/report.json out/no-splitting/report.json\`.`,
      `原因：小贷公司按收购点自身的风险定价(${formatBps(rate)})；持有凭证份额后，银行按钢铁集团的风险定价(${formatBps(bankRate)})，到期由钢铁集团而不是收购点向银行付款。要在唐山钢铁链一整年的模拟中做同样的比较，运行"不拆分"反事实场景并与基准运行对比：\`scf run no-splitting --out out/no-splitting && scf compare out/report.json out/no-splitting/report.json\`。`,
    ),
  ];
}

/** 为什么要拆分: the same tier-3 need for cash, met with and without a split of the voucher. */
export const whySplittingMatters: Lesson = {
  name: "why-splitting-matters",
  title: t("Why splitting matters", "为什么要拆分"),
  summary: t(
    "A tier-3 scrap collector needs ¥400,000 in cash for 90 days. Without splitting it has no piece of the steel group's voucher and borrows at a micro-loan company at 5.50%; with splitting it receives a piece and sells it to the bank at 3.65%, priced on the steel group's risk. The lesson does both on the same chain and states the difference in fen from the events.",
    "三级废钢收购点需要 40 万元现金，周转 90 天。不拆分时，它手里没有钢铁集团凭证的任何份额，只能以 5.50% 向小贷公司借款；拆分后，它收到一份凭证份额并以 3.65% 卖给银行，按钢铁集团的风险定价。本课在同一条链上两种方式都做一遍，并根据链上事件算出相差多少分。",
  ),
  instrument: t(
    "A voucher that cannot be split can only move whole: the tier-1 mill could hand its ¥5,000,000 claim to one supplier or none, and the firms further up the chain, owed a few hundred thousand each, are paid on terms with nothing to show a bank. Splitting (拆分流转) lets each holder pass on exactly what it owes, so a tier-3 firm holds a claim on the core enterprise itself. That claim is what a bank buys (保理/贴现) at a rate for the core enterprise's credit; without it the small firm borrows on its own name, at a micro-lender's rate, or waits for its money.",
    "不能拆分的凭证只能整张流转：一级轧钢厂的 500 万元债权要么整张转给一家供应商，要么不转；链条更远端、各自只被欠几十万元的企业只能接受账期，手里没有任何可以拿给银行的东西。拆分流转让每个持有人按实际欠款转出相应金额，三级企业因此直接持有对核心企业的债权。银行买入的(保理/贴现)正是这份债权，利率按核心企业的信用定价；没有它，小企业只能凭自身信用按小贷利率借款，或者等待付款。",
  ),
  lifecycle: t(
    "Way A (no piece): requestFinancing refused → applyForLoan → Applied ─approveAndDisburse→ Active ─repay (principal + interest)→ Repaid.\nWay B (a piece): split → tier-3 token ─requestFinancing→ Open ─approveFinancing→ the bank holds the piece ─(maturity) repay, clear→ the steel group pays the bank.",
    "方式 A(没有份额)：申请融资被拒 → 申请贷款 applyForLoan → 已申请 ─审批放款 approveAndDisburse→ 还款中 ─还本付息 repay→ 已结清。\n方式 B(有份额)：拆分 split → 三级份额 ─申请融资 requestFinancing→ 待审批 ─审批 approveFinancing→ 银行持有该份额 ─(到期)兑付 repay、清分 clear→ 钢铁集团向银行付款。",
  ),
  stored: t(
    "Neither cost is typed in. The loan stores its principal and accrues interest by whole days from the product's rate; the financing stores value and rate, and the contract computes the discount from the days left to maturity. The lesson reads both charges back from the events (RepaymentMade, VoucherFinanced).",
    "两项费用都不是手工输入的。贷款存储本金，按产品利率逐整日计息；融资存储金额和利率，贴现息由合约按距到期日的天数计算。本课从链上事件(RepaymentMade、VoucherFinanced)读回这两项费用。",
  ),
  actors: [
    {
      id: "steel-group",
      part: t("the core enterprise: confirms the debt, pays at maturity", "核心企业：确权，到期兑付"),
    },
    { id: "lead-bank", part: t("grants the credit line; buys the collector's piece", "核定授信；买入收购点的份额") },
    { id: "rolling-mill", part: t("tier 1: holds the voucher and splits it", "一级：持有凭证并拆分") },
    { id: "scrap-recycler", part: t("tier 2: owes the collector ¥400,000", "二级：欠收购点 40 万元") },
    { id: "scrap-collector", part: t("tier 3: needs ¥400,000 in cash now", "三级：现在需要 40 万元现金") },
    { id: "micro-lender", part: t("lends on the collector's own credit", "凭收购点自身信用放贷") },
  ],
  steps: [
    creditLineStep(),
    {
      title: t(`The steel group confirms ${Y(FACE)} at ${TERM_DAYS} days`, `钢铁集团确权 ${Y(FACE)}，${TERM_DAYS} 天`),
      explain: t(
        `For a delivery of billets the steel group confirms ${Y(FACE)} owed to the rolling mill, due in ${TERM_DAYS} days.`,
        `就一批钢坯，钢铁集团确权欠轧钢厂 ${Y(FACE)}，${TERM_DAYS} 天后到期。`,
      ),
      actor: "steel-group",
      contract: "vouchers",
      method: "issue",
      args: (c) => [
        c.addr("rolling-mill"),
        FACE,
        c.now + days(TERM_DAYS),
        c.ref("HBIS-PO-2026-0405 · VAT invoice 13020261402 · waybill TSPL-260302-044"),
      ],
      capture: { slot: "VoucherIssued.slotId" },
    },
    acceptStep(
      t("The mill accepts", "轧钢厂签收"),
      t(
        `The mill signs for the voucher: token #1.1, tier 1, ${Y(FACE)}.`,
        `轧钢厂签收凭证：份额 #1.1，一级，${Y(FACE)}。`,
      ),
      "rolling-mill",
    ),
    {
      title: t("The mill pays its recycler with a piece (tier 2)", "轧钢厂拆分支付给回收站(二级)"),
      explain: t(
        `The mill owes its scrap recycler ${Y(TO_RECYCLER)} and pays with a piece of its token. The recycler in turn owes its collecting yard ${Y(NEED)} for scrap, payable when the recycler itself is paid, at the voucher's maturity.`,
        `轧钢厂欠废钢回收站 ${Y(TO_RECYCLER)}，用自己份额的一部分支付。回收站又欠收购点 ${Y(NEED)} 废钢款，约定在自己收款时(即凭证到期时)支付。`,
      ),
      actor: "rolling-mill",
      contract: "vouchers",
      method: "split",
      args: (c) => [c.get("millToken"), c.addr("scrap-recycler"), TO_RECYCLER],
      capture: { recyclerToken: "VoucherSplit.newTokenId" },
    },
    {
      title: t("The micro-lender publishes its micro-loan", "小贷公司发布流水贷产品"),
      explain: t(
        `Caofeidian Micro-Loan Company lends small firms ${LOAN_DAYS}-day working capital on their own trade data, unsecured, at ${formatBps(MICRO_RATE)} a year: the price of a tier-3 firm's own risk.`,
        `曹妃甸小额贷款公司依据小企业自己的交易数据发放 ${LOAN_DAYS} 天的无抵押流动资金贷款，年利率 ${formatBps(MICRO_RATE)}：这是三级小企业自身风险的价格。`,
      ),
      actor: "micro-lender",
      contract: "loans",
      method: "createProduct",
      args: () => [MICRO_LOAN],
      capture: { product: "ProductCreated.productId" },
    },
    {
      title: t("Way A, without splitting: the collector has nothing to sell", "方式 A(不拆分)：收购点没有可卖的东西"),
      clock: {
        days: 30,
        why: t("a month later the collector must pay its scrap pickers", "一个月后收购点要支付拾荒者的收购款"),
      },
      explain: t(
        `The collector needs ${Y(NEED)} now, ${LOAN_DAYS} days before the steel group pays. Without splitting, the recycler could hand on only its whole ${Y(TO_RECYCLER)} piece, far more than it owes, so it keeps it and the collector waits for its money. The collector asks the bank to buy ${Y(NEED)} of the steel group's voucher anyway, offering the recycler's piece.`,
        `收购点现在就需要 ${Y(NEED)}，而钢铁集团还要 ${LOAN_DAYS} 天才付款。不能拆分时，回收站只能把整份 ${Y(TO_RECYCLER)} 转出去，远超所欠金额，所以它留着份额，收购点只能等待付款。收购点仍试着请银行买入 ${Y(NEED)} 钢铁集团凭证，拿出的却是回收站的份额。`,
      ),
      actor: "scrap-collector",
      contract: "financing",
      method: "requestFinancing",
      args: (c) => [c.get("recyclerToken"), NEED, c.addr("lead-bank"), BANK_RATE, false],
      refusal: {
        error: "VoucherNotOwner",
        rule: t(
          "Only the holder of a piece can sell it. Without a split the collector holds no claim on the steel group: a bank has nothing of the core enterprise's to buy from it, and can only lend to it on its own credit.",
          "只有份额的持有人才能卖出它。不拆分，收购点就不持有对钢铁集团的任何债权：银行无法从它手里买入核心企业的凭证，只能凭它自身的信用贷款。",
        ),
      },
    },
    {
      title: t("Way A: the collector borrows at the micro-lender", "方式 A：收购点向小贷公司借款"),
      explain: t(
        `So the collector applies for a ${LOAN_DAYS}-day micro-loan of ${Y(NEED)} at ${formatBps(MICRO_RATE)}, to be repaid from the recycler's payment at maturity. (The other choice without splitting is to wait ${LOAN_DAYS} days and leave its pickers unpaid.)`,
        `于是收购点申请 ${Y(NEED)}、期限 ${LOAN_DAYS} 天、年利率 ${formatBps(MICRO_RATE)} 的小额贷款，用到期时回收站的付款归还。(不拆分时的另一种选择是等 ${LOAN_DAYS} 天，期间拖欠拾荒者。)`,
      ),
      actor: "scrap-collector",
      contract: "loans",
      method: "applyForLoan",
      args: (c) => [c.get("product"), NEED, 0n, ZeroAddress],
      capture: { loan: "LoanApplied.loanId" },
    },
    {
      title: t("Way A: the micro-lender disburses", "方式 A：小贷公司放款"),
      explain: t(
        "The micro-lender approves and pays the whole principal into the collector's wallet. Interest now accrues every whole day until the collector repays.",
        "小贷公司审批并把全部本金打入收购点的钱包。此后利息按整日累计，直到收购点还款。",
      ),
      actor: "micro-lender",
      contract: "loans",
      method: "approveAndDisburse",
      args: (c) => [c.get("loan")],
      notes: (_, step) => [
        t(
          `The collector received ${Y(deltaOf(step, "scrap-collector"))}; it will owe ${formatBps(MICRO_RATE)} a year on it.`,
          `收购点收到 ${Y(deltaOf(step, "scrap-collector"))}；需按年利率 ${formatBps(MICRO_RATE)} 付息。`,
        ),
      ],
    },
    {
      title: t("Way B, with splitting: the recycler pays with a piece (tier 3)", "方式 B(拆分)：回收站拆分支付(三级)"),
      explain: t(
        `Now the same need, met by splitting. The recycler splits ${Y(NEED)} off its piece to the collector: a tier-3 token with the steel group as payer and the same maturity. The collector now holds a claim on the steel group itself (穿透).`,
        `同样的需求，用拆分来满足。回收站从自己的份额中拆出 ${Y(NEED)} 给收购点：一个三级份额，付款方仍是钢铁集团，到期日不变。收购点现在直接持有对钢铁集团的债权(穿透)。`,
      ),
      actor: "scrap-recycler",
      contract: "vouchers",
      method: "split",
      args: (c) => [c.get("recyclerToken"), c.addr("scrap-collector"), NEED],
      capture: { collectorToken: "VoucherSplit.newTokenId" },
    },
    {
      title: t("Way B: the collector asks the bank to buy its piece", "方式 B：收购点申请银行买入其份额"),
      explain: t(
        `The collector asks the lead bank to buy its ${Y(NEED)} piece at ${formatBps(BANK_RATE)} a year without recourse: the rate the bank quotes for the steel group's paper, because the steel group is who pays it at maturity.`,
        `收购点申请牵头银行以年化 ${formatBps(BANK_RATE)}、无追索权买入其 ${Y(NEED)} 份额：这是银行对钢铁集团凭证的报价，因为到期付款的是钢铁集团。`,
      ),
      actor: "scrap-collector",
      contract: "financing",
      method: "requestFinancing",
      args: (c) => [c.get("collectorToken"), NEED, c.addr("lead-bank"), BANK_RATE, false],
      capture: { request: "VoucherFinancingRequested.requestId" },
    },
    {
      title: t("Way B: the bank buys the piece and pays at once", "方式 B：银行买入份额并立即付款"),
      explain: t(
        "The bank approves: in one transaction it receives the piece and pays the collector value − discount. The contract computes the discount from the days left to maturity.",
        "银行审批：同一笔交易中银行取得该份额，并向收购点支付「金额 − 贴现息」。贴现息由合约按距到期日的天数计算。",
      ),
      actor: "lead-bank",
      contract: "financing",
      method: "approveFinancing",
      args: (c) => [c.get("request")],
      predict: (c) => {
        const maturity = BigInt(c.state.vouchers.get(c.get("slot"))!.maturity);
        const d = daysToMaturity(c.now, maturity);
        const discount = discountFen(NEED, BANK_RATE, d);
        return { value: NEED, days: d, discount, proceeds: NEED - discount };
      },
      capture: {
        discount: "VoucherFinanced.discount",
        financedValue: "VoucherFinanced.value",
        financedDays: "VoucherFinanced.days_",
        bankRate: "VoucherFinanced.rateBps",
      },
      notes: (_, step) => [
        t(
          `Discount = round_half_up(${Y(step.figures.value)} × ${formatBps(BANK_RATE)} × ${step.figures.days} / 365) = ${Y(step.figures.discount)}; on chain ${Y(eventArg(step, "VoucherFinanced", "discount"))}. The collector received ${Y(deltaOf(step, "scrap-collector"))}.`,
          `贴现息 = 四舍五入(${Y(step.figures.value)} × ${formatBps(BANK_RATE)} × ${step.figures.days} / 365) = ${Y(step.figures.discount)}；链上为 ${Y(eventArg(step, "VoucherFinanced", "discount"))}。收购点实收 ${Y(deltaOf(step, "scrap-collector"))}。`,
        ),
      ],
    },
    {
      title: t("At maturity the steel group pays once", "到期钢铁集团一次兑付"),
      clock: {
        to: (c) => BigInt(c.state.vouchers.get(c.get("slot"))!.maturity),
        why: t("the voucher matures", "凭证到期"),
      },
      explain: t(
        `The steel group pays the face, ${Y(FACE)}, into the voucher ledger.`,
        `钢铁集团将面值 ${Y(FACE)} 付入凭证合约。`,
      ),
      actor: "steel-group",
      contract: "vouchers",
      method: "repay",
      args: (c) => [c.get("slot")],
    },
    {
      title: t("Clearing pays the bank, not the collector's debt", "清分向银行付款，收购点无需还款"),
      explain: t(
        "Clearing pays every holder what its piece holds: the mill, the recycler and the bank. Way B is over: the bank was paid by the steel group, and the collector owes nothing.",
        "清分向每位持有人支付其份额：轧钢厂、回收站和银行。方式 B 到此结束：银行由钢铁集团付款，收购点不欠任何钱。",
      ),
      actor: "lead-bank",
      contract: "vouchers",
      method: "clear",
      args: (c) => [c.get("slot"), 10n],
      watch: ["rolling-mill", "scrap-recycler"],
    },
    {
      title: t("Way A: the collector repays the micro-loan with interest", "方式 A：收购点还本付息"),
      clock: {
        to: (c) => BigInt(c.state.loans.get(c.get("loan"))!.disbursedAt!) + days(LOAN_DAYS),
        why: t("the micro-loan's due date", "小额贷款到期日"),
      },
      explain: t(
        `On its due date the collector repays the micro-loan: principal and ${LOAN_DAYS} days of interest at ${formatBps(MICRO_RATE)}. Then the lesson sets the two costs side by side.`,
        `小额贷款到期日，收购点归还本金及 ${LOAN_DAYS} 天、年利率 ${formatBps(MICRO_RATE)} 的利息。随后本课把两种方式的成本放在一起比较。`,
      ),
      actor: "scrap-collector",
      contract: "loans",
      method: "repay",
      args: (c) => [c.get("loan"), owedNow(c).debt],
      predict: owedNow,
      notes: comparison,
    },
  ],
};
