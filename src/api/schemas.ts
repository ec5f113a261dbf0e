import { z } from "zod";

/**
 * The building blocks of the request schemas. Every request body is a strict object (unknown
 * fields are refused); the OpenAPI document is generated from these same schemas.
 */

/** An amount in fen as a decimal string of whole fen (no sign, no fraction): "300000000" = ¥3,000,000.00. */
export const fen = z
  .string()
  .regex(/^\d{1,30}$/, 'must be a decimal string of whole fen, e.g. "300000000" for ¥3,000,000.00')
  .transform((s) => BigInt(s))
  .describe('Amount in fen (0.01 yuan) as a decimal string of whole fen, e.g. "300000000" = ¥3,000,000.00');

/** A participant named by id ("rolling-mill") or by address. */
export const participantRef = z
  .string()
  .min(1)
  .max(64)
  .regex(/^(0x[0-9a-fA-F]{40}|[A-Za-z0-9][A-Za-z0-9._-]*)$/, "must be a participant id or an address")
  .describe('A participant id (e.g. "rolling-mill") or a member\'s address');

/** A whole-number id in a path (voucher slot, order, loan…). */
export function idParam(what: string) {
  return z
    .string()
    .regex(/^\d{1,20}$/, `must be a ${what} number`)
    .transform((s) => BigInt(s))
    .describe(`The ${what} number`);
}

/** Largest local index of a token within its voucher: the low 32 bits of a token id. */
export const MAX_TOKEN_INDEX = 0xffff_ffffn;

/** The full id (up to 30 digits) or "slot.index" (up to 10 digits each). */
const TOKEN_ID = /^(\d{1,30}|\d{1,10}\.\d{1,10})$/;

/**
 * A voucher token id: the full id (`(slotId << 32) | index`) or "slot.index", e.g. "1.2". In the
 * "slot.index" form both parts must be in range (a voucher from 1, an index from 1 to 2^32 − 1): an
 * index that would spill into the slot's bits ("0.4294967297" is token 1.1) is refused, not wrapped.
 * @example tokenIdParam.parse("1.2") // 4294967298n
 */
export const tokenIdParam = z
  .string()
  .regex(TOKEN_ID, 'must be a token id, e.g. "4294967298" or "1.2"')
  .refine(
    (s) => {
      // zod runs this check even when the pattern failed: only a well-formed "slot.index" is read
      if (!TOKEN_ID.test(s) || !s.includes(".")) return true;
      const [slot, index] = s.split(".").map((x) => BigInt(x));
      return slot >= 1n && index >= 1n && index <= MAX_TOKEN_INDEX;
    },
    { message: `must be "slot.index" with a voucher number from 1 and an index from 1 to ${MAX_TOKEN_INDEX}` },
  )
  .transform((s) => {
    if (!s.includes(".")) return BigInt(s);
    const [slot, index] = s.split(".").map((x) => BigInt(x));
    return (slot << 32n) | index;
  })
  .describe('Voucher token id: the full id, or "slot.index" (e.g. "1.2" is token 2 of voucher 1)');

/**
 * A point in time: ISO date-time with offset, or a date (midnight in Beijing, UTC+8). To unix seconds;
 * a time before 1970 is refused (the contracts keep times as unsigned seconds: it cannot be sent).
 */
export const timeInput = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((s) => Math.floor(Date.parse(s.length === 10 ? `${s}T00:00:00+08:00` : s) / 1000))
  .refine((unix) => unix >= 0, { message: "must be a time from 1970-01-01 on" })
  .describe('ISO 8601 date-time with offset ("2026-09-30T00:00:00+08:00") or date ("2026-09-30", Beijing midnight)');

/** A rate in basis points (1 bp = 0.01%). */
export const bps = z.number().int().min(0).max(10_000).describe("Basis points (1 bp = 0.01%; 365 = 3.65%)");

/** A whole number of days. */
export function days(max: number) {
  return z.number().int().min(1).max(max);
}

/** A small text field. */
export function text(max: number) {
  return z.string().min(1).max(max);
}

/** The body of an action that takes no input: empty or `{}`. */
export const noBody = z.strictObject({});

/** A page of a list: `limit` (default 100, at most 1000) and `offset`. */
export const pageQuery = {
  limit: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(1000))
    .optional()
    .describe("At most this many items (1–1000, default 100)"),
  offset: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .optional()
    .describe("Skip this many items first (default 0)"),
};

/** Applies `limit` and `offset` to a list. */
export function page<T>(items: T[], query: { limit?: number; offset?: number }): { items: T[]; total: number } {
  const offset = query.offset ?? 0;
  return { items: items.slice(offset, offset + (query.limit ?? 100)), total: items.length };
}
