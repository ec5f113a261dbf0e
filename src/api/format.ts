import { formatYuan } from "../domain/money.js";
import { formatBps } from "../domain/rates.js";

/** A time as the API gives it: ISO 8601 (UTC) and unix seconds. */
export interface Time {
  iso: string;
  unix: number;
}

/** @example timeOf(1767225600) → { iso: "2026-01-01T00:00:00.000Z", unix: 1767225600 } */
export function timeOf(unix: number | bigint): Time {
  const seconds = Number(unix);
  return { iso: new Date(seconds * 1000).toISOString(), unix: seconds };
}

/** `timeOf`, or null for a time that is not set (undefined or 0). */
export function maybeTime(unix: number | bigint | undefined): Time | null {
  return unix === undefined || Number(unix) === 0 ? null : timeOf(unix);
}

/** A Beijing calendar date for sentences: 1767225600 → "2026-01-01". */
export function beijingDate(unix: unknown): string {
  return new Date((Number(unix as bigint) + 8 * 3_600) * 1000).toISOString().slice(0, 10);
}

/** A Beijing date and time for sentences: "2026-01-01 08:00 (UTC+8)". */
export function beijingDateTime(unix: unknown): string {
  const iso = new Date((Number(unix as bigint) + 8 * 3_600) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} (UTC+8)`;
}

/** ¥ with grouping and two decimals, from fen (bigint or a decimal string). */
export function yuan(fen: unknown): string {
  return formatYuan(BigInt(fen as bigint));
}

/** A rate in basis points as a percent: 365 → "3.65%". */
export function percent(bps: unknown): string {
  return formatBps(Number(bps as bigint));
}

/** Values of decoded events and errors as JSON: bigint as decimal strings, structs as objects. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  }
  return value;
}
