import { Interface } from "ethers";
import { EventCodec } from "../chain/abi.js";
import { readArtifact } from "../chain/artifacts.js";
import type { ReceiptLog } from "../chain/sender.js";

/** A decoded chain event, as every consumer (report, API, dashboard, lessons) sees it. */
export interface ChainEvent {
  contract: string;
  name: string;
  args: Record<string, unknown>;
  blockNumber: number;
  logIndex: number;
  txHash: string;
  /** Project time of the block (seconds). */
  time: number;
}

/** A raw log as `eth_getLogs` returns it. */
export interface RawLog extends ReceiptLog {
  blockNumber: string | number;
  transactionHash: string;
}

const ERC20_TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

/**
 * Decodes logs of the project's contracts by address and topic, with one cached codec per
 * contract (see chain/abi.ts). e-CNY `Transfer` logs, by far the most frequent, take a shortcut.
 */
export class EventDecoder {
  private readonly codecs = new Map<string, { contract: string; codec: EventCodec }>();
  private ecnyAddress = "";

  private constructor() {}

  /** Builds a decoder for a deployment's contracts (name → address). */
  static async create(addresses: Record<string, string>): Promise<EventDecoder> {
    const decoder = new EventDecoder();
    for (const [contract, address] of Object.entries(addresses)) {
      const codec = new EventCodec([new Interface((await readArtifact(contract)).abi)]);
      decoder.codecs.set(address.toLowerCase(), { contract, codec });
      if (contract === "ECNY") decoder.ecnyAddress = address.toLowerCase();
    }
    return decoder;
  }

  /** The event of a log, or undefined for a log that is not a project contract's. */
  decode(log: ReceiptLog, meta: { blockNumber: number; txHash: string; time: number }): ChainEvent | undefined {
    const address = log.address.toLowerCase();
    const base = { blockNumber: meta.blockNumber, logIndex: log.logIndex, txHash: meta.txHash, time: meta.time };
    if (address === this.ecnyAddress && log.topics[0] === ERC20_TRANSFER && log.topics.length === 3) {
      return {
        contract: "ECNY",
        name: "Transfer",
        args: { from: topicAddress(log.topics[1]), to: topicAddress(log.topics[2]), value: BigInt(log.data) },
        ...base,
      };
    }
    const entry = this.codecs.get(address);
    if (!entry) return undefined;
    const decoded = entry.codec.decode(log.topics, log.data);
    if (!decoded) return undefined;
    return { contract: entry.contract, name: decoded.name, args: decoded.args, ...base };
  }
}

function topicAddress(topic: string): string {
  return `0x${topic.slice(26)}`.toLowerCase();
}
