import type { Cast } from "../chain/cast.js";
import type { LedgerState } from "../ledger/state.js";
import { same, stateNamer, type Namer, type Text } from "../ledger/words.js";

/** Joins texts language by language. */
export function joinText(parts: Text[], separator: Text | string = ", "): Text {
  const sep = typeof separator === "string" ? same(separator) : separator;
  return { en: parts.map((p) => p.en).join(sep.en), zh: parts.map((p) => p.zh).join(sep.zh) };
}

/** Names addresses from the cast (both languages), and any other one from the indexed state. */
export function namerOf(state: LedgerState, cast?: Cast, addresses: Record<string, string> = {}): Namer {
  const fromState = stateNamer(state, addresses);
  return (address: string) => {
    const p = cast?.byAddress(String(address).toLowerCase());
    return p ? { en: p.name, zh: p.nameZh ?? p.name } : fromState(address);
  };
}

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
