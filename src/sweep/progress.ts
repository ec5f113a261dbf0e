import cliProgress from "cli-progress";

/** "75 s" → "1 min 15 s"; "3725 s" → "1 h 2 min". */
export function fmtElapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
}

/**
 * The progress bar of `scf sweep` on stderr: cells done of the total, time elapsed and the time left
 * (from the pace of the cells run so far, not counting cells kept from an earlier run). On a terminal
 * it redraws in place; otherwise (CI, pipes) it prints a line every few seconds, like `scf run`'s.
 */
export class SweepProgress {
  private bar?: cliProgress.SingleBar;
  private readonly started = performance.now();
  private timer?: NodeJS.Timeout;
  private lastLine = 0;
  private done: number;
  private firstDone?: number;

  constructor(
    private readonly total: number,
    private readonly kept: number,
    private readonly enabled: boolean,
  ) {
    this.done = kept;
    if (!enabled) return;
    if (process.stderr.isTTY) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: " {bar} {percentage}% | {value}/{total} cells | {elapsed} elapsed | {left} left",
          hideCursor: true,
          clearOnComplete: true,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, kept, this.payload());
      this.timer = setInterval(() => this.bar?.update(this.done, this.payload()), 1_000);
      this.timer.unref();
    }
  }

  /** The pace is measured from the first cell done on (the workers' start-up is not a cell's cost). */
  private payload(): { elapsed: string; left: string } {
    const now = performance.now();
    const ran = this.done - this.kept;
    const left =
      this.firstDone !== undefined && ran > 1
        ? fmtElapsed(((now - this.firstDone) / 1000 / (ran - 1)) * (this.total - this.done))
        : "…";
    return { elapsed: fmtElapsed((now - this.started) / 1000), left };
  }

  /** One more cell done. */
  tick(): void {
    this.done += 1;
    this.firstDone ??= performance.now();
    if (!this.enabled) return;
    if (this.bar) {
      this.bar.update(this.done, this.payload());
      return;
    }
    const seconds = (performance.now() - this.started) / 1000;
    if (seconds - this.lastLine >= 5 || this.done === this.total) {
      this.lastLine = seconds;
      const p = this.payload();
      process.stderr.write(`  ${this.done}/${this.total} cells  ${p.elapsed} elapsed  ${p.left} left\n`);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.bar?.stop();
  }
}
