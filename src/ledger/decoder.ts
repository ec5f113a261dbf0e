import { Interface, type EventFragment, type LogDescription } from "ethers";
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

interface Entry {
  contract: string;
  iface: Interface;
  fragment: EventFragment;
  names: string[];
}

const ERC20_TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

/**
 * Decodes logs of the project's contracts by (address, topic0) with one cached Interface per
 * contract. e-CNY `Transfer` logs, by far the most frequent, take a fast path without ABI decoding.
 */
export class EventDecoder {
  private readonly entries = new Map<string, Entry>();
  private ecnyAddress = "";

  private constructor() {}

  /** Builds a decoder for a deployment's contracts (name → address). */
  static async create(addresses: Record<string, string>): Promise<EventDecoder> {
    const decoder = new EventDecoder();
    for (const [contract, address] of Object.entries(addresses)) {
      const iface = new Interface((await readArtifact(contract)).abi);
      iface.forEachEvent((fragment) => {
        decoder.entries.set(`${address.toLowerCase()}:${fragment.topicHash}`, {
          contract,
          iface,
          fragment,
          names: fragment.inputs.map((input, i) => input.name || `arg${i}`),
        });
      });
      if (contract === "ECNY") decoder.ecnyAddress = address.toLowerCase();
    }
    return decoder;
  }

  /** The event of a log, or undefined for a log that is not a project contract's. */
  decode(log: ReceiptLog, meta: { blockNumber: number; txHash: string; time: number }): ChainEvent | undefined {
    const address = log.address.toLowerCase();
    const topic0 = log.topics[0];
    if (address === this.ecnyAddress && topic0 === ERC20_TRANSFER && log.topics.length === 3) {
      return {
        contract: "ECNY",
        name: "Transfer",
        args: { from: topicAddress(log.topics[1]), to: topicAddress(log.topics[2]), value: BigInt(log.data) },
        blockNumber: meta.blockNumber,
        logIndex: log.logIndex,
        txHash: meta.txHash,
        time: meta.time,
      };
    }
    const entry = this.entries.get(`${address}:${topic0}`);
    if (!entry) return undefined;
    let parsed: LogDescription | null;
    try {
      parsed = entry.iface.parseLog({ topics: log.topics, data: log.data });
    } catch {
      return undefined;
    }
    if (!parsed) return undefined;
    const args: Record<string, unknown> = {};
    entry.names.forEach((name, i) => {
      args[name] = normalise(parsed.args[i]);
    });
    return {
      contract: entry.contract,
      name: parsed.name,
      args,
      blockNumber: meta.blockNumber,
      logIndex: log.logIndex,
      txHash: meta.txHash,
      time: meta.time,
    };
  }
}

function topicAddress(topic: string): string {
  return `0x${topic.slice(26)}`.toLowerCase();
}

/** Addresses lower-case, structs as plain objects, everything else as decoded (bigint for integers). */
function normalise(value: unknown): unknown {
  if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) return value.toLowerCase();
  if (value && typeof value === "object" && "toObject" in value && typeof value.toObject === "function") {
    try {
      const obj = (value as { toObject: (deep?: boolean) => Record<string, unknown> }).toObject(true);
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, normalise(v)]));
    } catch {
      return Array.from(value as unknown as Iterable<unknown>).map(normalise);
    }
  }
  return value;
}
