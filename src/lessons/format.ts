import { MaxUint256, type FunctionFragment, type ParamType } from "ethers";
import { formatYuan } from "../domain/money.js";
import { formatBps } from "../domain/rates.js";
import {
  PURPOSE_LABELS,
  RIGHT_KIND_LABELS,
  formatArea,
  formatDays,
  formatRef,
  formatTime,
  idLabel,
  same,
  tokenLabel,
  voucherLabel,
  type Namer,
  type Text,
} from "../ledger/words.js";
import { COLLATERAL_LABELS, DAY_COUNT_LABELS, SHAPE_LABELS, joinText } from "./names.js";
import type { FormattedArg } from "./types.js";

/** Money in both languages (the same figures): `¥1,234.56`. */
export const money = (fen: bigint): Text => same(formatYuan(fen));

/** What {@link formatArgs} needs to know beyond the values: names of addresses and document references. */
export interface FormatContext {
  names: Namer;
  /** bytes32 hash → the document reference it was made from. */
  refs: ReadonlyMap<string, string>;
}

const MONEY = new Set([
  "face",
  "value",
  "amount",
  "limit",
  "limitFen",
  "principal",
  "valueFen",
  "minSplitUnit",
  "salesFen",
  "price",
  "minPrincipal",
  "maxPrincipal",
  "quota",
  "perPayment",
  "daily",
  "balance",
]);
const TIMES = new Set(["maturity", "deadline", "validUntil", "termStart", "termEnd", "dueAt", "graceUntil"]);
const TOKENS = new Set(["tokenId", "fromTokenId", "toTokenId", "newTokenId"]);
const ENUMS: Record<string, Text[]> = {
  kind: RIGHT_KIND_LABELS,
  purpose: PURPOSE_LABELS,
  collateral: COLLATERAL_LABELS,
  dayCount: DAY_COUNT_LABELS,
  shape: SHAPE_LABELS,
};

/** One value formatted by its ABI parameter: its name says whether it is money, a rate, a date… */
export function formatValue(param: ParamType, value: unknown, ctx: FormatContext): Text {
  const name = param.name;
  if (param.baseType === "tuple" && param.components) {
    const values = value as Record<string, unknown> & unknown[];
    const parts = param.components.map((c, i) => {
      const v = Array.isArray(values) ? values[i] : values[c.name];
      const text = formatValue(c, v, ctx);
      return { en: `${c.name} ${text.en}`, zh: `${c.name} ${text.zh}` };
    });
    const inner = joinText(parts, "; ");
    return { en: `{ ${inner.en} }`, zh: `{ ${inner.zh} }` };
  }
  if (param.baseType === "array") return same(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}` : v)));
  if (param.type === "address") return ctx.names(String(value));
  if (param.type === "bool") {
    if (name === "recourse")
      return value ? { en: "with recourse", zh: "有追索权" } : { en: "without recourse", zh: "无追索权" };
    return value ? { en: "yes", zh: "是" } : { en: "no", zh: "否" };
  }
  if (param.type === "bytes32") return formatRef(String(value), ctx.refs);
  if (param.type === "string") return same(`"${String(value)}"`);
  if (!param.type.startsWith("uint") && !param.type.startsWith("int")) return same(String(value));
  const n = BigInt(value as bigint);
  if (MONEY.has(name)) return n === MaxUint256 ? { en: "unlimited", zh: "不限额" } : money(n);
  if (name.endsWith("Bps")) return same(formatBps(n));
  if (TIMES.has(name)) return same(formatTime(n));
  if (name.endsWith("Days") || name === "days_") return formatDays(n);
  if (TOKENS.has(name)) return tokenLabel(n);
  if (name === "slotId") return voucherLabel(n);
  if (name === "areaCentiMu") return formatArea(n);
  if (name === "weekIndex") return { en: `week ${n}`, zh: `第 ${n} 周` };
  const labels = ENUMS[name];
  if (labels) return labels[Number(n)] ?? same(String(n));
  if (name.endsWith("Id")) return idLabel(name, n);
  return same(n.toString());
}

function raw(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** The arguments of a call, each formatted for people by its ABI parameter. */
export function formatArgs(fragment: FunctionFragment, args: readonly unknown[], ctx: FormatContext): FormattedArg[] {
  return fragment.inputs.map((param, i) => ({
    name: param.name || `arg${i}`,
    type: param.type,
    raw: raw(args[i]),
    text: formatValue(param, args[i], ctx),
  }));
}
