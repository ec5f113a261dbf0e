import { MaxUint256 } from "ethers";
import { formatYuan } from "../domain/money.js";
import { formatBps } from "../domain/rates.js";
import type { ChainEvent } from "../ledger/decoder.js";
import type { LedgerState } from "../ledger/state.js";
import { formatArea, formatDays, formatRef, formatTime } from "./format.js";
import {
  PURPOSE_LABELS,
  RECEIVE_BLOCK_LABELS,
  RIGHT_KIND_LABELS,
  idLabel,
  namerOf,
  polish,
  same,
  tokenLabel,
  voucherLabel,
  type Namer,
} from "./names.js";
import type { Text } from "./types.js";

/** Events of the token standards (ERC-721 / ERC-3525 plumbing): the project's own events say more. */
const STANDARD_EVENTS = new Set([
  "VoucherLedger.Transfer",
  "VoucherLedger.TransferValue",
  "VoucherLedger.SlotChanged",
  "VoucherLedger.Approval",
  "VoucherLedger.ApprovalForAll",
  "VoucherLedger.ApprovalValue",
  "PropertyRegistry.Transfer",
  "PropertyRegistry.Approval",
  "PropertyRegistry.ApprovalForAll",
]);

/** True for a token-standard plumbing event that a classroom view may hide. */
export function isStandardEvent(event: Pick<ChainEvent, "contract" | "name">): boolean {
  return STANDARD_EVENTS.has(`${event.contract}.${event.name}`);
}

/** How {@link describe} names things; by default from the indexed state alone. */
export interface DescribeOptions {
  names?: Namer;
  /** bytes32 hash → the document reference it was made from (trade background, waybill). */
  refs?: ReadonlyMap<string, string>;
}

type Describer = (e: Args, f: Helpers) => Text;
type Args = Record<string, unknown>;
interface Helpers {
  /** Name of the address in field `key`. */
  n(key: string): Text;
  /** Money in field `key`. */
  m(key: string): string;
  time(key: string): string;
  token(key: string): Text;
  voucher(key: string): Text;
  id(key: string): Text;
  ref(key: string): string;
  num(key: string): bigint;
}

const t = (en: string, zh: string): Text => ({ en, zh });

