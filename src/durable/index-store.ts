import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { RawLog } from "../ledger/decoder.js";
import type { BlockInfo } from "../ledger/fetch.js";
import { openDatabase } from "./sqlite.js";

/** A stored log with the time of its block. */
export interface StoredLog extends RawLog {
  blockNumber: number;
  timestamp: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blocks (
  number INTEGER PRIMARY KEY, hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
  transactions INTEGER NOT NULL, gas_used TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS logs (
  block INTEGER NOT NULL, log_index INTEGER NOT NULL, tx_hash TEXT NOT NULL,
  address TEXT NOT NULL, topics TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (block, log_index)) WITHOUT ROWID;
`;

/**
 * The indexer's durable copy of what it has read from the chain: block headers and the project
 * contracts' raw logs, keyed by block number and log index, in SQLite (WAL mode). Each chunk of
 * blocks is written in one transaction, so the store always ends on a whole block. On restart the
 * indexer rebuilds its state from here and reads from the chain only the blocks after the last.
 */
export class IndexStore {
  private readonly db: DatabaseSync;
  private readonly insertBlock: StatementSync;
  private readonly insertLog: StatementSync;

  private constructor(db: DatabaseSync) {
    this.db = db;
    this.insertBlock = db.prepare(
      "INSERT OR REPLACE INTO blocks (number, hash, timestamp, transactions, gas_used) VALUES (?, ?, ?, ?, ?)",
    );
    this.insertLog = db.prepare(
      "INSERT OR REPLACE INTO logs (block, log_index, tx_hash, address, topics, data) VALUES (?, ?, ?, ?, ?, ?)",
    );
  }

  /**
   * Opens (or creates) the store at `path`.
   * @example const store = IndexStore.open("state/index.sqlite");
   */
  static open(path: string): IndexStore {
    mkdirSync(dirname(path), { recursive: true });
    const db = openDatabase(path);
    db.exec(SCHEMA);
    return new IndexStore(db);
  }

  /** What this store indexes (chain id and contract addresses): a different one empties it. */
  get identity(): string | undefined {
    return this.meta("identity");
  }

  /** Empties the store and records what it will index. */
  reset(identity: string): void {
    this.db.exec("BEGIN");
    this.db.exec("DELETE FROM logs; DELETE FROM blocks; DELETE FROM meta;");
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('identity', ?)").run(identity);
    this.db.exec("COMMIT");
  }

  /** The last block stored, or -1. */
  lastBlock(): number {
    const row = this.db.prepare("SELECT MAX(number) AS n FROM blocks").get() as { n: number | null };
    return row.n ?? -1;
  }

  /** The hash of a stored block. */
  blockHash(n: number): string | undefined {
    const row = this.db.prepare("SELECT hash FROM blocks WHERE number = ?").get(n) as { hash: string } | undefined;
    return row?.hash;
  }

  /** Adds a chunk of blocks and their logs, all or nothing. */
  append(blocks: BlockInfo[], logs: RawLog[]): void {
    this.db.exec("BEGIN");
    try {
      for (const b of blocks) {
        this.insertBlock.run(b.number, b.hash ?? "", b.timestamp, b.transactions, b.gasUsed.toString());
      }
      for (const l of logs) {
        this.insertLog.run(Number(l.blockNumber), l.logIndex, l.transactionHash, l.address, l.topics.join(","), l.data);
      }
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Chain-wide figures of the stored blocks. */
  totals(): { blocks: number; transactions: number; gasUsed: bigint; firstBlock: number } {
    let gasUsed = 0n;
    for (const row of this.db.prepare("SELECT gas_used FROM blocks").iterate() as Iterable<{ gas_used: string }>) {
      gasUsed += BigInt(row.gas_used);
    }
    const row = this.db
      .prepare("SELECT COUNT(*) AS blocks, SUM(transactions) AS txs, MIN(number) AS first FROM blocks")
      .get() as {
      blocks: number;
      txs: number | null;
      first: number | null;
    };
    return { blocks: row.blocks, transactions: row.txs ?? 0, gasUsed, firstBlock: row.first ?? 0 };
  }

  /** Every stored log in chain order, with its block's time. */
  *logs(): Generator<StoredLog> {
    const rows = this.db
      .prepare(
        `SELECT l.block, l.log_index, l.tx_hash, l.address, l.topics, l.data, b.timestamp
         FROM logs l JOIN blocks b ON b.number = l.block ORDER BY l.block, l.log_index`,
      )
      .iterate() as Iterable<{
      block: number;
      log_index: number;
      tx_hash: string;
      address: string;
      topics: string;
      data: string;
      timestamp: number;
    }>;
    for (const r of rows) {
      yield {
        blockNumber: r.block,
        logIndex: r.log_index,
        transactionHash: r.tx_hash,
        address: r.address,
        topics: r.topics.length > 0 ? r.topics.split(",") : [],
        data: r.data,
        timestamp: r.timestamp,
      };
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private meta(key: string): string | undefined {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value;
  }
}
