import { z } from "zod";
import { bps, days, fen, idParam, pageQuery, participantRef, text, timeInput, tokenIdParam } from "../schemas.js";

/** Request schemas of the voucher routes (the OpenAPI document is generated from them). */

export const SlotParams = z.strictObject({ slotId: idParam("voucher") });
export const TokenParams = z.strictObject({ tokenId: tokenIdParam });
export const RequestParams = z.strictObject({ requestId: idParam("financing request") });

export const VoucherListQuery = z.object({
  status: z
    .enum(["Pending", "Active", "Overdue", "Rejected", "Repaid", "Defaulted", "Cleared"])
    .optional()
    .describe("Only vouchers in this status"),
  participant: participantRef.optional().describe("Only vouchers this participant pays, receives or holds"),
  ...pageQuery,
});

export const FinancingListQuery = z.object({
  status: z.enum(["Open", "Approved", "Rejected", "Cancelled"]).optional().describe("Only requests in this status"),
  participant: participantRef.optional().describe("Only requests this participant made or must answer"),
  ...pageQuery,
});

export const CreditLineBody = z
  .strictObject({
    issuer: participantRef.describe("The core enterprise, supplier or distributor whose line is set"),
    limitFen: fen,
  })
  .describe("An operator bank sets an issuer's credit line (voucher issuance is capped by it)");

export const IssueBody = z
  .strictObject({
    payee: participantRef.describe("Who the voucher is issued to (the supplier owed)"),
    amountFen: fen.describe("Face amount in fen, as a decimal string"),
    maturity: timeInput.optional().describe("Maturity (ISO date or date-time); or give maturityDays"),
    maturityDays: days(365).optional().describe("Maturity as a number of days from the project's today"),
    tradeRef: text(200).describe("The trade background (contract, invoice, delivery): hashed into tradeHash"),
  })
  .refine((b) => (b.maturity === undefined) !== (b.maturityDays === undefined), {
    message: "give either maturity or maturityDays",
    path: ["maturity"],
  })
  .describe("The payer (the token's participant) confirms a debt (确权): a voucher waiting for the payee");

export const SplitBody = z
  .strictObject({ to: participantRef.describe("Who receives the split piece"), amountFen: fen })
  .describe("The holder splits part of its token to another member (拆分流转)");

export const TransferBody = z
  .strictObject({ to: participantRef.describe("Who receives the whole token") })
  .describe("The holder moves its whole token (背书转让)");

export const FinancingBody = z
  .strictObject({
    financier: participantRef.describe("The operator bank or micro-loan company asked to buy the piece"),
    amountFen: fen.describe("Value of the piece to sell, in fen"),
    rateBps: bps.describe("Yearly discount rate in basis points (365 = 3.65%)"),
    recourse: z
      .boolean()
      .default(false)
      .describe("With recourse (有追索权): the seller pays back if the payer defaults"),
  })
  .describe("The holder asks a financier to buy part of its token at a discount (融资/保理/贴现)");

export const PledgeBody = z
  .strictObject({ lender: participantRef.describe("The operator bank or micro-loan company taking the pledge") })
  .describe("The holder pledges its token (质押)");

export const ClearBody = z
  .strictObject({
    maxTokens: z.number().int().min(1).max(1_000).optional().describe("Tokens examined at most (default 200)"),
  })
  .describe("Clears a repaid voucher from maturity on: every holder is paid (到期清分)");
