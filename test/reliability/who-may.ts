import type { Participant } from "../../src/chain/cast.js";
import { ROLES, type RoleName } from "../../src/domain/roles.js";

/**
 * Who may call each write of the API: the one table of the reliability tests, mirroring the role and
 * party rules of the contracts (contracts/access/ConsortiumGuarded.sol, the `_check`/`_caller`/
 * `_requireRole` calls and `msg.sender != …` checks of each function) and of
 * src/service/permissions.ts. Keyed by the OpenAPI operationId.
 *
 * A participant may act when its role is in `roles`, it is one of the `party` fields of the
 * instrument (as the API's GET of it answers: `owner`, `payee`, `lender`…), and, for a write that
 * moves its own e-CNY, it has a wallet (without one the contract refuses with `ECNYNoWallet`, a 409).
 * Every contract also refuses a member that is not active (suspended or removed): see
 * `IConsortium.MemberNotActive`.
 */
export interface Rule {
  /** Roles that may act (all roles when omitted); a function of the request body when it depends on it. */
  roles?: readonly RoleName[] | ((body: Record<string, unknown>) => readonly RoleName[]);
  /**
   * Dotted fields of the instrument naming who may act (any of them), e.g. `["payee", "payer"]`.
   * With `orAbsent`, anyone of `roles` may act when every field is empty.
   */
  party?: readonly string[];
  orAbsent?: boolean;
  /** The write moves the actor's own e-CNY (or sets its allowance): it needs a wallet. */
  wallet?: boolean;
  /** The contract function and the check it mirrors, for the reader. */
  source: string;
}

/** Every role but the regulator (it reads everything and changes nothing): `_holderRoles()`. */
export const HOLDERS: readonly RoleName[] = ROLES.filter((r): r is RoleName => r !== "None" && r !== "Regulator");
const ISSUERS: readonly RoleName[] = ["CoreEnterprise", "Supplier", "Distributor"];
const LENDERS: readonly RoleName[] = ["OperatorBank", "MicroLender"];
const BORROWERS: readonly RoleName[] = ["Farmer", "Supplier", "Distributor", "Merchant", "CoreEnterprise"];

/** The table: operationId → who may. */
export const WHO_MAY: Readonly<Record<string, Rule>> = {
  advanceClock: { roles: ["PlatformOperator"], source: "Consortium.advanceClock: onlyOperator" },
  setCreditLine: {
    roles: ["OperatorBank"],
    party: ["portfolio.creditLine.bank"],
    orAbsent: true,
    source: "VoucherLedger.setCreditLine: OperatorBank; only the bank holding the issuer's line changes it",
  },
  issueVoucher: { roles: ISSUERS, source: "VoucherLedger.issue: CoreEnterprise|Supplier|Distributor" },
  acceptVoucher: { party: ["payee"], source: "VoucherLedger.acceptIssuance: msg.sender == payee" },
  rejectVoucher: { party: ["payee", "payer"], source: "VoucherLedger.rejectIssuance: payee or payer" },
  repayVoucher: { party: ["payer"], wallet: true, source: "VoucherLedger.repay: msg.sender == payer" },
  clearVoucher: { roles: HOLDERS, source: "VoucherLedger.clear: _caller(_holderRoles())" },
  declareVoucherDefault: { roles: HOLDERS, source: "VoucherLedger.declareDefault: _caller(_holderRoles())" },
  splitToken: { party: ["owner"], source: "VoucherLedger.split: owner (or its operator)" },
  transferToken: { party: ["owner"], source: "VoucherLedger.transferFrom: owner (or approved)" },
  requestFinancing: { party: ["owner"], source: "VoucherFinancing.requestFinancing: the token's owner" },
  pledgeToken: { party: ["owner"], source: "VoucherLedger.pledge: msg.sender == owner" },
  releasePledge: { party: ["pledgee"], source: "VoucherLedger.releasePledge: msg.sender == pledgee" },
  claimToken: { roles: HOLDERS, source: "VoucherLedger.claim: _caller(_holderRoles())" },
  approveFinancing: {
    roles: LENDERS,
    party: ["financier"],
    source: "VoucherFinancing.approveFinancing: msg.sender == financier, a financier role",
  },
  rejectFinancing: { party: ["financier"], source: "VoucherFinancing.rejectFinancing: msg.sender == financier" },
  cancelFinancing: { party: ["holder"], source: "VoucherFinancing.cancelFinancingRequest: msg.sender == holder" },
  pay: { roles: HOLDERS, wallet: true, source: "ECNY.transfer: a wallet, an active member (service: holder roles)" },
  allow: { roles: HOLDERS, wallet: true, source: "ECNY.approve: a wallet (service: holder roles)" },
  lockOrder: { roles: HOLDERS, wallet: true, source: "PaymentEscrow.lockForDelivery: buyer _holderRoles()" },
  confirmDelivery: { party: ["logistics"], source: "PaymentEscrow.confirmDelivery: msg.sender == logistics" },
  refundOrder: { roles: HOLDERS, source: "PaymentEscrow.refund: _holderRoles()" },
  registerRight: {
    roles: (body) => (body.kind === "WarehouseReceipt" ? ["Logistics"] : ["Registry"]),
    source: "PropertyRegistry.register: Registry (rural rights) or Logistics (warehouse receipts)",
  },
  appraiseRight: { roles: ["Appraiser"], source: "PropertyRegistry.appraise: Appraiser" },
  createProduct: { roles: LENDERS, source: "LoanBook.createProduct: _lenderRoles()" },
  applyForLoan: { roles: BORROWERS, source: "LoanBook.applyForLoan: _borrowerRoles()" },
  approveGuarantee: {
    roles: ["Guarantor"],
    party: ["guarantor"],
    source: "LoanBook.approveGuarantee: msg.sender == guarantor, Guarantor",
  },
  approveLoan: { roles: LENDERS, party: ["lender"], source: "LoanBook.approveAndDisburse: the product's lender" },
  rejectLoan: { roles: LENDERS, party: ["lender"], source: "LoanBook.reject: the product's lender" },
  withdrawLoan: { party: ["borrower"], source: "LoanBook.withdraw: msg.sender == borrower" },
  repayLoan: { party: ["borrower"], wallet: true, source: "LoanBook.repay: msg.sender == borrower" },
  declareLoanDefault: { roles: LENDERS, party: ["lender"], source: "LoanBook.declareDefault: the lender" },
  disposeCollateral: { roles: LENDERS, party: ["lender"], source: "LoanBook.dispose: the lender" },
  callLoanGuarantee: { roles: LENDERS, party: ["lender"], source: "LoanBook.callGuarantee: the lender" },
  writeOffLoan: { roles: LENDERS, party: ["lender"], source: "LoanBook.writeOff: the lender" },
  claimLoanSurplus: { party: ["borrower"], source: "LoanBook.claimSurplus: msg.sender == borrower" },
  postSales: { roles: ["DataFeed"], source: "LoanBook.postWeeklySales: DataFeed" },
  runLesson: { source: "none: a lesson runs on its own fresh consortium (any participant's token)" },
};

