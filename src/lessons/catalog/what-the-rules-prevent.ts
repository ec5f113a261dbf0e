import { ZeroAddress, computeAddress } from "ethers";
import { devKey } from "../../chain/cast.js";
import { maxPrincipalFen } from "../../domain/loans.js";
import type { Lesson, LessonContext, LessonStep, Text } from "../types.js";
import { acceptStep, Y, days, t, yuan } from "./common.js";

/** A trading company that was never admitted to the consortium (a deterministic address, no member). */
const OUTSIDER = computeAddress(devKey("scf", "outsider-trading-co"));

const LINE = yuan("10,000,000");
const FIRST_FACE = yuan("6,000,000");
const POTATO_APPRAISAL = yuan("300,000");
const POTATO_LTV = 5_000;
const POTATO_CAP = maxPrincipalFen(POTATO_APPRAISAL, POTATO_LTV); // ¥150,000

/** 薯业通: the rural credit cooperative's potato-farming product. */
const POTATO_PRODUCT = {
  name: "薯业通 Potato Growers' Loan",
  purpose: 0, // Agricultural
  collateral: 1, // PropertyRight
  ltvBps: POTATO_LTV,
  rateBps: 435,
  termDays: 180,
  dayCount: 0,
  shape: 0,
  instalments: 0,
  graceDays: 30,
  guaranteeFeeBps: 87,
  shares: { nationalBps: 2_000, provincialBps: 3_000, lenderBps: 2_000, guarantorBps: 3_000 },
  minPrincipal: yuan("10,000"),
  maxPrincipal: yuan("1,000,000"),
};

/** A step the contract must refuse, with the rule it enforces. */
function refused(
  step: Omit<LessonStep, "refusal" | "explain"> & { explain: Text },
  error: string,
  rule: Text,
): LessonStep {
  return { ...step, refusal: { error, rule } };
}

const firstToken = (c: LessonContext) => c.get("millToken");

