import type { Participant } from "../chain/cast.js";
import { txOf } from "../chain/handles.js";
import type { TokenRecord, VoucherRecord } from "../ledger/state.js";
import { ConflictError } from "./errors.js";
import { eventArg, financingRequestOf, tokenLabel, tokenOf, voucherOf, type FinancingRequestRecord } from "./lookup.js";
import { FINANCIER_ROLES, HOLDER_ROLES, ISSUER_ROLES, requireParty, requireRole } from "./permissions.js";
import { tradeHashOf } from "./refs.js";
import type { ScfService, Written } from "./service.js";

/** Clearing pays at most this many tokens per transaction unless told otherwise. */
export const DEFAULT_CLEAR_PAGE = 200;

/**
 * Receivable vouchers (应收账款电子凭证): issue, accept, split and transfer, financing, pledges,
 * repayment, clearing and default. Every method checks who may act before anything is sent, and
 * before the state of the voucher or token: a participant who may not act is told so (403), whatever
 * state the instrument is in; only one who may act learns that the state does not allow it (409).
 */
export class VoucherService {
  constructor(private readonly svc: ScfService) {}

  private get c() {
    return this.svc.deployment.contracts;
  }

  /**
   * An operator bank sets an issuer's credit line (issuance is capped by it).
   * @example await service.vouchers.setCreditLine(bank, "steel-group", 100_000_000_00n)
   */
  setCreditLine(actor: Participant, issuerRef: string, limitFen: bigint): Promise<Written<{ issuer: string }>> {
    return this.svc.act(() => {
      requireRole(actor, ["OperatorBank"], "set credit lines");
      const issuer = this.svc.directory.member(issuerRef, "issuer");
      return {
        request: txOf(this.c.vouchers, actor.address, "setCreditLine", [issuer.address, limitFen], "set a credit line"),
        result: () => ({ issuer: issuer.address.toLowerCase() }),
      };
    });
  }

  /**
   * The payer confirms a debt (确权): a voucher waiting for the payee's acceptance.
   * @param maturity project time in seconds. @param tradeRef the trade background (hashed).
   */
  issue(
    actor: Participant,
    input: { payee: string; amountFen: bigint; maturity: number; tradeRef: string },
  ): Promise<Written<VoucherRecord>> {
    return this.svc.act(() => {
      requireRole(actor, ISSUER_ROLES, "issue vouchers");
      const payee = this.svc.directory.member(input.payee, "payee");
      const tradeHash = tradeHashOf(input.tradeRef);
      return {
        request: txOf(
          this.c.vouchers,
          actor.address,
          "issue",
          [payee.address, input.amountFen, input.maturity, tradeHash],
          "issue a voucher",
        ),
        result: (events) => voucherOf(this.svc.state, eventArg(events, "VoucherIssued", "slotId")),
      };
    });
  }

  /** The payee accepts a pending voucher (签收): token 1 holds the whole face. */
  accept(actor: Participant, slotId: bigint): Promise<Written<VoucherRecord>> {
    return this.svc.act(() => {
      const v = voucherOf(this.svc.state, slotId);
      requireParty(actor, v.payee, `the payee of voucher #${slotId}`, "accept it");
      return {
        request: txOf(this.c.vouchers, actor.address, "acceptIssuance", [slotId], "accept a voucher"),
        result: () => voucherOf(this.svc.state, slotId),
      };
    });
  }

  /** The payee declines, or the payer withdraws, a pending voucher. */
  reject(actor: Participant, slotId: bigint): Promise<Written<VoucherRecord>> {
    return this.svc.act(() => {
      const v = voucherOf(this.svc.state, slotId);
      const me = actor.address.toLowerCase();
      if (me !== v.payer) requireParty(actor, v.payee, `the payee or the payer of voucher #${slotId}`, "reject it");
      return {
        request: txOf(this.c.vouchers, actor.address, "rejectIssuance", [slotId], "reject a voucher"),
        result: () => voucherOf(this.svc.state, slotId),
      };
    });
  }

