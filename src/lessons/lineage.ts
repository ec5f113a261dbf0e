import { formatYuan } from "../domain/money.js";
import type { LedgerState, TokenRecord } from "../ledger/state.js";
import { formatDate, localIndex, voucherLabel, type Namer } from "../ledger/words.js";
import { statusLabel } from "./names.js";
import type { Text } from "./types.js";

/**
 * A voucher's lineage tree (穿透: look-through to tier n), one line per token, children indented
 * under the token they were split from:
 * ```
 * voucher #1: Hebei Steel Group owes ¥8,000,000.00, due 2026-08-29
 * └─ #1.1 Fengrun Rolling Mill · tier 1 · ¥5,500,000.00 · live
 *    └─ #1.2 Luannan Scrap Recycling · tier 2 · ¥1,900,000.00 · live
 * ```
 */
export function lineageTree(state: LedgerState, slotId: bigint, names: Namer): Text {
  const voucher = state.vouchers.get(slotId);
  if (!voucher) return { en: `${voucherLabel(slotId).en}: unknown`, zh: `${voucherLabel(slotId).zh}：不存在` };
  const tokens = voucher.tokenIds.map((id) => state.tokens.get(id)).filter((t): t is TokenRecord => !!t);
  const children = new Map<bigint, TokenRecord[]>();
  for (const t of tokens) {
    const list = children.get(t.parentTokenId) ?? [];
    list.push(t);
    children.set(t.parentTokenId, list);
  }
  const lines: Text[] = [
    {
      en: `${voucherLabel(slotId).en}: ${names(voucher.payer).en} owes ${formatYuan(voucher.face)}, due ${formatDate(voucher.maturity)}`,
      zh: `${voucherLabel(slotId).zh}：${names(voucher.payer).zh}应付 ${formatYuan(voucher.face)}，${formatDate(voucher.maturity)} 到期`,
    },
  ];
  const walk = (parent: bigint, indent: string) => {
    for (const t of children.get(parent) ?? []) {
      const id = `#${slotId}.${localIndex(t.tokenId)}`;
      const financed = t.origin === "financed";
      const status = statusLabel(t.status);
      lines.push({
        en: `${indent}└─ ${id} ${names(t.owner).en} · tier ${t.tier}${financed ? " (financed)" : ""} · ${formatYuan(t.value)} · ${status.en}`,
        zh: `${indent}└─ ${id} ${names(t.owner).zh} · 第 ${t.tier} 级${financed ? "(融资)" : ""} · ${formatYuan(t.value)} · ${status.zh}`,
      });
      walk(t.tokenId, `${indent}   `);
    }
  };
  walk(0n, "");
  return { en: lines.map((l) => l.en).join("\n"), zh: lines.map((l) => l.zh).join("\n") };
}
