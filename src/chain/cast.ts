import { computeAddress, keccak256, toUtf8Bytes } from "ethers";
import { InvalidInputError, NotFoundError } from "../domain/errors.js";
import type { RoleName } from "../domain/roles.js";

/** How a participant's e-CNY wallet is opened. Caps in fen; Corporate wallets need their own caps. */
export interface WalletSpec {
  category: "Anonymous" | "Verified" | "Corporate";
  caps?: { perPayment: bigint; daily: bigint; balance: bigint };
  /** Id of the operator bank that opens it; default: the first operator bank of the cast. */
  bank?: string;
}

/** A participant to admit: a stable id, display names, a role, a wallet and starting money. */
export interface ParticipantSpec {
  id: string;
  name: string;
  nameZh?: string;
  role: RoleName;
  wallet?: WalletSpec;
  /** e-CNY issued into its wallet at deployment, in fen. */
  initialFen?: bigint;
  /** Issuance quota set by the central bank (operator banks only), in fen. */
  quotaFen?: bigint;
  /** For guarantee agencies: the layer of the "4321" risk-sharing scheme it plays. */
  guaranteeLayer?: "local" | "provincial" | "national";
}

/** A participant once deployed: its spec plus its account. */
export interface Participant extends ParticipantSpec {
  address: string;
  /** Its private key: a development key derived from the seed (never for a real chain), or its own. */
  privateKey: string;
}

/**
 * Derives a participant's development key from the deployment seed and its id, so the same cast
 * and seed always give the same addresses (reports and lessons can name them).
 */
export function devKey(seed: string, id: string): string {
  return keccak256(toUtf8Bytes(`scf-dev-key/${seed}/${id}`));
}

/**
 * Gives every spec its key (its own from `keys`, else a dev key from the seed) and address; refuses
 * duplicate ids, and a participant that `keys` has no key for.
 */
export function materializeCast(specs: ParticipantSpec[], seed: string, keys?: Map<string, string>): Participant[] {
  const ids = new Set<string>();
  return specs.map((spec) => {
    if (ids.has(spec.id)) throw new InvalidInputError(`participant id "${spec.id}" appears twice`);
    ids.add(spec.id);
    const privateKey = keys ? keys.get(spec.id) : devKey(seed, spec.id);
    if (!privateKey) throw new InvalidInputError(`the keys file has no key for participant "${spec.id}"`);
    return { ...spec, privateKey, address: computeAddress(privateKey) };
  });
}

/** Lookup of a deployed cast by id, address or role. */
export class Cast {
  readonly all: Participant[];
  private readonly byIdMap = new Map<string, Participant>();
  private readonly byAddressMap = new Map<string, Participant>();

  constructor(participants: Participant[]) {
    this.all = participants;
    for (const p of participants) {
      this.byIdMap.set(p.id, p);
      this.byAddressMap.set(p.address.toLowerCase(), p);
    }
  }

  /** The participant with this id; throws a clear error for an unknown one. */
  get(id: string): Participant {
    const p = this.byIdMap.get(id);
    if (!p) throw new NotFoundError(`no participant "${id}" in this consortium`, { id });
    return p;
  }

  find(id: string): Participant | undefined {
    return this.byIdMap.get(id);
  }

  byAddress(address: string): Participant | undefined {
    return this.byAddressMap.get(address.toLowerCase());
  }

  withRole(role: RoleName): Participant[] {
    return this.all.filter((p) => p.role === role);
  }

  /** The first participant with `role`; throws if the cast has none. */
  first(role: RoleName): Participant {
    const p = this.all.find((q) => q.role === role);
    if (!p) throw new NotFoundError(`the cast has no ${role}`);
    return p;
  }
}

const YUAN = 100n;
const corporate = (balanceYuan: bigint, bank?: string): WalletSpec => ({
  category: "Corporate",
  caps: { perPayment: balanceYuan * YUAN, daily: balanceYuan * YUAN, balance: balanceYuan * YUAN },
  bank,
});

/**
 * The small demonstration cast of `scf node`, `scf serve` and the lessons: one or two members of
 * every role, funded. Names follow DOMAIN.md (a Tangshan steel chain, a Xiong'an market and farms).
 */
