import { roleName, type RoleName } from "../domain/roles.js";
import type { ChainEvent } from "./decoder.js";

/**
 * The indexed state of a deployment, rebuilt from chain events only (never from what agents
 * believe). The report, the API, the dashboard and the lessons all read this one state.
 */

export type MemberStatusName = "Active" | "Suspended" | "Removed";
export interface MemberRecord {
  address: string;
  name: string;
  role: RoleName;
  status: MemberStatusName;
  admittedAt: number;
}

export type VoucherStatusName = "Pending" | "Active" | "Rejected" | "Repaid" | "Defaulted" | "Cleared";
export interface VoucherRecord {
  slotId: bigint;
  payer: string;
  payee: string;
  face: bigint;
  maturity: number;
  tradeHash: string;
  issuedAt: number;
  status: VoucherStatusName;
  acceptedAt?: number;
  repaidAt?: number;
  repaidLate?: boolean;
  defaultedAt?: number;
  clearedAt?: number;
  /** Σ paid to holders so far, in fen. */
  paidOut: bigint;
  tokenIds: bigint[];
}

export type TokenStatusName = "Live" | "Pledged" | "Frozen" | "Merged" | "Cleared" | "Unclaimed";
export interface FinancingRecord {
  requestId: bigint;
  seller: string;
  financier: string;
  value: bigint;
  discount: bigint;
  rateBps: number;
  days: number;
  recourse: boolean;
  at: number;
  recourseExercised?: number;
}
export interface HistoryEntry {
  time: number;
  blockNumber: number;
  txHash: string;
  event: string;
  /** Plain words, English. */
  text: string;
}
export interface TokenRecord {
  tokenId: bigint;
  slotId: bigint;
  owner: string;
  value: bigint;
  /** Value at creation (the split, financing or issuance amount). */
  initialValue: bigint;
  parentTokenId: bigint;
  tier: number;
  status: TokenStatusName;
  origin: "issued" | "split" | "financed";
  createdAt: number;
  financing?: FinancingRecord;
  pledgee?: string;
  paid?: { amount: bigint; at: number; holder: string };
  history: HistoryEntry[];
}

export type LoanStatusName = "Applied" | "Rejected" | "Withdrawn" | "Active" | "Repaid" | "Defaulted" | "Settled";
export interface LoanRecord {
  loanId: bigint;
  productId: bigint;
  borrower: string;
  lender: string;
  principal: bigint;
  rightId: bigint;
  guarantor: string;
  status: LoanStatusName;
  appliedAt: number;
  guaranteeApprovedAt?: number;
  disbursedAt?: number;
  maturity?: number;
  guaranteeFee: bigint;
  principalRepaid: bigint;
  interestPaid: bigint;
  outstanding: bigint;
  defaultedAt?: number;
  debtAtDefault?: bigint;
  recovered: bigint;
  /** The sale of the pledged right after a default (处置). */
  disposal?: { price: bigint; toLender: bigint; surplus: bigint };
  /** Disposal surplus the loan book holds for a borrower whose wallet could not take it. */
  heldSurplus: bigint;
  riskShares?: { loss: bigint; national: bigint; provincial: bigint; lender: bigint; guarantor: bigint };
  writtenOff?: bigint;
  settledAt?: number;
}

export const PURPOSES = ["Agricultural", "WorkingCapital", "Equipment", "OrderFinancing", "InventoryPledge"] as const;
export interface ProductRecord {
  productId: bigint;
  lender: string;
  name: string;
  purpose: (typeof PURPOSES)[number];
  collateral: "None" | "PropertyRight";
  ltvBps: number;
  rateBps: number;
  termDays: number;
  shape: "Bullet" | "Instalments";
  instalments: number;
  graceDays: number;
  guaranteeFeeBps: number;
}

