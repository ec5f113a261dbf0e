import { ZeroAddress } from "ethers";
import type { Participant } from "../chain/cast.js";
import { txOf } from "../chain/handles.js";
import type { LoanRecord, ProductRecord, RightKind, RightRecord } from "../ledger/state.js";
import { PURPOSES, RIGHT_KINDS } from "../ledger/state.js";
import { eventArg, loanOf, productOf, rightOf } from "./lookup.js";
import { BORROWER_ROLES, FINANCIER_ROLES, requireParty, requireRole } from "./permissions.js";
import type { ScfService, Written } from "./service.js";

/** What a lender passes to publish a loan product (amounts in fen, rates in basis points a year). */
export interface ProductInput {
  name: string;
  purpose: (typeof PURPOSES)[number];
  collateral: "None" | "PropertyRight";
  ltvBps: number;
  rateBps: number;
  termDays: number;
  dayCount: "Act365" | "Act360";
  shape: "Bullet" | "Instalments";
  instalments: number;
  graceDays: number;
  guaranteeFeeBps: number;
  /** Loss shares of guaranteed loans, in basis points summing to 10,000 (default "4321"). */
  shares: { nationalBps: number; provincialBps: number; lenderBps: number; guarantorBps: number };
  minPrincipalFen: bigint;
  maxPrincipalFen: bigint;
}

export interface RightInput {
  kind: RightKind;
  certificateNo: string;
  county: string;
  village: string;
  /** Area in hundredths of a mu (quantity for a warehouse receipt). */
  areaCentiMu: bigint;
  termStart: number;
  termEnd: number;
  holder: string;
}

/**
 * Rural property rights (三权确权 and appraisal), loan products, loans (apply, guarantee, disburse,
 * repay, default) and the data feed's weekly sales (弹性还款). Who acts is checked before the state of
 * the right or loan: a role first, then the party of the object (which needs the object), then its state.
 */
export class LendingService {
  constructor(private readonly svc: ScfService) {}

  private get c() {
    return this.svc.deployment.contracts;
  }

  /** The registry (rural rights) or a logistics member (warehouse receipts) registers a right. */
  registerRight(actor: Participant, input: RightInput): Promise<Written<RightRecord>> {
    return this.svc.act(() => {
      if (input.kind === "WarehouseReceipt") requireRole(actor, ["Logistics"], "register warehouse receipts");
      else requireRole(actor, ["Registry"], "register rural property rights");
      const holder = this.svc.directory.member(input.holder, "holder");
      return {
        request: txOf(
          this.c.registry,
          actor.address,
          "register",
          [
            RIGHT_KINDS.indexOf(input.kind),
            input.certificateNo,
            input.county,
            input.village,
            input.areaCentiMu,
            input.termStart,
            input.termEnd,
            holder.address,
          ],
          "register a right",
        ),
        result: (events) => rightOf(this.svc.state, eventArg(events, "RightRegistered", "rightId")),
      };
    });
  }

  /** An appraiser values a right (评估) until `validUntil` (project seconds). */
  appraise(actor: Participant, rightId: bigint, valueFen: bigint, validUntil: number): Promise<Written<RightRecord>> {
    return this.svc.act(() => {
      requireRole(actor, ["Appraiser"], "appraise rights");
      rightOf(this.svc.state, rightId);
      return {
        request: txOf(this.c.registry, actor.address, "appraise", [rightId, valueFen, validUntil], "appraise a right"),
        result: () => rightOf(this.svc.state, rightId),
      };
    });
  }

  /** A bank or micro-lender publishes a loan product. */
  createProduct(actor: Participant, p: ProductInput): Promise<Written<ProductRecord>> {
    return this.svc.act(() => {
      requireRole(actor, FINANCIER_ROLES, "publish loan products");
      const params = {
        name: p.name,
        purpose: PURPOSES.indexOf(p.purpose),
        collateral: p.collateral === "PropertyRight" ? 1 : 0,
        ltvBps: p.ltvBps,
        rateBps: p.rateBps,
        termDays: p.termDays,
        dayCount: p.dayCount === "Act360" ? 1 : 0,
        shape: p.shape === "Instalments" ? 1 : 0,
        instalments: p.instalments,
        graceDays: p.graceDays,
        guaranteeFeeBps: p.guaranteeFeeBps,
        shares: p.shares,
        minPrincipal: p.minPrincipalFen,
        maxPrincipal: p.maxPrincipalFen,
      };
      return {
        request: txOf(this.c.loans, actor.address, "createProduct", [params], "publish a loan product"),
        result: (events) => productOf(this.svc.state, eventArg(events, "ProductCreated", "productId")),
      };
    });
  }

  /** A borrower applies, optionally pledging a right it holds and naming a local guarantor. */
  apply(
    actor: Participant,
    input: { productId: bigint; principalFen: bigint; rightId?: bigint; guarantor?: string },
  ): Promise<Written<LoanRecord>> {
    return this.svc.act(() => {
      requireRole(actor, BORROWER_ROLES, "borrow");
      productOf(this.svc.state, input.productId);
      if (input.rightId !== undefined) {
        const right = rightOf(this.svc.state, input.rightId);
        requireParty(actor, right.holder, `the holder of right #${input.rightId}`, "pledge it");
      }
      const guarantor = input.guarantor ? this.svc.directory.member(input.guarantor, "guarantor").address : ZeroAddress;
      return {
        request: txOf(
          this.c.loans,
          actor.address,
          "applyForLoan",
          [input.productId, input.principalFen, input.rightId ?? 0n, guarantor],
          "apply for a loan",
        ),
        result: (events) => loanOf(this.svc.state, eventArg(events, "LoanApplied", "loanId")),
      };
    });
  }

