import type { DecodedRevert } from "../chain/revert.js";
import { ROLE_LABELS, ROLES, type RoleName } from "../domain/roles.js";
import { tokenLabel } from "../service/lookup.js";
import { beijingDate, beijingDateTime, jsonValue, percent, yuan } from "./format.js";

/** How a contract's refusal is answered: HTTP status, error code and a sentence a person understands. */
export interface RevertAnswer {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const VOUCHER_STATUS = ["None", "Pending", "Active", "Overdue", "Defaulted", "Repaid", "Cleared", "Rejected"];
const TOKEN_STATUS = ["None", "Live", "Pledged", "Frozen", "Merged", "Cleared", "Unclaimed"];
const REQUEST_STATUS = ["None", "Open", "Approved", "Rejected", "Cancelled"];
const ESCROW_STATUS = ["None", "Open", "Released", "Refunded"];
const LOAN_STATUS = ["None", "Applied", "Rejected", "Withdrawn", "Active", "Repaid", "Defaulted", "Settled"];
const MEMBER_STATUS = ["not a member", "active", "suspended", "removed"];

/** Errors that name something that does not exist. */
const NOT_FOUND = /Unknown(Voucher|Token|Offer|Order|Schedule|Right|Loan|Product|FinancingRequest)$/;
/** Errors that say the caller is not the party (or role) that may act. */
const FORBIDDEN =
  /(Not(Payee|Payer|Authorized|Owner|Pledgee|OfferParty|FinancingModule|SystemContract|Financier|Requester|OrderLogistics|Borrower|Lender|Guarantor|RightHolder|LienHolder|WalletBank|CreditLineBank|Operator)|HolderTransferRefused)$/;
/** Errors about a value of the request itself (whatever the state). */
const BAD_VALUE =
  /(Zero(Amount|Value|Address|TradeHash|MaxTokens)|Invalid[A-Za-z]*|BelowMin[A-Za-z]*|TooLarge|TooLong|TooHigh|SelfDealing|SelfPayment|MaturityNotInFuture|DeadlineNotInFuture|PrincipalOutOfBounds|CollateralRequired|UnsecuredProduct|CollateralKindMismatch|LengthMismatch|SameToken|SlotMismatch|PurposeNeedsCollateral|ReservedReason)$/;

/**
 * The status of a contract's custom error: unknown ids → 404; the caller's role or ownership →
 * 403 (a role or membership error about someone else, e.g. a receiver, is a 409); bad values → 400;
 * everything else is a conflict with the current state → 409 (matured, not open, wrong status,
 * insufficient balance, caps…).
 */
export function revertStatus(revert: DecodedRevert, caller?: string): number {
  const name = revert.name;
  if (name === "MemberRoleNotAllowed" || name === "MemberNotActive") {
    const account = String(revert.args.account ?? "").toLowerCase();
    return caller && account === caller.toLowerCase() ? 403 : 409;
  }
  if (name === "Panic") return 500;
  if (NOT_FOUND.test(name)) return 404;
  if (FORBIDDEN.test(name)) return 403;
  if (BAD_VALUE.test(name)) return 400;
  return 409;
}

/** `VoucherMatured` → `VOUCHER_MATURED`, `ECNYDailyCapExceeded` → `ECNY_DAILY_CAP_EXCEEDED`. */
export function errorCode(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toUpperCase();
}

type Args = Record<string, unknown>;
type Names = (address: unknown) => string;

const role = (id: unknown): string => {
  const r = ROLES[Number(id as bigint)];
  return r && r !== "None" ? ROLE_LABELS[r as RoleName].en : "not a member";
};
const of = (list: string[], v: unknown) => list[Number(v as bigint)] ?? String(v);
const label = (v: unknown) => tokenLabel(BigInt(v as bigint));

/** Sentences for the refusals people meet; others get a generic sentence naming the error. */
const MESSAGES: Record<string, (a: Args, name: Names) => string> = {
  VoucherUnknownVoucher: (a) => `There is no voucher #${a.slotId}.`,
  VoucherUnknownToken: (a) => `There is no voucher token ${label(a.tokenId)}.`,
  VoucherUnknownOffer: (a) => `There is no transfer offer #${a.offerId}.`,
  VoucherUnknownFinancingRequest: (a) => `There is no financing request #${a.requestId}.`,
  EscrowUnknownOrder: (a) => `There is no order #${a.orderId}.`,
  EscrowUnknownSchedule: (a) => `There is no scheduled payment #${a.scheduleId}.`,
  RegistryUnknownRight: (a) => `There is no registered right #${a.rightId}.`,
  LoanBookUnknownLoan: (a) => `There is no loan #${a.loanId}.`,
  LoanBookUnknownProduct: (a) => `There is no loan product #${a.productId}.`,

  MemberRoleNotAllowed: (a, n) => `${n(a.account)} is a ${role(a.role)}, a role that may not take part in this.`,
  MemberNotActive: (a, n) => `${n(a.account)} is ${of(MEMBER_STATUS, a.status)}: only active members take part.`,
  ConsortiumNotOperator: () => "Only the platform operator may do this.",

  VoucherZeroValue: () => "An amount of zero fen moves nothing: give a positive amount.",
  VoucherAmountTooLarge: (a) => `${yuan(a.amount)} is more than the largest amount allowed, ${yuan(a.max)}.`,
  VoucherNoCreditLine: (a, n) =>
    `${n(a.issuer)} has no credit line: an operator bank must grant one before it can issue vouchers.`,
  VoucherCreditLineExceeded: (a, n) =>
    `Issuing ${yuan(a.face)} would exceed ${n(a.issuer)}'s credit line of ${yuan(a.limit)} (${yuan(a.outstanding)} is already outstanding).`,
  VoucherNotCreditLineBank: (a, n) => `${n(a.issuer)}'s credit line is held by ${n(a.bank)}: only it may change it.`,
  VoucherMaturityNotInFuture: (a) =>
    `The maturity must be in the future (the project's time is ${beijingDateTime(a.nowTime)}).`,
  VoucherTermTooLong: (a) => `The term is too long: a voucher runs at most ${a.maxTermDays} days from issuance.`,
  VoucherZeroTradeHash: () => "A voucher needs its trade background (contract, invoice, delivery).",
  VoucherTradeHashUsed: (a) => `This trade background already backs voucher #${a.slotId}: one trade, one voucher.`,
  VoucherSelfDealing: (a, n) => `${n(a.account)} cannot deal with itself.`,
  VoucherNotPayee: (a) => `Only the payee of voucher #${a.slotId} may do this.`,
  VoucherNotPayer: (a) => `Only the payer of voucher #${a.slotId} may repay it.`,
  VoucherNotPending: (a) =>
    `Voucher #${a.slotId} is not waiting for acceptance (it is ${of(VOUCHER_STATUS, a.status)}).`,
  VoucherNotActive: (a) => `Voucher #${a.slotId} is not active (it is ${of(VOUCHER_STATUS, a.status)}).`,
  VoucherNotRepayable: (a) => `Voucher #${a.slotId} cannot be repaid now (it is ${of(VOUCHER_STATUS, a.status)}).`,
  VoucherNotRepaid: (a) => `Voucher #${a.slotId} has not been repaid by its payer yet: there is nothing to clear.`,
  VoucherNotDefaulted: (a) => `Voucher #${a.slotId} has not defaulted.`,
  VoucherMatured: (a) =>
    `Voucher #${a.slotId} matured on ${beijingDate(a.maturity)}: from maturity on it is only repaid and cleared, never split, transferred, financed or pledged.`,
  VoucherNotMatured: (a) => `Voucher #${a.slotId} matures on ${beijingDate(a.maturity)}: it cannot be cleared before.`,
  VoucherGracePeriodNotOver: (a) =>
    `Voucher #${a.slotId} may be declared defaulted only from ${beijingDateTime(a.graceEnd)}.`,
  VoucherAcceptanceRequired: (a) => `Receivers of voucher #${a.slotId} must accept each transfer: make an offer.`,
  VoucherTokenNotLive: (a) =>
    `Voucher token ${label(a.tokenId)} is ${of(TOKEN_STATUS, a.status)}: only a live token can move.`,
  VoucherTokenNotClaimable: (a) =>
    `Voucher token ${label(a.tokenId)} is ${of(TOKEN_STATUS, a.status)}: there is nothing to claim.`,
  VoucherNotOwner: (a, n) => `Voucher token ${label(a.tokenId)} belongs to ${n(a.owner)}.`,
  VoucherNotAuthorized: (a) => `Only the holder of voucher token ${label(a.tokenId)} may move it.`,
  VoucherBelowMinSplitUnit: (a) =>
    `${yuan(a.value)} is below the minimum split unit of voucher #${a.slotId}, ${yuan(a.minSplitUnit)}.`,
  VoucherValueExceedsBalance: (a) =>
    `Voucher token ${label(a.tokenId)} holds ${yuan(a.balance)}: it cannot give ${yuan(a.value)}.`,
  VoucherTierTooDeep: (a) => `Voucher token ${label(a.tokenId)} is too deep in the supply chain to be split again.`,
  VoucherTooManyTokens: (a) => `Voucher #${a.slotId} has been split into as many pieces as it may have.`,
  VoucherNotPledgee: (a) => `Only the lender holding the pledge on token ${label(a.tokenId)} may release it.`,
  VoucherZeroMaxTokens: () => "Clearing needs a page of at least one token.",
  VoucherRateTooHigh: (a) => `A discount rate of ${percent(a.rateBps)} is above the maximum of ${percent(a.maxBps)}.`,
  VoucherFinancingRequestNotOpen: (a) =>
    `Financing request #${a.requestId} is no longer open (it is ${of(REQUEST_STATUS, a.status)}).`,
  VoucherNotFinancier: () => "Only the financier named in the request may do this.",
  VoucherNotRequester: (a) => `Only the holder who made financing request #${a.requestId} may cancel it.`,

  ECNYZeroAmount: () => "An amount of zero fen moves nothing: give a positive amount.",
  ECNYNoWallet: (a, n) => `${n(a.account)} has no e-CNY wallet.`,
  ECNYWalletFrozen: (a, n) => `${n(a.account)}'s e-CNY wallet is frozen.`,
  ECNYSelfPayment: () => "A wallet cannot pay itself.",
  ECNYInsufficientBalance: (a, n) =>
    `${n(a.account)} holds ${yuan(a.balance)} of e-CNY: not enough for ${yuan(a.needed)}.`,
  ECNYPerPaymentCapExceeded: (a, n) =>
    `${yuan(a.amount)} is above the per-payment cap of ${n(a.account)}'s wallet, ${yuan(a.cap)}.`,
  ECNYDailyCapExceeded: (a, n) =>
    `${n(a.account)}'s wallet may pay ${yuan(a.cap)} a day and has paid ${yuan(a.spentToday)} today: ${yuan(a.amount)} more is refused.`,
  ECNYBalanceCapExceeded: (a, n) =>
    `${n(a.account)}'s wallet may hold at most ${yuan(a.cap)} and holds ${yuan(a.balance)}: it cannot receive ${yuan(a.amount)}.`,
  ECNYAmountTooLarge: (a) => `${yuan(a.amount)} is more than the largest amount allowed, ${yuan(a.max)}.`,

  EscrowZeroAmount: () => "An amount of zero fen moves nothing: give a positive amount.",
  EscrowAmountTooLarge: (a) => `${yuan(a.amount)} is more than an order may lock.`,
  EscrowSelfPayment: () => "The buyer cannot be the seller.",
  EscrowDeadlineNotInFuture: (a) =>
    `The delivery deadline must be in the future (the project's time is ${beijingDateTime(a.nowTime)}).`,
  EscrowNotOpen: (a) => `Order #${a.id} is already ${of(ESCROW_STATUS, a.status).toLowerCase()}.`,
  EscrowNotOrderLogistics: (a) => `Only the logistics member named in order #${a.orderId} may confirm its delivery.`,
  EscrowDeliveryRefMismatch: (a) => `The delivery reference does not match the one recorded for order #${a.orderId}.`,
  EscrowDeadlinePassed: (a) =>
    `The delivery deadline of order #${a.orderId} passed (${beijingDateTime(a.deadline)}): it can only be refunded now.`,
  EscrowDeadlineNotReached: (a) =>
    `Order #${a.orderId} can be refunded only from its deadline, ${beijingDateTime(a.deadline)}.`,

  RegistryCertificateAlreadyRegistered: (a) =>
    `Certificate ${a.certificateNo} is already registered, as right #${a.rightId}.`,
  RegistryInvalidText: () => "A certificate number (1–64 bytes) is needed; county and village take at most 64 bytes.",
  RegistryInvalidTerm: () => "The right's term must start before it ends and end in the future.",
  RegistryInvalidArea: () => "The area must be positive.",
  RegistryInvalidValue: () => "The appraised value must be positive.",
  RegistryInvalidValidity: () => "An appraisal must be valid into the future and not beyond the right's term.",
  RegistryRightUnderLien: (a, n) => `Right #${a.rightId} is pledged to ${n(a.lender)} for loan #${a.loanId}.`,

  LoanBookWrongStatus: (a) =>
    `Loan #${a.loanId} is ${of(LOAN_STATUS, a.status).toLowerCase()}: this is not possible now.`,
  LoanBookNotBorrower: (a) => `Only the borrower of loan #${a.loanId} may do this.`,
  LoanBookNotLender: (a) => `Only the lender of loan #${a.loanId} may do this.`,
  LoanBookNotGuarantor: (a) => `Only the guarantor named in loan #${a.loanId} may guarantee it.`,
  LoanBookGuaranteeNotApproved: (a, n) =>
    `${n(a.guarantor)} has not approved the guarantee of loan #${a.loanId} yet: it cannot be disbursed.`,
  LoanBookGuaranteeAlreadyApproved: (a) => `The guarantee of loan #${a.loanId} is already approved.`,
  LoanBookZeroAmount: () => "An amount of zero fen repays nothing: give a positive amount.",
  LoanBookRepaymentExceedsOwed: (a) =>
    `Loan #${a.loanId} owes ${yuan(a.owed)} now: a repayment of ${yuan(a.amount)} is more than that.`,
  LoanBookNotInDefault: (a) =>
    `Loan #${a.loanId} may be declared defaulted only after ${beijingDateTime(a.defaultableAfter)}.`,
  LoanBookInFlexibleGrace: (a, n) =>
    `${n(a.borrower)} is in a flexible-repayment grace period (弹性还款) until ${beijingDateTime(a.graceUntil)}.`,
  LoanBookPrincipalOutOfBounds: (a) =>
    `Product #${a.productId} lends between ${yuan(a.minPrincipal)} and ${yuan(a.maxPrincipal)}; ${yuan(a.principal)} is outside.`,
  LoanBookCollateralRequired: (a) => `Product #${a.productId} is secured: name a right to pledge.`,
  LoanBookUnsecuredProduct: (a) => `Product #${a.productId} takes no collateral: do not name a right.`,
  LoanBookCollateralKindMismatch: (a) => `Right #${a.rightId} cannot secure a loan of product #${a.productId}.`,
  LoanBookNotRightHolder: (a, n) => `Right #${a.rightId} is held by ${n(a.holder)}: only its holder may pledge it.`,
  LoanBookNoValidAppraisal: (a) => `Right #${a.rightId} has no appraisal that counts now: have it appraised first.`,
  LoanBookAboveLtv: (a) =>
    `${yuan(a.principal)} is more than the appraisal allows: at most ${yuan(a.maxPrincipal)} (${percent(a.ltvBps)} of ${yuan(a.appraisalFen)}).`,
  LoanBookRightTermTooShort: (a) => `Right #${a.rightId}'s term ends before the loan would mature.`,
  LoanBookRiskPartiesNotSet: () => "The platform has not named the 4321 risk-sharing parties yet.",
  LoanBookWeekNotIncreasing: (a) => `Week ${a.weekIndex} is not after the last week posted, ${a.lastWeek}.`,
  LoanBookInvalidSales: () => "The week index or the sales figure is out of range.",
};

const GENERIC: Record<number, string> = {
  400: "The chain refused a value of this request",
  403: "This participant may not do this",
  404: "Something this request names does not exist",
  409: "The chain refused this request in the current state",
  500: "The chain failed to run this request",
};

/**
 * Answers a contract's refusal: status, code (`VOUCHER_MATURED`), a sentence and the error's
 * arguments as details.
 * @param caller the acting participant's address (a role error about the caller is a 403).
 * @param names display name of an address.
 */
export function answerRevert(revert: DecodedRevert, caller: string | undefined, names: Names): RevertAnswer {
  const status = revertStatus(revert, caller);
  if (revert.name === "Error") {
    return {
      status: 409,
      code: "CONTRACT_REFUSED",
      message: `The chain refused this request: ${String(revert.args.message ?? "no reason given")}.`,
      details: {},
    };
  }
  if (status === 500) {
    return { status, code: "INTERNAL", message: "The chain failed to run this request.", details: {} };
  }
  const sentence = MESSAGES[revert.name]?.(revert.args, names);
  return {
    status,
    code: errorCode(revert.name),
    message: sentence ?? `${GENERIC[status]} (${revert.name}).`,
    details: { error: revert.name, args: jsonValue(revert.args) },
  };
}
