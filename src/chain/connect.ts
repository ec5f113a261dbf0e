import hre, { network } from "hardhat";
import { JsonRpcProvider, toBeHex, type Provider } from "ethers";
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
  /** The node lets us send from any address without its key (`hardhat_`/`anvil_impersonateAccount`). */
  readonly canImpersonate: boolean;
  /** The node lets us choose block timestamps (`evm_mine`, `evm_setNextBlockTimestamp`). */
  readonly canSetTime: boolean;
  /** The node lets us set an account's balance of the native coin (gas money). */
  readonly canSetBalance: boolean;
  /** The names this node answers to for the development methods it has (anvil also takes hardhat_*). */
  readonly devMethods: DevMethods;
  /** Transactions are mined as soon as they arrive. */
  automine: boolean;
  close(): Promise<void>;
}

/** Development JSON-RPC methods a node was found to accept, by what they do. */
export interface DevMethods {
  impersonate?: string;
  setBalance?: string;
}

export interface InProcessOptions {
  /** Genesis time of the chain (ISO date or Date); default: now. */
  startTime?: Date;
  /** Mine each transaction on arrival (true, default) or only when the chain layer mines. */
  automine?: boolean;
  /** Prefunded dev accounts (private key → balance in wei), for external tools like MetaMask. */
  accounts?: { privateKey: string; balance: bigint }[];
  chainId?: number;
  /**
   * Load the project's compiled contracts into the chain so that its error messages carry Solidity
   * stack traces and decoded custom errors (for outside tools talking to `scf node`). Default false:
   * the chain layer decodes reverts itself, and the decoder costs about 2 s and 330 MB.
   */
  solidityTraces?: boolean;
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
  const create = () => network.create({ override: inProcessOverride(options) } as Parameters<typeof network.create>[0]);
  const connection = options.solidityTraces ? await create() : await withoutContractDecoder(create);
  const chainId = BigInt((await connection.provider.request({ method: "eth_chainId" })) as string);
  return {
    kind: "in-process",
    rpc: connection.provider,
    provider: connection.ethers.provider,
    chainId,
    canImpersonate: true,
    canSetTime: true,
    canSetBalance: true,
    devMethods: { impersonate: "hardhat_impersonateAccount", setBalance: "hardhat_setBalance" },
    automine: options.automine ?? true,
    close: () => connection.close(),
  };
}

/**
 * Runs `create` with the build-info files hidden from Hardhat's network manager, so that the EDR
 * chain it creates gets an empty contract decoder instead of one built from every build-info file
 * (all of artifacts/build-info, Solidity tests included: 140 MB read and decoded, ~330 MB resident).
 * Hardhat builds the decoder once, at its first EDR connection, and reuses it for the next ones.
 */
async function withoutContractDecoder<T>(create: () => Promise<T>): Promise<T> {
  const artifacts = hre.artifacts as { getAllBuildInfoIds: () => Promise<ReadonlySet<string>> };
  const original = artifacts.getAllBuildInfoIds;
  artifacts.getAllBuildInfoIds = async () => new Set<string>();
  try {
    return await create();
  } finally {
    artifacts.getAllBuildInfoIds = original;
  }
}

/**
 * Connects to an EVM JSON-RPC endpoint (a `scf node`, a Hardhat or anvil node, or a consortium
 * chain such as Besu). Impersonation, time control and balance setting are detected by trying
 * them (see {@link detectChain}), never assumed from the node's name.
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
  try {
    return await detectChain(rpc, provider, { rpcUrl: url.toString(), close: async () => provider.destroy() });
  } catch (error) {
    provider.destroy();
    throw error;
  }
}

/** An address nobody holds a key for: the probes impersonate it and set its balance to what it is. */
const PROBE = "0x00000000000000000000000000000000005cf5cf";

/** The first of `methods` the node accepts with `params`, or undefined. */
async function firstAccepted(rpc: Eip1193, methods: string[], params: unknown[]): Promise<string | undefined> {
  for (const method of methods) {
    try {
      await rpc.request({ method, params });
      return method;
    } catch {
      // not this one
    }
  }
  return undefined;
}