export const RIGHT_KINDS = ["LandManagement", "Forest", "Aquaculture", "WarehouseReceipt"] as const;
export type RightKind = (typeof RIGHT_KINDS)[number];
export interface RightRecord {
  rightId: bigint;
  kind: RightKind;
  certificateNo: string;
  county: string;
  village: string;
  areaCentiMu: bigint;
  termStart: number;
  termEnd: number;
  holder: string;
  registeredAt: number;
  appraisal?: { valueFen: bigint; validUntil: number; appraiser: string; at: number };
  lien?: { lender: string; loanId: bigint; at: number };
}

export type EscrowStatusName = "Open" | "Released" | "Refunded";
export interface OrderRecord {
  orderId: bigint;
  buyer: string;
  seller: string;
  logistics: string;
  amount: bigint;
  deliveryRef: string;
  deadline: number;
  createdAt: number;
  status: EscrowStatusName;
  deliveredAt?: number;
  /** Time of the seller's payment (same transaction as the delivery confirmation). */
  paidAt?: number;
  refundedAt?: number;
}
export interface ScheduleRecord {
  scheduleId: bigint;
  payer: string;
  payee: string;
  amount: bigint;
  dueAt: number;
  ref: string;
  createdAt: number;
  status: EscrowStatusName;
  releasedAt?: number;
}

export interface SalesPoint {
  week: number;
  salesFen: bigint;
  fallen: boolean;
  at: number;
}

/** The whole indexed state. Maps are keyed by lower-case address or by id. */
export class LedgerState {
  readonly members = new Map<string, MemberRecord>();
  readonly systemContracts = new Map<string, string>();
  readonly vouchers = new Map<bigint, VoucherRecord>();
  readonly tokens = new Map<bigint, TokenRecord>();
  readonly creditLines = new Map<string, { bank: string; limit: bigint }>();
  readonly financingRequests = new Map<
    bigint,
    {
      tokenId: bigint;
      holder: string;
      financier: string;
      value: bigint;
      rateBps: number;
      recourse: boolean;
      status: string;
      at: number;
    }
  >();
  readonly products = new Map<bigint, ProductRecord>();
  readonly loans = new Map<bigint, LoanRecord>();
  readonly rights = new Map<bigint, RightRecord>();
  readonly orders = new Map<bigint, OrderRecord>();
  readonly schedules = new Map<bigint, ScheduleRecord>();
  readonly sales = new Map<string, SalesPoint[]>();
  readonly graces: {
    borrower: string;
    week: number;
    referenceSales: bigint;
    salesFen: bigint;
    graceUntil: number;
    at: number;
  }[] = [];
  readonly wallets = new Map<string, { bank: string; category: number; frozen: boolean }>();
  readonly ecny = {
    transfers: 0,
    transferredFen: 0n,
    issuedFen: 0n,
    redeemedFen: 0n,
    issuances: 0,
    redemptions: 0,
    balances: new Map<string, bigint>(),
  };
  /** Whole tokens moved between members (ERC-721 transfers, not splits). */
  readonly voucherMoves = { count: 0, value: 0n };
  clockOffset = 0;
  /** Every decoded event, in chain order (kept for the event log and histories). */
  readonly events: ChainEvent[] = [];
  private readonly keepEvents: boolean;

  constructor(options: { keepEvents?: boolean } = {}) {
    this.keepEvents = options.keepEvents ?? true;
  }

  /** Display name of an address: the member's name, a contract's name, or the short address. */
  nameOf(address: string): string {
    const a = address.toLowerCase();
    return this.members.get(a)?.name ?? this.systemContracts.get(a) ?? `${a.slice(0, 6)}…${a.slice(-4)}`;
  }

  roleOf(address: string): RoleName | "Contract" | "Unknown" {
    const a = address.toLowerCase();
    return this.members.get(a)?.role ?? (this.systemContracts.has(a) ? "Contract" : "Unknown");
  }

  /** Applies one event. Events must arrive in chain order. */
  apply(e: ChainEvent): void {
    if (this.keepEvents && !(e.contract === "ECNY" && e.name === "Transfer")) this.events.push(e);
    const handler = HANDLERS[`${e.contract}.${e.name}`];
    handler?.(this, e);
  }
}

