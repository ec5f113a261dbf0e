import type { BaseContract } from "ethers";
import { EventCodec } from "../chain/abi.js";
import type { Participant } from "../chain/cast.js";
import type { Deployment } from "../chain/deploy.js";
import { txOf } from "../chain/handles.js";
import type { ReceiptLog, TxOutcome, TxRequest } from "../chain/sender.js";
import type { Calendar } from "./calendar.js";
import type { Engine, Intent, Phase } from "./engine.js";
import type { Rng } from "./rng.js";
import type { AgentKind, Scenario } from "./scenario/schema.js";

const TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
const ZERO = "0x0000000000000000000000000000000000000000";

/** What the agents share: the scenario, the clock, the deployment, and who is who. */
export class World {
  readonly groups = new Map<string, Participant[]>();
  readonly groupOf = new Map<string, string>();
  readonly kindOf = new Map<string, AgentKind>();
  readonly tierOf = new Map<string, number>();
  /** Which operator bank opened each participant's wallet (it tops the wallet up from deposits). */
  readonly bankOf = new Map<string, string>();
  private readonly codecs = new Map<string, EventCodec>();
  /** e-CNY balances as of the last block, kept from every receipt's Transfer logs (agents' own knowledge). */
  readonly balances = new Map<string, bigint>();
  /** Money already planned to leave each account in the phase being prepared. */
  private readonly reserved = new Map<string, bigint>();
  /** Top-ups already planned for the phase being prepared (not yet in `balances`). */
  private readonly pendingIn = new Map<string, bigint>();
  private readonly ecnyAddress: string;
  /** Called at the start of every simulated day, in installation order. */
  readonly dayHooks: ((day: number) => void)[] = [];
  /** Extra e-CNY issued from deposits to cover agents' payments (fen). */
  toppedUp = 0n;

  constructor(
    readonly scenario: Scenario,
    readonly calendar: Calendar,
    readonly engine: Engine,
    readonly d: Deployment,
    readonly rng: Rng,
  ) {
    const firstBank = scenario.participants.find((g) => g.agent === "bank")!.id;
    for (const group of scenario.participants) {
      const members = d.cast.all.filter((p) => p.id === group.id || p.id.startsWith(`${group.id}-`));
      this.groups.set(group.id, members);
      for (const p of members) {
        const address = p.address.toLowerCase();
        this.groupOf.set(address, group.id);
        this.kindOf.set(address, group.agent);
        if (group.tier !== undefined) this.tierOf.set(address, group.tier);
      }
    }
    for (const p of d.cast.all) {
      if (p.wallet)
        this.bankOf.set(p.address.toLowerCase(), d.cast.get(p.wallet.bank ?? this.members(firstBank)[0].id).address);
    }
    for (const contract of Object.values(d.contracts)) {
      this.codecs.set((contract.target as string).toLowerCase(), new EventCodec([contract.interface]));
    }
    this.ecnyAddress = (d.contracts.ecny.target as string).toLowerCase();
    for (const p of d.cast.all) this.balances.set(p.address.toLowerCase(), p.initialFen ?? 0n);
    engine.observer = (outcome) => this.observe(outcome);
    engine.beforePhase = () => {
      this.reserved.clear();
      this.pendingIn.clear();
    };
  }

  /** Keeps balances from the e-CNY Transfer logs of a mined transaction. */
  observe(outcome: TxOutcome): void {
    if (!outcome.ok) return;
    for (const log of outcome.logs) {
      if (log.address.toLowerCase() !== this.ecnyAddress || log.topics.length !== 3 || log.topics[0] !== TRANSFER_TOPIC)
        continue;
      const value = BigInt(log.data);
      const from = `0x${log.topics[1].slice(26)}`;
      const to = `0x${log.topics[2].slice(26)}`;
      if (from !== ZERO) this.balances.set(from, (this.balances.get(from) ?? 0n) - value);
      if (to !== ZERO) this.balances.set(to, (this.balances.get(to) ?? 0n) + value);
    }
  }

