import { ROLE_LABELS, ROLES, type RoleName } from "../domain/roles.js";
import type { ChainEvent } from "../ledger/decoder.js";
import { RIGHT_KINDS, type LedgerState } from "../ledger/state.js";
import { splitName } from "../service/directory.js";
import { tokenLabel } from "../service/lookup.js";
import { deliveryRefText } from "../service/refs.js";
import { beijingDate, percent, tierZh, yuan } from "./format.js";

/** One event in plain words, in English and in Chinese. */
export interface Description {
  en: string;
  zh: string;
}

const ZERO = "0x0000000000000000000000000000000000000000";
const WALLETS = ["none", "anonymous (category 4)", "verified", "corporate", "system"];
const WALLETS_ZH = ["无", "四类(匿名)", "实名", "对公", "系统"];
const KIND_EN: Record<string, string> = {
  LandManagement: "land management right",
  Forest: "forest right",
  Aquaculture: "aquaculture right",
  WarehouseReceipt: "warehouse receipt",
};
const KIND_ZH: Record<string, string> = {
  LandManagement: "土地经营权",
  Forest: "林权",
  Aquaculture: "水域滩涂养殖权",
  WarehouseReceipt: "仓单",
};
const REASONS = ["circulation", "inheritance", "court order", "disposal", "disposal under lien"];
const REASONS_ZH = ["流转", "继承", "司法裁定", "处置", "抵押物处置"];
const SKIP_REASONS = ["", "no wallet", "frozen wallet", "not an active member", "balance cap"];

/** Names an address in English and Chinese. */
export type NameLookup = (address: string) => Description;

/** A member's names in both languages (members are admitted as "丰润轧钢厂 Fengrun Rolling Mill"). */
export function stateNames(state: LedgerState, address: unknown): Description {
  const a = String(address).toLowerCase();
  const member = state.members.get(a);
  if (member) {
    const { name, nameZh } = splitName(member.name);
    return { en: name, zh: nameZh ?? name };
  }
  const name = state.nameOf(a);
  return { en: name, zh: name };
}

function roleWords(role: unknown): Description {
  const r = ROLES[Number(role as bigint)];
  if (!r || r === "None") return { en: "no role", zh: "无角色" };
  return ROLE_LABELS[r as RoleName];
}

const n = (v: unknown) => Number(v as bigint);
const b = (v: unknown) => BigInt(v as bigint);
const slotOf = (tokenId: unknown) => b(tokenId) >> 32n;
const tierOf = (state: LedgerState, tokenId: unknown) => state.tokens.get(b(tokenId))?.tier;

type Describer = (args: Record<string, unknown>, state: LedgerState, who: (a: unknown) => Description) => Description;

