import type { Chain } from "../chain/connect.js";
import type { Contracts, Deployment } from "../chain/deploy.js";
import type { RoleName } from "../domain/roles.js";
import type { LedgerState } from "../ledger/state.js";
import type { Text } from "../ledger/words.js";

/** A text in both languages of the classroom (the project's plain-words vocabulary, in ledger/words.ts). */
export type { Text };

export type Lang = keyof Text;

/** A contract of the deployment, by its key in {@link Contracts}. */
export type ContractKey = keyof Contracts;

/**
 * What a step's builders see: the deployment, the indexed state so far, the time at which the step
 * is sent and the values earlier steps remembered (voucher, token, loan ids…).
 */
export interface LessonContext {
  readonly d: Deployment;
  /** The indexed chain state after the previous step (read it, never write it). */
  readonly state: LedgerState;
  /** Project time (seconds) at which the current step is sent. */
  readonly now: bigint;
  /** Project time of the lesson's first step. */
  readonly start: bigint;
  /** Address of a cast member by id (`"rolling-mill"`). */
  addr(id: string): string;
  /** A value remembered by an earlier step's `capture` or {@link LessonContext.set}; throws if absent. */
  get(name: string): bigint;
  set(name: string, value: bigint): void;
  /**
   * The bytes32 hash of a document reference (trade background, waybill), remembered so that the
   * lesson shows the reference rather than the hash.
   */
  ref(text: string): string;
}

/** A clock move before a step: a number of days, or to a time the lesson knows (a maturity, a deadline). */
export type ClockMove = { days: number; why: Text } | { to: (ctx: LessonContext) => bigint; why: Text };

/** One transaction of a lesson, as data. */
export interface LessonStep {
  /** A few words: the heading of the step. */
  title: Text;
  /** What happens and why it matters in supply-chain finance. */
  explain: Text | ((ctx: LessonContext) => Text);
  /** Cast id of the participant who signs the transaction. */
  actor: string;
  contract: ContractKey;
  method: string;
  /** The arguments, built from the lesson's state so far. */
  args: (ctx: LessonContext) => readonly unknown[] | Promise<readonly unknown[]>;
  /** Moves the project clock before the step. */
  clock?: ClockMove;
  /** The contract must refuse the transaction with this custom error: a lesson in what the rules prevent. */
  refusal?: { error: string; rule: Text };
  /** Remembers event arguments of the step under a name: `{ slot: "VoucherIssued.slotId" }`. */
  capture?: Record<string, string>;
  /** Cast ids whose e-CNY balances matter here, besides the actor, the arguments and any balance that moved. */
  watch?: string[];
  /** The lesson's own numbers, computed before the transaction (the chain must then agree). Fen, days, bps. */
  predict?: (ctx: LessonContext) => Record<string, bigint> | Promise<Record<string, bigint>>;
  /** Notes after the step: computations, the lineage tree, what the numbers mean. */
  notes?: (ctx: LessonContext, step: StepResult) => Text[] | Promise<Text[]>;
}

/** A participant of a lesson and the part it plays. */
export interface LessonActor {
  id: string;
  part: Text;
}

/** A lesson as data: the instrument first, the actors, the lifecycle, then the steps. */
export interface Lesson {
  /** Slug, e.g. `split-three-tiers`. */
  name: string;
  title: Text;
  summary: Text;
  /** The instrument, explained before anything happens. */
  instrument: Text;
  /** The lifecycle as explicit states, one verb per transition. */
  lifecycle: Text;
  /** What the chain stores, as opposed to what each transaction takes as input. */
  stored?: Text;
  actors: LessonActor[];
  steps: LessonStep[];
}

/** A participant as a lesson names it. */
export interface ActorInfo {
  id: string;
  address: string;
  name: Text;
  role: RoleName;
  roleLabel: Text;
  /** The part it plays in the lesson. */
  part?: Text;
}

/** What `listLessons` gives: everything but the steps' code. */
export interface LessonInfo {
  name: string;
  title: Text;
  summary: Text;
  instrument: Text;
  lifecycle: Text;
  stored?: Text;
  actors: ActorInfo[];
  steps: { title: Text; actor: string; contract: ContractKey; method: string; refusal?: string }[];
}

/** One argument of a transaction, formatted for people (money in ¥, rates in %, dates, names). */
export interface FormattedArg {
  name: string;
  type: string;
  /** The value as sent, as a string (decimal for integers). */
  raw: string;
  text: Text;
}

/** A decoded event of the step's transaction, in plain words. */
export interface EventResult {
  contract: string;
  name: string;
  args: Record<string, unknown>;
  text: Text;
  /** A plumbing event of a standard (ERC-721 / ERC-3525 transfers and approvals): shown only in detail views. */
  standard: boolean;
}

/** A participant's (or a project contract's) e-CNY balance around the step, in fen. */
export interface BalanceChange {
  address: string;
  /** Cast id; absent for a project contract. */
  id?: string;
  name: Text;
  before: bigint;
  after: bigint;
  delta: bigint;
}

/** A voucher token around the step (value in fen). */
export interface TokenChange {
  tokenId: bigint;
  slotId: bigint;
  label: Text;
  owner: string;
  ownerName: Text;
  tier: number;
  parentTokenId: bigint;
  before: bigint;
  after: bigint;
  statusBefore?: string;
  status: string;
}

/** The decoded custom error of a refused step and the rule it enforces. */
export interface RefusalResult {
  error: string;
  args: Record<string, unknown>;
  /** `true`: the lesson expected this refusal (an unexpected one fails the run). */
  expected: boolean;
  /** What the error says, with its facts, in plain words. */
  explanation: Text;
  /** Why the rule exists (the lesson's words). */
  rule: Text;
}

/** What one step did, as the runner returns and streams it. */
export interface StepResult {
  lesson: string;
  /** 1-based. */
  index: number;
  total: number;
  title: Text;
  explanation: Text;
  /** Project time of the step. */
  time: bigint;
  timeText: string;
  /** What the clock did before the step, if it moved more than the minute between steps. */
  clock?: Text;
  actor: ActorInfo;
  transaction: {
    contract: string;
    function: string;
    signature: string;
    args: FormattedArg[];
    from: string;
    /** Absent for a refused step: nothing was recorded on chain. */
    hash?: string;
    blockNumber?: bigint;
    gasUsed?: bigint;
  };
  status: "confirmed" | "refused";
  refusal?: RefusalResult;
  events: EventResult[];
  balances: BalanceChange[];
  tokens: TokenChange[];
  /** The lesson's own numbers for this step (fen, days, bps), computed before the transaction. */
  figures: Record<string, bigint>;
  notes: Text[];
}

/** A whole run of a lesson. */
export interface LessonRun {
  lesson: LessonInfo;
  startTime: bigint;
  /** The contracts the lesson deployed: name → address. */
  contracts: Record<string, string>;
  steps: StepResult[];
}

/** Options of {@link runLesson}. */
export interface RunLessonOptions {
  /** Called with each step as soon as it is done (the dashboard streams it). */
  onStep?: (step: StepResult) => void | Promise<void>;
  /** Project time of the first step; default 2026-03-02 09:00 Beijing time. */
  startTime?: Date;
  /** Run on this chain (a fresh deployment; the caller closes it) instead of a fresh in-process one. */
  chain?: Chain;
  /** Run on the JSON-RPC node at this URL (a fresh deployment). */
  rpcUrl?: string;
}