/** What the table says of one participant for one request. */
export type Verdict = { may: true } | { may: false; status: 403 | 409; why: "role" | "party" | "no wallet" };

/** A dotted field of a JSON value (`portfolio.creditLine.bank`); the participant id of a party object. */
function partyAt(instrument: unknown, dotted: string): string | undefined {
  let v: unknown = instrument;
  for (const key of dotted.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  if (v && typeof v === "object" && "id" in v) return String((v as { id: unknown }).id);
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Whether `actor` may make this write, per {@link WHO_MAY}.
 * @param instrument the instrument as the API's GET answers it (for party rules).
 * @example verdict("splitToken", mill, {}, await get("/api/tokens/1.1")) // { may: true }
 */
export function verdict(
  operationId: string,
  actor: Participant,
  body: Record<string, unknown>,
  instrument?: unknown,
): Verdict {
  const rule = WHO_MAY[operationId];
  if (!rule) throw new Error(`who-may has no rule for ${operationId}`);
  const roles = typeof rule.roles === "function" ? rule.roles(body) : rule.roles;
  if (roles && !roles.includes(actor.role)) return { may: false, status: 403, why: "role" };
  if (rule.party) {
    const parties = rule.party.map((f) => partyAt(instrument, f)).filter((p): p is string => p !== undefined);
    const absent = parties.length === 0 && rule.orAbsent;
    if (!absent && !parties.includes(actor.id)) return { may: false, status: 403, why: "party" };
  }
  if (rule.wallet && !actor.wallet) return { may: false, status: 409, why: "no wallet" };
  return { may: true };
}

/**
 * The API path of the instrument a write acts on (its GET), or undefined for a write that creates
 * one: the write's path without its last segment (`/api/tokens/1.1/split` → `/api/tokens/1.1`); for a
 * credit line, the issuer's participant page.
 */
export function instrumentPath(operationId: string, path: string, body: Record<string, unknown>): string | undefined {
  if (operationId === "setCreditLine") {
    return typeof body.issuer === "string" ? `/api/participants/${encodeURIComponent(body.issuer)}` : undefined;
  }
  if (!WHO_MAY[operationId]?.party) return undefined;
  return path.replace(/\/[^/]+$/, "");
}
