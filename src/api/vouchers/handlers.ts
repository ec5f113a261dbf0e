import { DAY } from "../../chain/clock.js";
import { NotFoundError } from "../../domain/errors.js";
import { financingRequestOf, tokenOf, voucherOf } from "../../service/lookup.js";
import type { ReadInput, WriteInput } from "../http.js";
import { page } from "../schemas.js";
import {
  financingRequestView,
  tokenDetailView,
  tokenView,
  viewContext,
  voucherStatus,
  voucherTree,
  voucherView,
  writeView,
} from "../views.js";
import type {
  ClearBody,
  CreditLineBody,
  FinancingBody,
  FinancingListQuery,
  IssueBody,
  PledgeBody,
  RequestParams,
  SlotParams,
  SplitBody,
  TokenParams,
  TransferBody,
  VoucherListQuery,
} from "./schemas.js";

/** GET /vouchers: newest first, filtered by status or participant. */
export async function listVouchers({ query, service }: ReadInput<undefined, typeof VoucherListQuery>) {
  const ctx = await viewContext(service);
  const who = query.participant ? service.directory.member(query.participant).address.toLowerCase() : undefined;
  const holds = (slotId: bigint) =>
    ctx.state.vouchers.get(slotId)!.tokenIds.some((id) => ctx.state.tokens.get(id)?.owner === who);
  const vouchers = [...ctx.state.vouchers.values()]
    .filter((v) => !query.status || voucherStatus(v, ctx.now) === query.status)
    .filter((v) => !who || v.payer === who || v.payee === who || holds(v.slotId))
    .reverse();
  const { items, total } = page(vouchers, query);
  return { total, vouchers: items.map((v) => voucherView(ctx, v)) };
}

/** GET /vouchers/:slotId: the voucher and its tokens. */
export async function getVoucher({ params, service }: ReadInput<typeof SlotParams>) {
  const ctx = await viewContext(service);
  const v = voucherOf(ctx.state, params.slotId);
  return {
    ...voucherView(ctx, v),
    tokens: v.tokenIds.map((id) => tokenView(ctx, tokenOf(ctx.state, id))),
  };
}

/** GET /vouchers/:slotId/tree: the lineage tree, nested from the first payee's token down. */
export async function getVoucherTree({ params, service }: ReadInput<typeof SlotParams>) {
  const ctx = await viewContext(service);
  const v = voucherOf(ctx.state, params.slotId);
  return { voucher: voucherView(ctx, v), tree: voucherTree(ctx, v) };
}

/** GET /tokens/:tokenId: one holding with its history in plain words. */
export async function getToken({ params, service }: ReadInput<typeof TokenParams>) {
  const ctx = await viewContext(service);
  return tokenDetailView(ctx, tokenOf(ctx.state, params.tokenId));
}

/** GET /financing: financing requests, newest first. */
export async function listFinancing({ query, service }: ReadInput<undefined, typeof FinancingListQuery>) {
  const ctx = await viewContext(service);
  const who = query.participant ? service.directory.member(query.participant).address.toLowerCase() : undefined;
  const requests = [...ctx.state.financingRequests.entries()]
    .filter(([, r]) => !query.status || r.status === query.status)
    .filter(([, r]) => !who || r.holder === who || r.financier === who)
    .reverse();
  const { items, total } = page(requests, query);
  return { total, requests: items.map(([id, r]) => financingRequestView(ctx, id, r)) };
}

/** GET /financing/:requestId */
export async function getFinancing({ params, service }: ReadInput<typeof RequestParams>) {
  const ctx = await viewContext(service);
  return financingRequestView(ctx, params.requestId, financingRequestOf(ctx.state, params.requestId));
}

/** POST /credit-lines */
export async function setCreditLine({ body, actor, service }: WriteInput<undefined, typeof CreditLineBody>) {
  const w = await service.vouchers.setCreditLine(actor, body.issuer, body.limitFen);
  const line = service.state.creditLines.get(w.value.issuer);
  if (!line) throw new NotFoundError("The credit line was not indexed.");
  return writeView(service, w, (v) => ({
    issuer: service.directory.party(v.issuer),
    bank: service.directory.party(line.bank),
    limitFen: line.limit.toString(),
  }));
}

