import { toBeHex } from "ethers";
import type { Consortium } from "../../types/ethers-contracts/index.js";
import { ScfError } from "../domain/errors.js";
import type { Chain } from "./connect.js";
import { txOf } from "./handles.js";
import type { ProjectClock, Sender } from "./sender.js";

export const DAY = 86_400n;

/**
 * How far the project's time may already have run past a time the clock is asked for, on a chain
 * whose own clock runs on while transactions are mined: the blocks of a simulated day are hours apart.
 */
export const LATE_SLACK = 3_600n;

const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");

/**
 * The simulated clock. The project's time is what the Consortium contract says
 * (`block.timestamp + offset`). On a dev chain the clock moves by mining a block at a chosen
 * timestamp; on a chain whose time cannot be moved it moves the Consortium's offset instead
 * (a transaction of the platform operator).
 */
export class Clock implements ProjectClock {
  constructor(
    private readonly sender: Sender,
    private readonly consortium: Consortium,
    private readonly operator: string,
  ) {}

  /** The project's current time in seconds. */
  async now(): Promise<bigint> {
    return this.consortium.currentTime();
  }

  /** Seconds the project's time is ahead of the chain's (moved by `advanceClock`). */
  async offset(): Promise<bigint> {
    return this.consortium.clockOffset();
  }

  /**
   * Moves the project's time forward to `time` (seconds); a time in the past is refused. On a chain
   * whose time cannot be set, a time the project's clock passed less than {@link LATE_SLACK} ago is
   * already there: that chain's clock ran on while the previous transactions were mined.
   */
  async advanceTo(time: bigint): Promise<void> {
    const now = await this.now();
    const chain = this.sender.chain;
    if (time < now && !chain.canSetTime && now - time <= LATE_SLACK) return;
    if (time < now) {
      throw new ScfError(
        "CLOCK_BACKWARDS",
        `the project's clock is at ${iso(now)}, past ${iso(time)}, and cannot be moved back`,
      );
    }
    if (time === now) return;
    if (chain.canSetTime) {
      const offset = await this.consortium.clockOffset();
      const blockTime = time - offset;
      if (chain.automine) {
        await chain.rpc.request({ method: "evm_setNextBlockTimestamp", params: [toBeHex(blockTime)] });
        await chain.rpc.request({ method: "evm_mine", params: [] });
      } else {
        await this.sender.mine(blockTime);
      }
      return;
    }
    await this.sender.send(txOf(this.consortium, this.operator, "advanceClock", [time - now], "advance the clock"), {
      throwOnRevert: true,
    });
  }

  /** Moves the project's time forward by `seconds`. */
  async advanceBy(seconds: bigint): Promise<void> {
    await this.advanceTo((await this.now()) + seconds);
  }
}

/** A chain readied for a run that times its own blocks: see {@link claimTimeline}. */
export interface Timeline {
  /** The run's first time (seconds): as asked, or later by whole steps. */
  from: bigint;
  /** Gives the chain back the automine it had. */
  release(): Promise<void>;
}

async function latestTime(chain: Chain): Promise<bigint> {
  const block = (await chain.rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    timestamp: string;
  };
  return BigInt(block.timestamp);
}

/**
 * Winds a development node's clock back to `time` where the node allows it (anvil's
 * `anvil_setTime`; Hardhat's EDR does not), and mines a block there so that the next blocks may
 * be timed from it. Returns whether the chain's latest block is now at `time` (within a minute).
 */
async function windBack(chain: Chain, time: bigint): Promise<boolean> {
  try {
    await chain.rpc.request({ method: "anvil_setTime", params: [toBeHex(time)] });
    await chain.rpc.request({ method: "evm_mine", params: [] });
  } catch {
    return false;
  }
  const now = await latestTime(chain);
  return now >= time && now - time < 60n;
}

/**
 * Readies a chain for a run that times its own blocks from `from` (seconds) on: a simulation or a
 * lesson. Where block times can be chosen, blocks are mined only when the chain layer says
 * (automine off until {@link Timeline.release}) and a clock already past `from` is wound back
 * where the node allows it (anvil). A clock that stays past `from` (a chain whose time cannot be
 * set, or a Hardhat node) cannot serve the run, since the project's clock only moves forward: with
 * `step` the run starts later by whole steps (a lesson keeps its weekday and hour); without it, it is
 * refused with what to do. On the in-process chain created for the run, this changes nothing.
 * @example const { from, release } = await claimTimeline(chain, genesis); try { … } finally { await release(); }
 */
export async function claimTimeline(chain: Chain, from: bigint, options: { step?: bigint } = {}): Promise<Timeline> {
  let start = from;
  const latest = await latestTime(chain);
  if (latest > start && !(chain.canSetTime && (await windBack(chain, start)))) {
    if (options.step === undefined) {
      throw new ScfError(
        "CHAIN_CLOCK_AHEAD",
        `this chain's clock is at ${iso(latest)}, past the run's start ${iso(start)}, and ${chain.canSetTime ? "this node cannot set it back" : "cannot be set"}: ` +
          `start the node with an earlier clock (e.g. anvil --timestamp ${start}), or a scenario that starts later`,
      );
    }
    start += ((latest - start + options.step - 1n) / options.step) * options.step;
  }
  let release = async () => undefined as void;
  if (chain.canSetTime && chain.automine) {
    const turnedOff = await chain.rpc.request({ method: "evm_setAutomine", params: [false] }).then(
      () => true,
      () => false,
    );
    if (turnedOff) {
      chain.automine = false;
      release = async () => {
        await chain.rpc.request({ method: "evm_setAutomine", params: [true] });
        chain.automine = true;
      };
    }
  }
  return { from: start, release };
}
