import { Interface, type LogDescription } from "ethers";
import { demoCast } from "../../src/chain/cast.js";
import { DAY } from "../../src/chain/clock.js";
import { createInProcessChain, type Chain } from "../../src/chain/connect.js";
import { deployConsortium, type Deployment } from "../../src/chain/deploy.js";
import { txOf } from "../../src/chain/handles.js";
import type { TxOutcome, TxRequest } from "../../src/chain/sender.js";

export { DAY };

/** Fen per yuan. */
export const YUAN = 100n;

/** `IVoucherLedger.VoucherStatus`, by on-chain value. */
export const VoucherStatus = {
  None: 0n,
  Pending: 1n,
  Active: 2n,
  Overdue: 3n,
  Defaulted: 4n,
  Repaid: 5n,
  Cleared: 6n,
  Rejected: 7n,
} as const;

/** `IVoucherLedger.TokenStatus`, by on-chain value. */
export const TokenStatus = {
  None: 0n,
  Live: 1n,
  Pledged: 2n,
  Frozen: 3n,
  Merged: 4n,
  Cleared: 5n,
  Unclaimed: 6n,
} as const;

/** Token ids are `(slotId << 32) | localIndex`. */
export function tokenIdOf(slotId: bigint, local: bigint): bigint {
  return (slotId << 32n) | local;
}

/** The demo consortium on a fresh in-process chain whose blocks we mine at chosen seconds. */
export interface VoucherWorld {
  chain: Chain;
  d: Deployment;
  /** Address of a demo-cast participant. */
  addr(id: string): string;
  /** Sends one transaction in a block mined at `time`; throws the decoded custom error if it reverts. */
  sendAt(time: bigint, request: TxRequest): Promise<TxOutcome>;
  /** The project's current time (the latest block's). */
  now(): Promise<bigint>;
  /** The ledger's and the financing module's events in some outcomes, decoded, in log order. */
  events(outcomes: TxOutcome[], name: string): LogDescription[];
}

/**
 * Starts a chain at `startTime` (automine off: every block is mined by the chain layer), deploys the
 * demo cast and gives steel-group a credit line of `lineFen` at lead-bank.
 */
export async function voucherWorld(startTime: Date, lineFen: bigint): Promise<VoucherWorld> {
  const chain = await createInProcessChain({ automine: false, startTime });
  const d = await deployConsortium(chain, demoCast());
  const addr = (id: string) => d.cast.get(id).address;
  const ledgerAddress = (d.contracts.vouchers.target as string).toLowerCase();
  const financingAddress = (d.contracts.financing.target as string).toLowerCase();
  const ledgerInterface: Interface = d.contracts.vouchers.interface;
  const financingInterface: Interface = d.contracts.financing.interface;
  const world: VoucherWorld = {
    chain,
    d,
    addr,
    sendAt: (time, request) => d.sender.send(request, { throwOnRevert: true, timestamp: time }),
    now: () => d.contracts.consortium.currentTime(),
    events: (outcomes, name) => {
      const out: LogDescription[] = [];
      for (const o of outcomes) {
        for (const log of o.logs) {
          const address = log.address.toLowerCase();
          const iface =
            address === ledgerAddress ? ledgerInterface : address === financingAddress ? financingInterface : undefined;
          const parsed = iface?.parseLog({ topics: log.topics, data: log.data });
          if (parsed && parsed.name === name) out.push(parsed);
        }
      }
      return out;
    },
  };
  const start = await world.now();
  await world.sendAt(
    start + 1n,
    txOf(d.contracts.vouchers, addr("lead-bank"), "setCreditLine", [addr("steel-group"), lineFen], "credit line"),
  );
  return world;
}
