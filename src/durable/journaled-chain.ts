import { toBeHex } from "ethers";
import { ScfError } from "../domain/errors.js";
import type { Chain, Eip1193 } from "../chain/connect.js";
import { Journal } from "./journal.js";

/**
 * One accepted state-changing JSON-RPC call: its method and parameters, the transaction hash it
 * returned (checked on replay) and the timestamp of the first block it mined (set again on replay,
 * so the replayed chain is the same chain, block for block).
 */
export interface ChainEntry {
  m: string;
  p: unknown[];
  r?: string;
  t?: number;
}

/** Calls that change a development chain's state: journaled, in the order they were carried out. */
const CHANGES_STATE = new Set([
  "eth_sendTransaction",
  "eth_sendRawTransaction",
  "evm_mine",
  "hardhat_mine",
  "anvil_mine",
  "evm_setNextBlockTimestamp",
  "evm_increaseTime",
  "evm_setAutomine",
  "evm_setBlockGasLimit",
  "hardhat_setBalance",
  "hardhat_setCode",
  "hardhat_setStorageAt",
  "hardhat_setNonce",
  "hardhat_setCoinbase",
  "hardhat_setPrevRandao",
  "hardhat_setMinGasPrice",
  "hardhat_setNextBlockBaseFeePerGas",
  "hardhat_impersonateAccount",
  "hardhat_stopImpersonatingAccount",
  "hardhat_setLoggingEnabled",
]);

/**
 * Calls that would undo or fork history, or mine blocks outside any call (interval mining): refused
 * on a chain whose history is kept.
 */
const REWRITES_HISTORY = new Set([
  "evm_snapshot",
  "evm_revert",
  "hardhat_reset",
  "hardhat_dropTransaction",
  "evm_setIntervalMining",
]);

/** A transaction hash as a node returns it. */
const TX_HASH = /^0x[0-9a-fA-F]{64}$/;

/**
 * A chain whose every accepted state-changing call is on disk before the caller hears of it, and
 * that is rebuilt on start by replaying those calls in order on a fresh chain of the same genesis.
 */
export interface JournaledChain extends Chain {
  /** The highest block whose making is on disk: an index must not read beyond it. */
  durableHeight(): number;
  /** Entries replayed when the chain was opened. */
  readonly replayed: number;
}

/**
 * Wraps a fresh development chain (in-process, or served by `scf node`) so that it keeps its
 * history in `journalPath`: first replays what the journal holds (a tx hash that comes out
 * different means the journal belongs to another chain, and is refused), then journals every
 * state-changing call, one at a time, and answers only once the entry is flushed to disk.
 * @example const chain = await journaledChain(await createInProcessChain(opts), "state/chain.jsonl");
 */
export async function journaledChain(
  chain: Chain,
  journalPath: string,
  onReplay?: (message: string) => void,
): Promise<JournaledChain> {
  const journal = Journal.open<ChainEntry>(journalPath);
  const inner = chain.rpc;
  const blockNumber = async () => Number(await inner.request({ method: "eth_blockNumber" }));
  await replay(inner, journal.entries, journalPath, onReplay);
  let height = await blockNumber();
  let queue: Promise<unknown> = Promise.resolve();

  const change = async (method: string, params: unknown[]): Promise<unknown> => {
    const before = height;
    let result: unknown;
    let failure: unknown;
    try {
      result = await inner.request({ method, params });
    } catch (error) {
      failure = error;
    }
    const after = await blockNumber();
    // A refused call that mined nothing changed nothing worth keeping.
    if (failure !== undefined && after === before) throw failure;
    const entry: ChainEntry = { m: method, p: params };
    if (typeof result === "string" && TX_HASH.test(result)) entry.r = result;
    if (after > before) {
      const block = (await inner.request({ method: "eth_getBlockByNumber", params: [toBeHex(before + 1), false] })) as {
        timestamp: string;
      };
      entry.t = Number(block.timestamp);
    }
    journal.append(entry);
    height = after;
    if (failure !== undefined) throw failure;
    return result;
  };

  const rpc: Eip1193 = {
    request: ({ method, params }) => {
      const list = (Array.isArray(params) ? params : params === undefined ? [] : [params]) as unknown[];
      if (REWRITES_HISTORY.has(method)) {
        return Promise.reject(
          new ScfError(
            "HISTORY_KEPT",
            `${method} is not available on a chain started with --state (its history is kept)`,
          ),
        );
      }
      if (!CHANGES_STATE.has(method)) return inner.request({ method, params });
      const run = queue.then(
        () => change(method, list),
        () => change(method, list),
      );
      queue = run.catch(() => undefined);
      return run;
    },
  };
  // Other tools (the JSON-RPC server's event subscriptions) reach the inner provider's other members.
  const proxied = new Proxy(rpc, {
    get: (target, key, receiver) => {
      if (key in target) return Reflect.get(target, key, receiver);
      const value: unknown = Reflect.get(inner as object, key, inner);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(inner) : value;
    },
  });
  return {
    ...chain,
    rpc: proxied,
    replayed: journal.entries.length,
    durableHeight: () => height,
    close: async () => {
      await queue.catch(() => undefined);
      journal.close();
      await chain.close();
    },
  };
}

/** Replays journaled calls on a fresh chain, checking that each transaction comes out the same. */
async function replay(
  rpc: Eip1193,
  entries: ChainEntry[],
  path: string,
  onReplay?: (message: string) => void,
): Promise<void> {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.t !== undefined) {
      await rpc.request({ method: "evm_setNextBlockTimestamp", params: [toBeHex(entry.t)] });
    }
    let result: unknown;
    try {
      result = await rpc.request({ method: entry.m, params: entry.p });
    } catch (error) {
      if (entry.r !== undefined) {
        throw new ScfError(
          "STATE_REPLAY_FAILED",
          `${path}: entry ${i + 1} (${entry.m}) no longer replays: ${(error as Error).message.split("\n")[0]}`,
          {
            cause: error,
          },
        );
      }
    }
    if (entry.r !== undefined && result !== entry.r) {
      throw new ScfError(
        "STATE_REPLAY_DIVERGED",
        `${path}: entry ${i + 1} replays as transaction ${String(result)}, not ${entry.r}: the state folder belongs to another chain or version`,
      );
    }
    if (onReplay && ((i + 1) % 2_000 === 0 || i + 1 === entries.length)) {
      onReplay(
        `replaying the journal: ${(i + 1).toLocaleString("en-US")} of ${entries.length.toLocaleString("en-US")} calls`,
      );
    }
  }
}
