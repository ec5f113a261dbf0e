import type { Participant } from "../chain/cast.js";
import { txOf } from "../chain/handles.js";
import { InvalidInputError } from "../domain/errors.js";
import type { OrderRecord } from "../ledger/state.js";
import { eventArg, orderOf } from "./lookup.js";
import { HOLDER_ROLES, requireParty, requireRole } from "./permissions.js";
import { deliveryRefOf } from "./refs.js";
import type { ScfService, Written } from "./service.js";

/** The project contracts that take e-CNY from a wallet with its owner's allowance (ERC-20 `transferFrom`). */
export const ALLOWANCE_SPENDERS = ["LoanBook"] as const;
export type AllowanceSpender = (typeof ALLOWANCE_SPENDERS)[number];

/** e-CNY payments (数字人民币) and pay on delivery (货到自动付款). */
export class PaymentService {
  constructor(private readonly svc: ScfService) {}

  private get c() {
    return this.svc.deployment.contracts;
  }

  /**
   * Pays e-CNY from the actor's wallet to another member's wallet (caps apply).
   * @example await service.payments.pay(mill, "scrap-recycler", 1_234_56n)
   */
  pay(actor: Participant, toRef: string, amountFen: bigint): Promise<Written<{ from: string; to: string }>> {
    return this.svc.act(() => {
      requireRole(actor, HOLDER_ROLES, "pay in e-CNY");
      const to = this.svc.directory.member(toRef, "payee");
      if (to.address.toLowerCase() === actor.address.toLowerCase()) {
        throw new InvalidInputError("A wallet cannot pay itself.", { to: toRef });
      }
      return {
        request: txOf(this.c.ecny, actor.address, "transfer", [to.address, amountFen], "pay in e-CNY"),
        result: () => ({ from: actor.address.toLowerCase(), to: to.address.toLowerCase() }),
      };
    });
  }

  /**
   * Allows a project contract to take up to `amountFen` from the actor's wallet (ERC-20 `approve`;
   * 0 withdraws the allowance): a buyer's consent to pay for a disposed right, a risk-sharing party's
   * consent to pay its share of a loss.
   */
  allow(
    actor: Participant,
    spender: AllowanceSpender,
    amountFen: bigint,
  ): Promise<Written<{ owner: string; spender: AllowanceSpender }>> {
    return this.svc.act(() => {
      requireRole(actor, HOLDER_ROLES, "allow contracts to take e-CNY");
      const address = this.svc.deployment.addresses[spender];
      return {
        request: txOf(this.c.ecny, actor.address, "approve", [address, amountFen], "allow a contract to take e-CNY"),
        result: () => ({ owner: actor.address.toLowerCase(), spender }),
      };
    });
  }

  /**
   * The buyer locks e-CNY for an order; the named logistics member's confirmation pays the seller.
   * @param deadline project time in seconds after which the buyer may get the money back.
   */
  lockOrder(
    actor: Participant,
    input: { seller: string; amountFen: bigint; deliveryRef: string; deadline: number; logistics: string },
  ): Promise<Written<OrderRecord>> {
    return this.svc.act(() => {
      requireRole(actor, HOLDER_ROLES, "place pay-on-delivery orders");
      const seller = this.svc.directory.member(input.seller, "seller");
      const logistics = this.svc.directory.member(input.logistics, "logistics member");
      return {
        request: txOf(
          this.c.escrow,
          actor.address,
          "lockForDelivery",
          [seller.address, input.amountFen, deliveryRefOf(input.deliveryRef), input.deadline, logistics.address],
          "lock e-CNY for delivery",
        ),
        result: (events) => orderOf(this.svc.state, eventArg(events, "OrderLocked", "orderId")),
      };
    });
  }

  /** The order's logistics member confirms delivery with the delivery reference: the seller is paid. */
  confirmDelivery(actor: Participant, orderId: bigint, deliveryRef: string): Promise<Written<OrderRecord>> {
    return this.svc.act(() => {
      const o = orderOf(this.svc.state, orderId);
      requireParty(actor, o.logistics, `the logistics member named in order #${orderId}`, "confirm its delivery");
      return {
        request: txOf(
          this.c.escrow,
          actor.address,
          "confirmDelivery",
          [orderId, deliveryRefOf(deliveryRef)],
          "confirm delivery",
        ),
        result: () => orderOf(this.svc.state, orderId),
      };
    });
  }

  /** Any member but the regulator, from the deadline on without delivery: the buyer gets its money back. */
  refund(actor: Participant, orderId: bigint): Promise<Written<OrderRecord>> {
    return this.svc.act(() => {
      orderOf(this.svc.state, orderId);
      requireRole(actor, HOLDER_ROLES, "refund orders");
      return {
        request: txOf(this.c.escrow, actor.address, "refund", [orderId], "refund an order"),
        result: () => orderOf(this.svc.state, orderId),
      };
    });
  }
}
