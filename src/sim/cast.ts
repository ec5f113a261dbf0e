import type { ParticipantSpec, WalletSpec } from "../chain/cast.js";
import type { RoleName } from "../domain/roles.js";
import type { AgentKind, ParticipantGroup, Scenario } from "./scenario/schema.js";

const ROLE_OF: Record<AgentKind, RoleName> = {
  platform: "PlatformOperator",
  "central-bank": "CentralBank",
  regulator: "Regulator",
  "data-feed": "DataFeed",
  bank: "OperatorBank",
  "micro-lender": "MicroLender",
  guarantor: "Guarantor",
  reguarantor: "Guarantor",
  "national-fund": "Guarantor",
  registry: "Registry",
  appraiser: "Appraiser",
  core: "CoreEnterprise",
  supplier: "Supplier",
  distributor: "Distributor",
  logistics: "Logistics",
  cooperative: "Farmer",
  farmer: "Farmer",
  merchant: "Merchant",
};

const NO_WALLET: AgentKind[] = ["platform", "central-bank", "regulator", "data-feed", "registry", "appraiser"];
/** Default corporate caps: ¥10 bn per payment, per day and balance (a bank sets them per client). */
const CORPORATE_DEFAULT = 1_000_000_000_000n;

/** The role each agent kind plays on chain. */
export function roleOfKind(kind: AgentKind): RoleName {
  return ROLE_OF[kind];
}

/** Participant ids of a group: the group id itself for one member, else `id-001`, `id-002`, … */
export function memberIds(group: ParticipantGroup): string[] {
  if (group.count === 1) return [group.id];
  const width = String(group.count).length;
  return Array.from({ length: group.count }, (_, i) => `${group.id}-${String(i + 1).padStart(width, "0")}`);
}

function walletOf(group: ParticipantGroup, bankId: string): WalletSpec | undefined {
  const w = group.wallet;
  if (w === "none" || (w === undefined && NO_WALLET.includes(group.agent))) return undefined;
  if (w === "anonymous") return { category: "Anonymous", bank: bankId };
  if (w === "verified" || (w === undefined && group.agent === "farmer")) return { category: "Verified", bank: bankId };
  const caps =
    w && typeof w === "object"
      ? w.corporate
      : { perPayment: CORPORATE_DEFAULT, daily: CORPORATE_DEFAULT, balance: CORPORATE_DEFAULT };
  return { category: "Corporate", caps, bank: bankId };
}

/**
 * The cast of a scenario: every participant of every group, with its role, wallet, starting
 * e-CNY and (banks) issuance quota. Wallets are opened by the group's bank, or by the first bank.
 */
export function castFromScenario(scenario: Scenario): ParticipantSpec[] {
  const banks = scenario.participants.filter((g) => g.agent === "bank");
  const firstBankMember = memberIds(banks[0])[0];
  const specs: ParticipantSpec[] = [];
  for (const group of scenario.participants) {
    const ids = memberIds(group);
    ids.forEach((id, i) => {
      const n = String(i + 1);
      const bankId = group.bank ? memberIds(scenario.participants.find((g) => g.id === group.bank)!)[0] : undefined;
      const ownBank = group.agent === "bank" ? id : (bankId ?? firstBankMember);
      specs.push({
        id,
        name: group.name.replaceAll("{n}", n),
        nameZh: group.nameZh?.replaceAll("{n}", n),
        role: ROLE_OF[group.agent],
        wallet: walletOf(group, ownBank),
        initialFen: group.startingBalance,
        quotaFen: group.quota,
        guaranteeLayer:
          group.agent === "reguarantor"
            ? "provincial"
            : group.agent === "national-fund"
              ? "national"
              : group.agent === "guarantor"
                ? "local"
                : undefined,
      });
    });
  }
  return specs;
}
