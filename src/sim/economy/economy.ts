import { beijingMidnight } from "../calendar.js";
import type { Calendar } from "../calendar.js";
import type { Rng } from "../rng.js";
import type { Scenario } from "../scenario/schema.js";
import type { World } from "../world.js";
import { Firm } from "./firm.js";

/**
 * The firms' businesses, off the chain: each firm's sales (seasonal, with the scenario's shared
 * shocks and its own monthly noise), margins, fixed costs and cash. Agents act on the chain when a
 * firm's business calls for it: a purchase made on credit becomes a voucher, a supplier that owes
 * its own suppliers splits it, a firm short of cash finances a voucher or borrows, a borrower that
 * cannot pay from its cash at maturity defaults. Money is integer fen; a day's sales are drawn as a
 * real number and rounded to the fen (half away from zero) before they touch any cash.
 */
export class Economy {
  readonly firms = new Map<string, Firm>();
  private readonly season: number[];
  private readonly shocks: { from: number; to: number; drop: number; members: Set<string> }[] = [];
  private month = -1;

  constructor(
    readonly scenario: Scenario,
    readonly calendar: Calendar,
    world: World,
    private readonly rng: Rng,
  ) {
    this.season = normalise(scenario.economy.seasonality);
    const shockRng = rng.fork("shocks");
    for (const shock of scenario.shocks) {
      const members = new Set<string>();
      for (const m of world.membersOf(shock.groups)) {
        if (shockRng.chance(shock.share)) members.add(m.address.toLowerCase());
      }
      this.shocks.push({
        from: calendar.dayOf(beijingMidnight(shock.from)),
        to: calendar.dayOf(beijingMidnight(shock.to)),
        drop: shock.drop,
        members,
      });
    }
  }

  /** Adds a firm; `expectedRevenue` is its normal annual revenue in fen (for fixed costs and its buffer). */
  add(firm: Firm): Firm {
    this.firms.set(firm.address, firm);
    return firm;
  }

  firm(address: string): Firm | undefined {
    return this.firms.get(address.toLowerCase());
  }

  /** The demand factor of `address` on `day`: the season of the month times any shock it is in. */
  demandFactor(address: string, day: number, season = this.season): number {
    return season[this.monthOf(day)] * this.shockFactor(address, day);
  }

  /** 1, or 1 − drop while a shock that hit `address` lasts. */
  shockFactor(address: string, day: number): number {
    let factor = 1;
    const key = address.toLowerCase();
    for (const s of this.shocks) if (day >= s.from && day < s.to && s.members.has(key)) factor *= 1 - s.drop;
    return factor;
  }

  /** Month of the year (0 = January) of a day of the horizon. */
  monthOf(day: number): number {
    return Number(this.calendar.date(day).slice(5, 7)) - 1;
  }

  /**
   * A day of business for every firm: a new month draws each firm's noise; each firm books the
   * day's sales (exogenous firms) and pays its fixed costs.
   */
  dayStarted(day: number): void {
    const month = this.monthOf(day);
    if (month !== this.month) {
      this.month = month;
      const sigma = this.scenario.economy.volatility;
      for (const firm of this.firms.values()) firm.newMonth(sigma);
    }
    if (!this.calendar.isBusinessDay(day)) return;
    for (const firm of this.firms.values()) firm.businessDay(day, this);
  }

  /** Normalised seasonal weights of a firm's own season, or the economy's. */
  seasonOf(weights: number[] | undefined): number[] {
    return weights ? normalise(weights) : this.season;
  }

  /** Business days in a year of this calendar (for per-day flows). */
  get businessDaysPerYear(): number {
    return (365 * new Set(this.scenario.calendar.businessDays).size) / 7;
  }

  /** The scenario's payable delay, in days. */
  get payableDays(): number {
    return this.scenario.economy.payableDays;
  }
}

function normalise(weights: readonly number[]): number[] {
  const mean = weights.reduce((a, b) => a + b, 0) / weights.length;
  return weights.map((w) => w / mean);
}