const DESCRIBERS: Record<string, Describer> = {
  // ── membership ──
  "Consortium.MemberAdmitted": (_, f) =>
    t(
      `${f.n("by").en} admitted ${f.n("account").en} to the consortium.`,
      `${f.n("by").zh}接纳${f.n("account").zh}为联盟成员。`,
    ),
  "Consortium.MemberSuspended": (_, f) =>
    t(
      `${f.n("by").en} suspended ${f.n("account").en}: it can neither act nor receive until reinstated.`,
      `${f.n("by").zh}暂停了${f.n("account").zh}的成员资格：恢复前既不能操作也不能接收。`,
    ),
  "Consortium.MemberReinstated": (_, f) =>
    t(`${f.n("by").en} reinstated ${f.n("account").en}.`, `${f.n("by").zh}恢复了${f.n("account").zh}的成员资格。`),
  "Consortium.MemberRemoved": (_, f) =>
    t(`${f.n("by").en} removed ${f.n("account").en} for good.`, `${f.n("by").zh}将${f.n("account").zh}永久移出联盟。`),
  "Consortium.ClockAdvanced": (e) =>
    t(
      `The project clock moved ${formatDays(BigInt(e.secondsForward as bigint) / 86_400n).en} forward.`,
      `项目时钟前进 ${formatDays(BigInt(e.secondsForward as bigint) / 86_400n).zh}。`,
    ),

  // ── e-CNY ──
  "ECNY.Transfer": (e, f) => {
    const zero = /^0x0{40}$/i;
    if (zero.test(String(e.from)))
      return t(
        `${f.m("value")} of e-CNY was issued into ${f.n("to").en}'s wallet.`,
        `向${f.n("to").zh}的钱包发行数字人民币 ${f.m("value")}。`,
      );
    if (zero.test(String(e.to)))
      return t(
        `${f.n("from").en} redeemed ${f.m("value")} of e-CNY.`,
        `${f.n("from").zh}兑回数字人民币 ${f.m("value")}。`,
      );
    return t(
      `${f.m("value")} of e-CNY moved from ${f.n("from").en} to ${f.n("to").en}.`,
      `数字人民币 ${f.m("value")} 从${f.n("from").zh}转入${f.n("to").zh}。`,
    );
  },
  "ECNY.Approval": (e, f) => {
    const amount = BigInt(e.value as bigint) === MaxUint256 ? t("any amount", "不限额") : same(f.m("value"));
    return t(
      `${f.n("owner").en} allowed ${f.n("spender").en} to draw ${amount.en} from its wallet: its consent on chain.`,
      `${f.n("owner").zh}授权${f.n("spender").zh}从其钱包划转${amount.zh}：这是链上的同意。`,
    );
  },
  "ECNY.WalletFrozen": (_, f) =>
    t(
      `${f.n("bank").en} froze ${f.n("account").en}'s e-CNY wallet: nothing can leave or enter it.`,
      `${f.n("bank").zh}冻结了${f.n("account").zh}的数字人民币钱包：资金不能转出也不能转入。`,
    ),
  "ECNY.WalletUnfrozen": (_, f) =>
    t(
      `${f.n("bank").en} unfroze ${f.n("account").en}'s e-CNY wallet.`,
      `${f.n("bank").zh}解冻了${f.n("account").zh}的数字人民币钱包。`,
    ),
  "ECNY.PaymentSkipped": (e, f) => {
    const reason = RECEIVE_BLOCK_LABELS[Number(e.reason)] ?? same(String(e.reason));
    return t(
      `${f.n("payer").en} could not pay ${f.m("amount")} to ${f.n("account").en} (${reason.en}); the money stays put and the others are paid.`,
      `${f.n("payer").zh}无法向${f.n("account").zh}支付 ${f.m("amount")}(${reason.zh})；这笔钱留在原处，其他人照常收款。`,
    );
  },
  "ECNY.Issued": (_, f) =>
    t(
      `${f.n("bank").en} issued ${f.m("amount")} into ${f.n("wallet").en}'s wallet against deposits.`,
      `${f.n("bank").zh}以存款兑换方式向${f.n("wallet").zh}钱包发行 ${f.m("amount")}。`,
    ),
  "ECNY.Redeemed": (_, f) =>
    t(
      `${f.n("wallet").en} redeemed ${f.m("amount")} at ${f.n("bank").en}.`,
      `${f.n("wallet").zh}在${f.n("bank").zh}兑回 ${f.m("amount")}。`,
    ),
  "ECNY.WalletOpened": (_, f) =>
    t(
      `${f.n("bank").en} opened an e-CNY wallet for ${f.n("account").en}.`,
      `${f.n("bank").zh}为${f.n("account").zh}开立数字人民币钱包。`,
    ),
  "ECNY.QuotaSet": (_, f) =>
    t(
      `The central bank set ${f.n("bank").en}'s issuance quota to ${f.m("quota")}.`,
      `人民银行将${f.n("bank").zh}的发行额度设为 ${f.m("quota")}。`,
    ),

  // ── programmable payments ──
  "PaymentEscrow.OrderLocked": (_, f) =>
    t(
      `${f.n("buyer").en} locked ${f.m("amount")} for ${f.id("orderId").en} to ${f.n("seller").en}; ${f.n("logistics").en} may release it on delivery of ${f.ref("deliveryRef")} before ${f.time("deadline")}.`,
      `${f.n("buyer").zh}为${f.id("orderId").zh}锁定 ${f.m("amount")}，收款方${f.n("seller").zh}；${f.n("logistics").zh}在 ${f.time("deadline")} 前确认运单 ${f.ref("deliveryRef")} 送达即放款。`,
    ),
  "PaymentEscrow.DeliveryConfirmed": (_, f) =>
    t(
      `${f.n("logistics").en} confirmed delivery of ${f.id("orderId").en}: ${f.n("seller").en} was paid ${f.m("amount")} in the same transaction.`,
      `${f.n("logistics").zh}确认${f.id("orderId").zh}送达：${f.n("seller").zh}在同一笔交易中收到 ${f.m("amount")}。`,
    ),
  "PaymentEscrow.OrderRefunded": (_, f) =>
    t(
      `${f.id("orderId").en} was not delivered by its deadline: ${f.m("amount")} went back to ${f.n("buyer").en}.`,
      `${f.id("orderId").zh}逾期未送达：${f.m("amount")} 退回${f.n("buyer").zh}。`,
    ),
  "PaymentEscrow.PaymentScheduled": (_, f) =>
    t(
      `${f.n("payer").en} locked ${f.m("amount")} for ${f.n("payee").en}, due ${f.time("dueAt")}.`,
      `${f.n("payer").zh}为${f.n("payee").zh}锁定 ${f.m("amount")}，${f.time("dueAt")} 到期支付。`,
    ),
  "PaymentEscrow.ScheduledPaymentReleased": (_, f) =>
    t(`${f.n("payee").en} was paid ${f.m("amount")} as scheduled.`, `${f.n("payee").zh}按计划收到 ${f.m("amount")}。`),

  // ── vouchers ──
  "VoucherLedger.CreditLineSet": (_, f) =>
    t(
      `${f.n("bank").en} set ${f.n("issuer").en}'s credit line for vouchers to ${f.m("limit")}.`,
      `${f.n("bank").zh}为${f.n("issuer").zh}核定凭证授信额度 ${f.m("limit")}。`,
    ),
  "VoucherLedger.RulesSet": (e, f) =>
    t(
      `${f.n("by").en} set the rules: terms up to ${f.num("maxTermDays")} days, splits of at least ${f.m("minSplitUnit")}, receivers ${e.transfersNeedAcceptance ? "must accept" : "need not accept"}, default ${f.num("overdueGraceDays")} days after an unpaid maturity. Live vouchers keep the rules they were issued under.`,
      `${f.n("by").zh}设定规则：期限最长 ${f.num("maxTermDays")} 天，拆分最小单位 ${f.m("minSplitUnit")}，${e.transfersNeedAcceptance ? "接收方须签收" : "接收方无须签收"}，到期未付 ${f.num("overdueGraceDays")} 天后可认定违约。已签发的凭证沿用签发时的规则。`,
    ),
  "VoucherLedger.VoucherIssued": (_, f) =>
    t(
      `${f.n("payer").en} confirmed a debt of ${f.m("face")} to ${f.n("payee").en} (确权) as ${f.voucher("slotId").en}, due ${f.time("maturity")}, backed by ${f.ref("tradeHash")}. It waits for the payee's acceptance.`,
      `${f.n("payer").zh}向${f.n("payee").zh}确权 ${f.m("face")}，生成${f.voucher("slotId").zh}，到期日 ${f.time("maturity")}，贸易背景 ${f.ref("tradeHash")}。等待收款方签收。`,
    ),
  "VoucherLedger.VoucherAccepted": (_, f) =>
    t(
      `${f.n("payee").en} accepted ${f.voucher("slotId").en} (确权签收): ${f.token("tokenId").en} at tier 1 holds the whole face.`,
      `${f.n("payee").zh}签收${f.voucher("slotId").zh}：${f.token("tokenId").zh}(一级)持有全部面值。`,
    ),
  "VoucherLedger.VoucherRejected": (_, f) =>
    t(
      `${f.n("by").en} rejected ${f.voucher("slotId").en}; its trade background is free again.`,
      `${f.n("by").zh}拒收${f.voucher("slotId").zh}，其贸易背景可再次使用。`,
    ),
  "VoucherLedger.VoucherSplit": (e, f) =>
    t(
      `${f.n("from").en} passed ${f.m("value")} of ${f.token("fromTokenId").en} to ${f.n("to").en}: new ${f.token("newTokenId").en} at tier ${e.tier}, same payer and maturity.`,
      `${f.n("from").zh}将${f.token("fromTokenId").zh}中的 ${f.m("value")} 拆分流转给${f.n("to").zh}：新${f.token("newTokenId").zh}，第 ${e.tier} 级，付款方和到期日不变。`,
    ),
  "VoucherLedger.VoucherOffered": (_, f) =>
    t(
      `${f.n("from").en} offered ${f.m("value")} of ${f.token("fromTokenId").en} to ${f.n("to").en} (${f.id("offerId").en}); nothing moves until it accepts.`,
      `${f.n("from").zh}向${f.n("to").zh}发出转让要约(${f.id("offerId").zh})：${f.token("fromTokenId").zh}中的 ${f.m("value")}；对方签收前不发生转移。`,
    ),
  "VoucherLedger.VoucherOfferAccepted": (_, f) =>
    t(
      `${f.id("offerId").en} was accepted: ${f.token("newTokenId").en} was created.`,
      `${f.id("offerId").zh}已签收：生成${f.token("newTokenId").zh}。`,
    ),
  "VoucherLedger.VoucherOfferRejected": (_, f) =>
    t(`${f.id("offerId").en} was rejected.`, `${f.id("offerId").zh}被拒收。`),
  "VoucherLedger.VoucherOfferCancelled": (_, f) =>
    t(`${f.id("offerId").en} was withdrawn.`, `${f.id("offerId").zh}已撤回。`),
  "VoucherLedger.VoucherMerged": (_, f) =>
    t(
      `${f.n("owner").en} merged ${f.token("fromTokenId").en} (${f.m("value")}) into ${f.token("toTokenId").en}.`,
      `${f.n("owner").zh}将${f.token("fromTokenId").zh}(${f.m("value")})合并入${f.token("toTokenId").zh}。`,
    ),
  "VoucherLedger.VoucherPledged": (_, f) =>
    t(
      `${f.n("owner").en} pledged ${f.token("tokenId").en} to ${f.n("lender").en}.`,
      `${f.n("owner").zh}将${f.token("tokenId").zh}质押给${f.n("lender").zh}。`,
    ),
  "VoucherLedger.VoucherPledgeReleased": (_, f) =>
    t(
      `The pledge of ${f.token("tokenId").en} to ${f.n("lender").en} ended.`,
      `${f.token("tokenId").zh}对${f.n("lender").zh}的质押解除。`,
    ),
  "VoucherLedger.VoucherTokenFrozen": (_, f) =>
    t(`${f.n("by").en} froze ${f.token("tokenId").en}.`, `${f.n("by").zh}冻结了${f.token("tokenId").zh}。`),
  "VoucherLedger.VoucherTokenUnfrozen": (_, f) =>
    t(`${f.n("by").en} unfroze ${f.token("tokenId").en}.`, `${f.n("by").zh}解冻了${f.token("tokenId").zh}。`),
  "VoucherLedger.VoucherRepaid": (e, f) =>
    t(
      `${f.n("payer").en} paid the face of ${f.voucher("slotId").en}, ${f.m("amount")}, into the voucher ledger once${e.late ? ", late" : ""}: it will be cleared to every holder.`,
      `${f.n("payer").zh}一次性向凭证账本兑付${f.voucher("slotId").zh}面值 ${f.m("amount")}${e.late ? "(逾期兑付)" : ""}，随后清分给每位持有人。`,
    ),
  "VoucherLedger.VoucherDefaulted": (_, f) =>
    t(
      `${f.voucher("slotId").en} was declared in default: ${f.n("payer").en} did not pay ${f.m("face")} within the grace period.`,
      `${f.voucher("slotId").zh}被认定违约：${f.n("payer").zh}在宽限期内未兑付 ${f.m("face")}。`,
    ),
  "VoucherLedger.VoucherTokenPaid": (_, f) =>
    t(
      `${f.n("holder").en} was paid ${f.m("amount")} for ${f.token("tokenId").en} (清分).`,
      `${f.n("holder").zh}就${f.token("tokenId").zh}获清分 ${f.m("amount")}。`,
    ),
  "VoucherLedger.VoucherTokenUnclaimed": (_, f) =>
    t(
      `${f.n("holder").en} could not be paid ${f.m("amount")} for ${f.token("tokenId").en}: the token waits for a claim.`,
      `${f.n("holder").zh}暂时无法收到${f.token("tokenId").zh}的 ${f.m("amount")}：该份额等待领取。`,
    ),
  "VoucherLedger.VoucherClearingProgressed": (_, f) =>
    t(
      `Clearing of ${f.voucher("slotId").en} reached token ${f.num("cursor")}: ${f.num("paidCount")} paid, ${f.m("amount")} in total in this page.`,
      `${f.voucher("slotId").zh}清分推进到第 ${f.num("cursor")} 份：本页支付 ${f.num("paidCount")} 份，共 ${f.m("amount")}。`,
    ),
  "VoucherLedger.VoucherCleared": (_, f) =>
    t(
      `${f.voucher("slotId").en} is cleared: every fen of its ${f.m("face")} reached a holder.`,
      `${f.voucher("slotId").zh}清分完毕：面值 ${f.m("face")} 已全部付给持有人。`,
    ),
  "VoucherLedger.Transfer": (e, f) =>
    /^0x0{40}$/i.test(String(e.from))
      ? t(
          `ERC-3525: ${f.token("tokenId").en} was minted to ${f.n("to").en}.`,
          `ERC-3525：向${f.n("to").zh}铸造${f.token("tokenId").zh}。`,
        )
      : t(
          `ERC-3525: ${f.token("tokenId").en} moved from ${f.n("from").en} to ${f.n("to").en}.`,
          `ERC-3525：${f.token("tokenId").zh}从${f.n("from").zh}转给${f.n("to").zh}。`,
        ),
  "VoucherLedger.TransferValue": (e, f) =>
    BigInt(e.fromTokenId as bigint) === 0n
      ? t(
          `ERC-3525: ${f.token("toTokenId").en} received ${f.m("value")} of value.`,
          `ERC-3525：${f.token("toTokenId").zh}获得价值 ${f.m("value")}。`,
        )
      : t(
          `ERC-3525: ${f.m("value")} of value moved from ${f.token("fromTokenId").en} to ${f.token("toTokenId").en}.`,
          `ERC-3525：价值 ${f.m("value")} 从${f.token("fromTokenId").zh}转入${f.token("toTokenId").zh}。`,
        ),
  "VoucherLedger.SlotChanged": (_, f) =>
    t(
      `ERC-3525: ${f.token("tokenId").en} belongs to voucher #${f.num("newSlot")}.`,
      `ERC-3525：${f.token("tokenId").zh}属于凭证 #${f.num("newSlot")}。`,
    ),
  "VoucherFinancing.VoucherFinancingRequested": (e, f) =>
    t(
      `${f.n("holder").en} asked ${f.n("financier").en} to buy ${f.m("value")} of ${f.token("tokenId").en} at ${formatBps(f.num("rateBps"))} a year, ${e.recourse ? "with" : "without"} recourse (${f.id("requestId").en}); nothing is locked yet.`,
      `${f.n("holder").zh}申请${f.n("financier").zh}按年化 ${formatBps(f.num("rateBps"))} 买入${f.token("tokenId").zh}中的 ${f.m("value")}，${e.recourse ? "有追索权" : "无追索权"}(${f.id("requestId").zh})；此时不锁定任何资产。`,
    ),
  "VoucherFinancing.VoucherFinanced": (e, f) => {
    const proceeds = formatYuan(f.num("value") - f.num("discount"));
    return t(
      `${f.n("financier").en} bought ${f.m("value")} of ${f.token("fromTokenId").en} from ${f.n("seller").en} at ${formatBps(f.num("rateBps"))} for ${f.num("days_")} days: discount ${f.m("discount")}, proceeds ${proceeds} paid now; its ${f.token("newTokenId").en} keeps the seller's tier, ${e.recourse ? "with" : "without"} recourse.`,
      `${f.n("financier").zh}以年化 ${formatBps(f.num("rateBps"))}、${f.num("days_")} 天买入${f.n("seller").zh}的${f.token("fromTokenId").zh}中 ${f.m("value")}：贴现息 ${f.m("discount")}，立即支付融资款 ${proceeds}；新${f.token("newTokenId").zh}与卖方同级，${e.recourse ? "有追索权" : "无追索权"}。`,
    );
  },
  "VoucherFinancing.VoucherFinancingRejected": (_, f) =>
    t(
      `${f.n("financier").en} declined ${f.id("requestId").en}.`,
      `${f.n("financier").zh}拒绝了${f.id("requestId").zh}。`,
    ),
  "VoucherFinancing.VoucherFinancingCancelled": (_, f) =>
    t(`${f.n("holder").en} withdrew ${f.id("requestId").en}.`, `${f.n("holder").zh}撤回了${f.id("requestId").zh}。`),
  "VoucherFinancing.VoucherRecourseExercised": (_, f) =>
    t(
      `Recourse (追索): ${f.n("seller").en} paid ${f.m("value")} back to ${f.n("financier").en} and took ${f.token("tokenId").en} back.`,
      `追索：${f.n("seller").zh}向${f.n("financier").zh}偿付 ${f.m("value")}，收回${f.token("tokenId").zh}。`,
    ),

  // ── rights ──
  "PropertyRegistry.RightRegistered": (e, f) => {
    const kind = RIGHT_KIND_LABELS[Number(e.kind)] ?? same(String(e.kind));
    const area = formatArea(f.num("areaCentiMu"));
    return t(
      `${f.n("by").en} registered ${f.id("rightId").en}, a ${kind.en} of ${area.en} in ${e.county} ${e.village} (certificate ${e.certificateNo}), for ${f.n("holder").en} until ${f.time("termEnd").slice(0, 10)} (确权登记).`,
      `${f.n("by").zh}为${f.n("holder").zh}确权登记${f.id("rightId").zh}：${kind.zh} ${area.zh}，${e.county}${e.village}，证书号 ${e.certificateNo}，期限至 ${f.time("termEnd").slice(0, 10)}。`,
    );
  },
  "PropertyRegistry.RightAppraised": (_, f) =>
    t(
      `${f.n("appraiser").en} valued ${f.id("rightId").en} at ${f.m("valueFen")}, valid until ${f.time("validUntil")} (评估).`,
      `${f.n("appraiser").zh}评估${f.id("rightId").zh}价值 ${f.m("valueFen")}，有效期至 ${f.time("validUntil")}。`,
    ),
  "PropertyRegistry.LienPlaced": (_, f) =>
    t(
      `A public lien on ${f.id("rightId").en} was registered for ${f.n("lender").en} as security for ${f.id("loanId").en} (抵押登记): the right cannot move.`,
      `${f.id("rightId").zh}为${f.n("lender").zh}办理抵押登记，担保${f.id("loanId").zh}：产权不能流转。`,
    ),
  "PropertyRegistry.LienReleased": (_, f) =>
    t(
      `The lien on ${f.id("rightId").en} for ${f.id("loanId").en} was lifted (解押).`,
      `${f.id("rightId").zh}就${f.id("loanId").zh}的抵押登记已注销(解押)。`,
    ),
  "PropertyRegistry.RightTransferred": (_, f) =>
    t(
      `${f.id("rightId").en} passed from ${f.n("from").en} to ${f.n("to").en}, recorded by ${f.n("by").en}.`,
      `${f.id("rightId").zh}由${f.n("from").zh}转至${f.n("to").zh}，登记人${f.n("by").zh}。`,
    ),
  "PropertyRegistry.Transfer": (_, f) =>
    t(
      `ERC-721: right #${f.num("tokenId")} now held by ${f.n("to").en}.`,
      `ERC-721：产权 #${f.num("tokenId")} 现由${f.n("to").zh}持有。`,
    ),

  // ── loans ──
  "LoanBook.ProductCreated": (e, f) => {
    const p = e.params as Record<string, unknown>;
    const purpose = PURPOSE_LABELS[Number(p.purpose)] ?? same(String(p.purpose));
    const ltv = BigInt(p.ltvBps as bigint);
    return t(
      `${f.n("lender").en} published ${f.id("productId").en} "${p.name}": ${purpose.en}, ${formatBps(BigInt(p.rateBps as bigint))} a year for ${p.termDays} days${ltv > 0n ? `, up to ${formatBps(ltv)} of the appraised value` : ", unsecured"}, ${p.graceDays} grace days.`,
      `${f.n("lender").zh}发布${f.id("productId").zh}「${p.name}」：${purpose.zh}，年利率 ${formatBps(BigInt(p.rateBps as bigint))}，期限 ${p.termDays} 天${ltv > 0n ? `，抵押率上限 ${formatBps(ltv)}` : "，信用贷款"}，宽限期 ${p.graceDays} 天。`,
    );
  },
  "LoanBook.LoanApplied": (e, f) => {
    const rightId = BigInt(e.rightId as bigint);
    const guaranteed = !/^0x0{40}$/i.test(String(e.guarantor));
    return t(
      `${f.n("borrower").en} applied for ${f.id("loanId").en}: ${f.m("principal")} under ${f.id("productId").en}${rightId > 0n ? `, pledging ${idLabel("rightId", rightId).en}` : ""}${guaranteed ? `, guaranteed by ${f.n("guarantor").en}` : ""}.`,
      `${f.n("borrower").zh}申请${f.id("loanId").zh}：${f.id("productId").zh}，金额 ${f.m("principal")}${rightId > 0n ? `，以${idLabel("rightId", rightId).zh}抵押` : ""}${guaranteed ? `，由${f.n("guarantor").zh}担保` : ""}。`,
    );
  },
  "LoanBook.LoanWithdrawn": (_, f) =>
    t(`${f.n("borrower").en} withdrew ${f.id("loanId").en}.`, `${f.n("borrower").zh}撤回${f.id("loanId").zh}。`),
  "LoanBook.LoanRejected": (_, f) =>
    t(`${f.n("lender").en} rejected ${f.id("loanId").en}.`, `${f.n("lender").zh}拒绝${f.id("loanId").zh}。`),
  "LoanBook.GuaranteeApproved": (_, f) =>
    t(
      `${f.n("guarantor").en} approved its guarantee of ${f.id("loanId").en}.`,
      `${f.n("guarantor").zh}同意为${f.id("loanId").zh}提供担保。`,
    ),
  "LoanBook.LoanDisbursed": (e, f) => {
    const fee = BigInt(e.guaranteeFee as bigint);
    return t(
      `${f.n("lender").en} disbursed ${f.m("principal")} of ${f.id("loanId").en} to ${f.n("borrower").en}, due ${f.time("maturity")}${fee > 0n ? `; the guarantee fee of ${formatYuan(fee)} went to the guarantor in the same transaction` : ""} (放款).`,
      `${f.n("lender").zh}向${f.n("borrower").zh}发放${f.id("loanId").zh} ${f.m("principal")}，到期日 ${f.time("maturity")}${fee > 0n ? `；担保费 ${formatYuan(fee)} 在同一笔交易中付给担保机构` : ""}。`,
    );
  },
  "LoanBook.RepaymentMade": (_, f) =>
    t(
      `${f.n("borrower").en} repaid ${f.m("amount")} on ${f.id("loanId").en}: ${f.m("interestPart")} interest, ${f.m("principalPart")} principal; ${f.m("outstanding")} principal still owed.`,
      `${f.n("borrower").zh}偿还${f.id("loanId").zh} ${f.m("amount")}：利息 ${f.m("interestPart")}，本金 ${f.m("principalPart")}；剩余本金 ${f.m("outstanding")}。`,
    ),
  "LoanBook.LoanRepaid": (_, f) =>
    t(
      `${f.id("loanId").en} is repaid in full: ${f.m("principal")} principal and ${f.m("interestPaid")} interest.`,
      `${f.id("loanId").zh}已全部结清：本金 ${f.m("principal")}，利息 ${f.m("interestPaid")}。`,
    ),
  "LoanBook.WeeklySalesPosted": (e, f) => {
    const reference = f.num("referenceSales");
    const sales = f.num("salesFen");
    const change =
      reference > 0n
        ? `${sales >= reference ? "+" : "−"}${formatBps(((sales > reference ? sales - reference : reference - sales) * 10_000n) / reference)}`
        : "";
    return t(
      `Week ${f.num("weekIndex")}: ${f.n("borrower").en}'s point-of-sale flow was ${f.m("salesFen")}${reference > 0n ? ` (${change} against ${formatYuan(reference)})` : ""}${e.fallen ? ": a fallen week" : ""}.`,
      `第 ${f.num("weekIndex")} 周：${f.n("borrower").zh}收单流水 ${f.m("salesFen")}${reference > 0n ? `(较 ${formatYuan(reference)} ${change})` : ""}${e.fallen ? "：属下滑周" : ""}。`,
    );
  },
  "LoanBook.FlexibleGraceGranted": (_, f) =>
    t(
      `Two fallen weeks running: ${f.n("borrower").en} gets a grace period until ${f.time("graceUntil")}; no default may be declared before then (弹性还款).`,
      `连续两周流水下滑：${f.n("borrower").zh}获得宽限期至 ${f.time("graceUntil")}，此前不得认定违约(弹性还款)。`,
    ),
  "LoanBook.LoanDefaulted": (_, f) =>
    t(
      `${f.id("loanId").en} is in default (违约): due ${f.time("dueAt")}, unpaid after the grace days; debt ${f.m("debt")} = ${f.m("outstanding")} principal + ${f.m("interest")} interest, and interest stops.`,
      `${f.id("loanId").zh}违约：${f.time("dueAt")} 到期，宽限期后仍未偿还；债务 ${f.m("debt")} = 本金 ${f.m("outstanding")} + 利息 ${f.m("interest")}，停止计息。`,
    ),
  "LoanBook.CollateralDisposed": (_, f) =>
    t(
      `${f.id("rightId").en} was sold (处置) to ${f.n("buyer").en} for ${f.m("price")}: ${f.m("toLender")} to the lender, ${f.m("surplus")} surplus to the borrower.`,
      `${f.id("rightId").zh}处置给${f.n("buyer").zh}，价款 ${f.m("price")}：${f.m("toLender")} 归贷款方，余款 ${f.m("surplus")} 归借款人。`,
    ),
  "LoanBook.RiskShared": (_, f) =>
    t(
      `The loss of ${f.m("loss")} on ${f.id("loanId").en} was shared "4321": national fund ${f.m("national")}, provincial re-guarantor ${f.m("provincial")}, lender ${f.m("lender")}, local guarantor ${f.m("guarantor")}.`,
      `${f.id("loanId").zh}损失 ${f.m("loss")} 按"4321"分担：国家融资担保基金 ${f.m("national")}，省级再担保 ${f.m("provincial")}，贷款方 ${f.m("lender")}，本地担保机构 ${f.m("guarantor")}。`,
    ),
  "LoanBook.LoanWrittenOff": (_, f) =>
    t(`${f.id("loanId").en}: ${f.m("loss")} written off.`, `${f.id("loanId").zh}核销 ${f.m("loss")}。`),
  "LoanBook.LoanSettled": (_, f) =>
    t(
      `${f.id("loanId").en} is closed: ${f.m("recovered")} recovered after the default, ${f.m("loss")} loss.`,
      `${f.id("loanId").zh}结清：违约后收回 ${f.m("recovered")}，损失 ${f.m("loss")}。`,
    ),
  "LoanBook.RiskSharingPartiesSet": (_, f) =>
    t(
      `${f.n("by").en} named ${f.n("provincialReGuarantor").en} and ${f.n("nationalFund").en} as the "4321" risk-sharing parties.`,
      `${f.n("by").zh}指定${f.n("provincialReGuarantor").zh}和${f.n("nationalFund").zh}为"4321"风险分担方。`,
    ),
  "LoanBook.FlexibleGraceDaysSet": (_, f) =>
    t(
      `${f.n("by").en} set the flexible grace period to ${f.num("graceDays")} days.`,
      `${f.n("by").zh}将弹性宽限期设为 ${f.num("graceDays")} 天。`,
    ),
};