export function demoCast(): ParticipantSpec[] {
  return [
    { id: "operator", name: "Jilian Platform Operator", nameZh: "冀链通平台运营方", role: "PlatformOperator" },
    { id: "pboc", name: "People's Bank of China, Hebei", nameZh: "人民银行河北省分行", role: "CentralBank" },
    {
      id: "lead-bank",
      name: "Tangshan Lead Bank",
      nameZh: "唐山牵头银行",
      role: "OperatorBank",
      wallet: corporate(10_000_000_000n, "lead-bank"),
      initialFen: 200_000_000n * YUAN,
      quotaFen: 10_000_000_000n * YUAN,
    },
    {
      id: "rural-bank",
      name: "Xiong'an Rural Credit Cooperative",
      nameZh: "雄安农村信用合作联社",
      role: "OperatorBank",
      wallet: corporate(10_000_000_000n, "rural-bank"),
      initialFen: 50_000_000n * YUAN,
      quotaFen: 5_000_000_000n * YUAN,
    },
    {
      id: "steel-group",
      name: "Hebei Steel Group",
      nameZh: "河北钢铁集团",
      role: "CoreEnterprise",
      wallet: corporate(5_000_000_000n),
      initialFen: 100_000_000n * YUAN,
    },
    {
      id: "rolling-mill",
      name: "Fengrun Rolling Mill",
      nameZh: "丰润轧钢厂",
      role: "Supplier",
      wallet: corporate(1_000_000_000n),
      initialFen: 2_000_000n * YUAN,
    },
    {
      id: "scrap-recycler",
      name: "Luannan Scrap Recycling",
      nameZh: "滦南废钢回收站",
      role: "Supplier",
      wallet: corporate(500_000_000n),
      initialFen: 500_000n * YUAN,
    },
    {
      id: "scrap-collector",
      name: "Qian'an Scrap Collector",
      nameZh: "迁安废钢收购点",
      role: "Supplier",
      wallet: corporate(100_000_000n),
      initialFen: 100_000n * YUAN,
    },
    {
      id: "distributor",
      name: "Tangshan Building Materials Trading",
      nameZh: "唐山建材经销公司",
      role: "Distributor",
      wallet: corporate(500_000_000n),
      initialFen: 3_000_000n * YUAN,
    },
    {
      id: "micro-lender",
      name: "Caofeidian Micro-Loan Company",
      nameZh: "曹妃甸小额贷款公司",
      role: "MicroLender",
      wallet: corporate(1_000_000_000n),
      initialFen: 50_000_000n * YUAN,
    },
    {
      id: "guarantor",
      name: "Tangshan Financing Guarantee",
      nameZh: "唐山融资担保公司",
      role: "Guarantor",
      guaranteeLayer: "local",
      wallet: corporate(1_000_000_000n),
      initialFen: 30_000_000n * YUAN,
    },
    {
      id: "provincial-reguarantor",
      name: "Hebei Re-guarantee Group",
      nameZh: "河北省再担保集团",
      role: "Guarantor",
      guaranteeLayer: "provincial",
      wallet: corporate(5_000_000_000n),
      initialFen: 100_000_000n * YUAN,
    },
    {
      id: "national-fund",
      name: "National Financing Guarantee Fund",
      nameZh: "国家融资担保基金",
      role: "Guarantor",
      guaranteeLayer: "national",
      wallet: corporate(10_000_000_000n),
      initialFen: 200_000_000n * YUAN,
    },
    {
      id: "logistics",
      name: "Tangshan Port Logistics",
      nameZh: "唐山港物流",
      role: "Logistics",
      wallet: corporate(10_000_000n),
      initialFen: 10_000n * YUAN,
    },
    { id: "registry", name: "Xiong'an Rural Property Exchange", nameZh: "雄安农村产权交易中心", role: "Registry" },
    { id: "appraiser", name: "Baoding Asset Appraisal", nameZh: "保定资产评估事务所", role: "Appraiser" },
    {
      id: "pear-coop",
      name: "Rongcheng Pear Cooperative",
      nameZh: "容城梨果专业合作社",
      role: "Farmer",
      wallet: corporate(50_000_000n, "rural-bank"),
      initialFen: 50_000n * YUAN,
    },
    {
      id: "farmer",
      name: "Wang Jianguo (potato farmer)",
      nameZh: "王建国(马铃薯种植户)",
      role: "Farmer",
      wallet: { category: "Verified", bank: "rural-bank" },
      initialFen: 20_000n * YUAN,
    },
    {
      id: "merchant",
      name: "Xiong'an Building Materials Market Store 18",
      nameZh: "雄安建材市场18号商户",
      role: "Merchant",
      wallet: corporate(20_000_000n, "rural-bank"),
      initialFen: 500_000n * YUAN,
    },
    {
      id: "shopper",
      name: "Li Na (market customer)",
      nameZh: "李娜(市场顾客)",
      role: "Merchant",
      wallet: { category: "Anonymous", bank: "rural-bank" },
      initialFen: 5_000n * YUAN,
    },
    { id: "regulator", name: "Hebei Financial Regulatory Bureau", nameZh: "河北金融监管局", role: "Regulator" },
    { id: "data-feed", name: "Xiong'an POS Data Service", nameZh: "雄安收单数据服务", role: "DataFeed" },
  ];
}