  /** The holder splits part of its token to another member (拆分流转): a new token one tier down. */
  split(actor: Participant, tokenId: bigint, toRef: string, amountFen: bigint): Promise<Written<TokenRecord>> {
    return this.svc.act(() => {
      const t = this.holderToken(actor, tokenId, "split it");
      const to = this.svc.directory.member(toRef, "receiver");
      return {
        request: txOf(this.c.vouchers, actor.address, "split", [t.tokenId, to.address, amountFen], "split a voucher"),
        result: (events) => tokenOf(this.svc.state, eventArg(events, "VoucherSplit", "newTokenId")),
      };
    });
  }

  /** The holder moves its whole token to another member (背书转让). */
  transfer(actor: Participant, tokenId: bigint, toRef: string): Promise<Written<TokenRecord>> {
    return this.svc.act(() => {
      const t = this.holderToken(actor, tokenId, "transfer it");
      const to = this.svc.directory.member(toRef, "receiver");
      return {
        request: txOf(
          this.c.vouchers,
          actor.address,
          "transferFrom(address,address,uint256)",
          [actor.address, to.address, t.tokenId],
          "transfer a voucher token",
        ),
        result: () => tokenOf(this.svc.state, tokenId),
      };
    });
  }

  /** The holder asks a bank or micro-lender to buy part of its token at a discount (融资). */
  requestFinancing(
    actor: Participant,
    tokenId: bigint,
    input: { financier: string; amountFen: bigint; rateBps: number; recourse: boolean },
  ): Promise<Written<FinancingRequestRecord & { requestId: bigint }>> {
    return this.svc.act(() => {
      const t = this.holderToken(actor, tokenId, "finance it");
      const financier = this.svc.directory.member(input.financier, "financier");
      return {
        request: txOf(
          this.c.financing,
          actor.address,
          "requestFinancing",
          [t.tokenId, input.amountFen, financier.address, input.rateBps, input.recourse],
          "request financing",
        ),
        result: (events) => {
          const requestId = eventArg(events, "VoucherFinancingRequested", "requestId");
          return { requestId, ...financingRequestOf(this.svc.state, requestId) };
        },
      };
    });
  }

  /** The named financier approves: pays the proceeds and receives the financed piece, in one transaction. */
  approveFinancing(actor: Participant, requestId: bigint): Promise<Written<TokenRecord>> {
    return this.svc.act(() => {
      const r = financingRequestOf(this.svc.state, requestId);
      requireParty(actor, r.financier, `the financier named in request #${requestId}`, "approve it");
      requireRole(actor, FINANCIER_ROLES, "approve financing");
      return {
        request: txOf(this.c.financing, actor.address, "approveFinancing", [requestId], "approve financing"),
        result: (events) => tokenOf(this.svc.state, eventArg(events, "VoucherFinanced", "newTokenId")),
      };
    });
  }

  /** The named financier declines a request. */
  rejectFinancing(
    actor: Participant,
    requestId: bigint,
  ): Promise<Written<FinancingRequestRecord & { requestId: bigint }>> {
    return this.svc.act(() => {
      const r = financingRequestOf(this.svc.state, requestId);
      requireParty(actor, r.financier, `the financier named in request #${requestId}`, "reject it");
      return {
        request: txOf(this.c.financing, actor.address, "rejectFinancing", [requestId], "reject financing"),
        result: () => ({ requestId, ...financingRequestOf(this.svc.state, requestId) }),
      };
    });
  }

  /** The requesting holder withdraws its request. */
  cancelFinancing(
    actor: Participant,
    requestId: bigint,
  ): Promise<Written<FinancingRequestRecord & { requestId: bigint }>> {
    return this.svc.act(() => {
      const r = financingRequestOf(this.svc.state, requestId);
      requireParty(actor, r.holder, `the holder who made request #${requestId}`, "cancel it");
      return {
        request: txOf(this.c.financing, actor.address, "cancelFinancingRequest", [requestId], "cancel financing"),
        result: () => ({ requestId, ...financingRequestOf(this.svc.state, requestId) }),
      };
    });
  }

