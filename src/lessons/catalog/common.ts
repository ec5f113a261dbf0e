import { DAY } from "../../chain/clock.js";
import { ScfError } from "../../domain/errors.js";
import { formatYuan, yuanToFen } from "../../domain/money.js";
import type { LessonStep, StepResult, Text } from "../types.js";

export { DAY };

/** Text in both languages. */
export const t = (en: string, zh: string): Text => ({ en, zh });

/** Yuan, written as people write it ("1,200,000"), in fen. */
export const yuan = (text: string): bigint => yuanToFen(text);

/** Fen as `¥1,234.56`. */
export const Y = formatYuan;

/** `days` days in seconds. */
export const days = (n: number | bigint): bigint => BigInt(n) * DAY;

/** The argument `field` of the step's (first) event `name`; a lesson that names a missing one is broken. */
export function eventArg(step: StepResult, name: string, field: string): bigint {
  const e = step.events.find((x) => x.name === name);
  if (!e || e.args[field] === undefined)
    throw new ScfError("LESSON_BROKEN", `step ${step.index} has no ${name}.${field}`);
  return BigInt(e.args[field] as bigint);
}

/** The e-CNY balance change of a cast member in a step (0 when it did not move). */
export function deltaOf(step: StepResult, id: string): bigint {
  return step.balances.find((b) => b.id === id)?.delta ?? 0n;
}

/**
 * The payee signs for the voucher captured as `slotKey` (确权签收); its first token is captured as
 * `tokenKey`. The words are the lesson's own.
 */
export function acceptStep(
  title: Text,
  explain: Text,
  payee: string,
  keys: { slot: string; token: string } = { slot: "slot", token: "millToken" },
): LessonStep {
  return {
    title,
    explain,
    actor: payee,
    contract: "vouchers",
    method: "acceptIssuance",
    args: (c) => [c.get(keys.slot)],
    capture: { [keys.token]: "VoucherAccepted.tokenId" },
  };
}

/**
 * The lead bank caps the steel group's outstanding vouchers at ¥50,000,000 (the first step of every
 * voucher lesson); a lesson may explain the line in its own words.
 */
export function creditLineStep(
  explain: Text = t(
    "The lead bank caps the steel group's outstanding vouchers at ¥50,000,000.",
    "牵头银行为钢铁集团核定未兑付凭证上限 5,000 万元。",
  ),
): LessonStep {
  return {
    title: t("The bank grants a credit line", "银行核定授信额度"),
    explain,
    actor: "lead-bank",
    contract: "vouchers",
    method: "setCreditLine",
    args: (c) => [c.addr("steel-group"), yuan("50,000,000")],
  };
}

/** Fen as a grouped whole number, for a figure stated in fen: 182466n → "182,466". */
export const fen = (value: bigint): string => value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
