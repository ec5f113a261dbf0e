import { toBeHex } from "ethers";
import type { Chain } from "../chain/connect.js";
import type { RawLog } from "./decoder.js";

/** Block facts the indexer keeps: time, transactions and gas. */
export interface BlockInfo {
  number: number;
  timestamp: number;
  transactions: number;
  gasUsed: bigint;
  hash?: string;
}

/** The latest block number. */
export async function latestBlock(chain: Chain): Promise<number> {
  return Number(await chain.rpc.request({ method: "eth_blockNumber" }));
}

/** Logs of `addresses` in [from, to], fetched in ranges so that no answer grows too large. */
export async function fetchLogs(
  chain: Chain,
  addresses: string[],
  from: number,
  to: number,
  step = 2_000,
): Promise<RawLog[]> {
  const logs: RawLog[] = [];
  for (let start = from; start <= to; start += step) {
    const end = Math.min(to, start + step - 1);
    const batch = (await chain.rpc.request({
      method: "eth_getLogs",
      params: [{ address: addresses, fromBlock: toBeHex(start), toBlock: toBeHex(end) }],
    })) as (RawLog & { logIndex: string })[];
    for (const log of batch) logs.push({ ...log, logIndex: Number(log.logIndex) });
  }
  return logs;
}

/** Header facts of every block in [from, to]. */
export async function fetchBlocks(chain: Chain, from: number, to: number): Promise<BlockInfo[]> {
  const numbers = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  const blocks: BlockInfo[] = [];
  for (let i = 0; i < numbers.length; i += 200) {
    const chunk = await Promise.all(
      numbers.slice(i, i + 200).map(
        (n) =>
          chain.rpc.request({ method: "eth_getBlockByNumber", params: [toBeHex(n), false] }) as Promise<{
            number: string;
            timestamp: string;
            transactions: string[];
            gasUsed: string;
            hash: string;
          }>,
      ),
    );
    for (const b of chunk) {
      blocks.push({
        number: Number(b.number),
        timestamp: Number(b.timestamp),
        transactions: b.transactions.length,
        gasUsed: BigInt(b.gasUsed),
        hash: b.hash,
      });
    }
  }
  return blocks;
}
