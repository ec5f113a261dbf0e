import { ScfError } from "../../domain/errors.js";
import type { Calendar } from "../calendar.js";
import { MAX_ITEMS_PER_DAY } from "../scenario/check.js";

/**
 * Most items one day may release: a scenario's volumes are checked against a tenth of this when it
 * is loaded (checkVolumes); this stops a run whose days pile up more (a horizon of holidays) before
 * it fills the memory.
 */
const MAX_DUE_PER_DAY = 10 * MAX_ITEMS_PER_DAY;

/**
 * Turns a flow per business day (a firm's purchases, parcels registered) into discrete items of
 * random size: each day adds the day's budget, and items are released while the budget covers the
 * next one. Over the horizon the released total tracks the flow to within one item.
 */
export class Pacer<T = bigint> {
  private budget = 0;
  private next: T;

  constructor(
    private readonly perDay: number,
    private readonly nextItem: () => T,
    private readonly sizeOf: (item: T) => bigint = (item) => item as unknown as bigint,
    private readonly what = "items",
  ) {
    this.next = nextItem();
  }

  /** The items due today; `factor` scales today's volume (the season, a shock). */
  due(factor = 1): T[] {
    this.budget += this.perDay * factor;
    const items: T[] = [];
    while (this.budget >= Number(this.sizeOf(this.next))) {
      if (items.length === MAX_DUE_PER_DAY) {
        throw new ScfError(
          "TOO_MANY_ITEMS",
          `more than ${MAX_DUE_PER_DAY.toLocaleString("en-US")} ${this.what} due on one day: the scenario's volume is too large for the size of its ${this.what}`,
        );
      }
      items.push(this.next);
      this.budget -= Number(this.sizeOf(this.next));
      this.next = this.nextItem();
    }
    return items;
  }
}

/** Business days in [from, to). */
export function businessDaysIn(calendar: Calendar, from: number, to: number): number {
  let n = 0;
  for (let d = Math.max(0, from); d < to; d++) if (calendar.isBusinessDay(d)) n++;
  return n;
}