/**
 * One chain event in plain words, English and Chinese: who did what, with money in ¥, dates in
 * Beijing time and tokens by voucher and index. Names come from the indexed state (or `options.names`).
 * @example describe(event, ledger.state).en // "Fengrun Rolling Mill passed ¥2,500,000.00 of token #1.1 to …"
 */
export function describe(event: ChainEvent, state: LedgerState, options: DescribeOptions = {}): Text {
  const names = options.names ?? namerOf(state);
  const refs = options.refs ?? new Map<string, string>();
  const e = event.args;
  const big = (key: string) => BigInt(e[key] as bigint);
  const f: Helpers = {
    n: (key) => names(String(e[key])),
    m: (key) => formatYuan(big(key)),
    time: (key) => formatTime(big(key)),
    token: (key) => tokenLabel(big(key)),
    voucher: (key) => voucherLabel(big(key)),
    id: (key) => idLabel(key, big(key)),
    ref: (key) => formatRef(String(e[key]), refs).en,
    num: big,
  };
  const describer = DESCRIBERS[`${event.contract}.${event.name}`];
  if (describer) return polish(describer(e, f));
  const args = Object.entries(e)
    .map(
      ([k, v]) =>
        `${k}=${typeof v === "bigint" ? v.toString() : JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}` : x))}`,
    )
    .join(", ");
  return same(`${event.contract}.${event.name}(${args})`);
}
