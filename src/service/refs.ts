import { encodeBytes32String, keccak256, toUtf8Bytes } from "ethers";

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * The trade-background hash of a voucher: a given 32-byte hex value as is, else keccak256 of the
 * reference text (contract, invoice and delivery numbers).
 * @example tradeHashOf("HBIS-2026-001 / INV 8812") // 0x…
 */
export function tradeHashOf(reference: string): string {
  return BYTES32.test(reference) ? reference.toLowerCase() : keccak256(toUtf8Bytes(reference));
}

/**
 * A delivery reference as bytes32: a given 32-byte hex value as is; text of up to 31 bytes stored
 * readably (so it can be shown back: `deliveryRefText` in ledger/words.ts); longer text as its keccak256.
 * @example deliveryRefOf("WB-2026-0042")
 */
export function deliveryRefOf(reference: string): string {
  if (BYTES32.test(reference)) return reference.toLowerCase();
  if (toUtf8Bytes(reference).length <= 31) return encodeBytes32String(reference);
  return keccak256(toUtf8Bytes(reference));
}