type Handler = (s: LedgerState, e: ChainEvent) => void;
const a = (v: unknown) => String(v).toLowerCase();
const n = (v: unknown) => Number(v as bigint);
const b = (v: unknown) => v as bigint;
const ZERO = "0x0000000000000000000000000000000000000000";

function tokenHistory(s: LedgerState, tokenId: bigint, e: ChainEvent, text: string): void {
  s.tokens
    .get(tokenId)
    ?.history.push({ time: e.time, blockNumber: e.blockNumber, txHash: e.txHash, event: e.name, text });
}

const HANDLERS: Record<string, Handler> = {
  // ── membership ──
  "Consortium.MemberAdmitted": (s, e) => {
    s.members.set(a(e.args.account), {
      address: a(e.args.account),
      name: String(e.args.name),
      role: roleName(n(e.args.role)) as RoleName,
      status: "Active",
      admittedAt: e.time,
    });
  },
  "Consortium.MemberSuspended": (s, e) => setMemberStatus(s, e, "Suspended"),
  "Consortium.MemberReinstated": (s, e) => setMemberStatus(s, e, "Active"),
  "Consortium.MemberRemoved": (s, e) => setMemberStatus(s, e, "Removed"),
  "Consortium.SystemContractRegistered": (s, e) => s.systemContracts.set(a(e.args.account), String(e.args.name)),
  "Consortium.ClockAdvanced": (s, e) => {
    s.clockOffset = n(e.args.offset);
  },

  // ── e-CNY ──
  "ECNY.WalletOpened": (s, e) =>
    s.wallets.set(a(e.args.account), { bank: a(e.args.bank), category: n(e.args.category), frozen: false }),
  "ECNY.WalletFrozen": (s, e) => {
    const w = s.wallets.get(a(e.args.account));
    if (w) w.frozen = true;
  },
  "ECNY.WalletUnfrozen": (s, e) => {
    const w = s.wallets.get(a(e.args.account));
    if (w) w.frozen = false;
  },
  "ECNY.Issued": (s, e) => {
    s.ecny.issuedFen += b(e.args.amount);
    s.ecny.issuances += 1;
  },
  "ECNY.Redeemed": (s, e) => {
    s.ecny.redeemedFen += b(e.args.amount);
    s.ecny.redemptions += 1;
  },
  "ECNY.Transfer": (s, e) => {
    const from = a(e.args.from);
    const to = a(e.args.to);
    const value = b(e.args.value);
    if (from !== ZERO) s.ecny.balances.set(from, (s.ecny.balances.get(from) ?? 0n) - value);
    if (to !== ZERO) s.ecny.balances.set(to, (s.ecny.balances.get(to) ?? 0n) + value);
    if (from !== ZERO && to !== ZERO) {
      s.ecny.transfers += 1;
      s.ecny.transferredFen += value;
    }
  },

  // ── programmable payments ──
  "PaymentEscrow.OrderLocked": (s, e) => {
    s.orders.set(b(e.args.orderId), {
      orderId: b(e.args.orderId),
      buyer: a(e.args.buyer),
      seller: a(e.args.seller),
      logistics: a(e.args.logistics),
      amount: b(e.args.amount),
      deliveryRef: String(e.args.deliveryRef),
      deadline: n(e.args.deadline),
      createdAt: e.time,
      status: "Open",
    });
  },
  "PaymentEscrow.DeliveryConfirmed": (s, e) => {
    const o = s.orders.get(b(e.args.orderId));
    if (!o) return;
    o.status = "Released";
    o.deliveredAt = n(e.args.deliveredAt);
    o.paidAt = e.time;
  },
  "PaymentEscrow.OrderRefunded": (s, e) => {
    const o = s.orders.get(b(e.args.orderId));
    if (!o) return;
    o.status = "Refunded";
    o.refundedAt = e.time;
  },
  "PaymentEscrow.PaymentScheduled": (s, e) => {
    s.schedules.set(b(e.args.scheduleId), {
      scheduleId: b(e.args.scheduleId),
      payer: a(e.args.payer),
      payee: a(e.args.payee),
      amount: b(e.args.amount),
      dueAt: n(e.args.dueAt),
      ref: String(e.args.ref),
      createdAt: e.time,
      status: "Open",
    });
  },
  "PaymentEscrow.ScheduledPaymentReleased": (s, e) => {
    const x = s.schedules.get(b(e.args.scheduleId));
    if (!x) return;
    x.status = "Released";
    x.releasedAt = e.time;
  },

  // ── vouchers ──
  "VoucherLedger.CreditLineSet": (s, e) =>
    s.creditLines.set(a(e.args.issuer), { bank: a(e.args.bank), limit: b(e.args.limit) }),
  "VoucherLedger.VoucherIssued": (s, e) => {
    s.vouchers.set(b(e.args.slotId), {
      slotId: b(e.args.slotId),
      payer: a(e.args.payer),
      payee: a(e.args.payee),
      face: b(e.args.face),
      maturity: n(e.args.maturity),
      tradeHash: String(e.args.tradeHash),
      issuedAt: e.time,
      status: "Pending",
      paidOut: 0n,
      tokenIds: [],
    });
  },
  // Tokens and values follow the standard ERC-721 / ERC-3525 events (every mint, move and value
  // change emits them); the voucher events then add tier, parent and meaning.
  "VoucherLedger.Transfer": (s, e) => {
    const from = a(e.args._from ?? e.args.from);
    const to = a(e.args._to ?? e.args.to);
    const tokenId = b(e.args._tokenId ?? e.args.tokenId);
    if (from === ZERO) {
      const slotId = tokenId >> 32n;
      s.vouchers.get(slotId)?.tokenIds.push(tokenId);
      s.tokens.set(tokenId, {
        tokenId,
        slotId,
        owner: to,
        value: 0n,
        initialValue: 0n,
        parentTokenId: 0n,
        tier: 1,
        status: "Live",
        origin: "issued",
        createdAt: e.time,
        history: [],
      });
      return;
    }
    const t = s.tokens.get(tokenId);
    if (!t) return;
    if (to === ZERO) {
      t.status = "Merged";
      return;
    }
    t.owner = to;
    s.voucherMoves.count += 1;
    s.voucherMoves.value += t.value;
    tokenHistory(s, tokenId, e, `moved whole from ${s.nameOf(from)} to ${s.nameOf(to)}`);
  },
  "VoucherLedger.TransferValue": (s, e) => {
    const fromId = b(e.args._fromTokenId ?? e.args.fromTokenId);
    const toId = b(e.args._toTokenId ?? e.args.toTokenId);
    const value = b(e.args._value ?? e.args.value);
    const from = s.tokens.get(fromId);
    const to = s.tokens.get(toId);
    if (from) from.value -= value;
    if (to) {
      to.value += value;
      if (to.initialValue === 0n) to.initialValue = value;
    }
  },
  "VoucherLedger.VoucherAccepted": (s, e) => {
    const v = s.vouchers.get(b(e.args.slotId));
    if (!v) return;
    v.status = "Active";
    v.acceptedAt = e.time;
    tokenHistory(s, b(e.args.tokenId), e, `${s.nameOf(a(e.args.payee))} accepted the voucher (确权签收) at tier 1`);
  },
  "VoucherLedger.VoucherRejected": (s, e) => {
    const v = s.vouchers.get(b(e.args.slotId));
    if (v) v.status = "Rejected";
  },
  "VoucherLedger.VoucherSplit": (s, e) => {
    const t = s.tokens.get(b(e.args.newTokenId));
    if (!t) return;
    t.parentTokenId = b(e.args.fromTokenId);
    t.tier = n(e.args.tier);
    t.origin = "split";
    const value = b(e.args.value);
    tokenHistory(s, t.parentTokenId, e, `split ${value} fen to ${s.nameOf(a(e.args.to))} (token ${t.tokenId})`);
    tokenHistory(s, t.tokenId, e, `received ${value} fen from ${s.nameOf(a(e.args.from))} at tier ${t.tier}`);
  },
  "VoucherLedger.VoucherMerged": (s, e) => {
    const value = b(e.args.value);
    tokenHistory(s, b(e.args.fromTokenId), e, `merged into token ${b(e.args.toTokenId)}`);
    tokenHistory(s, b(e.args.toTokenId), e, `absorbed ${value} fen from token ${b(e.args.fromTokenId)}`);
  },
  "VoucherLedger.VoucherPledged": (s, e) => {
    const t = s.tokens.get(b(e.args.tokenId));
    if (!t) return;
    t.status = "Pledged";
    t.pledgee = a(e.args.lender);
    tokenHistory(s, t.tokenId, e, `pledged to ${s.nameOf(a(e.args.lender))}`);
  },
  "VoucherLedger.VoucherPledgeReleased": (s, e) => {
    const t = s.tokens.get(b(e.args.tokenId));
    if (!t) return;
    if (t.status === "Pledged") t.status = "Live";
    t.pledgee = undefined;
    tokenHistory(s, t.tokenId, e, `pledge released by ${s.nameOf(a(e.args.lender))}`);
  },
  "VoucherLedger.VoucherTokenFrozen": (s, e) => {
    const t = s.tokens.get(b(e.args.tokenId));
    if (!t) return;
    t.status = "Frozen";
    tokenHistory(s, t.tokenId, e, "frozen by the platform");
  },
  "VoucherLedger.VoucherTokenUnfrozen": (s, e) => {
    const t = s.tokens.get(b(e.args.tokenId));
    if (!t) return;
    t.status = "Live";
    tokenHistory(s, t.tokenId, e, "unfrozen");
  },
  "VoucherLedger.VoucherRepaid": (s, e) => {
    const v = s.vouchers.get(b(e.args.slotId));
    if (!v) return;
    v.status = "Repaid";
    v.repaidAt = e.time;
    v.repaidLate = Boolean(e.args.late);
  },
  "VoucherLedger.VoucherDefaulted": (s, e) => {
    const v = s.vouchers.get(b(e.args.slotId));
    if (!v) return;
    v.status = "Defaulted";
    v.defaultedAt = e.time;
  },
  "VoucherLedger.VoucherTokenPaid": (s, e) => {
    const t = s.tokens.get(b(e.args.tokenId));
    if (!t) return;
    const amount = b(e.args.amount);
    t.status = "Cleared";
    t.paid = { amount, at: e.time, holder: a(e.args.holder) };
    const v = s.vouchers.get(t.slotId);
    if (v) v.paidOut += amount;
    tokenHistory(s, t.tokenId, e, `cleared: ${s.nameOf(a(e.args.holder))} paid ${amount} fen (到期清分)`);
  },
  "VoucherLedger.VoucherTokenUnclaimed": (s, e) => {
    const t = s.tokens.get(b(e.args.tokenId));
    if (!t) return;
    t.status = "Unclaimed";
    tokenHistory(s, t.tokenId, e, `could not be paid to ${s.nameOf(a(e.args.holder))}: waits for a claim`);
  },
  "VoucherLedger.VoucherCleared": (s, e) => {
    const v = s.vouchers.get(b(e.args.slotId));
    if (!v) return;
    v.status = "Cleared";
    v.clearedAt = e.time;
  },
  "VoucherFinancing.VoucherFinancingRequested": (s, e) => {
    s.financingRequests.set(b(e.args.requestId), {
      tokenId: b(e.args.tokenId),
      holder: a(e.args.holder),
      financier: a(e.args.financier),
      value: b(e.args.value),
      rateBps: n(e.args.rateBps),
      recourse: Boolean(e.args.recourse),
      status: "Open",
      at: e.time,
    });
  },
  "VoucherFinancing.VoucherFinancingRejected": (s, e) => setRequestStatus(s, e, "Rejected"),
  "VoucherFinancing.VoucherFinancingCancelled": (s, e) => setRequestStatus(s, e, "Cancelled"),
  "VoucherFinancing.VoucherFinanced": (s, e) => {
    setRequestStatus(s, e, "Approved");
    const t = s.tokens.get(b(e.args.newTokenId));
    if (!t) return;
    t.origin = "financed";
    t.financing = {
      requestId: b(e.args.requestId),
      seller: a(e.args.seller),
      financier: a(e.args.financier),
      value: b(e.args.value),
      discount: b(e.args.discount),
      rateBps: n(e.args.rateBps),
      days: n(e.args.days_),
      recourse: Boolean(e.args.recourse),
      at: e.time,
    };
    t.history[t.history.length - 1] = {
      time: e.time,
      blockNumber: e.blockNumber,
      txHash: e.txHash,
      event: e.name,
      text: `financed (保理): ${s.nameOf(a(e.args.financier))} bought ${b(e.args.value)} fen from ${s.nameOf(a(e.args.seller))} at ${n(e.args.rateBps)} bp for ${n(e.args.days_)} days, discount ${b(e.args.discount)} fen${e.args.recourse ? ", with recourse" : ""}`,
    };
  },
  "VoucherFinancing.VoucherRecourseExercised": (s, e) => {
    const t = s.tokens.get(b(e.args.tokenId));
    if (!t) return;
    t.owner = a(e.args.seller);
    if (t.financing) t.financing.recourseExercised = e.time;
    tokenHistory(
      s,
      t.tokenId,
      e,
      `recourse (追索): ${s.nameOf(a(e.args.seller))} repaid ${b(e.args.value)} fen to ${s.nameOf(a(e.args.financier))} and took the token back`,
    );
  },

  // ── rights and loans ──
  "PropertyRegistry.RightRegistered": (s, e) => {
    s.rights.set(b(e.args.rightId), {
      rightId: b(e.args.rightId),
      kind: RIGHT_KINDS[n(e.args.kind)],
      certificateNo: String(e.args.certificateNo),
      county: String(e.args.county),
      village: String(e.args.village),
      areaCentiMu: b(e.args.areaCentiMu),
      termStart: n(e.args.termStart),
      termEnd: n(e.args.termEnd),
      holder: a(e.args.holder),
      registeredAt: e.time,
    });
  },
  "PropertyRegistry.RightAppraised": (s, e) => {
    const r = s.rights.get(b(e.args.rightId));
    if (r)
      r.appraisal = {
        valueFen: b(e.args.valueFen),
        validUntil: n(e.args.validUntil),
        appraiser: a(e.args.appraiser),
        at: e.time,
      };
  },
  "PropertyRegistry.LienPlaced": (s, e) => {
    const r = s.rights.get(b(e.args.rightId));
    if (r) r.lien = { lender: a(e.args.lender), loanId: b(e.args.loanId), at: e.time };
  },
  "PropertyRegistry.LienReleased": (s, e) => {
    const r = s.rights.get(b(e.args.rightId));
    if (r) r.lien = undefined;
  },
  "PropertyRegistry.RightTransferred": (s, e) => {
    const r = s.rights.get(b(e.args.rightId));
    if (r) r.holder = a(e.args.to);
  },
  "LoanBook.ProductCreated": (s, e) => {
    const p = e.args.params as Record<string, unknown>;
    s.products.set(b(e.args.productId), {
      productId: b(e.args.productId),
      lender: a(e.args.lender),
      name: String(p.name),
      purpose: PURPOSES[n(p.purpose)],
      collateral: n(p.collateral) === 1 ? "PropertyRight" : "None",
      ltvBps: n(p.ltvBps),
      rateBps: n(p.rateBps),
      termDays: n(p.termDays),
      shape: n(p.shape) === 1 ? "Instalments" : "Bullet",
      instalments: n(p.instalments),
      graceDays: n(p.graceDays),
      guaranteeFeeBps: n(p.guaranteeFeeBps),
    });
  },
  "LoanBook.LoanApplied": (s, e) => {
    const product = s.products.get(b(e.args.productId));
    s.loans.set(b(e.args.loanId), {
      loanId: b(e.args.loanId),
      productId: b(e.args.productId),
      borrower: a(e.args.borrower),
      lender: product?.lender ?? "",
      principal: b(e.args.principal),
      rightId: b(e.args.rightId),
      guarantor: a(e.args.guarantor),
      status: "Applied",
      appliedAt: e.time,
      guaranteeFee: 0n,
      principalRepaid: 0n,
      interestPaid: 0n,
      outstanding: 0n,
      recovered: 0n,
      heldSurplus: 0n,
    });
  },
  "LoanBook.LoanWithdrawn": (s, e) => setLoanStatus(s, e, "Withdrawn"),
  "LoanBook.LoanRejected": (s, e) => setLoanStatus(s, e, "Rejected"),
  "LoanBook.GuaranteeApproved": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (l) l.guaranteeApprovedAt = e.time;
  },
  "LoanBook.LoanDisbursed": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (!l) return;
    l.status = "Active";
    l.lender = a(e.args.lender);
    l.disbursedAt = e.time;
    l.maturity = n(e.args.maturity);
    l.guaranteeFee = b(e.args.guaranteeFee);
    l.outstanding = b(e.args.principal);
  },
  "LoanBook.RepaymentMade": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (!l) return;
    l.interestPaid += b(e.args.interestPart);
    l.principalRepaid += b(e.args.principalPart);
    l.outstanding = b(e.args.outstanding);
  },
  "LoanBook.LoanRepaid": (s, e) => setLoanStatus(s, e, "Repaid"),
  "LoanBook.WeeklySalesPosted": (s, e) => {
    const borrower = a(e.args.borrower);
    let points = s.sales.get(borrower);
    if (!points) s.sales.set(borrower, (points = []));
    points.push({
      week: n(e.args.weekIndex),
      salesFen: b(e.args.salesFen),
      fallen: Boolean(e.args.fallen),
      at: e.time,
    });
  },
  "LoanBook.FlexibleGraceGranted": (s, e) => {
    s.graces.push({
      borrower: a(e.args.borrower),
      week: n(e.args.weekIndex),
      referenceSales: b(e.args.referenceSales),
      salesFen: b(e.args.salesFen),
      graceUntil: n(e.args.graceUntil),
      at: e.time,
    });
  },
  "LoanBook.LoanDefaulted": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (!l) return;
    l.status = "Defaulted";
    l.defaultedAt = e.time;
    l.debtAtDefault = b(e.args.debt);
  },
  "LoanBook.CollateralDisposed": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (!l) return;
    l.recovered += b(e.args.toLender);
    l.disposal = { price: b(e.args.price), toLender: b(e.args.toLender), surplus: b(e.args.surplus) };
  },
  "LoanBook.SurplusHeld": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (l) l.heldSurplus += b(e.args.amount);
  },
  "LoanBook.SurplusClaimed": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (l) l.heldSurplus = b(e.args.left);
  },
  "LoanBook.RiskShared": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (!l) return;
    l.riskShares = {
      loss: b(e.args.loss),
      national: b(e.args.national),
      provincial: b(e.args.provincial),
      lender: b(e.args.lender),
      guarantor: b(e.args.guarantor),
    };
  },
  "LoanBook.LoanWrittenOff": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (l) l.writtenOff = b(e.args.loss);
  },
  "LoanBook.LoanSettled": (s, e) => {
    const l = s.loans.get(b(e.args.loanId));
    if (!l) return;
    l.status = "Settled";
    l.settledAt = e.time;
  },
};

function setMemberStatus(s: LedgerState, e: ChainEvent, status: MemberStatusName): void {
  const m = s.members.get(a(e.args.account));
  if (m) m.status = status;
}

function setLoanStatus(s: LedgerState, e: ChainEvent, status: LoanStatusName): void {
  const l = s.loans.get(b(e.args.loanId));
  if (l) l.status = status;
}

function setRequestStatus(s: LedgerState, e: ChainEvent, status: string): void {
  const r = s.financingRequests.get(b(e.args.requestId));
  if (r) r.status = status;
}
