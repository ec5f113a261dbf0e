import type { DecodedRevert } from "../chain/revert.js";
import { formatRevert } from "../chain/revert.js";
import { formatYuan } from "../domain/money.js";
import { formatBps } from "../domain/rates.js";
import { MEMBER_STATUSES, ROLES, ROLE_LABELS, type RoleName } from "../domain/roles.js";
import {
  formatDays,
  formatRef,
  formatTime,
  idLabel,
  polish,
  same,
  tokenLabel,
  voucherLabel,
  type Namer,
} from "../ledger/words.js";
import { joinText } from "./names.js";
import type { Text } from "./types.js";

type Explainer = (a: Record<string, unknown>, f: Facts) => Text;
interface Facts {
  n(key: string): Text;
  m(key: string): string;
  time(key: string): string;
  num(key: string): bigint;
  token(key: string): Text;
  voucher(key: string): Text;
  id(key: string, field?: string): Text;
  ref(key: string): string;
}

const t = (en: string, zh: string): Text => ({ en, zh });

function roleText(id: bigint): Text {
  const name = ROLES[Number(id)];
  if (!name || name === "None") return t("no role", "无角色");
  return ROLE_LABELS[name as RoleName];
}

function rolesOfMask(mask: bigint): Text {
  const roles: Text[] = [];
  ROLES.forEach((name, i) => {
    if (name !== "None" && (mask >> BigInt(i)) & 1n) roles.push(ROLE_LABELS[name]);
  });
  return roles.length > 6
    ? t("any member but the regulator", "除监管机构外的任何成员")
    : joinText(roles, { en: ", ", zh: "、" });
}

