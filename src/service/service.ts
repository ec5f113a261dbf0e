import type { Participant } from "../chain/cast.js";
import { Clock, DAY } from "../chain/clock.js";
import type { Deployment } from "../chain/deploy.js";
import type { TxOutcome, TxRequest } from "../chain/sender.js";
import { ScfError } from "../domain/errors.js";
import { EventDecoder, type ChainEvent } from "../ledger/decoder.js";
import type { Ledger } from "../ledger/ledger.js";
import type { LedgerState } from "../ledger/state.js";
import { computeVolumes, type Volumes } from "../report/build.js";
import { Directory } from "./directory.js";
import { MemberNotActiveError } from "./errors.js";
import { LendingService } from "./lending.js";
import { PaymentService } from "./payments.js";
import { requireRole } from "./permissions.js";
import { ApiTokens } from "./tokens.js";
import { VoucherService } from "./vouchers.js";

/** How many e-CNY payments between members the event log keeps. */
export const RECENT_PAYMENTS = 10_000;

/** A write that went through: its transaction, the events it emitted (decoded) and its result. */
export interface Written<T> {
  outcome: TxOutcome;
  events: ChainEvent[];
  value: T;
}

/** What a write prepares once the state is synced and every check has passed. */
export interface Prepared<T> {
  request: TxRequest;
  /** Computes the write's result from the synced state and the transaction's own events. */
  result: (events: ChainEvent[]) => T;
}

export interface ServiceOptions {
  /** API tokens; default: fresh random ones for every participant of the cast. */
  tokens?: ApiTokens;
  /** End of the simulated period (a scenario's horizon), so that /api/volumes matches the report. */
  periodEnd?: number;
  /** The scenario's conventional settlement delay (pay-on-delivery comparison), if any. */
  baselineSettlementDays?: number;
  /** Name of the scenario that was run first, if any. */
  scenario?: string;
  /** Where unexpected errors are logged (default: console.error). */
  log?: (message: string, error?: unknown) => void;
  /** Called once the service has closed its chain (e.g. to close a state folder). */
  onClose?: () => void;
}

/**
 * The service behind the API: one deployment, its one indexer (every read comes from it or from
 * contract views), the participants' API tokens, and the writes. A write is run alone (one at a
 * time): sync the indexer, check who may do it, simulate it (a refusal throws the contract's
 * decoded error and sends nothing), send it signed by the acting participant's own key, sync
 * again, and return the transaction's decoded events.
 */
export class ScfService {
  readonly deployment: Deployment;
  readonly ledger: Ledger;
  readonly directory: Directory;
  readonly tokens: ApiTokens;
  readonly clock: Clock;
  readonly vouchers: VoucherService;
  readonly payments: PaymentService;
  readonly lending: LendingService;
  readonly options: ServiceOptions;
  readonly log: (message: string, error?: unknown) => void;
  /**
   * e-CNY payments between members, in chain order (the indexer keeps every event but e-CNY
   * transfers; the event log needs the payments): the latest {@link RECENT_PAYMENTS} heard from the
   * indexer's stream since the service started.
   */
  readonly recentPayments: ChainEvent[] = [];
  private readonly decoder: EventDecoder;
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private readonly closers = new Set<() => void>();
  private closed = false;

  private constructor(deployment: Deployment, ledger: Ledger, decoder: EventDecoder, options: ServiceOptions) {
    this.deployment = deployment;
    this.ledger = ledger;
    this.decoder = decoder;
    this.options = options;
    this.log = options.log ?? ((message, error) => console.error(`scf serve: ${message}`, error ?? ""));
    this.directory = new Directory(deployment.cast, ledger.state);
    this.tokens = options.tokens ?? ApiTokens.generate(deployment.cast.all);
    const operator = deployment.cast.first("PlatformOperator");
    this.clock = new Clock(deployment.sender, deployment.contracts.consortium, operator.address);
    this.vouchers = new VoucherService(this);
    this.payments = new PaymentService(this);
    this.lending = new LendingService(this);
    this.keepPayments(ledger.restoredPayments);
    ledger.subscribe((events) => this.keepPayments(events));
  }

  /**
   * A service on a deployment and its indexer (created with `keepEvents: true`), synced.
   * @example const service = await ScfService.create(d, await Ledger.create(d, { keepEvents: true }));
   */
  static async create(deployment: Deployment, ledger: Ledger, options: ServiceOptions = {}): Promise<ScfService> {
    const service = new ScfService(deployment, ledger, await EventDecoder.create(deployment.addresses), options);
    await ledger.sync();
    return service;
  }

  get state(): LedgerState {
    return this.ledger.state;
  }

  /** The project's current time in seconds (the Consortium's clock). */
  async now(): Promise<number> {
    return Number(await this.deployment.contracts.consortium.currentTime());
  }

  /** Indexes what the chain holds since the last sync (also activity of other tools). */
  async sync(): Promise<void> {
    await this.ledger.sync();
  }

