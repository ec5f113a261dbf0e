import type { Deployment } from "../chain/deploy.js";
import type { IndexStore } from "../durable/index-store.js";
import { toBeHex } from "ethers";
import { EventDecoder, type ChainEvent } from "./decoder.js";
import { fetchBlocks, fetchLogs, latestBlock, type BlockInfo } from "./fetch.js";
import { LedgerState } from "./state.js";

/** How many of the latest e-CNY transfers a restored indexer hands to its listeners. */
const RESTORED_PAYMENTS = 12_000;

/** Blocks read and applied at a time. */
const SYNC_CHUNK = 200;

export interface LedgerOptions {
  /** Keep every decoded event in the state (the API's event log). */
  keepEvents?: boolean;
  /** Where the indexed blocks and logs are kept across restarts (`--state`). */
  store?: IndexStore;
  /** The highest block that may be indexed (a journaled chain's durable height); default: the latest. */
  limit?: () => number;
}

/** Chain-wide figures, from block headers. */
export interface ChainTotals {
  blocks: number;
  transactions: number;
  gasUsed: bigint;
  firstBlock: number;
  lastBlock: number;
}

/**
 * The one indexer: reads the deployment's events from the chain (incrementally), decodes them and
 * applies them to a {@link LedgerState}. Listeners hear each new event (the live event stream).
 */
export class Ledger {
  readonly state: LedgerState;
  readonly totals: ChainTotals = { blocks: 0, transactions: 0, gasUsed: 0n, firstBlock: 0, lastBlock: -1 };
  private readonly listeners = new Set<(events: ChainEvent[]) => void>();
  private syncing?: Promise<number>;
  /** Blocks rebuilt from the store when the indexer was created (0 without a store). */
  restoredBlocks = 0;
  /**
   * The latest e-CNY transfers rebuilt from the store (the state keeps every other event), for the
   * listeners that keep recent payments.
   */
  readonly restoredPayments: ChainEvent[] = [];

  private constructor(
    readonly deployment: Deployment,
    private readonly decoder: EventDecoder,
    private readonly options: LedgerOptions,
  ) {
    this.state = new LedgerState(options);
    // On a node with a history of its own the index starts at the deployment; in process, at genesis.
    if (deployment.chain.kind === "rpc" && deployment.firstBlock !== undefined) {
      this.totals.firstBlock = deployment.firstBlock;
      this.totals.lastBlock = deployment.firstBlock - 1;
    }
  }

  /**
   * An indexer for a deployment; call {@link sync} to read what the chain holds. With a store, it
   * first rebuilds its state from the stored logs (no chain reads) if the store indexes this
   * deployment and its last block is still the chain's; otherwise the store starts again.
   */
  static async create(deployment: Deployment, options: LedgerOptions = {}): Promise<Ledger> {
    const ledger = new Ledger(deployment, await EventDecoder.create(deployment.addresses), options);
    if (options.store) await ledger.restore(options.store);
    return ledger;
  }

  private async restore(store: IndexStore): Promise<void> {
    const chain = this.deployment.chain;
    const identity = `${chain.chainId}:${Object.values(this.deployment.addresses).join(",").toLowerCase()}`;
    const last = store.identity === identity ? store.lastBlock() : -1;
    if (last >= 0) {
      const block = (await chain.rpc.request({ method: "eth_getBlockByNumber", params: [toBeHex(last), false] })) as {
        hash: string;
      } | null;
      if (block?.hash === store.blockHash(last)) {
        for (const log of store.logs()) {
          const event = this.decoder.decode(log, {
            blockNumber: log.blockNumber,
            txHash: log.transactionHash,
            time: log.timestamp + this.state.clockOffset,
          });
          if (!event) continue;
          this.state.apply(event);
          if (event.contract === "ECNY" && event.name === "Transfer") {
            this.restoredPayments.push(event);
            if (this.restoredPayments.length > 2 * RESTORED_PAYMENTS)
              this.restoredPayments.splice(0, RESTORED_PAYMENTS);
          }
        }
        this.restoredPayments.splice(0, Math.max(0, this.restoredPayments.length - RESTORED_PAYMENTS));
        const totals = store.totals();
        Object.assign(this.totals, totals, { lastBlock: last });
        this.restoredBlocks = totals.blocks;
        return;
      }
    }
    store.reset(identity);
  }

  /** Subscribes to newly indexed events; returns the unsubscribe function. */
  subscribe(listener: (events: ChainEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads every block and event since the last sync. Returns the number of new events. */
  sync(): Promise<number> {
    const run = async () => {
      const latest = await latestBlock(this.deployment.chain);
      const to = this.options.limit ? Math.min(latest, this.options.limit()) : latest;
      const from = this.totals.lastBlock + 1;
      if (to < from) return 0;
      const addresses = Object.values(this.deployment.addresses);
      let count = 0;
      // Chunk by chunk, so that a year of events never sits in memory at once.
      for (let start = from; start <= to; start += SYNC_CHUNK) {
        const end = Math.min(to, start + SYNC_CHUNK - 1);
        const blocks = await fetchBlocks(this.deployment.chain, start, end);
        const times = new Map<number, BlockInfo>(blocks.map((blk) => [blk.number, blk]));
        for (const blk of blocks) {
          this.totals.blocks += 1;
          this.totals.transactions += blk.transactions;
          this.totals.gasUsed += blk.gasUsed;
        }
        const logs = await fetchLogs(this.deployment.chain, addresses, start, end);
        this.options.store?.append(blocks, logs);
        const events: ChainEvent[] = [];
        for (const log of logs) {
          const blockNumber = Number(log.blockNumber);
          const event = this.decoder.decode(log, {
            blockNumber,
            txHash: log.transactionHash,
            time: (times.get(blockNumber)?.timestamp ?? 0) + this.state.clockOffset,
          });
          if (!event) continue;
          this.state.apply(event);
          if (this.listeners.size > 0) events.push(event);
          count += 1;
        }
        this.totals.lastBlock = end;
        if (events.length > 0) for (const listener of this.listeners) listener(events);
      }
      return count;
    };
    const next = (this.syncing ?? Promise.resolve(0)).then(run, run);
    this.syncing = next;
    return next;
  }
}