  /** The borrower withdraws its application. */
  withdraw(actor: Participant, loanId: bigint): Promise<Written<LoanRecord>> {
    return this.loanAction(actor, loanId, "borrower", "withdraw", "withdraw the application");
  }

  /** The named guarantor approves the guarantee. */
  approveGuarantee(actor: Participant, loanId: bigint): Promise<Written<LoanRecord>> {
    return this.loanAction(actor, loanId, "guarantor", "approveGuarantee", "guarantee it");
  }

  /** The product's lender checks and disburses (放款) in one transaction. */
  approve(actor: Participant, loanId: bigint): Promise<Written<LoanRecord>> {
    return this.loanAction(actor, loanId, "lender", "approveAndDisburse", "approve and disburse it");
  }

  /** The product's lender refuses the application. */
  reject(actor: Participant, loanId: bigint): Promise<Written<LoanRecord>> {
    return this.loanAction(actor, loanId, "lender", "reject", "reject it");
  }

  /** The lender declares the default (违约) once a due date and its grace days have passed. */
  declareDefault(actor: Participant, loanId: bigint): Promise<Written<LoanRecord>> {
    return this.loanAction(actor, loanId, "lender", "declareDefault", "declare it defaulted");
  }

  /** The borrower repays `amountFen` (interest first, then principal). */
  repay(actor: Participant, loanId: bigint, amountFen: bigint): Promise<Written<LoanRecord>> {
    return this.svc.act(() => {
      const loan = loanOf(this.svc.state, loanId);
      requireParty(actor, loan.borrower, `the borrower of loan #${loanId}`, "repay it");
      return {
        request: txOf(this.c.loans, actor.address, "repay", [loanId, amountFen], "repay a loan"),
        result: () => loanOf(this.svc.state, loanId),
      };
    });
  }

  /**
   * The lender sells the pledged right of a defaulted loan (处置) for `priceFen`: to itself, or to
   * another member that has allowed the loan book to take the price from its e-CNY wallet.
   * min(price, debt) goes to the lender, the surplus to the borrower (held for the borrower when its
   * wallet cannot take it now).
   */
  dispose(
    actor: Participant,
    loanId: bigint,
    input: { buyer: string; priceFen: bigint },
  ): Promise<Written<LoanRecord>> {
    return this.svc.act(() => {
      const loan = loanOf(this.svc.state, loanId);
      requireParty(actor, loan.lender || undefined, `the lender of loan #${loanId}`, "sell its collateral");
      const buyer = this.svc.directory.member(input.buyer, "buyer");
      return {
        request: txOf(
          this.c.loans,
          actor.address,
          "dispose",
          [loanId, buyer.address, input.priceFen],
          "sell the collateral of a defaulted loan",
        ),
        result: () => loanOf(this.svc.state, loanId),
      };
    });
  }

  /**
   * The lender calls the guarantee of a defaulted guaranteed loan: the remaining loss is shared "4321"
   * (national fund, provincial re-guarantor, lender, local guarantor); each paying party has allowed
   * the loan book its share.
   */
  callGuarantee(actor: Participant, loanId: bigint): Promise<Written<LoanRecord>> {
    return this.loanAction(actor, loanId, "lender", "callGuarantee", "call its guarantee");
  }

  /** The lender writes off the remaining loss of a defaulted loan without a guarantee. */
  writeOff(actor: Participant, loanId: bigint): Promise<Written<LoanRecord>> {
    return this.loanAction(actor, loanId, "lender", "writeOff", "write it off");
  }

  /** The borrower takes `amountFen` of the disposal surplus the loan book holds for it. */
  claimSurplus(actor: Participant, loanId: bigint, amountFen: bigint): Promise<Written<LoanRecord>> {
    return this.svc.act(() => {
      const loan = loanOf(this.svc.state, loanId);
      requireParty(actor, loan.borrower, `the borrower of loan #${loanId}`, "claim its surplus");
      return {
        request: txOf(this.c.loans, actor.address, "claimSurplus", [loanId, amountFen], "claim a held surplus"),
        result: () => loanOf(this.svc.state, loanId),
      };
    });
  }

  /** The data feed posts a borrower's weekly point-of-sale flow (flexible repayment, 弹性还款). */
  postSales(
    actor: Participant,
    input: { borrower: string; weekIndex: number; salesFen: bigint },
  ): Promise<Written<{ borrower: string; weekIndex: number }>> {
    return this.svc.act(() => {
      requireRole(actor, ["DataFeed"], "post sales data");
      const borrower = this.svc.directory.member(input.borrower, "borrower");
      return {
        request: txOf(
          this.c.loans,
          actor.address,
          "postWeeklySales",
          [borrower.address, input.weekIndex, input.salesFen],
          "post weekly sales",
        ),
        result: () => ({ borrower: borrower.address.toLowerCase(), weekIndex: input.weekIndex }),
      };
    });
  }

  private loanAction(
    actor: Participant,
    loanId: bigint,
    party: "borrower" | "lender" | "guarantor",
    method: string,
    action: string,
  ): Promise<Written<LoanRecord>> {
    return this.svc.act(() => {
      const loan = loanOf(this.svc.state, loanId);
      const address = loan[party] && loan[party] !== ZeroAddress ? loan[party] : undefined;
      requireParty(actor, address, `the ${party} of loan #${loanId}`, action);
      return {
        request: txOf(this.c.loans, actor.address, method, [loanId], `${method} loan`),
        result: () => loanOf(this.svc.state, loanId),
      };
    });
  }
}
