import { NotFoundError } from "../domain/errors.js";
import type {
  LedgerState,
  LoanRecord,
  OrderRecord,
  ProductRecord,
  RightRecord,
  TokenRecord,
  VoucherRecord,
} from "../ledger/state.js";

/** Lookups in the indexed state that answer 404 with a plain sentence for an unknown id. */

/** Token ids are `(slotId << 32) | localIndex`; "1.2" is token 2 of voucher 1. */
export function tokenLabel(tokenId: bigint): string {
  return `${tokenId >> 32n}.${tokenId & 0xffff_ffffn}`;
}

export function voucherOf(state: LedgerState, slotId: bigint): VoucherRecord {
  const v = state.vouchers.get(slotId);
  if (!v) throw new NotFoundError(`There is no voucher #${slotId}.`, { slotId: slotId.toString() });
  return v;
}

export function tokenOf(state: LedgerState, tokenId: bigint): TokenRecord {
  const t = state.tokens.get(tokenId);
  if (!t) throw new NotFoundError(`There is no voucher token ${tokenLabel(tokenId)}.`, { tokenId: tokenId.toString() });
  return t;
}

export type FinancingRequestRecord = LedgerState["financingRequests"] extends Map<bigint, infer R> ? R : never;

export function financingRequestOf(state: LedgerState, requestId: bigint): FinancingRequestRecord {
  const r = state.financingRequests.get(requestId);
  if (!r) throw new NotFoundError(`There is no financing request #${requestId}.`, { requestId: requestId.toString() });
  return r;
}

export function orderOf(state: LedgerState, orderId: bigint): OrderRecord {
  const o = state.orders.get(orderId);
  if (!o) throw new NotFoundError(`There is no order #${orderId}.`, { orderId: orderId.toString() });
  return o;
}

export function rightOf(state: LedgerState, rightId: bigint): RightRecord {
  const r = state.rights.get(rightId);
  if (!r) throw new NotFoundError(`There is no registered right #${rightId}.`, { rightId: rightId.toString() });
  return r;
}

export function productOf(state: LedgerState, productId: bigint): ProductRecord {
  const p = state.products.get(productId);
  if (!p) throw new NotFoundError(`There is no loan product #${productId}.`, { productId: productId.toString() });
  return p;
}

export function loanOf(state: LedgerState, loanId: bigint): LoanRecord {
  const l = state.loans.get(loanId);
  if (!l) throw new NotFoundError(`There is no loan #${loanId}.`, { loanId: loanId.toString() });
  return l;
}

/** The first event of `name` among a transaction's events. */
export function eventArg<T = bigint>(
  events: { name: string; args: Record<string, unknown> }[],
  name: string,
  arg: string,
): T {
  const e = events.find((x) => x.name === name);
  if (!e) throw new Error(`the transaction emitted no ${name}`);
  return e.args[arg] as T;
}