const EXPLAINERS: Record<string, Explainer> = {
  // ── membership ──
  MemberNotActive: (a, f) => {
    const status = MEMBER_STATUSES[Number(a.status)] ?? "None";
    if (status === "None")
      return t(
        `${f.n("account").en} is not a member of the consortium: only admitted members may hold or receive anything.`,
        `${f.n("account").zh}不是联盟成员：只有准入成员才能持有或接收资产。`,
      );
    if (status === "Suspended")
      return t(
        `${f.n("account").en} is suspended: a suspended member can neither act nor receive.`,
        `${f.n("account").zh}已被暂停：暂停期间既不能操作也不能接收。`,
      );
    return t(`${f.n("account").en} is no longer a member.`, `${f.n("account").zh}已不是联盟成员。`);
  },
  MemberRoleNotAllowed: (_, f) =>
    t(
      `${f.n("account").en} is a ${roleText(f.num("role")).en}; this needs ${rolesOfMask(f.num("allowedRoles")).en}.`,
      `${f.n("account").zh}的角色是${roleText(f.num("role")).zh}；此操作仅限${rolesOfMask(f.num("allowedRoles")).zh}。`,
    ),
  ConsortiumNotOperator: (_, f) =>
    t(
      `${f.n("caller").en} is not the platform operator: only the operator admits or suspends members.`,
      `${f.n("caller").zh}不是平台运营方：只有运营方能准入或暂停成员。`,
    ),

  // ── vouchers ──
  VoucherMatured: (_, f) =>
    t(
      `${f.voucher("slotId").en} matured at ${f.time("maturity")} and it is now ${f.time("nowTime")}: from maturity on, nothing but clearing happens.`,
      `${f.voucher("slotId").zh}已于 ${f.time("maturity")} 到期，现在是 ${f.time("nowTime")}：到期后只能清分，不能再拆分、流转或融资。`,
    ),
  VoucherNotMatured: (_, f) =>
    t(
      `${f.voucher("slotId").en} matures only at ${f.time("maturity")}.`,
      `${f.voucher("slotId").zh}要到 ${f.time("maturity")} 才到期。`,
    ),
  VoucherBelowMinSplitUnit: (_, f) =>
    t(
      `${f.m("value")} is below the minimum split unit of ${f.voucher("slotId").en}, ${f.m("minSplitUnit")}.`,
      `${f.m("value")} 低于${f.voucher("slotId").zh}的最小拆分单位 ${f.m("minSplitUnit")}。`,
    ),
  VoucherValueExceedsBalance: (_, f) =>
    t(
      `${f.token("tokenId").en} holds ${f.m("balance")}; ${f.m("value")} cannot come out of it.`,
      `${f.token("tokenId").zh}只有 ${f.m("balance")}，拆不出 ${f.m("value")}。`,
    ),
  VoucherCreditLineExceeded: (_, f) =>
    t(
      `${f.n("issuer").en} has ${f.m("outstanding")} outstanding on a credit line of ${f.m("limit")}: ${f.m("face")} more would exceed it.`,
      `${f.n("issuer").zh}授信额度 ${f.m("limit")}，已用 ${f.m("outstanding")}，再签发 ${f.m("face")} 将超出额度。`,
    ),
  VoucherNoCreditLine: (_, f) =>
    t(
      `${f.n("issuer").en} has no credit line: a bank must grant one before it issues vouchers.`,
      `${f.n("issuer").zh}没有授信额度：须先由银行授信才能签发凭证。`,
    ),
  VoucherTradeHashUsed: (_, f) =>
    t(
      `The trade background ${f.ref("tradeHash")} already backs ${f.voucher("slotId").en}: one trade, one voucher.`,
      `贸易背景 ${f.ref("tradeHash")} 已用于${f.voucher("slotId").zh}：一笔贸易只能对应一张凭证。`,
    ),
  VoucherTermTooLong: (_, f) =>
    t(
      `A maturity of ${f.time("maturity")} is more than ${formatDays(f.num("maxTermDays")).en} after ${f.time("nowTime")}, the longest term the rules allow.`,
      `到期日 ${f.time("maturity")} 距今(${f.time("nowTime")})超过规则允许的最长期限 ${formatDays(f.num("maxTermDays")).zh}。`,
    ),
  VoucherMaturityNotInFuture: (_, f) =>
    t(`The maturity ${f.time("maturity")} is not in the future.`, `到期日 ${f.time("maturity")} 不在未来。`),
  VoucherAcceptanceRequired: (_, f) =>
    t(
      `Receivers of ${f.voucher("slotId").en} must accept: value reaches them only by an offer they accept.`,
      `${f.voucher("slotId").zh}的接收方须签收：只能通过对方签收的转让要约流转。`,
    ),
  VoucherSelfDealing: (_, f) =>
    t(`${f.n("account").en} would deal with itself.`, `${f.n("account").zh}不能与自己交易。`),
  VoucherNotAuthorized: (_, f) =>
    t(
      `${f.n("caller").en} may not move ${f.token("tokenId").en}.`,
      `${f.n("caller").zh}无权处置${f.token("tokenId").zh}。`,
    ),
  VoucherNotRepaid: (_, f) =>
    t(
      `${f.voucher("slotId").en} has not been repaid: there is nothing to clear.`,
      `${f.voucher("slotId").zh}尚未兑付，无款可清分。`,
    ),
  VoucherGracePeriodNotOver: (_, f) =>
    t(
      `${f.voucher("slotId").en} may be declared in default only from ${f.time("graceEnd")}.`,
      `${f.voucher("slotId").zh}要到 ${f.time("graceEnd")} 才能认定违约。`,
    ),
  VoucherNotOwner: (_, f) =>
    t(
      `${f.token("tokenId").en} belongs to ${f.n("owner").en}, not to ${f.n("account").en}: only a piece's holder can split, transfer, sell or pledge it.`,
      `${f.token("tokenId").zh}属于${f.n("owner").zh}，不属于${f.n("account").zh}：只有份额的持有人才能拆分、转让、融资或质押它。`,
    ),
  VoucherTokenNotLive: (_, f) =>
    t(`${f.token("tokenId").en} cannot move in its current status.`, `${f.token("tokenId").zh}当前状态不能流转。`),
  VoucherRateTooHigh: (_, f) =>
    t(
      `A discount rate of ${formatBps(f.num("rateBps"))} is above ${formatBps(f.num("maxBps"))}.`,
      `贴现率 ${formatBps(f.num("rateBps"))} 高于上限 ${formatBps(f.num("maxBps"))}。`,
    ),

  // ── e-CNY ──
  ECNYNoWallet: (_, f) =>
    t(
      `${f.n("account").en} has no e-CNY wallet: money moves only between open wallets.`,
      `${f.n("account").zh}没有数字人民币钱包：资金只能在已开立的钱包之间流动。`,
    ),
  ECNYWalletFrozen: (_, f) => t(`${f.n("account").en}'s wallet is frozen.`, `${f.n("account").zh}的钱包已冻结。`),
  ECNYInsufficientBalance: (_, f) =>
    t(
      `${f.n("account").en} has ${f.m("balance")}, not ${f.m("needed")}.`,
      `${f.n("account").zh}余额 ${f.m("balance")}，不足 ${f.m("needed")}。`,
    ),
  ECNYPerPaymentCapExceeded: (_, f) =>
    t(
      `${f.n("account").en}'s wallet may pay at most ${f.m("cap")} at a time; ${f.m("amount")} is more.`,
      `${f.n("account").zh}的钱包单笔支付上限 ${f.m("cap")}，${f.m("amount")} 超限。`,
    ),
  ECNYDailyCapExceeded: (_, f) =>
    t(
      `${f.n("account").en} has paid ${f.m("spentToday")} today; ${f.m("amount")} more would pass its daily cap of ${f.m("cap")}.`,
      `${f.n("account").zh}今日已付 ${f.m("spentToday")}，再付 ${f.m("amount")} 将超过日累计上限 ${f.m("cap")}。`,
    ),
  ECNYBalanceCapExceeded: (_, f) =>
    t(
      `${f.n("account").en} holds ${f.m("balance")}; receiving ${f.m("amount")} would pass its balance cap of ${f.m("cap")}.`,
      `${f.n("account").zh}余额 ${f.m("balance")}，再收 ${f.m("amount")} 将超过余额上限 ${f.m("cap")}。`,
    ),

  // ── escrow ──
  EscrowDeliveryRefMismatch: (_, f) =>
    t(
      `${f.id("orderId").en} is released only by its own waybill ${f.ref("expected")}, not ${f.ref("given")}.`,
      `${f.id("orderId").zh}只能凭其运单 ${f.ref("expected")} 放款，而非 ${f.ref("given")}。`,
    ),
  EscrowDeadlineNotReached: (_, f) =>
    t(
      `${f.id("orderId").en} may still be delivered until ${f.time("deadline")} (now ${f.time("nowTime")}): no refund before then.`,
      `${f.id("orderId").zh}在 ${f.time("deadline")} 前仍可送达(现在 ${f.time("nowTime")})：此前不能退款。`,
    ),
  EscrowDeadlinePassed: (_, f) =>
    t(
      `${f.id("orderId").en}'s deadline ${f.time("deadline")} has passed.`,
      `${f.id("orderId").zh}已过截止时间 ${f.time("deadline")}。`,
    ),
  EscrowNotOpen: (a, f) => {
    const status = ["None", "Open", "Released", "Refunded"][Number(a.status)] ?? String(a.status);
    const zh: Record<string, string> = { Released: "已放款", Refunded: "已退款" };
    return t(
      `Order #${f.num("id")} is already ${status.toLowerCase()}: never both, never twice.`,
      `订单 #${f.num("id")} 已${zh[status] ?? status}：不会既放款又退款，也不会重复支付。`,
    );
  },
  EscrowNotOrderLogistics: (_, f) =>
    t(
      `Only ${f.n("logistics").en} may confirm ${f.id("orderId").en}.`,
      `只有${f.n("logistics").zh}能确认${f.id("orderId").zh}。`,
    ),

  // ── rights and loans ──
  RegistryLienExists: (_, f) =>
    t(
      `${f.id("rightId").en} already carries a lien for ${f.n("lender").en} (${f.id("loanId").en}): one right, one lien.`,
      `${f.id("rightId").zh}已为${f.n("lender").zh}办理抵押(${f.id("loanId").zh})：一项产权只能抵押一次。`,
    ),
  RegistryRightUnderLien: (_, f) =>
    t(
      `${f.id("rightId").en} is under a lien for ${f.n("lender").en} and cannot move.`,
      `${f.id("rightId").zh}处于${f.n("lender").zh}的抵押之下，不能流转。`,
    ),
  LoanBookAboveLtv: (_, f) =>
    t(
      `${f.m("principal")} is above ${formatBps(f.num("ltvBps"))} of the ${f.m("appraisalFen")} appraisal: at most ${f.m("maxPrincipal")}.`,
      `${f.m("principal")} 超过评估值 ${f.m("appraisalFen")} 的 ${formatBps(f.num("ltvBps"))}：最多 ${f.m("maxPrincipal")}。`,
    ),
  LoanBookNotInDefault: (_, f) =>
    t(
      `${f.id("loanId").en} was due ${f.time("dueAt")}; a default may be declared only after ${f.time("defaultableAfter")} (now ${f.time("nowTime")}).`,
      `${f.id("loanId").zh}于 ${f.time("dueAt")} 到期；须过 ${f.time("defaultableAfter")} 才能认定违约(现在 ${f.time("nowTime")})。`,
    ),
  LoanBookInFlexibleGrace: (_, f) =>
    t(
      `${f.n("borrower").en} is in a flexible-repayment grace period until ${f.time("graceUntil")}: no default before then.`,
      `${f.n("borrower").zh}处于弹性还款宽限期，至 ${f.time("graceUntil")}：此前不得认定违约。`,
    ),
  LoanBookNoValidAppraisal: (_, f) =>
    t(`${f.id("rightId").en} has no appraisal that counts now.`, `${f.id("rightId").zh}没有有效的评估。`),
  LoanBookCollateralNotDisposed: (_, f) =>
    t(`The pledged ${f.id("rightId").en} must be disposed of first.`, `须先处置抵押的${f.id("rightId").zh}。`),
  LoanBookRepaymentExceedsOwed: (_, f) =>
    t(
      `${f.id("loanId").en} owes ${f.m("owed")}, less than ${f.m("amount")}.`,
      `${f.id("loanId").zh}应还 ${f.m("owed")}，少于 ${f.m("amount")}。`,
    ),
};

/**
 * What a contract's custom error says, with its facts, in plain words (English and Chinese).
 * Unknown errors fall back to their decoded form, `Name(arg=value, …)`.
 */
export function explainRefusal(
  revert: DecodedRevert,
  names: Namer,
  refs: ReadonlyMap<string, string> = new Map(),
): Text {
  const a = revert.args;
  const big = (key: string) => BigInt(a[key] as bigint);
  const f: Facts = {
    n: (key) => names(String(a[key])),
    m: (key) => formatYuan(big(key)),
    time: (key) => formatTime(big(key)),
    num: big,
    token: (key) => tokenLabel(big(key)),
    voucher: (key) => voucherLabel(big(key)),
    id: (key, field = key) => idLabel(field, big(key)),
    ref: (key) => formatRef(String(a[key]), refs).en,
  };
  const explainer = EXPLAINERS[revert.name];
  return explainer ? polish(explainer(a, f)) : same(`The contract refused: ${formatRevert(revert)}.`);
}
