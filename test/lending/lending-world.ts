import { MaxUint256, type BaseContract, type Result } from "ethers";
import { demoCast } from "../../src/chain/cast.js";
import { createInProcessChain, type Chain } from "../../src/chain/connect.js";
import { deployConsortium, type Deployment } from "../../src/chain/deploy.js";
import { txOf } from "../../src/chain/handles.js";
import { formatRevert } from "../../src/chain/revert.js";
import type { TxOutcome } from "../../src/chain/sender.js";
import type { ILoanBook } from "../../types/ethers-contracts/index.js";

/**
 * The lending tests' shared world: the demo consortium deployed on an in-process chain whose blocks
 * are mined only at the times a test names (so interest, appraisal validity and grace periods are
 * exact to the second), typed handles and small helpers over the chain layer.
 */

export const DAY = 86_400n;
/** ¥n in fen. */
export const yuan = (n: bigint): bigint => n * 100n;

/** `ILoanBook` enums, by their on-chain values. */
export const Purpose = { Agricultural: 0, WorkingCapital: 1, Equipment: 2, OrderFinancing: 3, InventoryPledge: 4 };
export const Collateral = { None: 0, PropertyRight: 1 };
export const DayCount = { Act365: 0, Act360: 1 };
export const Shape = { Bullet: 0, Instalments: 1 };
export const STATUSES = [
  "None",
  "Applied",
  "Rejected",
  "Withdrawn",
  "Active",
  "Repaid",
  "Defaulted",
  "Settled",
] as const;
export type StatusName = (typeof STATUSES)[number];
/** `IPropertyRegistry` enums. */
export const Kind = { LandManagement: 0, Forest: 1, Aquaculture: 2, WarehouseReceipt: 3 };
export const Reason = { Circulation: 0, Inheritance: 1, CourtOrder: 2, Disposal: 3, LienDisposal: 4 };

/** "4321": national fund 20%, provincial re-guarantor 30%, lender 20%, local guarantor 30%. */
export const SHARES_4321 = { nationalBps: 2_000, provincialBps: 3_000, lenderBps: 2_000, guarantorBps: 3_000 };

/** What a lender publishes, with the product's defaults filled in by {@link productParams}. */
export interface ProductSpec {
  name: string;
  purpose: number;
  secured: boolean;
  ltvBps?: number;
  rateBps: number;
  termDays: number;
  act360?: boolean;
  instalments?: number;
  graceDays: number;
  guaranteeFeeBps?: number;
  shares?: typeof SHARES_4321;
  minPrincipal: bigint;
  maxPrincipal: bigint;
}

/** The `createProduct` argument of a spec. */
export function productParams(spec: ProductSpec): ILoanBook.ProductParamsStruct {
  const instalments = spec.instalments ?? 0;
  return {
    name: spec.name,
    purpose: spec.purpose,
    collateral: spec.secured ? Collateral.PropertyRight : Collateral.None,
    ltvBps: spec.secured ? (spec.ltvBps ?? 6_000) : 0,
    rateBps: spec.rateBps,
    termDays: spec.termDays,
    dayCount: spec.act360 ? DayCount.Act360 : DayCount.Act365,
    shape: instalments > 1 ? Shape.Instalments : Shape.Bullet,
    instalments,
    graceDays: spec.graceDays,
    guaranteeFeeBps: spec.guaranteeFeeBps ?? 87,
    shares: spec.shares ?? SHARES_4321,
    minPrincipal: spec.minPrincipal,
    maxPrincipal: spec.maxPrincipal,
  };
}

/** A decoded event of a project contract in a transaction's receipt. */
export interface Emitted {
  contract: "LoanBook" | "PropertyRegistry" | "ECNY";
  name: string;
  args: Result;
}

export interface LendingWorld {
  chain: Chain;
  d: Deployment;
  /** Address of a cast member by id. */
  a: (id: string) => string;
  /** Mines one transaction in its own block at project time `time` (a revert does not throw). */
  sendAt: (
    time: bigint,
    contract: BaseContract,
    from: string,
    method: string,
    args: readonly unknown[],
  ) => Promise<TxOutcome>;
  /** As {@link LendingWorld.sendAt}, but a revert throws with the decoded custom error. */
  mustAt: (
    time: bigint,
    contract: BaseContract,
    from: string,
    method: string,
    args: readonly unknown[],
  ) => Promise<TxOutcome>;
  /** Mines an empty block at `time`: views then see that time. */
  mineAt: (time: bigint) => Promise<void>;
  /** The project's time of the latest block. */
  now: () => Promise<bigint>;
  /** The events of a receipt emitted by LoanBook, PropertyRegistry and ECNY, in log order. */
  events: (outcome: TxOutcome) => Emitted[];
}

/**
 * Deploys the demo consortium (every contract, the cast, wallets, money and the "4321" parties) on a
 * fresh in-process chain that mines only when asked, then mines a block at `start` (the tests' day 0).
 */
export async function lendingWorld(start: Date): Promise<LendingWorld> {
  const chain = await createInProcessChain({ automine: false, startTime: new Date(start.getTime() - 86_400_000) });
  const d = await deployConsortium(chain, demoCast());
  const a = (id: string) => d.cast.get(id).address;
  const { loans, registry, ecny, consortium } = d.contracts;
  const sendAt = (time: bigint, contract: BaseContract, from: string, method: string, args: readonly unknown[]) =>
    d.sender.send(txOf(contract, from, method, args), { timestamp: time });
  const mustAt = async (
    time: bigint,
    contract: BaseContract,
    from: string,
    method: string,
    args: readonly unknown[],
  ) => {
    const outcome = await sendAt(time, contract, from, method, args);
    if (!outcome.ok) throw new Error(`${method} reverted: ${outcome.revert ? formatRevert(outcome.revert) : "?"}`);
    return outcome;
  };
  const sources = [
    { contract: "LoanBook" as const, target: loans },
    { contract: "PropertyRegistry" as const, target: registry },
    { contract: "ECNY" as const, target: ecny },
  ].map((s) => ({ ...s, address: (s.target.target as string).toLowerCase() }));
  const events = (outcome: TxOutcome): Emitted[] =>
    outcome.logs.flatMap((log) => {
      const source = sources.find((s) => s.address === log.address.toLowerCase());
      const parsed = source?.target.interface.parseLog({ topics: log.topics, data: log.data });
      return source && parsed ? [{ contract: source.contract, name: parsed.name, args: parsed.args }] : [];
    });
  const mineAt = (time: bigint) => d.sender.mine(time);
  await mineAt(BigInt(Math.floor(start.getTime() / 1000)));
  return { chain, d, a, sendAt, mustAt, mineAt, now: () => consortium.currentTime(), events };
}

/** Each of `owners` approves the LoanBook for any amount: their on-chain consent to pay risk shares or prices. */
export async function approveLoanBook(w: LendingWorld, time: bigint, owners: string[]): Promise<void> {
  const { ecny, loans } = w.d.contracts;
  for (const owner of owners) await w.mustAt(time, ecny, owner, "approve", [loans.target, MaxUint256]);
}

/** The one event named `name` of a receipt (throws if absent or repeated). */
export function theEvent(w: LendingWorld, outcome: TxOutcome, name: string): Result {
  const found = w.events(outcome).filter((e) => e.name === name);
  if (found.length !== 1) throw new Error(`expected one ${name} event, found ${found.length}`);
  return found[0].args;
}
