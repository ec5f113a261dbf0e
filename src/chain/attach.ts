import { getAddress, type BaseContract } from "ethers";
import type {
  Consortium,
  ECNY,
  LoanBook,
  PaymentEscrow,
  PropertyRegistry,
  VoucherFinancing,
  VoucherLedger,
} from "../../types/ethers-contracts/index.js";
import { ScfError } from "../domain/errors.js";
import { readArtifact } from "./artifacts.js";
import { Cast, materializeCast, type ParticipantSpec } from "./cast.js";
import type { Chain } from "./connect.js";
import { PROJECT_CONTRACTS } from "./contracts.js";
import type { Deployment } from "./deploy.js";
import { handle } from "./handles.js";
import { Sender } from "./sender.js";

/** Typed handles of every project contract of one deployment. */
export interface Contracts {
  consortium: Consortium;
  ecny: ECNY;
  escrow: PaymentEscrow;
  vouchers: VoucherLedger;
  financing: VoucherFinancing;
  registry: PropertyRegistry;
  loans: LoanBook;
}

/** Typed handles of the project contracts at `addresses` (name → address), for views. */
export async function contractsAt(chain: Chain, addresses: Record<string, string>): Promise<Contracts> {
  const typed = async <T extends BaseContract>(name: string): Promise<T> =>
    handle<T>(addresses[name], (await readArtifact(name)).abi, chain.provider);
  return {
    consortium: await typed<Consortium>("Consortium"),
    ecny: await typed<ECNY>("ECNY"),
    escrow: await typed<PaymentEscrow>("PaymentEscrow"),
    vouchers: await typed<VoucherLedger>("VoucherLedger"),
    financing: await typed<VoucherFinancing>("VoucherFinancing"),
    registry: await typed<PropertyRegistry>("PropertyRegistry"),
    loans: await typed<LoanBook>("LoanBook"),
  };
}

/**
 * Attaches to a consortium already deployed at `addresses` (a manifest's or a state folder's):
 * checks that every contract has code there, and signs as the cast's own keys.
 * @example const d = await attachConsortium(chain, demoCast(), manifest.contracts, { seed: "scf" });
 */
export async function attachConsortium(
  chain: Chain,
  specs: ParticipantSpec[],
  addresses: Record<string, string>,
  options: { seed?: string; mode?: "impersonate" | "sign"; keys?: Map<string, string> } = {},
): Promise<Deployment> {
  const checked: Record<string, string> = {};
  for (const name of PROJECT_CONTRACTS) {
    const address = addresses[name];
    const code = address
      ? ((await chain.rpc.request({ method: "eth_getCode", params: [address, "latest"] })) as string)
      : "0x";
    if (code === "0x") {
      throw new ScfError(
        "DEPLOYMENT_NOT_FOUND",
        `no ${name} contract at ${address ?? "(no address)"} on chain ${chain.chainId}: the deployment is not on this chain`,
      );
    }
    checked[name] = getAddress(address);
  }
  const seed = options.seed ?? "scf";
  const cast = new Cast(materializeCast(specs, seed, options.keys));
  const sender = new Sender(chain, options.mode ?? "sign");
  if (sender.mode === "sign") for (const p of cast.all) sender.addKey(p.privateKey);
  return { chain, sender, contracts: await contractsAt(chain, checked), addresses: checked, cast, seed };
}
