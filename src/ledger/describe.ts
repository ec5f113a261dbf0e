import { MaxUint256 } from "ethers";
import { formatYuan } from "../domain/money.js";
import { formatBps } from "../domain/rates.js";
import { ROLE_LABELS, ROLES, type RoleName } from "../domain/roles.js";
import type { ChainEvent } from "./decoder.js";
import type { LedgerState } from "./state.js";
import {
  CONTRACT_LABELS,
  PURPOSE_LABELS,
  RECEIVE_BLOCK_LABELS,
  RIGHT_KIND_LABELS,
  TRANSFER_REASON_LABELS,
  WALLET_CATEGORY_LABELS,
  formatArea,
  formatDays,
  formatRef,
  formatTime,
  idLabel,
  polish,
  same,
  stateNamer,
  tierLabel,
  tokenLabel,
  voucherLabel,
  type Text,
} from "./words.js";

/**
 * Chain events in plain words, English and Chinese: one describer for every consumer (the API's
 * event log, stream and token histories, the dashboard, the lessons).
 */

/** Names of the addresses a caller knows (e.g. the cast's, in both languages); undefined for others. */
export type NameLookup = (address: string) => Text | undefined;

/** How {@link describeEvent} names things; by default from the indexed state alone. */
export interface DescribeOptions {
  /** Names first asked for every address; an address it does not know is named from the indexed state. */
  names?: NameLookup;
  /** bytes32 hash → the document reference it was made from (trade background, waybill). */
  refs?: ReadonlyMap<string, string>;
}

type Args = Record<string, unknown>;
type Describer = (e: Args, f: Helpers) => Text;
interface Helpers {
  /** Name of the address in field `key`. */
  n(key: string): Text;
  /** Money in field `key`. */
  m(key: string): string;
  /** A moment in field `key`: the Beijing date, and the time unless it is midnight. */
  time(key: string): string;
  token(key: string): Text;
  voucher(key: string): Text;
  /** A numbered record (`loan #3`) by its id field. */
  id(key: string): Text;
  /** A bytes32 document reference. */
  ref(key: string): string;
  /** A rate in basis points as a percent. */
  rate(key: string): string;
  num(key: string): bigint;
  /** The indexed state (the token a split created, a token's tier). */
  state: LedgerState;
}

const t = (en: string, zh: string): Text => ({ en, zh });
const ZERO = /^0x0{40}$/i;
const an = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");
const recourse = (yes: unknown) => (yes ? t("with recourse", "有追索权") : t("without recourse", "无追索权"));

function duration(seconds: bigint): Text {
  if (seconds % 86_400n === 0n) return formatDays(seconds / 86_400n);
  if (seconds % 3_600n === 0n) {
    const hours = seconds / 3_600n;
    return t(`${hours} hour${hours === 1n ? "" : "s"}`, `${hours} 小时`);
  }
  return t(`${seconds} seconds`, `${seconds} 秒`);
}

/** A wallet's limits: a payment, a day, the balance. */
const caps = (f: Helpers) =>
  t(
    `${f.m("perPayment")} a payment and ${f.m("daily")} a day, and hold ${f.m("balance")}`,
    `单笔 ${f.m("perPayment")}，日累计 ${f.m("daily")}，余额 ${f.m("balance")}`,
  );

