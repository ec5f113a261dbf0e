/**
 * Consortium roles, in the order of `IConsortium.Role` (the on-chain value is the index).
 * Keep this list and the Solidity enum identical; `test/chain/roles.test.ts` checks it on chain.
 */
export const ROLES = [
  "None",
  "PlatformOperator",
  "CentralBank",
  "OperatorBank",
  "CoreEnterprise",
  "Supplier",
  "Distributor",
  "MicroLender",
  "Guarantor",
  "Logistics",
  "Registry",
  "Appraiser",
  "Farmer",
  "Merchant",
  "Regulator",
  "DataFeed",
] as const;

export type RoleName = Exclude<(typeof ROLES)[number], "None">;

/** The on-chain value of a role. */
export function roleId(role: RoleName): number {
  const id = ROLES.indexOf(role);
  if (id <= 0) throw new RangeError(`unknown role ${role}`);
  return id;
}

/** The role name of an on-chain value. */
export function roleName(id: number | bigint): RoleName | "None" {
  const name = ROLES[Number(id)];
  if (name === undefined) throw new RangeError(`unknown role id ${id}`);
  return name;
}

/** Practitioners' words for each role, for the UI, the docs and the lessons. */
export const ROLE_LABELS: Record<RoleName, { en: string; zh: string }> = {
  PlatformOperator: { en: "platform operator", zh: "平台运营方" },
  CentralBank: { en: "central bank", zh: "中国人民银行" },
  OperatorBank: { en: "operator bank", zh: "运营银行" },
  CoreEnterprise: { en: "core enterprise", zh: "核心企业" },
  Supplier: { en: "supplier", zh: "供应商" },
  Distributor: { en: "distributor", zh: "经销商" },
  MicroLender: { en: "micro-loan company", zh: "小额贷款公司" },
  Guarantor: { en: "guarantee agency", zh: "融资担保机构" },
  Logistics: { en: "logistics / warehouse", zh: "物流仓储" },
  Registry: { en: "property registry", zh: "产权登记机构" },
  Appraiser: { en: "appraiser", zh: "评估机构" },
  Farmer: { en: "farmer / cooperative", zh: "农户 / 合作社" },
  Merchant: { en: "merchant", zh: "商户" },
  Regulator: { en: "regulator", zh: "监管机构" },
  DataFeed: { en: "data feed", zh: "数据服务方" },
};

/** Membership status, in the order of `IConsortium.Status`. */
export const MEMBER_STATUSES = ["None", "Active", "Suspended", "Removed"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** e-CNY wallet categories, in the order of `IECNY.Category`. */
export const WALLET_CATEGORIES = ["None", "Anonymous", "Verified", "Corporate", "System"] as const;
export type WalletCategory = (typeof WALLET_CATEGORIES)[number];
