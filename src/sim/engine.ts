import type { Sender, TxOutcome, TxRequest } from "../chain/sender.js";
import type { Calendar } from "./calendar.js";

/**
 * The phases of a simulated business day, each mined as its own block(s) at a fixed Beijing time.
 * A step may depend on any transaction of an earlier phase (of any sender).
 */
export const PHASES = {
  settle: [9, 0], // maturities: repay, clear; loan repayments; defaults
  trade: [10, 0], // purchases: voucher issuance, orders locked, loan applications, rights registered
  respond: [11, 0], // counterparties: vouchers accepted, deliveries confirmed, guarantees, appraisals
  decide: [14, 0], // holders: splits, financing requests
  approve: [15, 0], // banks: financing and loan approvals
  close: [17, 0], // end of day: data feeds, claims, follow-ups
} as const satisfies Record<string, readonly [number, number]>;
export type Phase = keyof typeof PHASES;
const PHASE_ORDER = Object.keys(PHASES) as Phase[];

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
  /** Runs before each phase's tasks (e.g. to reset per-block bookkeeping). */
  beforePhase?: () => void;

  constructor(
    private readonly sender: Sender,
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
    if (d === this.current.day && PHASE_ORDER.indexOf(phase) <= this.current.phase) d += 1;
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
      for (let p = 0; p < PHASE_ORDER.length; p++) {
        this.current.phase = p;
        await this.runPhase(day, PHASE_ORDER[p], onProgress);
      }
      this.queue.delete(day);
    }
  }

  private async runPhase(day: number, phase: Phase, onProgress?: (p: Progress) => void): Promise<void> {
    const tasks = this.queue.get(day)?.get(phase);
    if (!tasks || tasks.length === 0) return;
    this.beforePhase?.();
    const intents: Intent[] = [];
    for (const task of tasks) {
      const result = await task();
      if (!result) continue;
      if (Array.isArray(result)) intents.push(...result);
      else intents.push(result);
    }
    tasks.length = 0;
    const [hour, minute] = PHASES[phase];
    const base = this.calendar.at(day, hour, minute);
    for (let start = 0, block = 0; start < intents.length; start += MAX_BLOCK_TXS, block++) {
      const chunk = intents.slice(start, start + MAX_BLOCK_TXS);
      const outcomes = await this.sender.sendBlock(
        chunk.map((i) => i.tx),
        { timestamp: BigInt(base + block) },
      );
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
