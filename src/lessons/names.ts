import type { Cast } from "../chain/cast.js";
import type { LedgerState } from "../ledger/state.js";
import type { Text } from "./types.js";

/** The name of an address in both languages. */
export type Namer = (address: string) => Text;

const ZERO = "0x0000000000000000000000000000000000000000";

/** The project contracts, as people call them. */
export const CONTRACT_LABELS: Record<string, Text> = {
  Consortium: { en: "the consortium registry", zh: "联盟成员合约" },
  ECNY: { en: "the e-CNY contract", zh: "数字人民币合约" },
  PaymentEscrow: { en: "the payment escrow", zh: "支付托管合约" },
  VoucherLedger: { en: "the voucher ledger", zh: "凭证账本合约" },
  VoucherFinancing: { en: "the voucher financing module", zh: "凭证融资合约" },
  PropertyRegistry: { en: "the property-right registry", zh: "产权登记合约" },
  LoanBook: { en: "the loan book", zh: "贷款合约" },
};

/** Text with the same words in both languages (figures, codes, dates). */
export const same = (text: string): Text => ({ en: text, zh: text });

/**
 * Finishes a sentence for people: the English one starts with a capital letter, the Chinese one
 * gets a space between Chinese characters and ids or amounts (`凭证 #1 已到期`; certificate numbers
 * and other codes are left as they are).
 */
