/** The contracts one consortium deployment consists of, in deployment order. */
export const PROJECT_CONTRACTS = ["Consortium", "ECNY", "PaymentEscrow"] as const;

export type ProjectContractName = (typeof PROJECT_CONTRACTS)[number];
