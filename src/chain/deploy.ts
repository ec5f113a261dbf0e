import { Interface, getAddress } from "ethers";
import { ScfError } from "../domain/errors.js";
import { roleId } from "../domain/roles.js";
import { readArtifact } from "./artifacts.js";
import { Cast, materializeCast, type ParticipantSpec } from "./cast.js";
import { Clock } from "./clock.js";
import type { Chain } from "./connect.js";
import { contractsAt, type Contracts } from "./attach.js";
import { txOf } from "./handles.js";
import { SYSTEM_CONTRACTS } from "./contracts.js";
import { fundCast } from "./fund.js";
import { Sender, type TxOutcome, type TxRequest } from "./sender.js";

export type { Contracts } from "./attach.js";

/**
 * Transactions per deployment block (the simulator's block size too). The in-process chain's memory
 * grows with the size of the blocks it mines: the deployment's three blocks of ~1,250 transactions
 * left a 1 GB peak before the first simulated day, blocks of 200 leave 394 MB.
 */
const DEPLOY_BLOCK_TXS = 200;

const WALLET_CATEGORY = { Anonymous: 1, Verified: 2, Corporate: 3 } as const;

/** A deployed consortium: the chain, the sender, the contracts and the cast. */
export interface Deployment {
  chain: Chain;
  sender: Sender;
  contracts: Contracts;
  /** Contract name → address, as in the manifest. */
  addresses: Record<string, string>;
  cast: Cast;
  /** Seed of the dev keys. */
  seed: string;
  /** Block of the deployment's first transaction: on a node, its index starts there. */
  firstBlock?: number;
}

export interface DeployOptions {
  /** Seed of the participants' dev keys (same seed ⇒ same addresses). Default "scf". */
  seed?: string;
  /** "impersonate" (fast, dev chains) or "sign" (participants' own keys). Default: impersonate when possible. */
  mode?: "impersonate" | "sign";
  /** Called after each deployment phase (for progress output). */
  onPhase?: (phase: string, transactions: number) => void;
  /** The participants' own keys (participant id → private key) instead of dev keys from the seed. */
  keys?: Map<string, string>;
  /** Block time of each deployment block (dev chains): makes a deployment byte-for-byte repeatable. */
  blockTime?: () => bigint;
}

/**
 * Deploys the whole consortium to a chain in one call: contracts, system wallets, members with their
 * roles, quotas, wallets and starting e-CNY. Works on the in-process chain and on any JSON-RPC chain.
 * @example const d = await deployConsortium(await createInProcessChain(), demoCast());
 */
