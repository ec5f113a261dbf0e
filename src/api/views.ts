import type { TxOutcome } from "../chain/sender.js";
import { ROLE_LABELS, WALLET_CATEGORIES, type RoleName } from "../domain/roles.js";
import type { ChainEvent } from "../ledger/decoder.js";
import { describeEvent, isTechnical, type NameLookup } from "../ledger/describe.js";
import type {
  LedgerState,
  LoanRecord,
  OrderRecord,
  ProductRecord,
  RightRecord,
  TokenRecord,
  VoucherRecord,
} from "../ledger/state.js";
import { deliveryRefText, same, type Text } from "../ledger/words.js";
import type { Directory, Party } from "../service/directory.js";
import { tokenLabel, type FinancingRequestRecord } from "../service/lookup.js";
import type { ScfService, Written } from "../service/service.js";
import { jsonValue, maybeTime, timeOf, type Time } from "./format.js";

/**
 * The JSON shapes of the API. Amounts are decimal strings of fen (`…Fen`), times `{ iso, unix }`,
 * parties `{ id, name, nameZh, role, address }`. Everything comes from the indexed state (and a few
 * contract views), never from counters of the API's own.
 */

/** What every view needs: who is who, the indexed state and the project's current time. */
export interface ViewContext {
  directory: Directory;
  state: LedgerState;
  now: number;
}

export async function viewContext(service: ScfService): Promise<ViewContext> {
  return { directory: service.directory, state: service.state, now: await service.now() };
}

const ZERO = "0x0000000000000000000000000000000000000000";
const fen = (v: bigint) => v.toString();
const partyOrNull = (ctx: ViewContext, address: string | undefined) =>
  address && address !== ZERO ? ctx.directory.party(address) : null;

/** A chain event with its plain-words description. */
export interface EventView {
  /** "block-logIndex": unique, in chain order (the `before` cursor of /api/events). */
  id: string;
  contract: string;
  name: string;
  args: unknown;
  blockNumber: number;
  logIndex: number;
  txHash: string;
  time: Time;
  text: Text;
  /** Bookkeeping that accompanies a business event described by another event of the same transaction. */
  technical: boolean;
}

/**
 * Names in both languages from the directory (the cast's names, then the indexed members'); the
 * describer names project contracts and strangers itself.
 */
export function directoryNames(directory: Directory): NameLookup {
  return (address) => {
    const party = directory.party(address);
    if (party.role === "Contract" || party.role === "Unknown") return undefined;
    return { en: party.name, zh: party.nameZh ?? party.name };
  };
}

export function eventView(e: ChainEvent, state: LedgerState, directory: Directory): EventView {
  return {
    id: `${e.blockNumber}-${e.logIndex}`,
    contract: e.contract,
    name: e.name,
    args: jsonValue(e.args),
    blockNumber: e.blockNumber,
    logIndex: e.logIndex,
    txHash: e.txHash,
    time: timeOf(e.time),
    text: describeEvent(e, state, { names: directoryNames(directory) }),
    technical: isTechnical(e, state),
  };
}

/** The answer to every write: the transaction, its events (described) and the resulting object. */
export function writeView<T>(service: ScfService, written: Written<T>, result: (value: T) => unknown) {
  const o: TxOutcome = written.outcome;
  return {
    txHash: o.hash,
    blockNumber: Number(o.blockNumber),
    events: written.events.map((e) => eventView(e, service.state, service.directory)),
    result: result(written.value),
  };
}

export function participantView(ctx: ViewContext, party: Party) {
  const a = party.address.toLowerCase();
  const member = ctx.state.members.get(a);
  const wallet = ctx.state.wallets.get(a);
  const label = ROLE_LABELS[party.role as RoleName];
  return {
    ...party,
    nameZh: party.nameZh ?? null,
    roleLabel: label ?? null,
    membership: member?.status ?? "NotAMember",
    admittedAt: maybeTime(member?.admittedAt),
    balanceFen: fen(ctx.state.ecny.balances.get(a) ?? 0n),
    wallet: wallet
      ? {
          category: WALLET_CATEGORIES[wallet.category] ?? "None",
          frozen: wallet.frozen,
          bank: ctx.directory.party(wallet.bank),
        }
      : null,
  };
}