/** What the rules prevent: every bad move refused by the contract, with its custom error. */
export const whatTheRulesPrevent: Lesson = {
  name: "what-the-rules-prevent",
  title: t("What the rules prevent", "规则防止了什么"),
  summary: t(
    "Bad moves, each refused by the contracts with a custom error that names the facts: issuance beyond the credit line, a trade background used twice, splits below the minimum unit, above the balance, to a non-member or a suspended member, a term beyond a stricter rule profile, a transfer the receiver did not accept, a payment to an address without a wallet or above a wallet cap, a loan above LTV, a second lien, the regulator trying to act, a split after maturity.",
    "一系列违规操作，每一项都被合约以列明事实的自定义错误拒绝：超出授信额度签发、同一贸易背景重复使用、低于最小拆分单位、超过余额、拆分给非成员或被暂停成员、超过更严格规则的期限、未经接收方签收的转让、向无钱包地址或超限额付款、超过抵押率的贷款、重复抵押、监管机构试图操作、到期后拆分。",
  ),
  instrument: t(
    "A consortium chain is worth trusting because its rules are enforced by the contracts themselves, the same way for every member, and a refused move leaves no trace but the refusal. Each refusal below is a custom error carrying the values that failed (the platform's equivalent of a rejection slip with reasons). The regulator reads everything and changes nothing. A rule profile set by the platform operator applies to vouchers issued after it; live vouchers keep the rules they were issued under.",
    "联盟链值得信任，是因为规则由合约本身执行，对每个成员一视同仁，被拒绝的操作除拒绝本身外不留任何痕迹。下面每一次拒绝都是携带失败数值的自定义错误(相当于列明理由的退件单)。监管机构可查看一切，但不能更改任何东西。平台运营方设定的规则只适用于此后签发的凭证；已签发的凭证沿用签发时的规则。",
  ),
  lifecycle: t(
    "A refused transaction changes no state: nothing is recorded, no balance or token moves. Membership: admit → Active ─suspend→ Suspended ─reinstate→ Active. Offer (when receivers must accept): offerTransfer → Open ─acceptOffer→ Accepted | ─rejectOffer→ Rejected | ─cancelOffer→ Cancelled.",
    "被拒绝的交易不改变任何状态：不记录、不移动任何余额或份额。成员：准入 admit → 有效 Active ─暂停 suspend→ 暂停 Suspended ─恢复 reinstate→ 有效。转让要约(接收方须签收时)：发出 offerTransfer → 待签收 Open ─签收 acceptOffer→ 已签收 | ─拒收 rejectOffer→ 已拒收 | ─撤回 cancelOffer→ 已撤回。",
  ),
  stored: t(
    "The rules live in the contracts' storage (the voucher rule profile, the wallet caps, the credit lines, the liens); a transaction's input can never override them.",
    "规则存在于合约存储中(凭证规则、钱包限额、授信额度、抵押登记)；交易输入永远无法绕过它们。",
  ),
  actors: [
    { id: "operator", part: t("admits and suspends members, sets the rules", "准入、暂停成员，设定规则") },
    { id: "lead-bank", part: t("grants the steel group's credit line", "核定钢铁集团的授信额度") },
    { id: "steel-group", part: t("core enterprise that issues vouchers", "签发凭证的核心企业") },
    { id: "rolling-mill", part: t("tier-1 holder", "一级持有人") },
    { id: "scrap-recycler", part: t("tier-2 supplier", "二级供应商") },
    { id: "scrap-collector", part: t("under review, suspended for a while", "接受审查，被暂停一段时间") },
    { id: "shopper", part: t("a customer with an anonymous wallet", "持匿名钱包的顾客") },
    { id: "registry", part: t("registers a potato farmer's land right", "为马铃薯种植户登记土地经营权") },
    { id: "appraiser", part: t("values the right", "评估产权") },
    { id: "rural-bank", part: t("lends under 薯业通", "以「薯业通」放款") },
    { id: "farmer", part: t("borrower pledging his land right", "以土地经营权抵押的借款人") },
    { id: "regulator", part: t("reads everything, changes nothing", "可查看一切，不能更改任何东西") },
  ],
  steps: [
    {
      title: t("A ¥10,000,000 credit line", "1,000 万元授信额度"),
      explain: t(
        "The lead bank caps the steel group's outstanding vouchers at ¥10,000,000.",
        "牵头银行为钢铁集团核定未兑付凭证上限 1,000 万元。",
      ),
      actor: "lead-bank",
      contract: "vouchers",
      method: "setCreditLine",
      args: (c) => [c.addr("steel-group"), LINE],
    },
    {
      title: t("A ¥6,000,000 voucher under the default rules", "按默认规则签发 600 万元凭证"),
      explain: t(
        "Default rules: terms up to 183 days (6 months, 银发〔2025〕77号), splits of at least ¥100, receivers need not accept. The steel group issues ¥6,000,000 at 150 days.",
        "默认规则：期限最长 183 天(原则上 6 个月，银发〔2025〕77号)，最小拆分单位 100 元，接收方无须签收。钢铁集团签发 600 万元、150 天期凭证。",
      ),
      actor: "steel-group",
      contract: "vouchers",
      method: "issue",
      args: (c) => [
        c.addr("rolling-mill"),
        FIRST_FACE,
        c.now + days(150),
        c.ref("HBIS-PO-2026-0401 · VAT invoice 13020261401"),
      ],
      capture: { slot: "VoucherIssued.slotId", maturity: "VoucherIssued.maturity" },
    },
    acceptStep(
      t("The mill accepts", "轧钢厂签收"),
      t("Token #1.1 holds ¥6,000,000.", "份额 #1.1 持有 600 万元。"),
      "rolling-mill",
    ),
    refused(
      {
        title: t("Issuance beyond the credit line", "超出授信额度签发"),
        explain: t(
          "The steel group tries to issue another ¥5,000,000, to the distributor: ¥6,000,000 + ¥5,000,000 would exceed its ¥10,000,000 line.",
          "钢铁集团试图再向经销商签发 500 万元：600 万 + 500 万将超过 1,000 万元额度。",
        ),
        actor: "steel-group",
        contract: "vouchers",
        method: "issue",
        args: (c) => [
          c.addr("distributor"),
          yuan("5,000,000"),
          c.now + days(90),
          c.ref("HBIS-SO-2026-0402 · VAT invoice 13020261402"),
        ],
      },
      "VoucherCreditLineExceeded",
      t(
        "A voucher is only as good as the payer's capacity to pay: the bank's credit line caps the face outstanding, so suppliers down the chain are not handed promises beyond it.",
        "凭证的价值取决于付款方的偿付能力：银行授信额度限定了未兑付面值，链上供应商不会收到超出额度的承诺。",
      ),
    ),
    refused(
      {
        title: t("A trade background used twice", "同一贸易背景重复使用"),
        explain: t(
          "The steel group tries to issue ¥1,000,000 on the same purchase order and invoice that already back voucher #1.",
          "钢铁集团试图用已支撑凭证 #1 的同一采购合同和发票再签发 100 万元。",
        ),
        actor: "steel-group",
        contract: "vouchers",
        method: "issue",
        args: (c) => [
          c.addr("distributor"),
          yuan("1,000,000"),
          c.now + days(90),
          c.ref("HBIS-PO-2026-0401 · VAT invoice 13020261401"),
        ],
      },
      "VoucherTradeHashUsed",
      t(
        "Every voucher must rest on a real trade, and one trade backs one voucher only: otherwise the same invoice could be financed twice, the classic supply-chain finance fraud.",
        "每张凭证都须有真实贸易支撑，一笔贸易只能对应一张凭证：否则同一张发票可能被重复融资，这是供应链金融中典型的欺诈。",
      ),
    ),
    refused(
      {
        title: t("A split below the minimum unit", "低于最小拆分单位"),
        explain: t("The mill tries to pass ¥50 to its recycler.", "轧钢厂试图拆分 50 元给回收站。"),
        actor: "rolling-mill",
        contract: "vouchers",
        method: "split",
        args: (c) => [firstToken(c), c.addr("scrap-recycler"), yuan("50")],
      },
      "VoucherBelowMinSplitUnit",
      t(
        "A minimum split unit keeps vouchers from being shredded into dust that costs more to clear than it is worth.",
        "最小拆分单位防止凭证被拆得过碎，以致清分成本高于其价值。",
      ),
    ),
    refused(
      {
        title: t("A split above the balance", "超过余额拆分"),
        explain: t(
          "The mill tries to pass ¥7,000,000 out of a ¥6,000,000 token.",
          "轧钢厂试图从 600 万元的份额中拆出 700 万元。",
        ),
        actor: "rolling-mill",
        contract: "vouchers",
        method: "split",
        args: (c) => [firstToken(c), c.addr("scrap-recycler"), yuan("7,000,000")],
      },
      "VoucherValueExceedsBalance",
      t(
        "The pieces of a voucher always add up to its face: nobody can pass on more than it holds.",
        "凭证各份额之和始终等于面值：任何人都不能转出超过自己持有的金额。",
      ),
    ),
    refused(
      {
        title: t("A split to a non-member", "拆分给非成员"),
        explain: t(
          `The mill tries to pay a trading company that was never admitted to the consortium (${OUTSIDER.slice(0, 6)}…${OUTSIDER.slice(-4)}).`,
          `轧钢厂试图向一家从未获准入联盟的贸易公司(${OUTSIDER.slice(0, 6)}…${OUTSIDER.slice(-4)})支付。`,
        ),
        actor: "rolling-mill",
        contract: "vouchers",
        method: "split",
        args: (c) => [firstToken(c), OUTSIDER, yuan("100,000")],
      },
      "MemberNotActive",
      t(
        "Only admitted members, whose identity the platform verified, hold vouchers: a claim on the steel group cannot drift to unknown hands.",
        "只有经平台核验身份并准入的成员才能持有凭证：对钢铁集团的债权不会流向身份不明的人。",
      ),
    ),
    {
      title: t("The operator suspends the collector", "运营方暂停收购点"),
      explain: t(
        "A compliance review of the scrap collector begins; the platform operator suspends it meanwhile.",
        "平台对废钢收购点开展合规审查，审查期间运营方暂停其成员资格。",
      ),
      actor: "operator",
      contract: "consortium",
      method: "suspend",
      args: (c) => [c.addr("scrap-collector")],
    },
    refused(
      {
        title: t("A split to a suspended member", "拆分给被暂停的成员"),
        explain: t(
          "The mill tries to pay the suspended collector with a piece.",
          "轧钢厂试图拆分一部分支付给被暂停的收购点。",
        ),
        actor: "rolling-mill",
        contract: "vouchers",
        method: "split",
        args: (c) => [firstToken(c), c.addr("scrap-collector"), yuan("100,000")],
      },
      "MemberNotActive",
      t(
        "A suspended member can neither act nor receive until it is reinstated: a suspension takes effect in every contract at once.",
        "被暂停的成员在恢复前既不能操作也不能接收：暂停在所有合约中同时生效。",
      ),
    ),
    {
      title: t("The collector is reinstated", "收购点恢复资格"),
      explain: t(
        "The review ends well; the operator reinstates the collector.",
        "审查顺利结束，运营方恢复收购点的成员资格。",
      ),
      actor: "operator",
      contract: "consortium",
      method: "reinstate",
      args: (c) => [c.addr("scrap-collector")],
    },
    {
      title: t("A stricter rule profile", "更严格的规则"),
      explain: t(
        "The platform operator tightens the rules for new vouchers: terms up to 90 days, splits of at least ¥1,000, receivers must accept every transfer, default 15 days after an unpaid maturity.",
        "平台运营方收紧新凭证的规则：期限最长 90 天，最小拆分单位 1,000 元，每笔转让须接收方签收，到期未付 15 天后可认定违约。",
      ),
      actor: "operator",
      contract: "vouchers",
      method: "setRules",
      args: () => [90n, yuan("1,000"), true, 15n],
    },
    refused(
      {
        title: t("A term beyond the maximum", "超过最长期限"),
        explain: t("The steel group tries to issue a 120-day voucher.", "钢铁集团试图签发 120 天期凭证。"),
        actor: "steel-group",
        contract: "vouchers",
        method: "issue",
        args: (c) => [
          c.addr("rolling-mill"),
          yuan("1,000,000"),
          c.now + days(120),
          c.ref("HBIS-PO-2026-0405 · VAT invoice 13020261405"),
        ],
      },
      "VoucherTermTooLong",
      t(
        "Long payment terms push the core enterprise's financing costs onto its small suppliers; since 2025 the term is 6 months in principle and at most 1 year, and a platform may be stricter.",
        "过长的账期把核心企业的融资成本转嫁给小供应商；自 2025 年起付款期限原则上 6 个月、最长 1 年，平台可以规定得更严格。",
      ),
    ),
    {
      title: t("An 80-day voucher under the new rules", "按新规则签发 80 天期凭证"),
      explain: t(
        "Within 90 days it goes through; it carries the new rules with it.",
        "80 天在 90 天以内，签发成功；该凭证沿用新规则。",
      ),
      actor: "steel-group",
      contract: "vouchers",
      method: "issue",
      args: (c) => [
        c.addr("rolling-mill"),
        yuan("1,000,000"),
        c.now + days(80),
        c.ref("HBIS-PO-2026-0405 · VAT invoice 13020261405"),
      ],
      capture: { slot2: "VoucherIssued.slotId" },
    },
    acceptStep(
      t("The mill accepts the new voucher", "轧钢厂签收新凭证"),
      t("Token #2.1 holds ¥1,000,000.", "份额 #2.1 持有 100 万元。"),
      "rolling-mill",
      { slot: "slot2", token: "token2" },
    ),
    refused(
      {
        title: t("A transfer the receiver did not accept", "未经接收方签收的转让"),
        explain: t(
          "The mill tries to split ¥300,000 of the new voucher straight to its recycler.",
          "轧钢厂试图把新凭证中的 30 万元直接拆分给回收站。",
        ),
        actor: "rolling-mill",
        contract: "vouchers",
        method: "split",
        args: (c) => [c.get("token2"), c.addr("scrap-recycler"), yuan("300,000")],
      },
      "VoucherAcceptanceRequired",
      t(
        "Under this profile a claim reaches a supplier only if it agrees to take it in payment: nobody can be paid in vouchers it did not accept.",
        "在该规则下，只有供应商同意以凭证收款，债权才会转给它：不能强迫任何人接受凭证付款。",
      ),
    ),
    {
      title: t("The mill offers the piece instead", "轧钢厂改为发出转让要约"),
      explain: t(
        "The mill offers ¥300,000 to the recycler; nothing moves yet.",
        "轧钢厂向回收站发出 30 万元的转让要约；此时不发生转移。",
      ),
      actor: "rolling-mill",
      contract: "vouchers",
      method: "offerTransfer",
      args: (c) => [c.get("token2"), c.addr("scrap-recycler"), yuan("300,000")],
      capture: { offer: "VoucherOffered.offerId" },
    },
    {
      title: t("The recycler accepts the offer", "回收站签收要约"),
      explain: t(
        "The recycler accepts: the split happens now, to token #2.2 at tier 2.",
        "回收站签收：拆分此时发生，生成二级份额 #2.2。",
      ),
      actor: "scrap-recycler",
      contract: "vouchers",
      method: "acceptOffer",
      args: (c) => [c.get("offer")],
    },
    refused(
      {
        title: t("A payment to an address without a wallet", "向无钱包的地址付款"),
        explain: t(
          "The mill tries to pay a ¥1,000 registration fee in e-CNY straight to the property registry, which has no e-CNY wallet.",
          "轧钢厂试图以数字人民币直接向没有钱包的产权登记机构支付 1,000 元登记费。",
        ),
        actor: "rolling-mill",
        contract: "ecny",
        method: "transfer",
        args: (c) => [c.addr("registry"), yuan("1,000")],
      },
      "ECNYNoWallet",
      t(
        "e-CNY moves only between wallets an operator bank has opened (and so has identified): money cannot leave the two-tier system to an unknown address.",
        "数字人民币只在运营银行开立(并完成身份识别)的钱包之间流动：资金不能流出双层体系、流向未知地址。",
      ),
    ),
    refused(
      {
        title: t("A payment above a wallet cap", "超过钱包限额的付款"),
        explain: t(
          "Li Na tries to pay ¥2,500 at once from her anonymous wallet.",
          "李娜试图从匿名钱包一次支付 2,500 元。",
        ),
        actor: "shopper",
        contract: "ecny",
        method: "transfer",
        args: (c) => [c.addr("merchant"), yuan("2,500")],
      },
      "ECNYPerPaymentCapExceeded",
      t(
        "Caps follow identity strength: an anonymous wallet pays at most ¥2,000 at a time, ¥5,000 a day, and holds at most ¥10,000.",
        "限额与实名强度挂钩：匿名钱包单笔不超过 2,000 元、日累计不超过 5,000 元、余额不超过 1 万元。",
      ),
    ),
    {
      title: t("A potato farmer's land right is registered", "马铃薯种植户的土地经营权登记"),
      explain: t(
        "The Xiong'an rural property exchange registers 30 mu of potato fields managed by Wang Jianguo for 15 more years.",
        "雄安农村产权交易中心为王建国登记 30 亩马铃薯地的土地经营权，剩余期限 15 年。",
      ),
      actor: "registry",
      contract: "registry",
      method: "register",
      args: (c) => [
        0,
        "冀(2026)雄县农村土地经营权第000527号",
        "雄县",
        "张岗乡北沙村",
        3_000n,
        c.now - days(365),
        c.now + days(15 * 365),
        c.addr("farmer"),
      ],
      capture: { right: "RightRegistered.rightId" },
    },
    {
      title: t("It is valued at ¥300,000", "评估价值 30 万元"),
      explain: t(
        "The appraiser values the right at ¥300,000 for a year.",
        "评估机构评估该权利价值 30 万元，有效期一年。",
      ),
      actor: "appraiser",
      contract: "registry",
      method: "appraise",
      args: (c) => [c.get("right"), POTATO_APPRAISAL, c.now + days(365)],
    },
    {
      title: t("The rural credit cooperative publishes 薯业通", "农信社发布「薯业通」"),
      explain: t(
        "薯业通: 180 days, 4.35%, up to 50% of the appraisal.",
        "「薯业通」：180 天，年利率 4.35%，贷款不超过评估值的 50%。",
      ),
      actor: "rural-bank",
      contract: "loans",
      method: "createProduct",
      args: () => [POTATO_PRODUCT],
      capture: { product: "ProductCreated.productId" },
    },
    {
      title: t("The farmer applies for ¥160,000", "农户申请 16 万元"),
      explain: t(
        `He asks for ${Y(yuan("160,000"))}; 50% of ${Y(POTATO_APPRAISAL)} is ${Y(POTATO_CAP)}. The application is recorded; the bound is checked when the money would move.`,
        `他申请 ${Y(yuan("160,000"))}；${Y(POTATO_APPRAISAL)} 的 50% 是 ${Y(POTATO_CAP)}。申请被记录；上限在放款时核验。`,
      ),
      actor: "farmer",
      contract: "loans",
      method: "applyForLoan",
      args: (c) => [c.get("product"), yuan("160,000"), c.get("right"), ZeroAddress],
      capture: { tooMuch: "LoanApplied.loanId" },
    },
    refused(
      {
        title: t("A loan above LTV", "超过抵押率的贷款"),
        explain: t("The bank tries to disburse the ¥160,000.", "农信社试图发放这笔 16 万元贷款。"),
        actor: "rural-bank",
        contract: "loans",
        method: "approveAndDisburse",
        args: (c) => [c.get("tooMuch")],
      },
      "LoanBookAboveLtv",
      t(
        "The loan-to-value bound leaves a margin between the debt and what the right would fetch if it had to be sold: principal ≤ ⌊appraisal × LTV⌋.",
        "抵押率上限在债务与产权处置可得价款之间留出安全垫：本金 ≤ ⌊评估值 × 抵押率⌋。",
      ),
    ),
    {
      title: t("He applies for ¥150,000", "他改为申请 15 万元"),
      explain: t("Exactly the bound.", "恰好等于上限。"),
      actor: "farmer",
      contract: "loans",
      method: "applyForLoan",
      args: (c) => [c.get("product"), POTATO_CAP, c.get("right"), ZeroAddress],
      capture: { loan: "LoanApplied.loanId" },
    },
    {
      title: t("Disbursed, with the lien", "放款并办理抵押"),
      explain: t("The lien is placed and the money paid in one transaction.", "抵押登记与放款在同一笔交易中完成。"),
      actor: "rural-bank",
      contract: "loans",
      method: "approveAndDisburse",
      args: (c) => [c.get("loan")],
    },
    {
      title: t("He applies for ¥50,000 more on the same right", "他以同一产权再申请 5 万元"),
      explain: t(
        "Seed potatoes cost more than planned; he applies again, pledging the same right.",
        "种薯成本超出预期；他再次申请贷款，仍以同一产权抵押。",
      ),
      actor: "farmer",
      contract: "loans",
      method: "applyForLoan",
      args: (c) => [c.get("product"), yuan("50,000"), c.get("right"), ZeroAddress],
      capture: { second: "LoanApplied.loanId" },
    },
    refused(
      {
        title: t("A second lien on a right", "同一产权重复抵押"),
        explain: t(
          "The bank tries to disburse it. ¥50,000 alone would be within 50% of the appraisal, but the right already carries a lien.",
          "农信社试图放款。仅看 5 万元本身在评估值的 50% 以内，但该产权已有抵押。",
        ),
        actor: "rural-bank",
        contract: "loans",
        method: "approveAndDisburse",
        args: (c) => [c.get("second")],
      },
      "RegistryLienExists",
      t(
        "A right carries at most one lien, registered publicly: the same orchard or field cannot secure two loans whose lenders each believe they come first.",
        "一项产权最多只有一个公开登记的抵押：同一片果园或田地不能同时担保两笔贷款、让两家贷款方都以为自己优先受偿。",
      ),
    ),
    refused(
      {
        title: t("The regulator tries to run a clearing", "监管机构试图发起清分"),
        explain: t(
          "Clearing may be triggered by any member, since it only pays what is owed. The financial regulatory bureau tries it.",
          "清分只支付应付款项，因此任何成员都可以发起。金融监管局试图发起清分。",
        ),
        actor: "regulator",
        contract: "vouchers",
        method: "clear",
        args: (c) => [c.get("slot"), 10n],
      },
      "MemberRoleNotAllowed",
      t(
        "The regulator sees every event and every balance on the chain but changes nothing, not even by executing what is owed: supervision stays separate from operation.",
        "监管机构可查看链上每一笔事件和余额，但不能更改任何东西，即使是执行应付款项也不行：监管与经营保持分离。",
      ),
    ),
    refused(
      {
        title: t("A split after maturity", "到期后拆分"),
        clock: { to: (c) => c.get("maturity"), why: t("voucher #1 matures", "凭证 #1 到期") },
        explain: t(
          "On its maturity date the mill tries to pass ¥100,000 of voucher #1 to its recycler.",
          "凭证 #1 到期当天，轧钢厂试图拆分 10 万元给回收站。",
        ),
        actor: "rolling-mill",
        contract: "vouchers",
        method: "split",
        args: (c) => [firstToken(c), c.addr("scrap-recycler"), yuan("100,000")],
      },
      "VoucherMatured",
      t(
        "From maturity on, who holds what is frozen so that the payer's one payment can be cleared to the right holders: no split, transfer or financing.",
        "从到期时起，持有关系被锁定，以便付款方的一次兑付能清分给正确的持有人：不能再拆分、转让或融资。",
      ),
    ),
  ],
};
