import { z } from "zod";
import { ALLOWANCE_SPENDERS } from "../../service/payments.js";
import { days, fen, idParam, pageQuery, participantRef, text, timeInput } from "../schemas.js";

/** Request schemas of the e-CNY and pay-on-delivery routes. */

export const WalletParams = z.strictObject({ participantId: participantRef });
export const OrderParams = z.strictObject({ id: idParam("order") });

export const OrderListQuery = z.object({
  status: z.enum(["Open", "Released", "Refunded"]).optional().describe("Only orders in this status"),
  participant: participantRef.optional().describe("Only orders this participant buys, sells or delivers"),
  ...pageQuery,
});

export const PaymentBody = z
  .strictObject({ to: participantRef.describe("Who is paid"), amountFen: fen })
  .describe("Pays e-CNY from the token participant's wallet (wallet caps apply)");

export const AllowanceBody = z
  .strictObject({
    spender: z
      .enum(ALLOWANCE_SPENDERS)
      .describe("The contract allowed to take e-CNY: the loan book (a disposal's buyer, a risk-sharing party)"),
    amountFen: fen.describe("The most it may take from now on (replaces any earlier allowance; 0 withdraws it)"),
  })
  .describe("Allows a project contract to take e-CNY from the token participant's wallet (ERC-20 approve)");

export const OrderBody = z
  .strictObject({
    seller: participantRef.describe("Who is paid on delivery"),
    amountFen: fen.describe("e-CNY locked now, in fen"),
    deliveryRef: text(100).describe("The delivery reference (waybill); the logistics member confirms with the same"),
    deadline: timeInput.optional().describe("Delivery deadline; or give deadlineDays"),
    deadlineDays: days(3_650).optional().describe("Delivery deadline as days from the project's today"),
    logistics: participantRef.describe("The logistics member who may confirm the delivery"),
  })
  .refine((b) => (b.deadline === undefined) !== (b.deadlineDays === undefined), {
    message: "give either deadline or deadlineDays",
    path: ["deadline"],
  })
  .describe("The buyer (the token's participant) locks e-CNY for an order: pay on delivery (货到自动付款)");

export const ConfirmBody = z
  .strictObject({ deliveryRef: text(100).describe("The delivery reference recorded in the order") })
  .describe("The order's logistics member confirms delivery: the seller is paid at once");