/** Everything a participant holds or owes, from the indexed state. */
export function portfolioView(ctx: ViewContext, party: Party) {
  const a = party.address.toLowerCase();
  const s = ctx.state;
  const line = s.creditLines.get(a);
  return {
    tokens: [...s.tokens.values()]
      .filter((t) => t.owner === a && t.status !== "Merged" && t.status !== "Cleared")
      .map((t) => tokenView(ctx, t)),
    vouchersIssued: [...s.vouchers.values()].filter((v) => v.payer === a).map((v) => voucherView(ctx, v)),
    vouchersReceived: [...s.vouchers.values()].filter((v) => v.payee === a).map((v) => voucherView(ctx, v)),
    financingRequests: [...s.financingRequests.entries()]
      .filter(([, r]) => r.holder === a || r.financier === a)
      .map(([id, r]) => financingRequestView(ctx, id, r)),
    creditLine: line ? { bank: ctx.directory.party(line.bank), limitFen: fen(line.limit) } : null,
    loans: [...s.loans.values()]
      .filter((l) => l.borrower === a || l.lender === a || l.guarantor === a)
      .map((l) => loanView(ctx, l)),
    rights: [...s.rights.values()].filter((r) => r.holder === a).map((r) => rightView(ctx, r)),
    orders: [...s.orders.values()]
      .filter((o) => o.buyer === a || o.seller === a || o.logistics === a)
      .map((o) => orderView(ctx, o)),
  };
}

/** Active and unpaid after maturity reads as Overdue (never stored on chain either). */
export function voucherStatus(v: VoucherRecord, now: number): string {
  return v.status === "Active" && now > v.maturity ? "Overdue" : v.status;
}

export function voucherView(ctx: ViewContext, v: VoucherRecord) {
  return {
    slotId: v.slotId.toString(),
    payer: ctx.directory.party(v.payer),
    payee: ctx.directory.party(v.payee),
    faceFen: fen(v.face),
    maturity: timeOf(v.maturity),
    issuedAt: timeOf(v.issuedAt),
    tradeHash: v.tradeHash,
    status: voucherStatus(v, ctx.now),
    acceptedAt: maybeTime(v.acceptedAt),
    repaidAt: maybeTime(v.repaidAt),
    repaidLate: v.repaidLate ?? null,
    defaultedAt: maybeTime(v.defaultedAt),
    clearedAt: maybeTime(v.clearedAt),
    paidOutFen: fen(v.paidOut),
    tokenCount: v.tokenIds.length,
  };
}

export function tokenView(ctx: ViewContext, t: TokenRecord) {
  const v = ctx.state.vouchers.get(t.slotId);
  return {
    tokenId: t.tokenId.toString(),
    label: tokenLabel(t.tokenId),
    slotId: t.slotId.toString(),
    owner: ctx.directory.party(t.owner),
    valueFen: fen(t.value),
    initialValueFen: fen(t.initialValue),
    parentTokenId: t.parentTokenId === 0n ? null : t.parentTokenId.toString(),
    tier: t.tier,
    status: t.status,
    origin: t.origin,
    createdAt: timeOf(t.createdAt),
    maturity: v ? timeOf(v.maturity) : null,
    payer: v ? ctx.directory.party(v.payer) : null,
    financing: t.financing
      ? {
          requestId: t.financing.requestId.toString(),
          seller: ctx.directory.party(t.financing.seller),
          financier: ctx.directory.party(t.financing.financier),
          valueFen: fen(t.financing.value),
          discountFen: fen(t.financing.discount),
          proceedsFen: fen(t.financing.value - t.financing.discount),
          rateBps: t.financing.rateBps,
          days: t.financing.days,
          recourse: t.financing.recourse,
          financedAt: timeOf(t.financing.at),
          recourseExercisedAt: maybeTime(t.financing.recourseExercised),
        }
      : null,
    pledgee: partyOrNull(ctx, t.pledgee),
    paid: t.paid
      ? { amountFen: fen(t.paid.amount), at: timeOf(t.paid.at), holder: ctx.directory.party(t.paid.holder) }
      : null,
  };
}

/** A token with its history, each step described in both languages (from the step's chain event). */
export function tokenDetailView(ctx: ViewContext, t: TokenRecord) {
  return {
    ...tokenView(ctx, t),
    history: t.history.map((h) => {
      const event = findEvent(ctx.state, h.blockNumber, h.txHash, h.event);
      return {
        time: timeOf(h.time),
        blockNumber: h.blockNumber,
        txHash: h.txHash,
        event: h.event,
        text: event ? describeEvent(event, ctx.state, { names: directoryNames(ctx.directory) }) : same(h.text),
      };
    }),
  };
}

/** The indexed event of a block, transaction and name (events are kept in chain order). */
function findEvent(state: LedgerState, blockNumber: number, txHash: string, name: string): ChainEvent | undefined {
  const events = state.events;
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].blockNumber < blockNumber) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < events.length && events[i].blockNumber === blockNumber; i++) {
    if (events[i].txHash === txHash && events[i].name === name) return events[i];
  }
  return undefined;
}

/** A node of a voucher's lineage tree (拆分流转 down the supply chain), with its children. */
export interface TreeNode extends ReturnType<typeof tokenView> {
  children: TreeNode[];
}

