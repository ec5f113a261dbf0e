import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessChain, type Chain } from "../../src/chain/connect.js";
import { deployConsortium, type Deployment } from "../../src/chain/deploy.js";
import { demoCast } from "../../src/chain/cast.js";
import { txOf } from "../../src/chain/handles.js";
import { Clock, DAY } from "../../src/chain/clock.js";
import { ChainRevertError } from "../../src/chain/revert.js";

describe("deploying the consortium", () => {
  let chain: Chain;
  let d: Deployment;
  beforeAll(async () => {
    chain = await createInProcessChain({ automine: false, startTime: new Date("2025-01-01T00:00:00Z") });
    d = await deployConsortium(chain, demoCast());
  });
  afterAll(() => chain.close());

  it("admits every member of the cast with its role and funds its wallet", async () => {
    const { consortium, ecny } = d.contracts;
    expect(await consortium.memberCount()).toBe(BigInt(d.cast.all.length));
    const mill = d.cast.get("rolling-mill");
    expect(await consortium.roleOf(mill.address)).toBe(5n);
    expect(await ecny.balanceOf(mill.address)).toBe(2_000_000_00n);
  });

  it("sends a batch into one block and decodes a refusal", async () => {
    const { ecny } = d.contracts;
    const mill = d.cast.get("rolling-mill").address;
    const recycler = d.cast.get("scrap-recycler").address;
    const outcomes = await d.sender.sendBlock([
      txOf(ecny, mill, "transfer", [recycler, 100n]),
      txOf(ecny, mill, "transfer", [d.cast.get("registry").address, 100n]),
    ]);
    expect(outcomes[0].ok).toBe(true);
    expect(outcomes[1].ok).toBe(false);
    expect(outcomes[1].revert?.name).toBe("ECNYNoWallet");
    expect(outcomes[0].blockNumber).toBe(outcomes[1].blockNumber);
    await expect(
      d.sender.send(txOf(ecny, mill, "transfer", [d.cast.get("registry").address, 100n]), { preflight: true }),
    ).rejects.toThrow(ChainRevertError);
  });

  it("moves the simulated clock forward", async () => {
    const clock = new Clock(d.sender, d.contracts.consortium, d.cast.first("PlatformOperator").address);
    const before = await clock.now();
    await clock.advanceBy(3n * DAY);
    expect(await clock.now()).toBe(before + 3n * DAY);
  });
});