const DESCRIBERS: Record<string, Describer> = {
  // ── membership ──
  "Consortium.MemberAdmitted": (x, _s, who) => {
    const r = roleWords(x.role);
    return {
      en: `${who(x.by).en} admitted ${who(x.account).en} to the consortium as ${/^[aeiou]/.test(r.en) ? "an" : "a"} ${r.en}`,
      zh: `${who(x.by).zh}接纳${who(x.account).zh}为联盟成员(${r.zh})`,
    };
  },
  "Consortium.MemberSuspended": (x, _s, who) => ({
    en: `${who(x.by).en} suspended ${who(x.account).en}`,
    zh: `${who(x.by).zh}暂停了${who(x.account).zh}的成员资格`,
  }),
  "Consortium.MemberReinstated": (x, _s, who) => ({
    en: `${who(x.by).en} reinstated ${who(x.account).en}`,
    zh: `${who(x.by).zh}恢复了${who(x.account).zh}的成员资格`,
  }),
  "Consortium.MemberRemoved": (x, _s, who) => ({
    en: `${who(x.by).en} removed ${who(x.account).en} from the consortium`,
    zh: `${who(x.by).zh}将${who(x.account).zh}移出联盟`,
  }),
  "Consortium.SystemContractRegistered": (x) => ({
    en: `${String(x.name)} was registered as a system contract`,
    zh: `${String(x.name)}登记为系统合约`,
  }),
  "Consortium.ClockAdvanced": (x) => {
    const days = Math.round(n(x.secondsForward) / 86_400);
    return { en: `The project clock moved forward by ${days} days`, zh: `项目时钟前进${days}天` };
  },

  // ── e-CNY ──
  "ECNY.QuotaSet": (x, _s, who) => ({
    en: `The central bank set ${who(x.bank).en}'s e-CNY issuance quota to ${yuan(x.quota)}`,
    zh: `人民银行将${who(x.bank).zh}的数字人民币兑换额度设为${yuan(x.quota)}`,
  }),
  "ECNY.CategoryCapsSet": (x) => ({
    en: `The central bank set the caps of ${WALLETS[n(x.category)]} wallets: ${yuan(x.perPayment)} a payment, ${yuan(x.daily)} a day, ${yuan(x.balance)} balance`,
    zh: `人民银行设定${WALLETS_ZH[n(x.category)]}钱包限额:单笔${yuan(x.perPayment)},日累计${yuan(x.daily)},余额${yuan(x.balance)}`,
  }),
  "ECNY.WalletOpened": (x, _s, who) => ({
    en: `${who(x.bank).en} opened a ${WALLETS[n(x.category)]} e-CNY wallet for ${who(x.account).en}`,
    zh: `${who(x.bank).zh}为${who(x.account).zh}开立${WALLETS_ZH[n(x.category)]}数字人民币钱包`,
  }),
  "ECNY.CorporateCapsSet": (x, _s, who) => ({
    en: `${who(x.account).en}'s corporate wallet may pay ${yuan(x.perPayment)} a payment, ${yuan(x.daily)} a day and hold ${yuan(x.balance)}`,
    zh: `${who(x.account).zh}对公钱包限额:单笔${yuan(x.perPayment)},日累计${yuan(x.daily)},余额${yuan(x.balance)}`,
  }),
  "ECNY.WalletFrozen": (x, _s, who) => ({
    en: `${who(x.bank).en} froze ${who(x.account).en}'s e-CNY wallet`,
    zh: `${who(x.bank).zh}冻结了${who(x.account).zh}的数字人民币钱包`,
  }),
  "ECNY.WalletUnfrozen": (x, _s, who) => ({
    en: `${who(x.bank).en} unfroze ${who(x.account).en}'s e-CNY wallet`,
    zh: `${who(x.bank).zh}解冻了${who(x.account).zh}的数字人民币钱包`,
  }),
  "ECNY.Issued": (x, _s, who) => ({
    en: `${who(x.bank).en} issued ${yuan(x.amount)} of e-CNY into ${who(x.wallet).en}'s wallet`,
    zh: `${who(x.bank).zh}向${who(x.wallet).zh}兑出数字人民币${yuan(x.amount)}`,
  }),
  "ECNY.Redeemed": (x, _s, who) => ({
    en: `${who(x.wallet).en} redeemed ${yuan(x.amount)} of e-CNY at ${who(x.bank).en}`,
    zh: `${who(x.wallet).zh}在${who(x.bank).zh}赎回数字人民币${yuan(x.amount)}`,
  }),
  "ECNY.PaymentSkipped": (x, _s, who) => ({
    en: `A payment of ${yuan(x.amount)} to ${who(x.account).en} could not be made (${SKIP_REASONS[n(x.reason)] ?? "blocked"})`,
    zh: `向${who(x.account).zh}支付${yuan(x.amount)}未能到账`,
  }),
  "ECNY.Transfer": (x, _s, who) => {
    if (String(x.from) === ZERO)
      return { en: `${yuan(x.value)} of e-CNY was created`, zh: `新增数字人民币${yuan(x.value)}` };
    if (String(x.to) === ZERO)
      return { en: `${yuan(x.value)} of e-CNY was redeemed`, zh: `赎回数字人民币${yuan(x.value)}` };
    return {
      en: `${who(x.from).en} paid ${yuan(x.value)} to ${who(x.to).en} in e-CNY`,
      zh: `${who(x.from).zh}向${who(x.to).zh}支付数字人民币${yuan(x.value)}`,
    };
  },
  "ECNY.Approval": (x, _s, who) => ({
    en: `${who(x.owner).en} allowed ${who(x.spender).en} to move up to ${yuan(x.value)} of its e-CNY`,
    zh: `${who(x.owner).zh}授权${who(x.spender).zh}动用其数字人民币至多${yuan(x.value)}`,
  }),

  // ── pay on delivery ──
  "PaymentEscrow.OrderLocked": (x, _s, who) => {
    const ref = deliveryRefText(String(x.deliveryRef));
    return {
      en: `${who(x.buyer).en} locked ${yuan(x.amount)} for order #${x.orderId} from ${who(x.seller).en}${ref ? ` (${ref})` : ""}: paid on delivery confirmed by ${who(x.logistics).en}, by ${beijingDate(x.deadline)}`,
      zh: `${who(x.buyer).zh}为订单#${x.orderId}锁定${yuan(x.amount)}(卖方${who(x.seller).zh}),${who(x.logistics).zh}确认送达即自动付款,截止${beijingDate(x.deadline)}`,
    };
  },
  "PaymentEscrow.DeliveryConfirmed": (x, _s, who) => ({
    en: `${who(x.logistics).en} confirmed delivery of order #${x.orderId}: ${who(x.seller).en} was paid ${yuan(x.amount)} at once`,
    zh: `${who(x.logistics).zh}确认订单#${x.orderId}已送达,${who(x.seller).zh}即时收款${yuan(x.amount)}`,
  }),
  "PaymentEscrow.OrderRefunded": (x, _s, who) => ({
    en: `Order #${x.orderId} was not delivered in time: ${who(x.buyer).en} got ${yuan(x.amount)} back`,
    zh: `订单#${x.orderId}逾期未送达,${yuan(x.amount)}退还给${who(x.buyer).zh}`,
  }),
  "PaymentEscrow.PaymentScheduled": (x, _s, who) => ({
    en: `${who(x.payer).en} scheduled a payment of ${yuan(x.amount)} to ${who(x.payee).en}, due ${beijingDate(x.dueAt)}`,
    zh: `${who(x.payer).zh}预约向${who(x.payee).zh}支付${yuan(x.amount)},到期日${beijingDate(x.dueAt)}`,
  }),
  "PaymentEscrow.ScheduledPaymentReleased": (x, _s, who) => ({
    en: `Scheduled payment #${x.scheduleId} of ${yuan(x.amount)} was paid to ${who(x.payee).en}`,
    zh: `预约付款#${x.scheduleId}(${yuan(x.amount)})已支付给${who(x.payee).zh}`,
  }),

  // ── vouchers ──
  "VoucherLedger.CreditLineSet": (x, _s, who) => ({
    en: `${who(x.bank).en} set ${who(x.issuer).en}'s credit line to ${yuan(x.limit)}`,
    zh: `${who(x.bank).zh}为${who(x.issuer).zh}核定授信额度${yuan(x.limit)}`,
  }),
  "VoucherLedger.RulesSet": (x) => ({
    en: `The voucher rules were set: terms of at most ${x.maxTermDays} days, splits of at least ${yuan(x.minSplitUnit)}, default after ${x.overdueGraceDays} days overdue`,
    zh: `凭证规则:期限最长${x.maxTermDays}天,最小拆分单位${yuan(x.minSplitUnit)},逾期${x.overdueGraceDays}天后可认定违约`,
  }),
  "VoucherLedger.FinancingModuleSet": () => ({
    en: "The voucher financing module was connected",
    zh: "凭证融资模块已接入",
  }),
  "VoucherLedger.VoucherIssued": (x, _s, who) => ({
    en: `${who(x.payer).en} issued voucher #${x.slotId} of ${yuan(x.face)} to ${who(x.payee).en}, due ${beijingDate(x.maturity)}`,
    zh: `${who(x.payer).zh}向${who(x.payee).zh}签发凭证#${x.slotId},金额${yuan(x.face)},到期日${beijingDate(x.maturity)}`,
  }),
  "VoucherLedger.VoucherAccepted": (x, _s, who) => ({
    en: `${who(x.payee).en} accepted voucher #${x.slotId} (tier 1)`,
    zh: `${who(x.payee).zh}签收凭证#${x.slotId}(${tierZh(1)})`,
  }),
  "VoucherLedger.VoucherRejected": (x, _s, who) => ({
    en: `${who(x.by).en} rejected voucher #${x.slotId}`,
    zh: `${who(x.by).zh}拒绝了凭证#${x.slotId}`,
  }),
  "VoucherLedger.VoucherSplit": (x, s, who) => {
    if (s.tokens.get(b(x.newTokenId))?.origin === "financed") {
      return {
        en: `${who(x.from).en} sold ${yuan(x.value)} of voucher #${x.slotId} to ${who(x.to).en} (financing)`,
        zh: `${who(x.from).zh}将凭证#${x.slotId}中${yuan(x.value)}转让给${who(x.to).zh}(融资)`,
      };
    }
    const tier = n(x.tier);
    return {
      en: `${who(x.from).en} split ${yuan(x.value)} of voucher #${x.slotId} to ${who(x.to).en} (tier ${tier})`,
      zh: `${who(x.from).zh}将凭证#${x.slotId}拆分${yuan(x.value)}给${who(x.to).zh}(${tierZh(tier)})`,
    };
  },
  "VoucherLedger.VoucherOffered": (x, _s, who) => ({
    en: `${who(x.from).en} offered ${yuan(x.value)} of voucher #${slotOf(x.fromTokenId)} to ${who(x.to).en} (offer #${x.offerId})`,
    zh: `${who(x.from).zh}向${who(x.to).zh}发起凭证#${slotOf(x.fromTokenId)}转让${yuan(x.value)}(要约#${x.offerId})`,
  }),
  "VoucherLedger.VoucherOfferAccepted": (x) => ({
    en: `Transfer offer #${x.offerId} was accepted (token ${tokenLabel(b(x.newTokenId))})`,
    zh: `转让要约#${x.offerId}已接受`,
  }),
  "VoucherLedger.VoucherOfferRejected": (x) => ({
    en: `Transfer offer #${x.offerId} was rejected`,
    zh: `转让要约#${x.offerId}被拒绝`,
  }),
  "VoucherLedger.VoucherOfferCancelled": (x) => ({
    en: `Transfer offer #${x.offerId} was withdrawn`,
    zh: `转让要约#${x.offerId}已撤回`,
  }),
  "VoucherLedger.VoucherMerged": (x, _s, who) => ({
    en: `${who(x.owner).en} merged token ${tokenLabel(b(x.fromTokenId))} into token ${tokenLabel(b(x.toTokenId))} (${yuan(x.value)})`,
    zh: `${who(x.owner).zh}将凭证#${x.slotId}的两份持有合并(${yuan(x.value)})`,
  }),
  "VoucherLedger.VoucherPledged": (x, s, who) => {
    const value = s.tokens.get(b(x.tokenId))?.value;
    const amount = value !== undefined ? `its ${yuan(value)} piece` : "its piece";
    return {
      en: `${who(x.owner).en} pledged ${amount} of voucher #${slotOf(x.tokenId)} to ${who(x.lender).en}`,
      zh: `${who(x.owner).zh}将凭证#${slotOf(x.tokenId)}${value !== undefined ? `中${yuan(value)}` : ""}质押给${who(x.lender).zh}`,
    };
  },
  "VoucherLedger.VoucherPledgeReleased": (x, _s, who) => ({
    en: `The pledge of token ${tokenLabel(b(x.tokenId))} to ${who(x.lender).en} ended`,
    zh: `凭证#${slotOf(x.tokenId)}对${who(x.lender).zh}的质押已解除`,
  }),
  "VoucherLedger.VoucherTokenFrozen": (x, _s, who) => ({
    en: `${who(x.by).en} froze token ${tokenLabel(b(x.tokenId))}`,
    zh: `${who(x.by).zh}冻结了凭证#${slotOf(x.tokenId)}的一份持有`,
  }),
  "VoucherLedger.VoucherTokenUnfrozen": (x, _s, who) => ({
    en: `${who(x.by).en} unfroze token ${tokenLabel(b(x.tokenId))}`,
    zh: `${who(x.by).zh}解冻了凭证#${slotOf(x.tokenId)}的一份持有`,
  }),
  "VoucherLedger.VoucherRepaid": (x, _s, who) => ({
    en: `${who(x.payer).en} repaid voucher #${x.slotId}: ${yuan(x.amount)}${x.late ? " (late)" : ""}`,
    zh: `${who(x.payer).zh}兑付凭证#${x.slotId},金额${yuan(x.amount)}${x.late ? "(逾期)" : ""}`,
  }),
  "VoucherLedger.VoucherDefaulted": (x, _s, who) => ({
    en: `Voucher #${x.slotId} of ${who(x.payer).en} defaulted: ${yuan(x.face)} unpaid`,
    zh: `${who(x.payer).zh}的凭证#${x.slotId}违约,未付${yuan(x.face)}`,
  }),
  "VoucherLedger.VoucherTokenPaid": (x, s, who) => {
    const tier = tierOf(s, x.tokenId);
    return {
      en: `${who(x.holder).en} was paid ${yuan(x.amount)} for its piece of voucher #${slotOf(x.tokenId)}${tier ? ` (tier ${tier})` : ""}`,
      zh: `${who(x.holder).zh}获凭证#${slotOf(x.tokenId)}到期清分${yuan(x.amount)}${tier ? `(${tierZh(tier)})` : ""}`,
    };
  },
  "VoucherLedger.VoucherTokenUnclaimed": (x, _s, who) => ({
    en: `${who(x.holder).en} could not be paid ${yuan(x.amount)} for voucher #${slotOf(x.tokenId)}: it waits for a claim`,
    zh: `${who(x.holder).zh}的凭证#${slotOf(x.tokenId)}清分款${yuan(x.amount)}未能到账,待领取`,
  }),
  "VoucherLedger.VoucherClearingProgressed": (x) => ({
    en: `Clearing of voucher #${x.slotId}: ${x.paidCount} holders paid ${yuan(x.amount)}`,
    zh: `凭证#${x.slotId}清分:${x.paidCount}位持有人共获${yuan(x.amount)}`,
  }),
  "VoucherLedger.VoucherCleared": (x) => ({
    en: `Voucher #${x.slotId} was fully cleared: ${yuan(x.face)} paid to its holders`,
    zh: `凭证#${x.slotId}清分完毕,${yuan(x.face)}已付给全部持有人`,
  }),
  "VoucherLedger.Transfer": (x, _s, who) => {
    const from = String(x._from ?? x.from);
    const to = String(x._to ?? x.to);
    const id = b(x._tokenId ?? x.tokenId);
    if (from === ZERO) return { en: `Token ${tokenLabel(id)} was created`, zh: `凭证#${id >> 32n}新增一份持有` };
    if (to === ZERO) return { en: `Token ${tokenLabel(id)} was retired`, zh: `凭证#${id >> 32n}注销一份持有` };
    return {
      en: `${who(from).en} transferred token ${tokenLabel(id)} of voucher #${id >> 32n} to ${who(to).en}`,
      zh: `${who(from).zh}将凭证#${id >> 32n}的一份持有整体转让给${who(to).zh}`,
    };
  },
  "VoucherLedger.SlotChanged": (x) => ({
    en: `Token ${tokenLabel(b(x.tokenId))} joined voucher #${x.newSlot}`,
    zh: `新持有份额归入凭证#${x.newSlot}`,
  }),
  "VoucherLedger.TransferValue": (x) => ({
    en: `${yuan(x._value ?? x.value)} of voucher value moved between tokens`,
    zh: `凭证价值${yuan(x._value ?? x.value)}在持有份额间移动`,
  }),

  // ── voucher financing ──
  "VoucherFinancing.VoucherFinancingRequested": (x, _s, who) => ({
    en: `${who(x.holder).en} asked ${who(x.financier).en} to finance ${yuan(x.value)} of voucher #${slotOf(x.tokenId)} at ${percent(x.rateBps)} a year${x.recourse ? ", with recourse" : ""} (request #${x.requestId})`,
    zh: `${who(x.holder).zh}向${who(x.financier).zh}申请凭证#${slotOf(x.tokenId)}融资${yuan(x.value)},年化贴现率${percent(x.rateBps)}${x.recourse ? "(有追索权)" : ""}`,
  }),
  "VoucherFinancing.VoucherFinanced": (x, _s, who) => {
    const proceeds = b(x.value) - b(x.discount);
    return {
      en: `${who(x.financier).en} financed ${yuan(x.value)} of voucher #${x.slotId} for ${who(x.seller).en}: paid ${yuan(proceeds)} now, a discount of ${yuan(x.discount)} at ${percent(x.rateBps)} for ${x.days_} days`,
      zh: `${who(x.financier).zh}为${who(x.seller).zh}办理凭证#${x.slotId}融资${yuan(x.value)},放款${yuan(proceeds)},贴现息${yuan(x.discount)}(年化${percent(x.rateBps)},${x.days_}天)`,
    };
  },
  "VoucherFinancing.VoucherFinancingRejected": (x, _s, who) => ({
    en: `${who(x.financier).en} declined financing request #${x.requestId}`,
    zh: `${who(x.financier).zh}拒绝了融资申请#${x.requestId}`,
  }),
  "VoucherFinancing.VoucherFinancingCancelled": (x, _s, who) => ({
    en: `${who(x.holder).en} withdrew financing request #${x.requestId}`,
    zh: `${who(x.holder).zh}撤回了融资申请#${x.requestId}`,
  }),
  "VoucherFinancing.VoucherRecourseExercised": (x, _s, who) => ({
    en: `${who(x.financier).en} exercised recourse: ${who(x.seller).en} repaid ${yuan(x.value)} and took its piece of voucher #${slotOf(x.tokenId)} back`,
    zh: `${who(x.financier).zh}行使追索权,${who(x.seller).zh}偿还${yuan(x.value)}并取回凭证#${slotOf(x.tokenId)}`,
  }),

  // ── rights ──
  "PropertyRegistry.RightRegistered": (x, _s, who) => {
    const kind = RIGHT_KINDS[n(x.kind)];
    const mu = (Number(b(x.areaCentiMu)) / 100).toString();
    return {
      en: `${who(x.by).en} registered ${KIND_EN[kind]} #${x.rightId} (${String(x.certificateNo)}, ${String(x.county)} ${String(x.village)}, ${mu} ${kind === "WarehouseReceipt" ? "units" : "mu"}) for ${who(x.holder).en}`,
      zh: `${who(x.by).zh}为${who(x.holder).zh}登记${KIND_ZH[kind]}#${x.rightId}(${String(x.certificateNo)},${String(x.county)}${String(x.village)},${mu}${kind === "WarehouseReceipt" ? "单位" : "亩"})`,
    };
  },
  "PropertyRegistry.RightAppraised": (x, _s, who) => ({
    en: `${who(x.appraiser).en} valued right #${x.rightId} at ${yuan(x.valueFen)}, valid until ${beijingDate(x.validUntil)}`,
    zh: `${who(x.appraiser).zh}评估产权#${x.rightId}价值${yuan(x.valueFen)},有效期至${beijingDate(x.validUntil)}`,
  }),
  "PropertyRegistry.LienPlaced": (x, _s, who) => ({
    en: `Right #${x.rightId} was pledged to ${who(x.lender).en} for loan #${x.loanId}`,
    zh: `产权#${x.rightId}抵押给${who(x.lender).zh}(贷款#${x.loanId})`,
  }),
  "PropertyRegistry.LienReleased": (x) => ({
    en: `The lien on right #${x.rightId} for loan #${x.loanId} was lifted`,
    zh: `产权#${x.rightId}的抵押已解除(贷款#${x.loanId})`,
  }),
  "PropertyRegistry.RightTransferred": (x, _s, who) => ({
    en: `Right #${x.rightId} passed from ${who(x.from).en} to ${who(x.to).en} (${REASONS[n(x.reason)] ?? "transfer"})`,
    zh: `产权#${x.rightId}由${who(x.from).zh}转至${who(x.to).zh}(${REASONS_ZH[n(x.reason)] ?? "转让"})`,
  }),

  // ── loans ──
  "LoanBook.ProductCreated": (x, _s, who) => {
    const p = x.params as Record<string, unknown>;
    return {
      en: `${who(x.lender).en} published the loan product “${String(p.name)}” (${percent(p.rateBps)} a year, ${p.termDays} days)`,
      zh: `${who(x.lender).zh}发布贷款产品“${String(p.name)}”(年利率${percent(p.rateBps)},期限${p.termDays}天)`,
    };
  },
  "LoanBook.RiskSharingPartiesSet": (x, _s, who) => ({
    en: `The 4321 risk-sharing parties were named: ${who(x.provincialReGuarantor).en} and ${who(x.nationalFund).en}`,
    zh: `"4321"风险分担方确定:${who(x.provincialReGuarantor).zh}、${who(x.nationalFund).zh}`,
  }),
  "LoanBook.FlexibleGraceDaysSet": (x) => ({
    en: `The flexible-repayment grace period was set to ${x.graceDays} days`,
    zh: `弹性还款宽限期设为${x.graceDays}天`,
  }),
  "LoanBook.LoanApplied": (x, _s, who) => {
    const right = b(x.rightId) !== 0n;
    const guarantor = String(x.guarantor) !== ZERO;
    return {
      en: `${who(x.borrower).en} applied for loan #${x.loanId} of ${yuan(x.principal)}${right ? `, pledging right #${x.rightId}` : ""}${guarantor ? `, guaranteed by ${who(x.guarantor).en}` : ""}`,
      zh: `${who(x.borrower).zh}申请贷款#${x.loanId},金额${yuan(x.principal)}${right ? `,抵押产权#${x.rightId}` : ""}${guarantor ? `,担保方${who(x.guarantor).zh}` : ""}`,
    };
  },
  "LoanBook.LoanWithdrawn": (x, _s, who) => ({
    en: `${who(x.borrower).en} withdrew loan application #${x.loanId}`,
    zh: `${who(x.borrower).zh}撤回了贷款申请#${x.loanId}`,
  }),
  "LoanBook.LoanRejected": (x, _s, who) => ({
    en: `${who(x.lender).en} rejected loan application #${x.loanId}`,
    zh: `${who(x.lender).zh}拒绝了贷款申请#${x.loanId}`,
  }),
  "LoanBook.GuaranteeApproved": (x, _s, who) => ({
    en: `${who(x.guarantor).en} agreed to guarantee loan #${x.loanId}`,
    zh: `${who(x.guarantor).zh}同意为贷款#${x.loanId}提供担保`,
  }),
  "LoanBook.LoanDisbursed": (x, _s, who) => ({
    en: `${who(x.lender).en} disbursed loan #${x.loanId}: ${yuan(x.principal)} to ${who(x.borrower).en}, due ${beijingDate(x.maturity)}`,
    zh: `${who(x.lender).zh}向${who(x.borrower).zh}发放贷款#${x.loanId},金额${yuan(x.principal)},到期日${beijingDate(x.maturity)}`,
  }),
  "LoanBook.RepaymentMade": (x, _s, who) => ({
    en: `${who(x.borrower).en} repaid ${yuan(x.amount)} on loan #${x.loanId} (interest ${yuan(x.interestPart)}, principal ${yuan(x.principalPart)}; ${yuan(x.outstanding)} still owed)`,
    zh: `${who(x.borrower).zh}偿还贷款#${x.loanId} ${yuan(x.amount)}(利息${yuan(x.interestPart)},本金${yuan(x.principalPart)},剩余本金${yuan(x.outstanding)})`,
  }),
  "LoanBook.LoanRepaid": (x) => ({
    en: `Loan #${x.loanId} was repaid in full`,
    zh: `贷款#${x.loanId}已全部结清`,
  }),
  "LoanBook.WeeklySalesPosted": (x, _s, who) => ({
    en: `${who(x.borrower).en} sold ${yuan(x.salesFen)} in week ${x.weekIndex}${x.fallen ? " (a fall of more than 40%)" : ""}`,
    zh: `${who(x.borrower).zh}第${x.weekIndex}周销售额${yuan(x.salesFen)}${x.fallen ? "(下滑超过40%)" : ""}`,
  }),
  "LoanBook.FlexibleGraceGranted": (x, _s, who) => ({
    en: `${who(x.borrower).en}'s sales fell two weeks running: no default may be declared before ${beijingDate(x.graceUntil)}`,
    zh: `${who(x.borrower).zh}销售额连续两周下滑,获弹性还款宽限至${beijingDate(x.graceUntil)}`,
  }),
  "LoanBook.LoanDefaulted": (x) => ({
    en: `Loan #${x.loanId} defaulted with ${yuan(x.debt)} owed`,
    zh: `贷款#${x.loanId}违约,欠款${yuan(x.debt)}`,
  }),
  "LoanBook.CollateralDisposed": (x, _s, who) => ({
    en: `The collateral of loan #${x.loanId} (right #${x.rightId}) was sold to ${who(x.buyer).en} for ${yuan(x.price)}`,
    zh: `贷款#${x.loanId}的抵押物(产权#${x.rightId})以${yuan(x.price)}处置给${who(x.buyer).zh}`,
  }),
  "LoanBook.RiskShared": (x) => ({
    en: `The ${yuan(x.loss)} loss on loan #${x.loanId} was shared: national fund ${yuan(x.national)}, provincial re-guarantor ${yuan(x.provincial)}, lender ${yuan(x.lender)}, guarantor ${yuan(x.guarantor)}`,
    zh: `贷款#${x.loanId}损失${yuan(x.loss)}按比例分担:国家融资担保基金${yuan(x.national)},省再担保${yuan(x.provincial)},银行${yuan(x.lender)},担保机构${yuan(x.guarantor)}`,
  }),
  "LoanBook.LoanWrittenOff": (x) => ({
    en: `Loan #${x.loanId} was written off: a loss of ${yuan(x.loss)}`,
    zh: `贷款#${x.loanId}核销,损失${yuan(x.loss)}`,
  }),
  "LoanBook.LoanSettled": (x) => ({
    en: `Defaulted loan #${x.loanId} was settled: ${yuan(x.recovered)} recovered, ${yuan(x.loss)} lost`,
    zh: `违约贷款#${x.loanId}已了结:回收${yuan(x.recovered)},损失${yuan(x.loss)}`,
  }),
};

