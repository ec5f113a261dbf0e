/** Simulated dates: days counted from the scenario start, times in Beijing (UTC+8). */
export const DAY_SECONDS = 86_400;
const BEIJING_OFFSET = 8 * 3_600;
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Unix seconds of 00:00 Beijing time on an ISO date (YYYY-MM-DD). */
export function beijingMidnight(isoDate: string): number {
  const utc = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(utc)) throw new RangeError(`not a date: ${isoDate}`);
  return utc / 1000 - BEIJING_OFFSET;
}

/** The Beijing calendar date (YYYY-MM-DD) of a unix time. */
export function beijingDate(unixSeconds: number | bigint): string {
  return new Date((Number(unixSeconds) + BEIJING_OFFSET) * 1000).toISOString().slice(0, 10);
}

/** "2025-03" for a unix time (Beijing). */
export function beijingMonth(unixSeconds: number | bigint): string {
  return beijingDate(unixSeconds).slice(0, 7);
}

/** The scenario's days: which are business days, and the time of each phase within a day. */
export class Calendar {
  readonly start: number;
  readonly days: number;
  private readonly businessDays: Set<Weekday>;
  private readonly holidays: Set<string>;

  constructor(startIso: string, days: number, businessDays: readonly Weekday[], holidays: readonly string[] = []) {
    this.start = beijingMidnight(startIso);
    this.days = days;
    this.businessDays = new Set(businessDays);
    this.holidays = new Set(holidays);
  }

  /** Unix seconds of 00:00 Beijing on day `d` (0 = the start date). */
  midnight(d: number): number {
    return this.start + d * DAY_SECONDS;
  }

  /** Unix seconds at `hour:minute` Beijing time on day `d`. */
  at(d: number, hour: number, minute = 0): number {
    return this.midnight(d) + hour * 3_600 + minute * 60;
  }

  date(d: number): string {
    return beijingDate(this.midnight(d));
  }

  weekday(d: number): Weekday {
    return WEEKDAYS[new Date((this.midnight(d) + BEIJING_OFFSET) * 1000).getUTCDay()];
  }

  isBusinessDay(d: number): boolean {
    return this.businessDays.has(this.weekday(d)) && !this.holidays.has(this.date(d));
  }

  /** The day index of a unix time (may be beyond the horizon). */
  dayOf(unixSeconds: number | bigint): number {
    return Math.floor((Number(unixSeconds) - this.start) / DAY_SECONDS);
  }

  /** The first business day on or after day `d`. */
  nextBusinessDay(d: number): number {
    let day = d;
    while (!this.isBusinessDay(day) && day < d + 30) day++;
    return day;
  }

  /** ISO week index since the start (for weekly data such as sales flows). */
  week(d: number): number {
    return Math.floor(d / 7);
  }
}
