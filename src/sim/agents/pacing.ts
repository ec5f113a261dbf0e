import type { Calendar } from "../calendar.js";

/**
 * Turns a volume per business day into discrete items (vouchers, loans, rights) of random size:
 * each day adds the day's budget, and items are released while the budget covers the next one.
 * Over the horizon the released total tracks the target volume to within one item.
 */
export class Pacer<T = bigint> {
  private budget = 0;
  private next: T;

  constructor(
    private readonly perDay: number,
    private readonly nextItem: () => T,
    private readonly sizeOf: (item: T) => bigint = (item) => item as unknown as bigint,
  ) {
    this.next = nextItem();
  }

  /** The items due today. */
  due(): T[] {
    this.budget += this.perDay;
    const items: T[] = [];
    while (this.budget >= Number(this.sizeOf(this.next))) {
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