  /** Syncs every `intervalMs` so that transactions from other tools (MetaMask, cast) show up. */
  startSync(intervalMs = 1_000): void {
    if (this.timer || intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.ledger.sync().catch((error: unknown) => this.log("periodic sync failed", error));
    }, intervalMs);
    this.timer.unref();
  }

  /** Hears every newly indexed event; returns the unsubscribe function. */
  subscribe(listener: (events: ChainEvent[]) => void): () => void {
    return this.ledger.subscribe(listener);
  }

  /** Registers something to end at shutdown (an open event stream); returns the unregister function. */
  onClose(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  /**
   * Runs one write alone: sync, `prepare` (which checks and may throw a refusal), refuse a sender
   * that is not an active member, simulate and send signed by `request.from`, sync, decode. A
   * contract refusal throws `ChainRevertError`.
   */
  act<T>(prepare: () => Prepared<T> | Promise<Prepared<T>>): Promise<Written<T>> {
    return this.exclusive(async () => {
      await this.ledger.sync();
      const { request, result } = await prepare();
      this.requireActiveMember(request.from);
      const outcome = await this.send(request);
      await this.ledger.sync();
      const events = await this.eventsOf(outcome);
      return { outcome, events, value: result(events) };
    });
  }

  /**
   * Moves the project clock forward (platform operator only), e.g. to show maturity and clearing.
   * @returns the project time before and after.
   */
  advanceClock(actor: Participant, days: number): Promise<{ before: number; after: number }> {
    return this.exclusive(async () => {
      requireRole(actor, ["PlatformOperator"], "move the project clock");
      await this.ledger.sync();
      this.requireActiveMember(actor.address);
      const before = await this.now();
      await this.clock.advanceBy(BigInt(days) * DAY);
      await this.ledger.sync();
      return { before, after: await this.now() };
    });
  }

  /** The volumes of the report, as of now (or the end of the scenario's period, whichever is later). */
  async volumes(): Promise<{ endTime: number; volumes: Volumes }> {
    const endTime = Math.max(await this.now(), this.options.periodEnd ?? 0);
    await this.ledger.sync();
    return {
      endTime,
      volumes: computeVolumes(this.ledger, {
        endTime,
        baselineSettlementDays: this.options.baselineSettlementDays,
      }),
    };
  }

  /** Ends open event streams (so that an HTTP server can close) and stops the periodic sync. */
  endStreams(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const close of [...this.closers]) close();
    this.closers.clear();
  }

  /** Ends open streams, refuses new writes, waits for the write in progress and closes the chain. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.endStreams();
    await this.queue.catch(() => undefined);
    await this.deployment.chain.close();
    this.options.onClose?.();
  }

  /**
   * Refuses a write by a member the platform operator suspended or removed (as the indexed state
   * says: sync first). The contracts refuse such a member in most functions, but not in all
   * (declining a voucher or a financing request, releasing a pledge, an e-CNY allowance): "suspended"
   * must mean that nothing it sends goes through. Every write checks it; the API also checks it
   * before any write (a lesson run included).
   * @example await service.sync(); service.requireActiveMember(actor.address)
   */
  requireActiveMember(address: string): void {
    const member = this.state.members.get(address.toLowerCase());
    if (member?.status === "Active") return;
    const party = this.directory.party(address);
    const status = member?.status ?? "None";
    throw new MemberNotActiveError(
      `${party.name} is ${member ? status.toLowerCase() : "not a member"}: only active members take part.`,
      { participant: party.id, status },
    );
  }

  private keepPayments(events: ChainEvent[]): void {
    const state = this.state;
    for (const e of events) {
      if (e.contract !== "ECNY" || e.name !== "Transfer") continue;
      const from = String(e.args.from).toLowerCase();
      const to = String(e.args.to).toLowerCase();
      if (state.members.has(from) && state.members.has(to)) this.recentPayments.push(e);
    }
    if (this.recentPayments.length > RECENT_PAYMENTS * 1.2) {
      this.recentPayments.splice(0, this.recentPayments.length - RECENT_PAYMENTS);
    }
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ScfError("SHUTTING_DOWN", "The service is shutting down."));
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Simulates then sends; retries once when another tool used the same key (a stale nonce). */
  private async send(request: TxRequest): Promise<TxOutcome> {
    const options = { preflight: true, throwOnRevert: true } as const;
    try {
      return await this.deployment.sender.send(request, options);
    } catch (error) {
      if (error instanceof ScfError && error.code === "TX_REJECTED" && /nonce/i.test(error.message)) {
        return this.deployment.sender.send(request, options);
      }
      throw error;
    }
  }

  private async eventsOf(outcome: TxOutcome): Promise<ChainEvent[]> {
    const block = (await this.deployment.chain.rpc.request({
      method: "eth_getBlockByNumber",
      params: [`0x${outcome.blockNumber.toString(16)}`, false],
    })) as { timestamp: string };
    const time = Number(block.timestamp) + this.state.clockOffset;
    const events: ChainEvent[] = [];
    for (const log of outcome.logs) {
      const event = this.decoder.decode(log, { blockNumber: Number(outcome.blockNumber), txHash: outcome.hash, time });
      if (event) events.push(event);
    }
    return events;
  }
}