  /** The holder pledges its token to a lender (质押): it cannot move until released. */
  pledge(actor: Participant, tokenId: bigint, lenderRef: string): Promise<Written<TokenRecord>> {
    return this.svc.act(() => {
      const t = this.holderToken(actor, tokenId, "pledge it");
      const lender = this.svc.directory.member(lenderRef, "lender");
      return {
        request: txOf(this.c.vouchers, actor.address, "pledge", [t.tokenId, lender.address], "pledge a voucher token"),
        result: () => tokenOf(this.svc.state, tokenId),
      };
    });
  }

  /**
   * The pledgee releases its pledge. Who acts first: only a lender (a pledgee is always an operator bank
   * or a micro-loan company) and, for a pledged token, only its pledgee; then the state: a lender
   * releasing a token that is not pledged (e.g. twice) is told so.
   */
  releasePledge(actor: Participant, tokenId: bigint): Promise<Written<TokenRecord>> {
    return this.svc.act(() => {
      const t = tokenOf(this.svc.state, tokenId);
      const pledgeHolder = `the lender holding the pledge on token ${tokenLabel(tokenId)}`;
      // who acts: the pledgee of a pledged token; that a token is not pledged, only a lender learns
      if (t.pledgee || !FINANCIER_ROLES.includes(actor.role))
        requireParty(actor, t.pledgee, pledgeHolder, "release it");
      if (!t.pledgee) {
        throw new ConflictError("TOKEN_NOT_PLEDGED", `Voucher token ${tokenLabel(tokenId)} is not pledged.`, {
          tokenId: tokenId.toString(),
        });
      }
      return {
        request: txOf(this.c.vouchers, actor.address, "releasePledge", [tokenId], "release a pledge"),
        result: () => tokenOf(this.svc.state, tokenId),
      };
    });
  }

  /** The payer pays the face once into the ledger (兑付). */
  repay(actor: Participant, slotId: bigint): Promise<Written<VoucherRecord>> {
    return this.svc.act(() => {
      const v = voucherOf(this.svc.state, slotId);
      requireParty(actor, v.payer, `the payer of voucher #${slotId}`, "repay it");
      return {
        request: txOf(this.c.vouchers, actor.address, "repay", [slotId], "repay a voucher"),
        result: () => voucherOf(this.svc.state, slotId),
      };
    });
  }

  /** Any member but the regulator, from maturity on, once repaid: pays every holder (到期清分). */
  clear(actor: Participant, slotId: bigint, maxTokens = DEFAULT_CLEAR_PAGE): Promise<Written<VoucherRecord>> {
    return this.svc.act(() => {
      requireRole(actor, HOLDER_ROLES, "clear vouchers");
      voucherOf(this.svc.state, slotId);
      return {
        request: txOf(this.c.vouchers, actor.address, "clear", [slotId, maxTokens], "clear a voucher"),
        result: () => voucherOf(this.svc.state, slotId),
      };
    });
  }

  /** Any member but the regulator: pays one token to its holder (the pull path of clearing). */
  claim(actor: Participant, tokenId: bigint): Promise<Written<TokenRecord>> {
    return this.svc.act(() => {
      requireRole(actor, HOLDER_ROLES, "claim voucher payments");
      tokenOf(this.svc.state, tokenId);
      return {
        request: txOf(this.c.vouchers, actor.address, "claim", [tokenId], "claim a voucher payment"),
        result: () => tokenOf(this.svc.state, tokenId),
      };
    });
  }

  /** Any member but the regulator, after maturity and the grace period, for an unpaid voucher (违约). */
  declareDefault(actor: Participant, slotId: bigint): Promise<Written<VoucherRecord>> {
    return this.svc.act(() => {
      requireRole(actor, HOLDER_ROLES, "declare vouchers defaulted");
      voucherOf(this.svc.state, slotId);
      return {
        request: txOf(this.c.vouchers, actor.address, "declareDefault", [slotId], "declare a voucher defaulted"),
        result: () => voucherOf(this.svc.state, slotId),
      };
    });
  }

  /** The token, which the actor must hold. */
  private holderToken(actor: Participant, tokenId: bigint, action: string): TokenRecord {
    const t = tokenOf(this.svc.state, tokenId);
    requireParty(actor, t.owner, `the holder of voucher token ${tokenLabel(tokenId)}`, action);
    return t;
  }
}