export function polish(text: Text): Text {
  const en = text.en.charAt(0).toUpperCase() + text.en.slice(1);
  const zh = text.zh
    .replace(/(#\d+(?:\.\d+)?)(?=[\u4e00-\u9fff])/g, "$1 ")
    .replace(/([\u4e00-\u9fff])(?=[#¥])/g, "$1 ");
  return { en, zh };
}

/** Joins texts language by language. */
export function joinText(parts: Text[], separator: Text | string = ", "): Text {
  const sep = typeof separator === "string" ? same(separator) : separator;
  return { en: parts.map((p) => p.en).join(sep.en), zh: parts.map((p) => p.zh).join(sep.zh) };
}

/** A short form of an address: `0x1234…abcd`. */
export function shortAddress(address: string): string {
  const a = address.toLowerCase();
  return `${a.slice(0, 6)}…${a.slice(-4)}`;
}

/**
 * Splits a member's on-chain display name, which the deployment writes as `中文名 English name`,
 * into its two languages.
 */
export function splitDisplayName(name: string): Text {
  const match = /^(\S*[\u3400-\u9fff]\S*)\s+(.+)$/.exec(name);
  return match ? { en: match[2], zh: match[1] } : same(name);
}

/**
 * Names addresses from the cast (both languages) and otherwise from the indexed state: members by
 * their display name, project contracts (the state's system contracts, or `addresses`: contract name
 * → address) by what they are, anyone else as a short address marked as not a member.
 */
export function namerOf(state: LedgerState, cast?: Cast, addresses: Record<string, string> = {}): Namer {
  const contractsByAddress = new Map(Object.entries(addresses).map(([name, a]) => [a.toLowerCase(), name]));
  return (address: string) => {
    const a = String(address).toLowerCase();
    if (a === ZERO) return { en: "nobody", zh: "无" };
    const p = cast?.byAddress(a);
    if (p) return { en: p.name, zh: p.nameZh ?? p.name };
    const member = state.members.get(a);
    if (member) return splitDisplayName(member.name);
    const contract = state.systemContracts.get(a) ?? contractsByAddress.get(a);
    if (contract) return CONTRACT_LABELS[contract] ?? same(contract);
    return { en: `${shortAddress(a)} (not a member)`, zh: `${shortAddress(a)}(非联盟成员)` };
  };
}

/** Local index of a token within its voucher: token ids are `(slotId << 32) | localIndex`. */
export function localIndex(tokenId: bigint): bigint {
  return tokenId & 0xffffffffn;
}

/** `token #1.2`: voucher 1, its second token. */
export function tokenLabel(tokenId: bigint): Text {
  const id = `#${tokenId >> 32n}.${localIndex(tokenId)}`;
  return { en: `token ${id}`, zh: `凭证份额 ${id}` };
}

export function voucherLabel(slotId: bigint): Text {
  return { en: `voucher #${slotId}`, zh: `凭证 #${slotId}` };
}

/** Labels of numbered records (`loan #3`), by the argument or event field that carries the id. */
export const ID_LABELS: Record<string, Text> = {
  loanId: { en: "loan", zh: "贷款" },
  productId: { en: "product", zh: "贷款产品" },
  rightId: { en: "right", zh: "产权" },
  orderId: { en: "order", zh: "订单" },
  offerId: { en: "offer", zh: "转让要约" },
  requestId: { en: "financing request", zh: "融资申请" },
  scheduleId: { en: "scheduled payment", zh: "定时支付" },
};

export function idLabel(field: string, id: bigint): Text {
  if (id === 0n) return { en: "none", zh: "无" };
  const label = ID_LABELS[field] ?? same(field);
  return { en: `${label.en} #${id}`, zh: `${label.zh} #${id}` };
}

/** `IPropertyRegistry.Kind`. */
export const RIGHT_KIND_LABELS: Text[] = [
  { en: "land management right", zh: "土地经营权" },
  { en: "forest right", zh: "林权" },
  { en: "aquaculture right", zh: "水域滩涂养殖权" },
  { en: "warehouse receipt", zh: "仓单" },
];

/** `ILoanBook.Purpose`. */
export const PURPOSE_LABELS: Text[] = [
  { en: "agricultural", zh: "农业" },
  { en: "working capital", zh: "流动资金" },
  { en: "equipment upgrade", zh: "设备更新" },
  { en: "order financing", zh: "订单融资" },
  { en: "inventory pledge", zh: "存货质押" },
];

/** `ILoanBook.CollateralType`, `DayCount`, `Shape`. */
export const COLLATERAL_LABELS: Text[] = [
  { en: "unsecured", zh: "信用(无抵押)" },
  { en: "secured by a registered right", zh: "登记产权抵押" },
];
export const DAY_COUNT_LABELS: Text[] = [same("Act/365"), same("Act/360")];
export const SHAPE_LABELS: Text[] = [
  { en: "bullet (all principal at maturity)", zh: "到期一次还本" },
  { en: "equal instalments", zh: "等额本金分期" },
];

/** `IECNY.ReceiveBlock`: why a wallet cannot receive. */
export const RECEIVE_BLOCK_LABELS: Text[] = [
  { en: "it can receive", zh: "可以收款" },
  { en: "it has no e-CNY wallet", zh: "没有数字人民币钱包" },
  { en: "its wallet is frozen", zh: "钱包已冻结" },
  { en: "it is not an active member", zh: "不是有效联盟成员" },
  { en: "its balance cap would be exceeded", zh: "将超过钱包余额上限" },
];

/** Token and voucher statuses (`IVoucherLedger.TokenStatus`, `VoucherStatus`). */
export const STATUS_LABELS: Record<string, Text> = {
  Live: { en: "live", zh: "可流转" },
  Pledged: { en: "pledged", zh: "已质押" },
  Frozen: { en: "frozen", zh: "已冻结" },
  Merged: { en: "merged", zh: "已合并" },
  Cleared: { en: "cleared (paid)", zh: "已清分" },
  Unclaimed: { en: "unclaimed", zh: "待领取" },
  Pending: { en: "pending", zh: "待签收" },
  Active: { en: "active", zh: "生效" },
  Rejected: { en: "rejected", zh: "已拒收" },
  Repaid: { en: "repaid", zh: "已兑付" },
  Defaulted: { en: "defaulted", zh: "已违约" },
};

export function statusLabel(status: string): Text {
  return STATUS_LABELS[status] ?? same(status);
}
