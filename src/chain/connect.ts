import { network } from "hardhat";
import { JsonRpcProvider, type Provider } from "ethers";
import { ScfError } from "../domain/errors.js";

/** The minimal EIP-1193 surface the chain layer talks to. */
export interface Eip1193 {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
}

/** A connection to a chain: in-process Hardhat (EDR) or any EVM JSON-RPC endpoint. */
export interface Chain {
  readonly kind: "in-process" | "rpc";
  /** Raw JSON-RPC: the only path that sends transactions (through the chain layer's Sender). */
  readonly rpc: Eip1193;
  /** An ethers provider for typed views (`contract.fn()` → eth_call). */
  readonly provider: Provider;
  readonly chainId: bigint;
  readonly rpcUrl?: string;
  /** The node accepts `hardhat_impersonateAccount` (no signing needed). */
  readonly canImpersonate: boolean;
  /** The node lets us choose block timestamps (`evm_mine`, `evm_setNextBlockTimestamp`). */
  readonly canSetTime: boolean;
  /** Transactions are mined as soon as they arrive. */
  automine: boolean;
  close(): Promise<void>;
}

export interface InProcessOptions {
  /** Genesis time of the chain (ISO date or Date); default: now. */
  startTime?: Date;
  /** Mine each transaction on arrival (true, default) or only when the chain layer mines. */
  automine?: boolean;
  /** Prefunded dev accounts (private key → balance in wei), for external tools like MetaMask. */
  accounts?: { privateKey: string; balance: bigint }[];
  chainId?: number;
}

/** Block gas limit of in-process chains: room for thousands of transactions per block. */
export const BLOCK_GAS_LIMIT = 2_000_000_000n;
/** Osaka's per-transaction gas cap (EIP-7825). */
export const TX_GAS_CAP = 16_777_216n;

/** The Hardhat network settings of the consortium's own chains (in-process or served by `scf node`). */
export function inProcessOverride(options: InProcessOptions = {}): Record<string, unknown> {
  const override: Record<string, unknown> = {
    chainId: options.chainId ?? 31337,
    initialBaseFeePerGas: 0n,
    blockGasLimit: BLOCK_GAS_LIMIT,
    allowBlocksWithSameTimestamp: true,
    loggingEnabled: false,
    throwOnTransactionFailures: false,
    throwOnCallFailures: true,
    mining: { auto: options.automine ?? true, interval: 0, mempool: { order: "fifo" } },
  };
  if (options.startTime) override.initialDate = options.startTime;
  if (options.accounts) {
    override.accounts = options.accounts.map((a) => ({ privateKey: a.privateKey, balance: a.balance }));
  }
  return override;
}

/**
 * Starts a fresh in-process Hardhat chain (EDR) configured for the consortium: zero gas price
 * (a consortium chain charges no fees), FIFO transaction order, a large block gas limit.
 * @example const chain = await createInProcessChain({ startTime: new Date("2025-01-01T00:00:00+08:00") });
 */
export async function createInProcessChain(options: InProcessOptions = {}): Promise<Chain> {
  const connection = await network.create({ override: inProcessOverride(options) } as Parameters<
    typeof network.create
  >[0]);
  const chainId = BigInt((await connection.provider.request({ method: "eth_chainId" })) as string);
  return {
    kind: "in-process",
    rpc: connection.provider,
    provider: connection.ethers.provider,
    chainId,
    canImpersonate: true,
    canSetTime: true,
    automine: options.automine ?? true,
    close: () => connection.close(),
  };
}

/**
 * Connects to an EVM JSON-RPC endpoint (a `scf node`, a Hardhat or anvil node, or a consortium
 * chain such as Besu). Impersonation and time control are detected, never assumed.
 * @example const chain = await connectRpc("http://127.0.0.1:8545");
 */
export async function connectRpc(rpcUrl: string): Promise<Chain> {
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new ScfError("INVALID_RPC_URL", `"${rpcUrl}" is not a URL (expected e.g. http://127.0.0.1:8545)`);
  }
  const provider = new JsonRpcProvider(url.toString(), undefined, { staticNetwork: true, batchStallTime: 0 });
  const rpc: Eip1193 = {
    request: ({ method, params }) => provider.send(method, (params as unknown[]) ?? []),
  };
  let chainId: bigint;
  try {
    chainId = BigInt((await rpc.request({ method: "eth_chainId" })) as string);
  } catch (cause) {
    provider.destroy();
    throw new ScfError("RPC_UNREACHABLE", `no JSON-RPC chain answers at ${rpcUrl}`, { cause });
  }
  const client = String(await rpc.request({ method: "web3_clientVersion" }).catch(() => "")).toLowerCase();
  const devNode = client.includes("hardhat") || client.includes("edr") || client.includes("anvil");
  let automine = false;
  if (devNode) {
    automine = Boolean(await rpc.request({ method: "hardhat_getAutomine" }).catch(() => true));
  }
  return {
    kind: "rpc",
    rpc,
    provider,
    chainId,
    rpcUrl: url.toString(),
    canImpersonate: devNode,
    canSetTime: devNode,
    automine: devNode ? automine : true,
    close: async () => provider.destroy(),
  };
}
