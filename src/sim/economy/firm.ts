import type { Rng } from "../rng.js";
import type { Economy } from "./economy.js";

/** Input prices move a quarter as much as sales (a modelling constant). */
const PRICE_TO_SALES_VOLATILITY = 0.25;

/**
 * One firm's business as the agents know it: cash (fen; deposits and wallet together; below zero it
 * is in arrears), normal revenue, margin, fixed costs, this month's noise, and the sales of the
 * current and last week (what the data feed posts). Exogenous firms sell outside the chain; the
 * suppliers' revenue is what the chain's customers buy from them.
 */
export class Firm {
  cash: bigint;
  /** This month's factor on sales (log-normal, mean 1). */
  salesFactor = 1;
  /** This month's factor on input prices (log-normal, mean 1). */
  priceFactor = 1;
  /** Cash on its way (financing requested, loans applied for), not yet received. */
  pendingIn = 0n;
  /** Face value of the vouchers it holds (not split away, financed or cleared). */
  receivable = 0n;
  /** Principal it owes on its loans. */
  debt = 0n;
  /** Equipment bought with loans, at cost. */
  equipment = 0n;
  /** A loan payment due now that its cash does not cover: it raises money for it too. */
  owing = 0n;
  salesThisWeek = 0n;
  salesLastWeek = 0n;
  private week = -1;
  /** A lender declared one of its loans in default: banks lend it no more. */
  defaulted = false;
  /** Products with an open loan (or an application on its way) of this firm. */
  readonly openLoans = new Set<string>();
  private readonly dailyFixed: bigint;
  private readonly dailyCosts: bigint;

  constructor(
    readonly address: string,
    readonly group: string,
    readonly kind: string,
    /** Normal annual revenue, fen. */
    readonly expectedRevenue: number,
    readonly margin: number,
    readonly fixedCosts: number,
    /** Sells outside the chain (its sales are drawn each day), or only to the chain's customers. */
    readonly exogenous: boolean,
    private readonly season: number[],
    private readonly rng: Rng,
    bufferDays: number,
    equityDays: number,
    businessDaysPerYear: number,
    readonly tier?: number,
  ) {
    this.dailyFixed = BigInt(Math.round((expectedRevenue * fixedCosts) / businessDaysPerYear));
    this.dailyCosts = BigInt(Math.round((expectedRevenue * (1 - margin + fixedCosts)) / businessDaysPerYear));
    this.bufferFen = (this.dailyCosts * BigInt(Math.round(bufferDays * 100))) / 100n;
    this.cash = (this.dailyCosts * BigInt(Math.round(equityDays * 100))) / 100n; // its own funds, no debt
  }

  /** The cash the firm wants to keep: its buffer days of costs. */
  readonly bufferFen: bigint;

  /**
   * What the firm raises when its cash (with what is on its way) falls below its buffer: enough to
   * bring it back to two buffers (plus a payment it owes now), so that it does not have to raise money
   * every day.
   */
  get need(): bigint {
    const expected = this.cash + this.pendingIn;
    const floor = this.bufferFen + this.owing;
    return expected < floor ? floor + this.bufferFen - expected : 0n;
  }

  /**
   * What the firm owns less what it owes: cash, vouchers held and equipment, less loan principal.
   * Lenders lend only to a firm whose equity is positive (they see its books on the platform).
   */
  get equity(): bigint {
    return this.cash + this.receivable + this.equipment - this.debt;
  }

  /** Cash above the buffer that the firm can spend without borrowing. */
  get free(): bigint {
    return this.cash > this.bufferFen ? this.cash - this.bufferFen : 0n;
  }

  newMonth(sigma: number): void {
    this.salesFactor = Math.exp(sigma * this.rng.normal() - (sigma * sigma) / 2);
    const p = sigma * PRICE_TO_SALES_VOLATILITY;
    this.priceFactor = Math.exp(p * this.rng.normal() - (p * p) / 2);
  }

  /** A business day: exogenous firms sell at their margin; every firm pays its fixed costs. */
  businessDay(day: number, economy: Economy): void {
    const week = economy.calendar.week(day);
    if (week !== this.week) {
      this.salesLastWeek = this.salesThisWeek;
      this.salesThisWeek = 0n;
      this.week = week;
    }
    if (this.exogenous) {
      const normal = this.expectedRevenue / economy.businessDaysPerYear;
      const sales =
        normal * this.season[economy.monthOf(day)] * economy.shockFactor(this.address, day) * this.salesFactor;
      const fen = BigInt(Math.round(sales));
      this.salesThisWeek += fen;
      this.cash += BigInt(Math.round(sales * this.margin));
    }
    this.cash -= this.dailyFixed;
  }

  /** Revenue from the chain's customers (suppliers): counted in the week's sales. */
  sold(value: bigint): void {
    this.salesThisWeek += value;
  }

  /** What goods sold at `value` cost this firm this month (its input prices move), rounded to the fen (half up). */
  costOf(value: bigint): bigint {
    return BigInt(Math.round(Number(value) * (1 - this.margin) * this.priceFactor));
  }
}
