/**
 * Reads a consortium deployed by the Ignition modules back from the chain and checks that it is
 * wired as deploy.ts wires it: the operator, the fixed clock, the system contracts and their system
 * wallets, the financing module, the risk-sharing guarantors and, if deployed, the admitted members.
 * Read-only: it sends no transaction. Exits non-zero if anything does not hold.
 *
 * @example CONSORTIUM_DEPLOYMENT_ID=chain-20251 npx hardhat run deploy/check.ts --network consortium
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import hre from "hardhat";
import { getCreateAddress } from "ethers";
import {
  Consortium__factory,
  ECNY__factory,
  LoanBook__factory,
  VoucherLedger__factory,
} from "../types/ethers-contracts/index.js";
import { PROJECT_CONTRACTS, SYSTEM_CONTRACTS } from "../src/chain/contracts.js";
import { roleName, WALLET_CATEGORIES } from "../src/domain/roles.js";
import { DEFAULT_MEMBERS_FILE, loadMembers } from "./members.js";

const { ethers } = await hre.network.create();
const chainId = (await ethers.provider.getNetwork()).chainId;
const deploymentId = process.env.CONSORTIUM_DEPLOYMENT_ID ?? `chain-${chainId}`;
const deploymentDir = join(hre.config.paths.ignition, "deployments", deploymentId);
const deployed: Record<string, string> = JSON.parse(
  readFileSync(join(deploymentDir, "deployed_addresses.json"), "utf8"),
);
const journal = readFileSync(join(deploymentDir, "journal.jsonl"), "utf8").split("\n").filter(Boolean);
const membersDeployed = journal.some((line) => line.includes('"ConsortiumMembers#admit_'));
// The block of the Consortium deployment: no member event is older.
const deployedAt = journal
  .map((line) => JSON.parse(line) as { futureId?: string; receipt?: { blockNumber: number } })
  .find((entry) => entry.futureId === "Consortium#Consortium" && entry.receipt)?.receipt?.blockNumber;
const address = (name: string): string => {
  const a = deployed[`Consortium#${name}`];
  if (!a) throw new Error(`deployment ${deploymentId} has no Consortium#${name}`);
  return a;
};

let failures = 0;
const check = (what: string, holds: boolean, detail = ""): void => {
  if (!holds) failures++;
  console.log(`${holds ? "ok  " : "FAIL"} ${what}${detail ? `: ${detail}` : ""}`);
};

const consortium = Consortium__factory.connect(address("Consortium"), ethers.provider);
const ecny = ECNY__factory.connect(address("ECNY"), ethers.provider);
const vouchers = VoucherLedger__factory.connect(address("VoucherLedger"), ethers.provider);
const loans = LoanBook__factory.connect(address("LoanBook"), ethers.provider);

/**
 * The display name a member was admitted under (names live in the `MemberAdmitted` events only),
 * read in windows of 5,000 blocks: Besu's default `--rpc-max-logs-range`.
 */
const nameOf = async (who: string): Promise<string> => {
  const latest = await ethers.provider.getBlockNumber();
  for (let from = deployedAt ?? 0; from <= latest; from += 5000) {
    const [admitted] = await consortium.queryFilter(
      consortium.filters.MemberAdmitted(who),
      from,
      Math.min(from + 4999, latest),
    );
    if (admitted) return admitted.args.name;
  }
  return "";
};

console.log(`chain ${chainId}, block ${await ethers.provider.getBlockNumber()}, deployment ${deploymentId}`);
const [operatorSigner] = await ethers.getSigners();
const operator = operatorSigner.address;
const op = await consortium.memberOf(operator);
check(
  "account 0 is the platform operator",
  roleName(op.role) === "PlatformOperator",
  `${operator} "${await nameOf(operator)}"`,
);
// The operator's nonce when it deployed Consortium (0 for a fresh key); the others follow in order.
const sent = await ethers.provider.getTransactionCount(operator);
let first = 0;
while (first < sent && getCreateAddress({ from: operator, nonce: first }) !== address("Consortium")) first++;
PROJECT_CONTRACTS.forEach((name, i) =>
  check(
    `${name} deployed in deploy.ts's order`,
    getCreateAddress({ from: operator, nonce: first + i }) === address(name),
    `${address(name)} (operator nonce ${first + i})`,
  ),
);
check("the clock is fixed (real chain time)", !(await consortium.clockAdjustable()));
for (const name of SYSTEM_CONTRACTS) {
  const wallet = await ecny.walletOf(address(name));
  check(
    `${name} is a system contract with a System wallet`,
    (await consortium.isSystemContract(address(name))) && WALLET_CATEGORIES[Number(wallet.category)] === "System",
  );
}
check(
  "VoucherFinancing is the ledger's financing module",
  (await vouchers.financingModule()) === address("VoucherFinancing"),
);
const [version, parties] = await loans.riskSharingParties();
for (const [label, who] of [
  ["provincial re-guarantor", parties.provincialReGuarantor],
  ["national fund", parties.nationalFund],
] as const) {
  const m = await consortium.memberOf(who);
  check(
    `4321 ${label} is an admitted guarantor`,
    roleName(m.role) === "Guarantor",
    `${who} "${await nameOf(who)}" (v${version})`,
  );
}
if (membersDeployed) {
  for (const member of loadMembers(process.env.CONSORTIUM_MEMBERS ?? DEFAULT_MEMBERS_FILE)) {
    const m = await consortium.memberOf(member.address);
    check(
      `member ${member.id} admitted as ${member.role}`,
      roleName(m.role) === member.role && (await nameOf(member.address)) === member.name,
    );
  }
}
console.log(`members: ${await consortium.memberCount()}; ${failures === 0 ? "all checks hold" : `${failures} failed`}`);
if (failures > 0) process.exitCode = 1;
