import { decodeBytes32String } from "ethers";
import type { LedgerState } from "./state.js";

/**
 * The vocabulary of the project's plain words, in English and Chinese: labels of tokens, vouchers
 * and numbered records, enum labels, names of addresses, times and areas. The event describer
 * (./describe.ts), the lessons and the API all speak it.
 */

/** A text in both languages. */
export interface Text {
  en: string;
  zh: string;
}

/** The name of an address in both languages. */
export type Namer = (address: string) => Text;

const ZERO = "0x0000000000000000000000000000000000000000";

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

/**
 * Names addresses from the indexed state: members by their display name, project contracts (the
 * state's system contracts, or `addresses`: contract name → address) by what they are, anyone else
 * as a short address marked as not a member.
 */
export function stateNamer(state: LedgerState, addresses: Record<string, string> = {}): Namer {
  const contractsByAddress = new Map(Object.entries(addresses).map(([name, a]) => [a.toLowerCase(), name]));
  return (address: string) => {
    const a = String(address).toLowerCase();
    if (a === ZERO) return { en: "nobody", zh: "无" };
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

const TIERS_ZH = ["", "一级", "二级", "三级", "四级", "五级", "六级", "七级", "八级", "九级", "十级"];

/** A supplier tier in practitioners' words: 2 → `tier 2`, `二级`. */
export function tierLabel(tier: bigint | number): Text {
  const n = Number(tier);
  return { en: `tier ${n}`, zh: TIERS_ZH[n] ?? `${n}级` };
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

/** `IPropertyRegistry.TransferReason`. */
export const TRANSFER_REASON_LABELS: Text[] = [
  { en: "circulation", zh: "流转" },
  { en: "inheritance", zh: "继承" },
  { en: "court order", zh: "司法裁定" },
  { en: "disposal", zh: "处置" },
  { en: "disposal under lien", zh: "抵押物处置" },
];

/** `ILoanBook.Purpose`. */
export const PURPOSE_LABELS: Text[] = [
  { en: "agricultural", zh: "农业" },
  { en: "working capital", zh: "流动资金" },
  { en: "equipment upgrade", zh: "设备更新" },
  { en: "order financing", zh: "订单融资" },
  { en: "inventory pledge", zh: "存货质押" },
];

/** `IECNY.Category`: the kinds of e-CNY wallet. */
export const WALLET_CATEGORY_LABELS: Text[] = [
  { en: "no", zh: "无" },
  { en: "anonymous (category 4)", zh: "四类(匿名)" },
  { en: "verified", zh: "实名" },
  { en: "corporate", zh: "对公" },
  { en: "system", zh: "系统" },
];

/** `IECNY.ReceiveBlock`: why a wallet cannot receive. */
export const RECEIVE_BLOCK_LABELS: Text[] = [
  { en: "it can receive", zh: "可以收款" },
  { en: "it has no e-CNY wallet", zh: "没有数字人民币钱包" },
  { en: "its wallet is frozen", zh: "钱包已冻结" },
  { en: "it is not an active member", zh: "不是有效联盟成员" },
  { en: "its balance cap would be exceeded", zh: "将超过钱包余额上限" },
];

/** Beijing is UTC+8 all year: the project's days and dates are Beijing's. */
const BEIJING_OFFSET_SECONDS = 8 * 3600;

/** Project time (seconds) as a Beijing date and time: `2026-03-02 09:00`. */
export function formatTime(seconds: bigint | number): string {
  const d = new Date((Number(seconds) + BEIJING_OFFSET_SECONDS) * 1000);
  return d.toISOString().slice(0, 16).replace("T", " ");
}

/** Project time as a Beijing date: `2026-03-02`. */
export function formatDate(seconds: bigint | number): string {
  return formatTime(seconds).slice(0, 10);
}

export function formatDays(days: bigint | number): Text {
  const n = Number(days);
  return { en: `${n} day${n === 1 ? "" : "s"}`, zh: `${n} 天` };
}

/** Area in hundredths of a mu (亩); a warehouse receipt's quantity in units. */
export function formatArea(centiMu: bigint, unit: Text = { en: "mu", zh: "亩" }): Text {
  const text = `${centiMu / 100n}.${(centiMu % 100n).toString().padStart(2, "0")}`;
  return { en: `${text} ${unit.en}`, zh: `${text} ${unit.zh}` };
}

/**
 * A bytes32 document hash (trade background, waybill): the reference it was made from when `refs`
 * knows it, the text itself when it was stored readably (short waybill numbers), else a short hex.
 */
export function formatRef(hash: string, refs: ReadonlyMap<string, string>): Text {
  const ref = refs.get(hash.toLowerCase());
  const short = `${hash.slice(0, 10)}…`;
  if (ref) return same(`"${ref}" (${short})`);
  const text = deliveryRefText(hash);
  return same(text ? `"${text}"` : short);
}

/** The text of a bytes32 reference stored readably (see `deliveryRefOf` in service/refs.ts), or null. */
export function deliveryRefText(hex: string): string | null {
  try {
    const text = decodeBytes32String(hex);
    return text.length > 0 && !/[\u0000-\u001f]/.test(text) ? text : null;
  } catch {
    return null;
  }
}
