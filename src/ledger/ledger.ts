import type { Deployment } from "../chain/deploy.js";
import { EventDecoder, type ChainEvent } from "./decoder.js";
import { fetchBlocks, fetchLogs, latestBlock, type BlockInfo } from "./fetch.js";
import { LedgerState } from "./state.js";

/** Blocks read and applied at a time. */
const SYNC_CHUNK = 200;

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

  private constructor(
    readonly deployment: Deployment,
    private readonly decoder: EventDecoder,
    options: { keepEvents?: boolean },
  ) {
    this.state = new LedgerState(options);
  }

  /** An indexer for a deployment; call {@link sync} to read what the chain holds. */
  static async create(deployment: Deployment, options: { keepEvents?: boolean } = {}): Promise<Ledger> {
    return new Ledger(deployment, await EventDecoder.create(deployment.addresses), options);
  }

  /** Subscribes to newly indexed events; returns the unsubscribe function. */
  subscribe(listener: (events: ChainEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads every block and event since the last sync. Returns the number of new events. */
  sync(): Promise<number> {
    const run = async () => {
      const to = await latestBlock(this.deployment.chain);
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