  /**
   * Makes sure `account` can pay `amount` in the phase being prepared: if its balance (less what it
   * already plans to pay in this phase) falls short, its bank first converts deposits into e-CNY
   * for it. Returns the top-up intent (to be sent before the payment), if any.
   */
  fund(account: string, amount: bigint): Intent[] {
    const a = account.toLowerCase();
    const reserved = (this.reserved.get(a) ?? 0n) + amount;
    this.reserved.set(a, reserved);
    const available = (this.balances.get(a) ?? 0n) + (this.pendingIn.get(a) ?? 0n);
    if (available >= reserved) return [];
    const bank = this.bankOf.get(a);
    if (!bank) return [];
    const shortfall = reserved - available;
    const topUp = ((shortfall * 11n) / 10n / 100_000n + 1n) * 100_000n; // +10%, whole ¥1,000
    this.toppedUp += topUp;
    this.pendingIn.set(a, (this.pendingIn.get(a) ?? 0n) + topUp);
    return [this.tx(this.contracts.ecny, bank, "issue", [account, topUp])];
  }

  get contracts(): Deployment["contracts"] {
    return this.d.contracts;
  }

  /** Members of a participant group (empty for an unknown id). */
  members(groupId: string): Participant[] {
    return this.groups.get(groupId) ?? [];
  }

  /** Members of several groups. */
  membersOf(groupIds: readonly string[]): Participant[] {
    return groupIds.flatMap((id) => this.members(id));
  }

  /** Members of every group played by `kind`. */
  ofKind(kind: AgentKind): Participant[] {
    return this.scenario.participants.filter((g) => g.agent === kind).flatMap((g) => this.members(g.id));
  }

  /** A transaction intent for `contract.method(...args)` sent by `from`. */
  tx(
    contract: BaseContract,
    from: string,
    method: string,
    args: readonly unknown[],
    onDone?: (o: TxOutcome) => void,
    gas?: bigint,
  ): Intent {
    const request: TxRequest = txOf(contract, from, method, args);
    if (gas !== undefined) request.gas = gas;
    return { tx: request, onDone };
  }

  /** The first event named `name` among a receipt's logs, decoded. */
  event(outcome: TxOutcome, name: string): Record<string, unknown> | undefined {
    for (const log of outcome.logs) {
      const parsed = this.parse(log);
      if (parsed?.name === name) return parsed.args;
    }
    return undefined;
  }

  /** Every event named `name` among a receipt's logs, decoded. */
  events(outcome: TxOutcome, name: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const log of outcome.logs) {
      const parsed = this.parse(log);
      if (parsed?.name === name) out.push(parsed.args);
    }
    return out;
  }

  private parse(log: ReceiptLog): { name: string; args: Record<string, unknown> } | undefined {
    return this.codecs.get(log.address.toLowerCase())?.decode(log.topics, log.data);
  }

  /** Schedules a task `days` from today in `phase` (see {@link Engine.after}). */
  later(days: number, phase: Phase, task: () => Intent | Intent[] | undefined | void): void {
    this.engine.after(days, phase, task);
  }

  /** Unix seconds of `phase` time today (the block time its transactions will have). */
  timeOf(day: number, hour: number): bigint {
    return BigInt(this.calendar.at(day, hour));
  }

  /** A money amount from a size distribution, rounded to its unit (fen). */
  sample(rng: Rng, d: { median: bigint; sigma: number; min: bigint; max: bigint; roundTo: bigint }): bigint {
    const x = rng.lognormal(Number(d.median), d.sigma, Number(d.min), Number(d.max));
    const rounded = (BigInt(Math.round(x)) / d.roundTo) * d.roundTo;
    return rounded < d.min ? d.min : rounded > d.max ? d.max : rounded;
  }
}
