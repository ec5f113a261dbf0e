import { Transaction, Wallet, getAddress, toBeHex } from "ethers";
import { ScfError } from "../domain/errors.js";
import type { Chain } from "./connect.js";
import { ChainRevertError, decodeRevertData, revertDataOf, type DecodedRevert } from "./revert.js";

/** One transaction to send: who signs it, where it goes, its calldata. */
export interface TxRequest {
  from: string;
  /** Omitted for a contract deployment. */
  to?: string;
  data: string;
  /** Gas limit; default {@link DEFAULT_GAS}. */
  gas?: bigint;
  /** What the transaction is for, in a few words (progress, errors, lessons). */
  label?: string;
}

/** A log as it comes in a receipt. */
export interface ReceiptLog {
  address: string;
  topics: string[];
  data: string;
  logIndex: number;
}

/** What happened to a transaction once mined. */
export interface TxOutcome {
  request: TxRequest;
  hash: string;
  ok: boolean;
  gasUsed: bigint;
  blockNumber: bigint;
  logs: ReceiptLog[];
  contractAddress?: string;
  /** Block timestamp, when this sender chose it (blocks it mines at a given time). */
  blockTime?: bigint;
  /** The decoded custom error of a reverted transaction. */
  revert?: DecodedRevert;
}

/** Default gas limit: generous (fees are zero on the consortium chain) and below Osaka's cap. */
export const DEFAULT_GAS = 10_000_000n;

/** What moves the project's time on a chain whose block timestamps cannot be chosen (a {@link Clock}). */
export interface ProjectClock {
  advanceTo(time: bigint): Promise<void>;
  /** Seconds the project's time is ahead of the chain's (the Consortium's clock offset). */
  offset(): Promise<bigint>;
}

/**
 * The chain's gas price and the max fee per gas the chain layer offers: twice the base fee (zero on
 * the consortium's own chains), no tip; `eth_gasPrice` on a chain without a base fee.
 * @example const { maxFeePerGas } = await gasPriceOf(chain); // 0n in process
 */
export async function gasPriceOf(chain: Chain): Promise<{ gasPrice: bigint; maxFeePerGas: bigint }> {
  const block = (await chain.rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    baseFeePerGas?: string;
  };
  if (block.baseFeePerGas !== undefined) {
    const base = BigInt(block.baseFeePerGas);
    return { gasPrice: base, maxFeePerGas: base * 2n };
  }
  const price = BigInt((await chain.rpc.request({ method: "eth_gasPrice" })) as string);
  return { gasPrice: price, maxFeePerGas: price };
}

interface RawReceipt {
  status: string;
  gasUsed: string;
  blockNumber: string;
  logs: { address: string; topics: string[]; data: string; logIndex: string }[];
  contractAddress?: string | null;
  transactionHash: string;
}

/**
 * The chain layer's one way to send transactions. Owns keys, nonces, batching many transactions
 * into one block and the timestamps of the blocks it mines. Two modes:
 * - impersonate (dev chains): `eth_sendTransaction` from any address, no signing: fastest;
 * - sign (any chain, and whenever a participant's own key must sign): local signing with the
 *   participant's key and `eth_sendRawTransaction`.
 */
export class Sender {
  readonly chain: Chain;
  readonly mode: "impersonate" | "sign";
  /**
   * How a mined revert is explained: "trace" replays it exactly (debug_traceTransaction, slow:
   * tens of ms); "replay" re-runs the call on the latest state (fast, usually the same error).
   */
  revertDecoding: "trace" | "replay" = "trace";
  /**
   * On a chain whose block timestamps cannot be chosen, what moves the project's time to a block's
   * `timestamp` before the block is sent (set by the deployment, once the Consortium exists).
   */
  projectClock?: ProjectClock;
  /**
   * Milliseconds spent waiting on the chain in {@link sendBlock} on a chain we mine: handing the
   * transactions over (`submit`), mining the block (`mine`: the node executes every transaction and
   * commits its state) and reading the receipts back (`receipts`). A profile of where time goes.
   */
  readonly waits = { submit: 0, mine: 0, receipts: 0 };
  private readonly keys = new Map<string, Wallet>();
  private readonly impersonated = new Set<string>();
  private readonly nonces = new Map<string, number>();
  private gasPrice?: bigint;

