/** The contracts one consortium deployment consists of, in deployment order. */
export const PROJECT_CONTRACTS = [
  "Consortium",
  "ECNY",
  "PaymentEscrow",
  "VoucherLedger",
  "VoucherFinancing",
  "PropertyRegistry",
  "LoanBook",
] as const;

export type ProjectContractName = (typeof PROJECT_CONTRACTS)[number];

/** Project contracts that hold or move members' e-CNY: registered as system contracts with a system wallet. */
export const SYSTEM_CONTRACTS: readonly ProjectContractName[] = [
  "PaymentEscrow",
  "VoucherLedger",
  "VoucherFinancing",
  "LoanBook",
];