/**
 * One chain event in plain words, in English and Chinese, with the participants' names (from the
 * indexed members, or from `names`, e.g. the cast's names in both languages).
 * @example describeEvent(splitEvent, ledger.state)
 * // { en: "Fengrun Rolling Mill split ¥3,000,000.00 of voucher #1 to Luannan Scrap Recycling (tier 2)",
 * //   zh: "丰润轧钢厂将凭证#1拆分¥3,000,000.00给滦南废钢回收站(二级)" }
 */
export function describeEvent(event: ChainEvent, state: LedgerState, names?: NameLookup): Description {
  const describer = DESCRIBERS[`${event.contract}.${event.name}`];
  if (!describer) return { en: `${event.contract}: ${event.name}`, zh: `${event.contract}:${event.name}` };
  return describer(event.args, state, (address) => names?.(String(address)) ?? stateNames(state, address));
}

/** Standard-token bookkeeping that accompanies a business event (mints, value moves, approvals…). */
const TECHNICAL = new Set([
  "VoucherLedger.TransferValue",
  "VoucherLedger.SlotChanged",
  "VoucherLedger.Approval",
  "VoucherLedger.ApprovalForAll",
  "VoucherLedger.ApprovalValue",
  "VoucherLedger.VoucherClearingProgressed",
  "VoucherLedger.FinancingModuleSet",
  "PropertyRegistry.Transfer",
  "PropertyRegistry.Approval",
  "PropertyRegistry.ApprovalForAll",
  "Consortium.SystemContractRegistered",
  "ECNY.Approval",
]);

/**
 * True for events that only record the bookkeeping of a business event described elsewhere in the
 * same transaction (e.g. the e-CNY transfer of a financing, the token mint of a split).
 */
export function isTechnical(event: ChainEvent, state: LedgerState): boolean {
  const key = `${event.contract}.${event.name}`;
  if (TECHNICAL.has(key)) return true;
  if (key === "VoucherLedger.Transfer") {
    return String(event.args._from ?? event.args.from) === ZERO || String(event.args._to ?? event.args.to) === ZERO;
  }
  if (key === "VoucherLedger.VoucherSplit") return state.tokens.get(b(event.args.newTokenId))?.origin === "financed";
  if (key === "ECNY.Transfer") {
    const from = String(event.args.from).toLowerCase();
    const to = String(event.args.to).toLowerCase();
    return from === ZERO || to === ZERO || state.systemContracts.has(from) || state.systemContracts.has(to);
  }
  return false;
}