  constructor(chain: Chain, mode?: "impersonate" | "sign") {
    this.chain = chain;
    this.mode = mode ?? (chain.canImpersonate ? "impersonate" : "sign");
    if (this.mode === "impersonate" && !chain.canImpersonate) {
      throw new ScfError("NO_IMPERSONATION", "this chain does not allow impersonation: use signing keys");
    }
  }

  /** Registers a private key so that its address can send in sign mode. Returns the address. */
  addKey(privateKey: string): string {
    const wallet = new Wallet(privateKey);
    this.keys.set(wallet.address.toLowerCase(), wallet);
    return wallet.address;
  }

  /**
   * Sends one transaction and waits for it to be mined. With `preflight`, the call is simulated
   * first and a refusal throws a decoded {@link ChainRevertError} without sending anything.
   * With `throwOnRevert`, a mined revert throws too (its state changes are undone by the chain).
   */
  async send(
    request: TxRequest,
    options: { preflight?: boolean; throwOnRevert?: boolean; timestamp?: bigint } = {},
  ): Promise<TxOutcome> {
    if (options.preflight) await this.simulate(request);
    const [outcome] = await this.sendBlock([request], { timestamp: options.timestamp });
    if (!outcome.ok && options.throwOnRevert) {
      throw new ChainRevertError(outcome.revert ?? { name: "Reverted", args: {}, data: "0x" }, request.label);
    }
    return outcome;
  }

  /** Simulates a transaction (eth_call) and throws its decoded custom error if it would revert. */
  async simulate(request: TxRequest): Promise<string> {
    try {
      return (await this.chain.rpc.request({
        method: "eth_call",
        params: [
          { from: request.from, to: request.to, data: request.data, gas: toBeHex(request.gas ?? DEFAULT_GAS) },
          "latest",
        ],
      })) as string;
    } catch (error) {
      const data = revertDataOf(error);
      if (data === undefined) throw error;
      throw new ChainRevertError(await decodeRevertData(data), request.label);
    }
  }

  /**
   * Sends many transactions in order and returns their outcomes in the same order. On a chain we
   * mine ourselves they all go into one block (FIFO order, so a later transaction may depend on an
   * earlier one, whoever sent it), mined at `timestamp` if given. Reverts do not throw: read `ok`.
   */
  async sendBlock(requests: TxRequest[], options: { timestamp?: bigint } = {}): Promise<TxOutcome[]> {
    if (this.gasPrice !== 0n) this.gasPrice = undefined; // a base fee moves from block to block: read it again
    if (options.timestamp !== undefined && !this.chain.canSetTime)
      await this.projectClock?.advanceTo(options.timestamp);
    if (requests.length === 0) {
      if (options.timestamp !== undefined && this.chain.canSetTime) await this.mine(options.timestamp);
      return [];
    }
    // A chain that mines by itself, on arrival or on its own schedule: one at a time, each awaited,
    // so that every transaction sees the ones before it whoever sent it.
    if (this.chain.automine || !this.chain.canSetTime) {
      if (options.timestamp !== undefined && this.chain.canSetTime) {
        await this.chain.rpc.request({ method: "evm_setNextBlockTimestamp", params: [toBeHex(options.timestamp)] });
      }
      const outcomes: TxOutcome[] = [];
      for (const request of requests) {
        const hash = await this.submit(request);
        outcomes.push(await this.outcome(request, hash, await this.waitReceipt(hash)));
      }
      if (options.timestamp !== undefined && !this.chain.canSetTime && this.projectClock) {
        // The project's time of each block: the chain's timestamp plus the project clock's offset.
        const offset = await this.projectClock.offset();
        for (const o of outcomes) o.blockTime = (await this.blockTimestamp(o.blockNumber)) + offset;
      }
      return outcomes;
    }
    const hashes = await this.submitBlock(requests, options.timestamp);
    const read = performance.now();
    const receipts = await this.minedReceipts(hashes, options.timestamp);
    this.waits.receipts += performance.now() - read;
    const outcomes = await Promise.all(receipts.map((receipt, i) => this.outcome(requests[i], hashes[i], receipt)));
    if (options.timestamp !== undefined) for (const o of outcomes) o.blockTime = options.timestamp;
    return outcomes;
  }

