import { toBeHex } from "ethers";
import type { Consortium } from "../../types/ethers-contracts/index.js";
import { ScfError } from "../domain/errors.js";
import { txOf } from "./handles.js";
import type { Sender } from "./sender.js";

export const DAY = 86_400n;

/**
 * The simulated clock. The project's time is what the Consortium contract says
 * (`block.timestamp + offset`). On a dev chain the clock moves by mining a block at a chosen
 * timestamp; on a chain whose time cannot be moved it moves the Consortium's offset instead
 * (a transaction of the platform operator).
 */
export class Clock {
  constructor(
    private readonly sender: Sender,
    private readonly consortium: Consortium,
    private readonly operator: string,
  ) {}

  /** The project's current time in seconds. */
  async now(): Promise<bigint> {
    return this.consortium.currentTime();
  }

  /** Moves the project's time forward to `time` (seconds); a time in the past is refused. */
  async advanceTo(time: bigint): Promise<void> {
    const now = await this.now();
    if (time < now) throw new ScfError("CLOCK_BACKWARDS", `cannot move the clock back from ${now} to ${time}`);
    if (time === now) return;
    const chain = this.sender.chain;
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
