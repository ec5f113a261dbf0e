/**
 * What agents of different roles know about each other's business, kept from their own receipts:
 * the rights a holder may pledge, and the flexible-repayment grace periods the data feed obtained.
 */
export interface SimRight {
  rightId: bigint;
  holder: string;
  kind: number;
  valueFen: bigint;
  validUntil: number;
  termEnd: number;
  pledged: boolean;
}

export class RightsBook {
  private readonly byHolder = new Map<string, SimRight[]>();
  private readonly byId = new Map<bigint, SimRight>();

  add(right: SimRight): void {
    const key = right.holder.toLowerCase();
    const list = this.byHolder.get(key) ?? [];
    list.push(right);
    this.byHolder.set(key, list);
    this.byId.set(right.rightId, right);
  }

  /** The holder's most valuable right that is appraised, unpledged and valid until `until`. */
  pledgeable(holder: string, now: number, until: number, kinds?: number[]): SimRight | undefined {
    let best: SimRight | undefined;
    for (const r of this.byHolder.get(holder.toLowerCase()) ?? []) {
      if (r.pledged || r.validUntil <= now || r.termEnd < until || (kinds && !kinds.includes(r.kind))) continue;
      if (!best || r.valueFen > best.valueFen) best = r;
    }
    return best;
  }

  /** The lien on a right was released: it can be pledged again. */
  release(rightId: bigint): void {
    const right = this.byId.get(rightId);
    if (right) right.pledged = false;
  }
}

/** The grace periods borrowers earned (weekly sales fell > 40% two weeks running). */
export class ShockBook {
  /** borrower → grace granted until (project seconds). */
  readonly graceUntil = new Map<string, number>();
  /** Borrowers with open flexible-repayment loans (count of such loans): the data feed watches them. */
  readonly monitored = new Map<string, number>();

  watch(borrower: string, delta: 1 | -1): void {
    const key = borrower.toLowerCase();
    const n = (this.monitored.get(key) ?? 0) + delta;
    if (n > 0) this.monitored.set(key, n);
    else this.monitored.delete(key);
  }

  grace(borrower: string): number {
    return this.graceUntil.get(borrower.toLowerCase()) ?? 0;
  }
}