export async function deployConsortium(
  chain: Chain,
  specs: ParticipantSpec[],
  options: DeployOptions = {},
): Promise<Deployment> {
  const seed = options.seed ?? "scf";
  const cast = new Cast(materializeCast(specs, seed, options.keys));
  const sender = new Sender(chain, options.mode);
  if (sender.mode === "sign") for (const p of cast.all) sender.addKey(p.privateKey);
  const operator = cast.first("PlatformOperator");
  const centralBank = cast.first("CentralBank");
  const banks = cast.withRole("OperatorBank");
  if (banks.length === 0) throw new ScfError("INVALID_CAST", "the cast needs at least one operator bank");
  const accounts = cast.all.map((p) => p.address);
  await fundCast(chain, accounts);

  const phase = async (name: string, requests: TxRequest[]): Promise<TxOutcome[]> => {
    const outcomes: TxOutcome[] = [];
    for (let start = 0; start < requests.length; start += DEPLOY_BLOCK_TXS) {
      const block = requests.slice(start, start + DEPLOY_BLOCK_TXS);
      outcomes.push(...(await sender.sendBlock(block, { timestamp: options.blockTime?.() })));
    }
    const failed = outcomes.find((o) => !o.ok);
    if (failed) {
      throw new ScfError(
        "DEPLOY_FAILED",
        `deployment step "${failed.request.label}" reverted: ${failed.revert?.name ?? "?"}`,
        {
          details: { revert: failed.revert },
        },
      );
    }
    options.onPhase?.(name, requests.length);
    return outcomes;
  };

  const addresses: Record<string, string> = {};
  let firstBlock: number | undefined;
  const deployOne = async (name: string, args: unknown[]): Promise<string> => {
    const artifact = await readArtifact(name);
    const iface = new Interface(artifact.abi);
    const data = artifact.bytecode + iface.encodeDeploy(args).slice(2);
    const [outcome] = await phase(`deploy ${name}`, [{ from: operator.address, data, label: `deploy ${name}` }]);
    if (!outcome.contractAddress) throw new ScfError("DEPLOY_FAILED", `${name} was not deployed`);
    firstBlock ??= Number(outcome.blockNumber);
    addresses[name] = getAddress(outcome.contractAddress);
    return addresses[name];
  };

  const consortiumAddress = await deployOne("Consortium", [operator.address, operator.name, !chain.canSetTime]);
  const ecnyAddress = await deployOne("ECNY", [consortiumAddress]);
  await deployOne("PaymentEscrow", [consortiumAddress, ecnyAddress]);
  const ledgerAddress = await deployOne("VoucherLedger", [consortiumAddress, ecnyAddress]);
  await deployOne("VoucherFinancing", [consortiumAddress, ecnyAddress, ledgerAddress]);
  const registryAddress = await deployOne("PropertyRegistry", [consortiumAddress]);
  await deployOne("LoanBook", [consortiumAddress, ecnyAddress, registryAddress]);

  const contracts = await contractsAt(chain, addresses);
  // Where block times cannot be chosen, a block's time is reached by moving the project's clock.
  if (!chain.canSetTime) sender.projectClock = new Clock(sender, contracts.consortium, operator.address);
  const { consortium, ecny, vouchers, loans } = contracts;
  const op = operator.address;
  const systemContracts = SYSTEM_CONTRACTS;

  await phase("admit members", [
    ...systemContracts.map((name) => txOf(consortium, op, "registerSystemContract", [addresses[name], name])),
    ...cast.all
      .filter((p) => p !== operator)
      .map((p) =>
        txOf(
          consortium,
          op,
          "admit",
          [p.address, roleId(p.role), p.nameZh ? `${p.nameZh} ${p.name}` : p.name],
          `admit ${p.id}`,
        ),
      ),
  ]);
  const provincial = cast.all.find((p) => p.guaranteeLayer === "provincial");
  const national = cast.all.find((p) => p.guaranteeLayer === "national");
  await phase("system wallets, quotas and wiring", [
    ...systemContracts.map((name) => txOf(ecny, op, "openSystemWallet", [addresses[name]], `system wallet ${name}`)),
    ...banks.map((b) => txOf(ecny, centralBank.address, "setQuota", [b.address, b.quotaFen ?? 0n], `quota ${b.id}`)),
    txOf(vouchers, op, "setFinancingModule", [addresses.VoucherFinancing], "financing module"),
    ...(provincial && national
      ? [txOf(loans, op, "setRiskSharingParties", [provincial.address, national.address], "4321 risk-sharing parties")]
      : []),
  ]);

  const walletBank = (p: ParticipantSpec) => cast.get(p.wallet?.bank ?? banks[0].id);
  await phase(
    "open wallets",
    cast.all
      .filter((p) => p.wallet)
      .map((p) => {
        const bank = walletBank(p).address;
        const w = p.wallet!;
        if (w.category === "Corporate") {
          if (!w.caps) throw new ScfError("INVALID_CAST", `corporate wallet of ${p.id} needs caps`);
          return txOf(
            ecny,
            bank,
            "openCorporateWallet",
            [p.address, w.caps.perPayment, w.caps.daily, w.caps.balance],
            `wallet ${p.id}`,
          );
        }
        return txOf(ecny, bank, "openWallet", [p.address, WALLET_CATEGORY[w.category]], `wallet ${p.id}`);
      }),
  );
  await phase(
    "issue e-CNY",
    cast.all
      .filter((p) => p.wallet && (p.initialFen ?? 0n) > 0n)
      .map((p) => txOf(ecny, walletBank(p).address, "issue", [p.address, p.initialFen!], `issue to ${p.id}`)),
  );

  return { chain, sender, contracts, addresses, cast, seed, firstBlock };
}