  /**
   * Sends transactions in order into one block mined at `timestamp` (on a chain we mine ourselves),
   * without reading their receipts: the fastest way to rebuild a chain whose outcomes are already
   * known (a resumed run). Returns the transaction hashes.
   */
  async submitBlock(requests: TxRequest[], timestamp?: bigint): Promise<string[]> {
    // In-process, requests are handled in call order, so many may be in flight at once (faster);
    // over HTTP, or when nonces are ours to assign, they go one by one.
    const hashes: string[] = [];
    const started = performance.now();
    if (this.mode === "impersonate" && this.chain.kind === "in-process") {
      // Everything that awaits happens first, so the submissions below reach the node in order.
      const fee = await this.feePerGas();
      for (const r of requests) if (!this.impersonated.has(r.from.toLowerCase())) await this.impersonate(r.from);
      for (let i = 0; i < requests.length; i += 500) {
        const window = requests
          .slice(i, i + 500)
          .map((r) => this.sendImpersonated(r, fee).catch((e: unknown) => this.rejected(r, e)));
        hashes.push(...(await Promise.all(window)));
      }
    } else {
      for (const request of requests) hashes.push(await this.submit(request));
    }
    const submitted = performance.now();
    await this.mine(timestamp);
    this.waits.submit += submitted - started;
    this.waits.mine += performance.now() - submitted;
    return hashes;
  }

  /** Mines one (possibly empty) block, at `timestamp` if given. Dev chains only. */
  async mine(timestamp?: bigint): Promise<void> {
    if (!this.chain.canSetTime) throw new ScfError("NO_MINING", "this chain mines by itself");
    await this.chain.rpc.request({ method: "evm_mine", params: timestamp === undefined ? [] : [toBeHex(timestamp)] });
  }

  /**
   * Receipts of transactions sent for one block. A node whose blocks hold less gas than the batch
   * (anvil's default is 30 million) leaves the rest pending: they go into further blocks at the same
   * time, in the order they were sent.
   */
  private async minedReceipts(hashes: string[], timestamp?: bigint): Promise<RawReceipt[]> {
    const receipts = await Promise.all(hashes.map((hash) => this.receiptOf(hash)));
    for (let extra = 0; receipts.some((r) => r === null) && extra < hashes.length; extra++) {
      await this.mine(timestamp).catch(() => this.mine()); // a node may refuse two blocks with one timestamp
      const missing = receipts.flatMap((r, i) => (r === null ? [i] : []));
      const found = await Promise.all(missing.map((i) => this.receiptOf(hashes[i])));
      missing.forEach((i, k) => (receipts[i] = found[k]));
    }
    return Promise.all(receipts.map((r, i) => r ?? this.waitReceipt(hashes[i])));
  }

  private async submit(request: TxRequest): Promise<string> {
    const from = getAddress(request.from);
    const gas = request.gas ?? DEFAULT_GAS;
    try {
      if (this.mode === "impersonate") {
        await this.impersonate(from);
        return await this.sendImpersonated(request, await this.feePerGas());
      }
      const wallet = this.keys.get(from.toLowerCase());
      if (!wallet) throw new ScfError("UNKNOWN_SIGNER", `no key for ${from}: it cannot sign on this chain`);
      const nonce = await this.nextNonce(from);
      const fee = await this.feePerGas();
      const signed = await wallet.signTransaction(
        Transaction.from({
          type: 2,
          chainId: this.chain.chainId,
          nonce,
          to: request.to ?? null,
          data: request.data,
          gasLimit: gas,
          maxFeePerGas: fee,
          maxPriorityFeePerGas: 0n,
        }),
      );
      return (await this.chain.rpc.request({ method: "eth_sendRawTransaction", params: [signed] })) as string;
    } catch (error) {
      this.nonces.delete(from);
      return this.rejected(request, error);
    }
  }