/** The voucher's tokens as a nested tree from token 1 (the first payee's) down. */
export function voucherTree(ctx: ViewContext, v: VoucherRecord): TreeNode[] {
  const tokens = v.tokenIds.map((id) => ctx.state.tokens.get(id)).filter((t): t is TokenRecord => t !== undefined);
  const children = new Map<bigint, TokenRecord[]>();
  for (const t of tokens) {
    const list = children.get(t.parentTokenId) ?? [];
    list.push(t);
    children.set(t.parentTokenId, list);
  }
  const node = (t: TokenRecord): TreeNode => ({
    ...tokenView(ctx, t),
    children: (children.get(t.tokenId) ?? []).map(node),
  });
  return (children.get(0n) ?? []).map(node);
}

export function financingRequestView(ctx: ViewContext, requestId: bigint, r: FinancingRequestRecord) {
  return {
    requestId: requestId.toString(),
    tokenId: r.tokenId.toString(),
    tokenLabel: tokenLabel(r.tokenId),
    holder: ctx.directory.party(r.holder),
    financier: ctx.directory.party(r.financier),
    valueFen: fen(r.value),
    rateBps: r.rateBps,
    recourse: r.recourse,
    status: r.status,
    requestedAt: timeOf(r.at),
  };
}

export function orderView(ctx: ViewContext, o: OrderRecord) {
  return {
    orderId: o.orderId.toString(),
    buyer: ctx.directory.party(o.buyer),
    seller: ctx.directory.party(o.seller),
    logistics: ctx.directory.party(o.logistics),
    amountFen: fen(o.amount),
    deliveryRef: { hex: o.deliveryRef, text: deliveryRefText(o.deliveryRef) },
    deadline: timeOf(o.deadline),
    createdAt: timeOf(o.createdAt),
    status: o.status,
    deliveredAt: maybeTime(o.deliveredAt),
    paidAt: maybeTime(o.paidAt),
    refundedAt: maybeTime(o.refundedAt),
  };
}

export function rightView(ctx: ViewContext, r: RightRecord) {
  return {
    rightId: r.rightId.toString(),
    kind: r.kind,
    certificateNo: r.certificateNo,
    county: r.county,
    village: r.village,
    areaCentiMu: r.areaCentiMu.toString(),
    term: { start: timeOf(r.termStart), end: timeOf(r.termEnd) },
    holder: ctx.directory.party(r.holder),
    registeredAt: timeOf(r.registeredAt),
    appraisal: r.appraisal
      ? {
          valueFen: fen(r.appraisal.valueFen),
          validUntil: timeOf(r.appraisal.validUntil),
          appraiser: ctx.directory.party(r.appraisal.appraiser),
          at: timeOf(r.appraisal.at),
          valid: ctx.now <= r.appraisal.validUntil,
        }
      : null,
    lien: r.lien
      ? { lender: ctx.directory.party(r.lien.lender), loanId: r.lien.loanId.toString(), at: timeOf(r.lien.at) }
      : null,
  };
}

export function productView(ctx: ViewContext, p: ProductRecord, bounds?: { min: bigint; max: bigint }) {
  return {
    productId: p.productId.toString(),
    lender: ctx.directory.party(p.lender),
    name: p.name,
    purpose: p.purpose,
    collateral: p.collateral,
    ltvBps: p.ltvBps,
    rateBps: p.rateBps,
    termDays: p.termDays,
    shape: p.shape,
    instalments: p.instalments,
    graceDays: p.graceDays,
    guaranteeFeeBps: p.guaranteeFeeBps,
    minPrincipalFen: bounds ? fen(bounds.min) : null,
    maxPrincipalFen: bounds ? fen(bounds.max) : null,
  };
}

export function loanView(ctx: ViewContext, l: LoanRecord) {
  return {
    loanId: l.loanId.toString(),
    productId: l.productId.toString(),
    productName: ctx.state.products.get(l.productId)?.name ?? null,
    borrower: ctx.directory.party(l.borrower),
    lender: partyOrNull(ctx, l.lender),
    guarantor: partyOrNull(ctx, l.guarantor),
    rightId: l.rightId === 0n ? null : l.rightId.toString(),
    principalFen: fen(l.principal),
    status: l.status,
    appliedAt: timeOf(l.appliedAt),
    guaranteeApprovedAt: maybeTime(l.guaranteeApprovedAt),
    disbursedAt: maybeTime(l.disbursedAt),
    maturity: maybeTime(l.maturity),
    guaranteeFeeFen: fen(l.guaranteeFee),
    principalRepaidFen: fen(l.principalRepaid),
    interestPaidFen: fen(l.interestPaid),
    outstandingFen: fen(l.outstanding),
    defaultedAt: maybeTime(l.defaultedAt),
    debtAtDefaultFen: l.debtAtDefault === undefined ? null : fen(l.debtAtDefault),
    recoveredFen: fen(l.recovered),
    heldSurplusFen: fen(l.heldSurplus),
    riskShares: l.riskShares ? (jsonValue(l.riskShares) as Record<string, string>) : null,
    writtenOffFen: l.writtenOff === undefined ? null : fen(l.writtenOff),
    settledAt: maybeTime(l.settledAt),
  };
}