interface RawBlock {
  number: string;
  timestamp: string;
}

/**
 * Whether the node mines blocks at the timestamps we choose: mines two probe blocks at the next
 * second (one through `evm_setNextBlockTimestamp`, one through `evm_mine`'s parameter) inside a
 * snapshot, then reverts to the snapshot so that the chain is left as it was found.
 */
async function probeTimeControl(rpc: Eip1193): Promise<boolean> {
  const snapshot = await rpc.request({ method: "evm_snapshot" }).catch(() => undefined);
  try {
    const latest = (await rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as RawBlock;
    const t = BigInt(latest.timestamp);
    await rpc.request({ method: "evm_setNextBlockTimestamp", params: [toBeHex(t + 1n)] });
    await rpc.request({ method: "evm_mine", params: [] });
    await rpc.request({ method: "evm_mine", params: [toBeHex(t + 2n)] });
    const mined = (await rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as RawBlock;
    return BigInt(mined.timestamp) === t + 2n && BigInt(mined.number) === BigInt(latest.number) + 2n;
  } catch {
    return false;
  } finally {
    if (snapshot !== undefined) await rpc.request({ method: "evm_revert", params: [snapshot] }).catch(() => undefined);
  }
}

/**
 * Makes a {@link Chain} of any EIP-1193 connection to a node, finding out by trying what the node
 * allows: impersonation (`hardhat_impersonateAccount`, else `anvil_impersonateAccount`), setting
 * balances (`hardhat_setBalance`, `anvil_setBalance`), choosing block timestamps (probe blocks in a
 * snapshot that is reverted) and whether it mines on arrival. A consortium chain (Besu, Geth in
 * clique mode…) refuses all of them: the chain layer then signs with the participants' keys and
 * moves the contracts' project clock instead of the chain's.
 * @example const chain = await detectChain(rpc, new JsonRpcProvider(url), { close: async () => {} });
 */
export async function detectChain(
  rpc: Eip1193,
  provider: Provider,
  options: { rpcUrl?: string; close: () => Promise<void> },
): Promise<Chain> {
  let chainId: bigint;
  try {
    chainId = BigInt((await rpc.request({ method: "eth_chainId" })) as string);
  } catch (cause) {
    throw new ScfError("RPC_UNREACHABLE", `no JSON-RPC chain answers at ${options.rpcUrl ?? "this connection"}`, {
      cause,
    });
  }
  const devMethods: DevMethods = {};
  devMethods.impersonate = await firstAccepted(
    rpc,
    ["hardhat_impersonateAccount", "anvil_impersonateAccount"],
    [PROBE],
  );
  if (devMethods.impersonate) {
    await rpc
      .request({ method: devMethods.impersonate.replace("impersonate", "stopImpersonating"), params: [PROBE] })
      .catch(() => undefined);
  }
  const balance = (await rpc
    .request({ method: "eth_getBalance", params: [PROBE, "latest"] })
    .catch(() => "0x0")) as string;
  devMethods.setBalance = await firstAccepted(
    rpc,
    ["hardhat_setBalance", "anvil_setBalance"],
    [PROBE, toBeHex(BigInt(balance))],
  );
  const canSetTime = await probeTimeControl(rpc);
  let automine = true;
  for (const method of ["hardhat_getAutomine", "anvil_getAutomine"]) {
    const answer = await rpc.request({ method }).then(
      (value) => value,
      () => undefined,
    );
    if (typeof answer === "boolean") {
      automine = answer;
      break;
    }
  }
  return {
    kind: "rpc",
    rpc,
    provider,
    chainId,
    rpcUrl: options.rpcUrl,
    canImpersonate: devMethods.impersonate !== undefined,
    canSetTime,
    canSetBalance: devMethods.setBalance !== undefined,
    devMethods,
    // A node that does not say (a consortium chain) includes what it is sent in its next blocks.
    automine,
    close: options.close,
  };
}