const DESCRIBERS: Record<string, Describer> = {
  // ── membership ──
  "Consortium.MemberAdmitted": (e, f) => {
    const role = ROLE_LABELS[ROLES[Number(e.role)] as RoleName] as Text | undefined;
    return role
      ? t(
          `${f.n("by").en} admitted ${f.n("account").en} to the consortium as ${an(role.en)} ${role.en}.`,
          `${f.n("by").zh}接纳${f.n("account").zh}为联盟成员(${role.zh})。`,
        )
      : t(
          `${f.n("by").en} admitted ${f.n("account").en} to the consortium.`,
          `${f.n("by").zh}接纳${f.n("account").zh}为联盟成员。`,
        );
  },
  "Consortium.MemberSuspended": (_, f) =>
    t(
      `${f.n("by").en} suspended ${f.n("account").en}: it can neither act nor receive until reinstated.`,
      `${f.n("by").zh}暂停了${f.n("account").zh}的成员资格：恢复前既不能操作也不能接收。`,
    ),
  "Consortium.MemberReinstated": (_, f) =>
    t(`${f.n("by").en} reinstated ${f.n("account").en}.`, `${f.n("by").zh}恢复了${f.n("account").zh}的成员资格。`),
  "Consortium.MemberRemoved": (_, f) =>
    t(
      `${f.n("by").en} removed ${f.n("account").en} from the consortium for good.`,
      `${f.n("by").zh}将${f.n("account").zh}永久移出联盟。`,
    ),
  "Consortium.SystemContractRegistered": (e) => {
    const name = String(e.name);
    const label = CONTRACT_LABELS[name];
    return label
      ? t(`${label.en} (${name}) was registered as a system contract.`, `${label.zh}(${name})登记为系统合约。`)
      : t(`${name} was registered as a system contract.`, `${name}登记为系统合约。`);
  },
  "Consortium.ClockAdvanced": (_, f) => {
    const by = duration(f.num("secondsForward"));
    return t(`The project clock moved ${by.en} forward.`, `项目时钟前进 ${by.zh}。`);
  },

  // ── e-CNY ──
  "ECNY.QuotaSet": (_, f) =>
    t(
      `The central bank set ${f.n("bank").en}'s e-CNY issuance quota to ${f.m("quota")}.`,
      `人民银行将${f.n("bank").zh}的数字人民币发行额度设为 ${f.m("quota")}。`,
    ),
  "ECNY.CategoryCapsSet": (e, f) => {
    const category = WALLET_CATEGORY_LABELS[Number(e.category)] ?? same(String(e.category));
    return t(
      `The central bank set the caps of ${category.en} wallets: each may pay ${caps(f).en}.`,
      `人民银行设定${category.zh}钱包限额：${caps(f).zh}。`,
    );
  },
  "ECNY.WalletOpened": (e, f) => {
    const category = WALLET_CATEGORY_LABELS[Number(e.category)] ?? same(String(e.category));
    return t(
      `${f.n("bank").en} opened ${an(category.en)} ${category.en} e-CNY wallet for ${f.n("account").en}.`,
      `${f.n("bank").zh}为${f.n("account").zh}开立${category.zh}数字人民币钱包。`,
    );
  },
  "ECNY.CorporateCapsSet": (_, f) =>
    t(
      `${f.n("account").en}'s corporate wallet may pay ${caps(f).en}.`,
      `${f.n("account").zh}对公钱包限额：${caps(f).zh}。`,
    ),
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
  "ECNY.Issued": (_, f) =>
    t(
      `${f.n("bank").en} issued ${f.m("amount")} of e-CNY into ${f.n("wallet").en}'s wallet against deposits.`,
      `${f.n("bank").zh}以存款兑换方式向${f.n("wallet").zh}钱包发行数字人民币 ${f.m("amount")}。`,
    ),
  "ECNY.Redeemed": (_, f) =>
    t(
      `${f.n("wallet").en} redeemed ${f.m("amount")} of e-CNY at ${f.n("bank").en}.`,
      `${f.n("wallet").zh}在${f.n("bank").zh}兑回数字人民币 ${f.m("amount")}。`,
    ),
  "ECNY.PaymentSkipped": (e, f) => {
    const reason = RECEIVE_BLOCK_LABELS[Number(e.reason)] ?? same(String(e.reason));
    return t(
      `${f.n("payer").en} could not pay ${f.m("amount")} to ${f.n("account").en} (${reason.en}); the money stays put and the others are paid.`,
      `${f.n("payer").zh}无法向${f.n("account").zh}支付 ${f.m("amount")}(${reason.zh})；这笔钱留在原处，其他人照常收款。`,
    );
  },
  "ECNY.Transfer": (e, f) => {
    if (ZERO.test(String(e.from)))
      return t(
        `${f.m("value")} of e-CNY was issued into ${f.n("to").en}'s wallet.`,
        `向${f.n("to").zh}的钱包发行数字人民币 ${f.m("value")}。`,
      );
    if (ZERO.test(String(e.to)))
      return t(
        `${f.n("from").en} redeemed ${f.m("value")} of e-CNY.`,
        `${f.n("from").zh}兑回数字人民币 ${f.m("value")}。`,
      );
    const contracts = f.state.systemContracts;
    if (!contracts.has(String(e.from).toLowerCase()) && !contracts.has(String(e.to).toLowerCase()))
      return t(
        `${f.n("from").en} paid ${f.m("value")} to ${f.n("to").en} in e-CNY.`,
        `${f.n("from").zh}向${f.n("to").zh}支付数字人民币 ${f.m("value")}。`,
      );
    return t(
      `${f.m("value")} of e-CNY moved from ${f.n("from").en} to ${f.n("to").en}.`,
      `数字人民币 ${f.m("value")} 从${f.n("from").zh}转入${f.n("to").zh}。`,
    );
  },
  "ECNY.Approval": (_, f) => {
    const amount = f.num("value") === MaxUint256 ? t("any amount", "不限额") : same(f.m("value"));
    return t(
      `${f.n("owner").en} allowed ${f.n("spender").en} to draw ${amount.en} from its wallet: its consent on chain.`,
      `${f.n("owner").zh}授权${f.n("spender").zh}从其钱包划转${amount.zh}：这是链上的同意。`,
    );
  },

  // ── programmable payments ──
  "PaymentEscrow.OrderLocked": (_, f) =>
    t(
      `${f.n("buyer").en} locked ${f.m("amount")} for ${f.id("orderId").en} from ${f.n("seller").en}: paid at once when ${f.n("logistics").en} confirms delivery of ${f.ref("deliveryRef")} before ${f.time("deadline")}, else refunded.`,
      `${f.n("buyer").zh}为${f.id("orderId").zh}锁定 ${f.m("amount")}，卖方${f.n("seller").zh}：${f.n("logistics").zh}在 ${f.time("deadline")} 前确认运单 ${f.ref("deliveryRef")} 送达即付款，逾期退回。`,
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
      `${f.n("payer").en} locked ${f.m("amount")} for ${f.n("payee").en} as ${f.id("scheduleId").en}, due ${f.time("dueAt")}.`,
      `${f.n("payer").zh}为${f.n("payee").zh}锁定 ${f.m("amount")}(${f.id("scheduleId").zh})，${f.time("dueAt")} 到期支付。`,
    ),
  "PaymentEscrow.ScheduledPaymentReleased": (_, f) =>
    t(
      `${f.n("payee").en} was paid ${f.m("amount")} as scheduled (${f.id("scheduleId").en}).`,
      `${f.n("payee").zh}按计划收到 ${f.m("amount")}(${f.id("scheduleId").zh})。`,
    ),

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
  "VoucherLedger.FinancingModuleSet": () =>
    t("The voucher financing module was connected to the voucher ledger.", "凭证融资模块已接入凭证账本。"),
  "VoucherLedger.VoucherIssued": (_, f) =>
    t(
      `${f.n("payer").en} issued ${f.voucher("slotId").en} of ${f.m("face")} to ${f.n("payee").en}, due ${f.time("maturity")}: a confirmed debt (确权) backed by ${f.ref("tradeHash")}, waiting for the payee's acceptance.`,
      `${f.n("payer").zh}向${f.n("payee").zh}签发${f.voucher("slotId").zh}(确权)，金额 ${f.m("face")}，到期日 ${f.time("maturity")}，贸易背景 ${f.ref("tradeHash")}；等待收款方签收。`,
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
  "VoucherLedger.VoucherSplit": (_, f) => {
    const tier = tierLabel(f.num("tier"));
    if (f.state.tokens.get(f.num("newTokenId"))?.origin === "financed")
      return t(
        `${f.n("from").en} sold ${f.m("value")} of ${f.voucher("slotId").en} to ${f.n("to").en} (financing): new ${f.token("newTokenId").en} at ${tier.en}, cut from ${f.token("fromTokenId").en}.`,
        `${f.n("from").zh}将${f.token("fromTokenId").zh}中的 ${f.m("value")} 转让给${f.n("to").zh}(融资)：新${f.token("newTokenId").zh}(${tier.zh})。`,
      );
    return t(
      `${f.n("from").en} split ${f.m("value")} of ${f.voucher("slotId").en} to ${f.n("to").en}: new ${f.token("newTokenId").en} at ${tier.en}, cut from ${f.token("fromTokenId").en}, same payer and maturity.`,
      `${f.n("from").zh}将${f.token("fromTokenId").zh}中的 ${f.m("value")} 拆分流转给${f.n("to").zh}：新${f.token("newTokenId").zh}(${tier.zh})，付款方和到期日不变。`,
    );
  },
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
  "VoucherLedger.VoucherTokenPaid": (_, f) => {
    const tier = f.state.tokens.get(f.num("tokenId"))?.tier;
    const label = tier === undefined ? t("", "") : tierLabel(tier);
    return t(
      `${f.n("holder").en} was paid ${f.m("amount")} for ${f.token("tokenId").en}${label.en && ` (${label.en})`} in the clearing (清分).`,
      `${f.n("holder").zh}就${f.token("tokenId").zh}${label.zh && `(${label.zh})`}获清分 ${f.m("amount")}。`,
    );
  },
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
  "VoucherLedger.Transfer": (e, f) => {
    if (ZERO.test(String(e.from)))
      return t(
        `ERC-3525: ${f.token("tokenId").en} was minted to ${f.n("to").en}.`,
        `ERC-3525：向${f.n("to").zh}铸造${f.token("tokenId").zh}。`,
      );
    if (ZERO.test(String(e.to)))
      return t(`ERC-3525: ${f.token("tokenId").en} was burned.`, `ERC-3525：注销${f.token("tokenId").zh}。`);
    return t(
      `${f.n("from").en} transferred the whole of ${f.token("tokenId").en} to ${f.n("to").en}.`,
      `${f.n("from").zh}将${f.token("tokenId").zh}整体转让给${f.n("to").zh}。`,
    );
  },
  "VoucherLedger.TransferValue": (_, f) =>
    f.num("fromTokenId") === 0n
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

  // ── voucher financing ──
  "VoucherFinancing.VoucherFinancingRequested": (e, f) =>
    t(
      `${f.n("holder").en} asked ${f.n("financier").en} to buy ${f.m("value")} of ${f.token("tokenId").en} at ${f.rate("rateBps")} a year, ${recourse(e.recourse).en} (${f.id("requestId").en}); nothing is locked yet.`,
      `${f.n("holder").zh}申请${f.n("financier").zh}按年化 ${f.rate("rateBps")} 买入${f.token("tokenId").zh}中的 ${f.m("value")}，${recourse(e.recourse).zh}(${f.id("requestId").zh})；此时不锁定任何资产。`,
    ),
  "VoucherFinancing.VoucherFinanced": (e, f) => {
    const proceeds = formatYuan(f.num("value") - f.num("discount"));
    const days = formatDays(f.num("days_"));
    return t(
      `${f.n("financier").en} financed ${f.m("value")} of ${f.voucher("slotId").en} for ${f.n("seller").en}: paid ${proceeds} now, a discount of ${f.m("discount")} at ${f.rate("rateBps")} a year for ${days.en}; its new ${f.token("newTokenId").en}, cut from ${f.token("fromTokenId").en}, keeps the seller's tier, ${recourse(e.recourse).en}.`,
      `${f.n("financier").zh}为${f.n("seller").zh}办理${f.voucher("slotId").zh}融资 ${f.m("value")}：立即放款 ${proceeds}，贴现息 ${f.m("discount")}(年化 ${f.rate("rateBps")}，${days.zh})；新${f.token("newTokenId").zh}取自${f.token("fromTokenId").zh}，与卖方同级，${recourse(e.recourse).zh}。`,
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
      `${f.n("financier").en} exercised recourse (追索): ${f.n("seller").en} paid ${f.m("value")} back and took ${f.token("tokenId").en} back.`,
      `${f.n("financier").zh}行使追索权：${f.n("seller").zh}偿付 ${f.m("value")}，收回${f.token("tokenId").zh}。`,
    ),

  // ── rights ──
  "PropertyRegistry.RightRegistered": (e, f) => {
    const kind = RIGHT_KIND_LABELS[Number(e.kind)] ?? same(String(e.kind));
    const receipt = Number(e.kind) === 3;
    const area = formatArea(f.num("areaCentiMu"), receipt ? t("units", "单位") : undefined);
    const until = f.time("termEnd").slice(0, 10);
    return t(
      `${f.n("by").en} registered ${f.id("rightId").en}, ${an(kind.en)} ${kind.en} of ${area.en} in ${e.county} ${e.village} (certificate ${e.certificateNo}), for ${f.n("holder").en} until ${until} (确权登记).`,
      `${f.n("by").zh}为${f.n("holder").zh}确权登记${f.id("rightId").zh}：${kind.zh} ${area.zh}，${e.county}${e.village}，证书号 ${e.certificateNo}，期限至 ${until}。`,
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
  "PropertyRegistry.RightTransferred": (e, f) => {
    const reason = TRANSFER_REASON_LABELS[Number(e.reason)] ?? same(String(e.reason));
    return t(
      `${f.id("rightId").en} passed from ${f.n("from").en} to ${f.n("to").en} (${reason.en}), recorded by ${f.n("by").en}.`,
      `${f.id("rightId").zh}由${f.n("from").zh}转至${f.n("to").zh}(${reason.zh})，登记人${f.n("by").zh}。`,
    );
  },
  "PropertyRegistry.Transfer": (_, f) =>
    t(
      `ERC-721: right #${f.num("tokenId")} now held by ${f.n("to").en}.`,
      `ERC-721：产权 #${f.num("tokenId")} 现由${f.n("to").zh}持有。`,
    ),

  // ── loans ──
  "LoanBook.ProductCreated": (e, f) => {
    const p = e.params as Record<string, unknown>;
    const purpose = PURPOSE_LABELS[Number(p.purpose)] ?? same(String(p.purpose));
    const rate = formatBps(BigInt(p.rateBps as bigint));
    const ltv = BigInt(p.ltvBps as bigint);
    return t(
      `${f.n("lender").en} published ${f.id("productId").en} “${p.name}”: ${purpose.en}, ${rate} a year for ${p.termDays} days${ltv > 0n ? `, up to ${formatBps(ltv)} of the appraised value` : ", unsecured"}, ${p.graceDays} grace days.`,
      `${f.n("lender").zh}发布${f.id("productId").zh}「${p.name}」：${purpose.zh}，年利率 ${rate}，期限 ${p.termDays} 天${ltv > 0n ? `，抵押率上限 ${formatBps(ltv)}` : "，信用贷款"}，宽限期 ${p.graceDays} 天。`,
    );
  },
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
  "LoanBook.LoanApplied": (e, f) => {
    const pledged = f.num("rightId") > 0n;
    const guaranteed = !ZERO.test(String(e.guarantor));
    return t(
      `${f.n("borrower").en} applied for ${f.id("loanId").en}: ${f.m("principal")} under ${f.id("productId").en}${pledged ? `, pledging ${f.id("rightId").en}` : ""}${guaranteed ? `, guaranteed by ${f.n("guarantor").en}` : ""}.`,
      `${f.n("borrower").zh}申请${f.id("loanId").zh}：${f.id("productId").zh}，金额 ${f.m("principal")}${pledged ? `，以${f.id("rightId").zh}抵押` : ""}${guaranteed ? `，由${f.n("guarantor").zh}担保` : ""}。`,
    );
  },
  "LoanBook.LoanWithdrawn": (_, f) =>
    t(
      `${f.n("borrower").en} withdrew its application for ${f.id("loanId").en}.`,
      `${f.n("borrower").zh}撤回了${f.id("loanId").zh}的申请。`,
    ),
  "LoanBook.LoanRejected": (_, f) =>
    t(
      `${f.n("lender").en} rejected the application for ${f.id("loanId").en}.`,
      `${f.n("lender").zh}拒绝了${f.id("loanId").zh}的申请。`,
    ),
  "LoanBook.GuaranteeApproved": (_, f) =>
    t(
      `${f.n("guarantor").en} agreed to guarantee ${f.id("loanId").en}.`,
      `${f.n("guarantor").zh}同意为${f.id("loanId").zh}提供担保。`,
    ),
  "LoanBook.LoanDisbursed": (_, f) => {
    const fee = f.num("guaranteeFee");
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
      `Week ${f.num("weekIndex")}: ${f.n("borrower").en}'s point-of-sale flow was ${f.m("salesFen")}${reference > 0n ? ` (${change} against ${formatYuan(reference)})` : ""}${e.fallen ? ": a fallen week, below 60% of the reference" : ""}.`,
      `第 ${f.num("weekIndex")} 周：${f.n("borrower").zh}收单流水 ${f.m("salesFen")}${reference > 0n ? `(较 ${formatYuan(reference)} ${change})` : ""}${e.fallen ? "：属下滑周，低于参考值的 60%" : ""}。`,
    );
  },
  "LoanBook.FlexibleGraceGranted": (_, f) =>
    t(
      `${f.n("borrower").en}'s sales fell two weeks running: it gets a grace period until ${f.time("graceUntil")}, and no default may be declared before then (弹性还款).`,
      `${f.n("borrower").zh}收单流水连续两周下滑：获得宽限期至 ${f.time("graceUntil")}，此前不得认定违约(弹性还款)。`,
    ),
  "LoanBook.LoanDefaulted": (_, f) =>
    t(
      `${f.id("loanId").en} is in default (违约): due ${f.time("dueAt")}, unpaid after the grace days; debt ${f.m("debt")} = ${f.m("outstanding")} principal + ${f.m("interest")} interest, and interest stops.`,
      `${f.id("loanId").zh}违约：${f.time("dueAt")} 到期，宽限期后仍未偿还；债务 ${f.m("debt")} = 本金 ${f.m("outstanding")} + 利息 ${f.m("interest")}，停止计息。`,
    ),
  "LoanBook.CollateralDisposed": (_, f) =>
    t(
      `The collateral of ${f.id("loanId").en}, ${f.id("rightId").en}, was sold (处置) to ${f.n("buyer").en} for ${f.m("price")}: ${f.m("toLender")} to the lender, ${f.m("surplus")} surplus to the borrower.`,
      `${f.id("loanId").zh}的抵押物${f.id("rightId").zh}处置给${f.n("buyer").zh}，价款 ${f.m("price")}：${f.m("toLender")} 归贷款方，余款 ${f.m("surplus")} 归借款人。`,
    ),
  "LoanBook.SurplusHeld": (e, f) => {
    const reason = RECEIVE_BLOCK_LABELS[Number(e.reason)] ?? same(String(e.reason));
    return t(
      `${f.n("borrower").en} could not take the ${f.m("amount")} surplus of ${f.id("loanId").en} (${reason.en}): the loan book holds it until the borrower claims it.`,
      `${f.n("borrower").zh}暂时无法收取${f.id("loanId").zh}的处置余款 ${f.m("amount")}(${reason.zh})：由贷款合约代为保管，待借款人领取。`,
    );
  },
  "LoanBook.SurplusClaimed": (_, f) =>
    t(
      `${f.n("borrower").en} took ${f.m("amount")} of the surplus held for ${f.id("loanId").en}; ${f.m("left")} is still held.`,
      `${f.n("borrower").zh}领取${f.id("loanId").zh}代管余款 ${f.m("amount")}，尚余 ${f.m("left")}。`,
    ),
  "LoanBook.RiskShared": (_, f) =>
    t(
      `The loss of ${f.m("loss")} on ${f.id("loanId").en} was shared "4321": national fund ${f.m("national")}, provincial re-guarantor ${f.m("provincial")}, lender ${f.m("lender")}, local guarantor ${f.m("guarantor")}.`,
      `${f.id("loanId").zh}损失 ${f.m("loss")} 按"4321"分担：国家融资担保基金 ${f.m("national")}，省级再担保 ${f.m("provincial")}，贷款方 ${f.m("lender")}，本地担保机构 ${f.m("guarantor")}。`,
    ),
  "LoanBook.LoanWrittenOff": (_, f) =>
    t(
      `${f.id("loanId").en} was written off: a loss of ${f.m("loss")}.`,
      `${f.id("loanId").zh}核销，损失 ${f.m("loss")}。`,
    ),
  "LoanBook.LoanSettled": (_, f) =>
    t(
      `Defaulted ${f.id("loanId").en} was settled: ${f.m("recovered")} recovered, ${f.m("loss")} lost.`,
      `违约${f.id("loanId").zh}已了结：回收 ${f.m("recovered")}，损失 ${f.m("loss")}。`,
    ),
};

/** A project time for sentences: the Beijing date, with the time of day unless it is midnight. */
function moment(seconds: bigint): string {
  const text = formatTime(seconds);
  return text.endsWith(" 00:00") ? text.slice(0, 10) : text;
}

/**
 * One chain event in plain words, English and Chinese: who did what, with money in ¥ (exact, from
 * fen), dates in Beijing time and tokens by voucher and index. Names come from `options.names`
 * where it knows the address, else from the indexed state; document hashes from `options.refs`.
 * An event it has no words for is shown as `Contract.Name(args)`.
 * @example describeEvent(splitEvent, ledger.state).en
 * // "Fengrun Rolling Mill split ¥3,000,000.00 of voucher #1 to Luannan Scrap Recycling: new token #1.2 at tier 2, …"
 */
export function describeEvent(event: ChainEvent, state: LedgerState, options: DescribeOptions = {}): Text {
  const fallback = stateNamer(state);
  const names = (address: string) => options.names?.(address) ?? fallback(address);
  const refs = options.refs ?? new Map<string, string>();
  const e = event.args;
  const big = (key: string) => BigInt(e[key] as bigint);
  const f: Helpers = {
    n: (key) => names(String(e[key])),
    m: (key) => formatYuan(big(key)),
    time: (key) => moment(big(key)),
    token: (key) => tokenLabel(big(key)),
    voucher: (key) => voucherLabel(big(key)),
    id: (key) => idLabel(key, big(key)),
    ref: (key) => formatRef(String(e[key]), refs).en,
    rate: (key) => formatBps(big(key)),
    num: big,
    state,
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

/** Project bookkeeping that no participant reads as a business event. */
const BOOKKEEPING = new Set([
  "VoucherLedger.VoucherClearingProgressed",
  "VoucherLedger.FinancingModuleSet",
  "Consortium.SystemContractRegistered",
  "ECNY.Approval",
]);

/**
 * True for events that only record the bookkeeping of a business event described elsewhere in the
 * same transaction (e.g. the e-CNY transfer of a financing, the token mint of a split): the
 * token-standard events, except a voucher token moved whole between members, and a few more.
 */
export function isTechnical(event: ChainEvent, state: LedgerState): boolean {
  const key = `${event.contract}.${event.name}`;
  const args = event.args;
  if (key === "VoucherLedger.Transfer") return ZERO.test(String(args.from)) || ZERO.test(String(args.to));
  if (isStandardEvent(event) || BOOKKEEPING.has(key)) return true;
  if (key === "VoucherLedger.VoucherSplit")
    return state.tokens.get(BigInt(args.newTokenId as bigint))?.origin === "financed";
  if (key === "ECNY.Transfer") {
    const from = String(args.from).toLowerCase();
    const to = String(args.to).toLowerCase();
    return ZERO.test(from) || ZERO.test(to) || state.systemContracts.has(from) || state.systemContracts.has(to);
  }
  return false;
}
