import { z } from "zod";
import { PURPOSES, RIGHT_KINDS } from "../../ledger/state.js";
import { bps, days, fen, idParam, pageQuery, participantRef, text, timeInput } from "../schemas.js";

/** Request schemas of the rights, products, loans and sales routes. */

export const RightParams = z.strictObject({ id: idParam("right") });
export const LoanParams = z.strictObject({ id: idParam("loan") });

export const LoanListQuery = z.object({
  status: z
    .enum(["Applied", "Rejected", "Withdrawn", "Active", "Repaid", "Defaulted", "Settled"])
    .optional()
    .describe("Only loans in this status"),
  participant: participantRef.optional().describe("Only loans this participant borrows, lends or guarantees"),
  ...pageQuery,
});

export const RightListQuery = z.object({
  holder: participantRef.optional().describe("Only rights this participant holds"),
  ...pageQuery,
});

export const RightBody = z
  .strictObject({
    kind: z
      .enum(RIGHT_KINDS)
      .describe("LandManagement 土地经营权, Forest 林权, Aquaculture 水域滩涂养殖权, WarehouseReceipt 仓单"),
    certificateNo: text(64).describe("Certificate number (registers once)"),
    county: z.string().max(64).default("").describe("County (县)"),
    village: z.string().max(64).default("").describe("Village (村)"),
    areaCentiMu: z
      .string()
      .regex(/^\d{1,18}$/, "must be a whole number of hundredths of a mu, as a decimal string")
      .transform((s) => BigInt(s))
      .describe('Area in hundredths of a mu (亩), e.g. "1250" = 12.5 mu; for a warehouse receipt the quantity'),
    termStart: timeInput.describe("Start of the right's term"),
    termEnd: timeInput.describe("End of the right's term (in the future)"),
    holder: participantRef.describe("The farmer or cooperative (a distributor or supplier for a warehouse receipt)"),
  })
  .describe("The registry registers a rural right (确权登记); a logistics member a warehouse receipt");

export const AppraisalBody = z
  .strictObject({
    valueFen: fen.describe("Appraised value in fen"),
    validUntil: timeInput.optional().describe("Last moment the appraisal counts; or give validDays"),
    validDays: days(3_650).optional().describe("Validity as days from the project's today"),
  })
  .refine((b) => (b.validUntil === undefined) !== (b.validDays === undefined), {
    message: "give either validUntil or validDays",
    path: ["validUntil"],
  })
  .describe("An appraiser values a right (评估)");

export const ProductBody = z
  .strictObject({
    name: text(64).describe("Product name, e.g. 梨果保"),
    purpose: z.enum(PURPOSES),
    collateral: z.enum(["None", "PropertyRight"]).default("None"),
    ltvBps: bps.default(0).describe("Loan-to-value cap for secured products (0 for unsecured)"),
    rateBps: bps.describe("Simple yearly interest rate in basis points"),
    termDays: days(3_650),
    dayCount: z.enum(["Act365", "Act360"]).default("Act365"),
    shape: z.enum(["Bullet", "Instalments"]).default("Bullet"),
    instalments: z.number().int().min(1).max(360).default(1),
    graceDays: z.number().int().min(0).max(365).default(30).describe("Days after a missed due date before a default"),
    guaranteeFeeBps: z.number().int().min(0).max(1_000).default(87).describe("Yearly guarantee fee (87 = 0.87%)"),
    shares: z
      .strictObject({ nationalBps: bps, provincialBps: bps, lenderBps: bps, guarantorBps: bps })
      .default({ nationalBps: 2_000, provincialBps: 3_000, lenderBps: 2_000, guarantorBps: 3_000 })
      .describe('Loss shares of guaranteed loans, summing to 10,000 (default "4321")'),
    minPrincipalFen: fen,
    maxPrincipalFen: fen,
  })
  .describe("A bank or micro-loan company publishes a loan product");

export const LoanBody = z
  .strictObject({
    productId: z
      .string()
      .regex(/^\d{1,20}$/, "must be a product number")
      .transform((s) => BigInt(s)),
    principalFen: fen,
    rightId: z
      .string()
      .regex(/^\d{1,20}$/, "must be a right number")
      .transform((s) => BigInt(s))
      .optional()
      .describe("A right the borrower holds, pledged as collateral"),
    guarantor: participantRef.optional().describe("A local guarantee agency"),
  })
  .describe("The borrower (the token's participant) applies for a loan");

export const RepaymentBody = z
  .strictObject({ amountFen: fen.describe("Paid now: interest first, then principal") })
  .describe("The borrower repays");

export const DisposalBody = z
  .strictObject({
    buyer: participantRef.describe(
      "Who buys the right: the lender itself, or a member that allowed the loan book the price",
    ),
    priceFen: fen.describe("The sale price: min(price, debt) to the lender, the rest to the borrower"),
  })
  .describe("The lender sells the pledged right of a defaulted loan (处置)");

export const SurplusClaimBody = z
  .strictObject({ amountFen: fen.describe("Taken now, at most what is held (the wallet's balance cap applies)") })
  .describe("The borrower claims a disposal surplus the loan book holds for it");

export const SalesBody = z
  .strictObject({
    borrower: participantRef,
    weekIndex: z.number().int().min(0).max(4_294_967_295).describe("Week number, strictly increasing per borrower"),
    salesFen: fen.describe("Point-of-sale flow of the week, in fen"),
  })
  .describe("The data feed posts a borrower's weekly sales (flexible repayment, 弹性还款)");