/** POST /vouchers */
export async function issueVoucher({ body, actor, service }: WriteInput<undefined, typeof IssueBody>) {
  const maturity = body.maturity ?? (await service.now()) + (body.maturityDays ?? 0) * Number(DAY);
  const w = await service.vouchers.issue(actor, { ...body, maturity });
  const ctx = await viewContext(service);
  return writeView(service, w, (v) => voucherView(ctx, v));
}

/** POST /vouchers/:slotId/accept | reject | repay | default */
export function voucherAction(action: "accept" | "reject" | "repay" | "declareDefault") {
  return async ({ params, actor, service }: WriteInput<typeof SlotParams>) => {
    const w = await service.vouchers[action](actor, params.slotId);
    const ctx = await viewContext(service);
    return writeView(service, w, (v) => voucherView(ctx, v));
  };
}

/** POST /vouchers/:slotId/clear */
export async function clearVoucher({ params, body, actor, service }: WriteInput<typeof SlotParams, typeof ClearBody>) {
  const w = await service.vouchers.clear(actor, params.slotId, body.maxTokens);
  const ctx = await viewContext(service);
  return writeView(service, w, (v) => voucherView(ctx, v));
}

/** POST /tokens/:tokenId/split */
export async function splitToken({ params, body, actor, service }: WriteInput<typeof TokenParams, typeof SplitBody>) {
  const w = await service.vouchers.split(actor, params.tokenId, body.to, body.amountFen);
  const ctx = await viewContext(service);
  return writeView(service, w, (t) => tokenView(ctx, t));
}

/** POST /tokens/:tokenId/transfer */
export async function transferToken({
  params,
  body,
  actor,
  service,
}: WriteInput<typeof TokenParams, typeof TransferBody>) {
  const w = await service.vouchers.transfer(actor, params.tokenId, body.to);
  const ctx = await viewContext(service);
  return writeView(service, w, (t) => tokenView(ctx, t));
}

/** POST /tokens/:tokenId/financing */
export async function requestFinancing({
  params,
  body,
  actor,
  service,
}: WriteInput<typeof TokenParams, typeof FinancingBody>) {
  const w = await service.vouchers.requestFinancing(actor, params.tokenId, body);
  const ctx = await viewContext(service);
  return writeView(service, w, (r) => financingRequestView(ctx, r.requestId, r));
}

/** POST /tokens/:tokenId/pledge */
export async function pledgeToken({ params, body, actor, service }: WriteInput<typeof TokenParams, typeof PledgeBody>) {
  const w = await service.vouchers.pledge(actor, params.tokenId, body.lender);
  const ctx = await viewContext(service);
  return writeView(service, w, (t) => tokenView(ctx, t));
}

/** POST /tokens/:tokenId/release | claim */
export function tokenAction(action: "releasePledge" | "claim") {
  return async ({ params, actor, service }: WriteInput<typeof TokenParams>) => {
    const w = await service.vouchers[action](actor, params.tokenId);
    const ctx = await viewContext(service);
    return writeView(service, w, (t) => tokenView(ctx, t));
  };
}

/** POST /financing/:requestId/approve: the answer is the financier's new token. */
export async function approveFinancing({ params, actor, service }: WriteInput<typeof RequestParams>) {
  const w = await service.vouchers.approveFinancing(actor, params.requestId);
  const ctx = await viewContext(service);
  return writeView(service, w, (t) => tokenView(ctx, t));
}

/** POST /financing/:requestId/reject | cancel */
export function financingAction(action: "rejectFinancing" | "cancelFinancing") {
  return async ({ params, actor, service }: WriteInput<typeof RequestParams>) => {
    const w = await service.vouchers[action](actor, params.requestId);
    const ctx = await viewContext(service);
    return writeView(service, w, (r) => financingRequestView(ctx, r.requestId, r));
  };
}