  /** Turns a node's refusal to accept a transaction into a clear error. */
  private async rejected(request: TxRequest, error: unknown): Promise<never> {
    if (error instanceof ScfError) throw error;
    const data = revertDataOf(error);
    if (data !== undefined && data !== "0x") throw new ChainRevertError(await decodeRevertData(data), request.label);
    throw new ScfError(
      "TX_REJECTED",
      `the chain refused ${request.label ?? "a transaction"}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }

  private async impersonate(from: string): Promise<void> {
    const key = from.toLowerCase();
    if (this.impersonated.has(key)) return;
    this.impersonated.add(key);
    const method = this.chain.devMethods.impersonate ?? "hardhat_impersonateAccount";
    await this.chain.rpc.request({ method, params: [from] });
  }

  /** Submits without awaiting anything first, so that calls keep their order. */
  private sendImpersonated(request: TxRequest, fee: bigint): Promise<string> {
    return this.chain.rpc.request({
      method: "eth_sendTransaction",
      params: [
        {
          from: request.from,
          to: request.to,
          data: request.data,
          gas: toBeHex(request.gas ?? DEFAULT_GAS),
          maxFeePerGas: toBeHex(fee),
          maxPriorityFeePerGas: "0x0",
        },
      ],
    }) as Promise<string>;
  }

  private async nextNonce(from: string): Promise<number> {
    let nonce = this.nonces.get(from);
    if (nonce === undefined) {
      nonce = Number(await this.chain.rpc.request({ method: "eth_getTransactionCount", params: [from, "pending"] }));
    }
    this.nonces.set(from, nonce + 1);
    return nonce;
  }

  /** Max fee per gas (see {@link gasPriceOf}): read once per block, once only where it is zero. */
  private async feePerGas(): Promise<bigint> {
    this.gasPrice ??= (await gasPriceOf(this.chain)).maxFeePerGas;
    return this.gasPrice;
  }

  private async blockTimestamp(blockNumber: bigint): Promise<bigint> {
    const block = (await this.chain.rpc.request({
      method: "eth_getBlockByNumber",
      params: [toBeHex(blockNumber), false],
    })) as { timestamp: string };
    return BigInt(block.timestamp);
  }

  private async receiptOf(hash: string): Promise<RawReceipt | null> {
    return (await this.chain.rpc.request({ method: "eth_getTransactionReceipt", params: [hash] })) as RawReceipt | null;
  }

  /** Polls for a receipt: soon at first (a node mining on arrival has it within ms), then every 100 ms. */
  private async waitReceipt(hash: string): Promise<RawReceipt> {
    const deadline = Date.now() + 60_000;
    for (let attempt = 0; ; attempt++) {
      const receipt = await this.receiptOf(hash);
      if (receipt) return receipt;
      if (Date.now() > deadline) throw new ScfError("TX_TIMEOUT", `transaction ${hash} was not mined within a minute`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, 2 ** attempt)));
    }
  }

  private async outcome(request: TxRequest, hash: string, receipt: RawReceipt): Promise<TxOutcome> {
    const ok = receipt.status === "0x1";
    return {
      request,
      hash,
      ok,
      gasUsed: BigInt(receipt.gasUsed),
      blockNumber: BigInt(receipt.blockNumber),
      logs: receipt.logs.map((l) => ({
        address: l.address,
        topics: l.topics,
        data: l.data,
        logIndex: Number(l.logIndex),
      })),
      contractAddress: receipt.contractAddress ?? undefined,
      revert: ok ? undefined : await this.revertOf(request, hash),
    };
  }

  /** Revert data of a mined failed transaction: from a trace on dev chains, else a replay. */
  private async revertOf(request: TxRequest, hash: string): Promise<DecodedRevert> {
    if (this.chain.canImpersonate && this.revertDecoding === "trace") {
      try {
        const trace = (await this.chain.rpc.request({
          method: "debug_traceTransaction",
          params: [hash, { disableStorage: true, disableMemory: true, disableStack: true }],
        })) as { returnValue?: string };
        if (trace.returnValue !== undefined) {
          const data = trace.returnValue.startsWith("0x") ? trace.returnValue : `0x${trace.returnValue}`;
          return decodeRevertData(data);
        }
      } catch {
        // fall back to a replay
      }
    }
    try {
      await this.simulate(request);
    } catch (error) {
      if (error instanceof ChainRevertError) return error.revert;
    }
    return { name: "Reverted", args: {}, data: "0x" };
  }
}
