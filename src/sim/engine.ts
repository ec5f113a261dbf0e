import type { TxOutcome, TxRequest } from "../chain/sender.js";
import type { BlockSender } from "./checkpoint.js";
import type { Calendar } from "./calendar.js";

/**
 * The phases of a simulated business day. Phases share three blocks a day (09:00, 11:00, 15:00
 * Beijing): EDR mines a few larger blocks faster than many small ones. A step may depend on any
 * transaction of an earlier block (of any sender); a step scheduled for a phase of the block being
 * mined, or of an earlier one, moves to the next day.
 */
export const PHASES = {
  settle: 0, // maturities: repay; loan repayments; defaults
  trade: 0, // purchases: voucher issuance, orders locked, loan applications, rights registered
  respond: 1, // counterparties: vouchers accepted, deliveries confirmed, guarantees, appraisals; clearing
  decide: 1, // holders: splits, financing requests
  approve: 2, // banks: financing and loan approvals; disposals
  close: 2, // end of day: data feeds, refunds, freight
} as const satisfies Record<string, number>;
export type Phase = keyof typeof PHASES;
const PHASE_ORDER = Object.keys(PHASES) as Phase[];
/** Beijing time of each block of the day. */
const SLOT_TIMES = [
  [9, 0],
  [11, 0],
  [15, 0],
] as const;

/** A transaction an agent wants sent, and what to do with its outcome. */
export interface Intent {
  tx: TxRequest;
  /** Called once mined (also when it reverted: read `outcome.ok`). */
  onDone?: (outcome: TxOutcome) => void;
}

/** Work scheduled for a phase: it runs when the phase comes and returns the intents of that moment. */
export type Task = () => TaskResult | Promise<TaskResult>;
type TaskResult = Intent | Intent[] | undefined | void;

/** Live figures for the progress bar. */
export interface Progress {
  day: number;
  date: string;
  transactions: number;
  reverted: number;
  blocks: number;
  gasUsed: bigint;
}

/** Transactions per block at most: EDR is fastest, and keeps least memory, with blocks of about 200. */
export const MAX_BLOCK_TXS = 200;

/**
 * Runs the simulated calendar: for each day and phase, runs the tasks scheduled for it, sends
 * their transactions as blocks at the phase's time, and hands each outcome back to its agent.
 * Deterministic: tasks run in the order they were scheduled.
 */
export class Engine {
  private readonly queue = new Map<number, Map<Phase, Task[]>>();
  private current: { day: number; phase: number } = { day: -1, phase: -1 };
  readonly progress: Progress = { day: 0, date: "", transactions: 0, reverted: 0, blocks: 0, gasUsed: 0n };
  /** Reverted transactions by custom error name (kept small: the first examples of each). */
  readonly reverts = new Map<string, { count: number; example: string }>();
  /** Transactions and gas by what they were for (the function called). */
  readonly mix = new Map<string, { count: number; gasUsed: bigint }>();

  /** Sees every outcome before its agent does (the world keeps balances from them). */
  observer?: (outcome: TxOutcome) => void;
  /** Runs before each block's tasks (e.g. to reset per-block bookkeeping). */
  beforePhase?: () => void;
  /**
   * The time (seconds) the engine scheduled for the block whose outcomes are being handed back: the
   * same on every chain, where a receipt's `blockTime` on a chain whose clock runs by itself is later.
   */
  blockTime = 0n;

  constructor(
    private readonly sender: BlockSender,
    readonly calendar: Calendar,
  ) {}

  /** The day being simulated. */
  get today(): number {
    return this.current.day;
  }

  /**
   * Schedules a task for `phase` of `day`. A task for the current day must be for a later phase
   * than the one running (it is then run today); otherwise it moves to the next day.
   */
  at(day: number, phase: Phase, task: Task): void {
    let d = Math.max(day, this.current.day);
    if (d === this.current.day && PHASES[phase] <= this.current.phase) d += 1;
    let byPhase = this.queue.get(d);
    if (!byPhase) this.queue.set(d, (byPhase = new Map()));
    let tasks = byPhase.get(phase);
    if (!tasks) byPhase.set(phase, (tasks = []));
    tasks.push(task);
  }

  /** Schedules a task `days` days from today (0 = later today if the phase is still to come). */
  after(days: number, phase: Phase, task: Task): void {
    this.at(this.current.day + days, phase, task);
  }

  /**
   * Runs days `0 … calendar.days − 1`. `onDay` is called at the start of each day (agents add
   * their tasks there); `onProgress` after each block.
   */
  async run(onDay: (day: number) => void, onProgress?: (p: Progress) => void): Promise<void> {
    for (let day = 0; day < this.calendar.days; day++) {
      this.current = { day, phase: -1 };
      this.progress.day = day;
      this.progress.date = this.calendar.date(day);
      onDay(day);
      for (let slot = 0; slot < SLOT_TIMES.length; slot++) {
        this.current.phase = slot;
        await this.runSlot(day, slot, onProgress);
      }
      this.queue.delete(day);
    }
  }

  private async runSlot(day: number, slot: number, onProgress?: (p: Progress) => void): Promise<void> {
    const byPhase = this.queue.get(day);
    const phases = PHASE_ORDER.filter((phase) => PHASES[phase] === slot && (byPhase?.get(phase)?.length ?? 0) > 0);
    if (phases.length === 0) return;
    this.beforePhase?.();
    const intents: Intent[] = [];
    for (const phase of phases) {
      const tasks = byPhase!.get(phase)!;
      for (const task of tasks) {
        const result = await task();
        if (!result) continue;
        if (Array.isArray(result)) intents.push(...result);
        else intents.push(result);
      }
      tasks.length = 0;
    }
    if (intents.length === 0) return;
    const [hour, minute] = SLOT_TIMES[slot];
    const base = this.calendar.at(day, hour, minute);
    for (let start = 0, block = 0; start < intents.length; start += MAX_BLOCK_TXS, block++) {
      const chunk = intents.slice(start, start + MAX_BLOCK_TXS);
      const timestamp = BigInt(base + block);
      const outcomes = await this.sender.sendBlock(
        chunk.map((i) => i.tx),
        { timestamp },
      );
      this.blockTime = timestamp;
      this.progress.blocks += 1;
      for (let i = 0; i < chunk.length; i++) {
        const outcome = outcomes[i];
        this.progress.transactions += 1;
        this.progress.gasUsed += outcome.gasUsed;
        const label = outcome.request.label ?? "?";
        const m = this.mix.get(label);
        if (m) {
          m.count += 1;
          m.gasUsed += outcome.gasUsed;
        } else this.mix.set(label, { count: 1, gasUsed: outcome.gasUsed });
        if (!outcome.ok) this.noteRevert(outcome);
        this.observer?.(outcome);
        chunk[i].onDone?.(outcome);
      }
      onProgress?.(this.progress);
    }
  }

  private noteRevert(outcome: TxOutcome): void {
    this.progress.reverted += 1;
    const name = outcome.revert?.name ?? "Reverted";
    const seen = this.reverts.get(name);
    if (seen) seen.count += 1;
    else this.reverts.set(name, { count: 1, example: outcome.request.label ?? "" });
  }
}
