import { Interface, type BaseContract } from "ethers";
import type { Participant } from "../chain/cast.js";
import type { Deployment } from "../chain/deploy.js";
import { txOf } from "../chain/handles.js";
import type { ReceiptLog, TxOutcome, TxRequest } from "../chain/sender.js";
import type { Calendar } from "./calendar.js";
import type { Engine, Intent, Phase } from "./engine.js";
import type { Rng } from "./rng.js";
import type { AgentKind, Scenario } from "./scenario/schema.js";

/** What the agents share: the scenario, the clock, the deployment, and who is who. */
export class World {
  readonly groups = new Map<string, Participant[]>();
  readonly groupOf = new Map<string, string>();
  readonly kindOf = new Map<string, AgentKind>();
  readonly tierOf = new Map<string, number>();
  /** Which operator bank opened each participant's wallet (it tops the wallet up from deposits). */
  readonly bankOf = new Map<string, string>();
  private readonly interfaces = new Map<string, Interface>();

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
    for (const [name, contract] of Object.entries(d.contracts)) {
      this.interfaces.set((contract.target as string).toLowerCase(), contract.interface);
      this.interfaces.set(name, contract.interface);
    }
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
    const iface = this.interfaces.get(log.address.toLowerCase());
    if (!iface) return undefined;
    try {
      const parsed = iface.parseLog({ topics: log.topics, data: log.data });
      if (!parsed) return undefined;
      const args: Record<string, unknown> = {};
      parsed.fragment.inputs.forEach((input, i) => (args[input.name] = parsed.args[i]));
      return { name: parsed.name, args };
    } catch {
      return undefined;
    }
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
