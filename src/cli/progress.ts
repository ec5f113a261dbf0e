import cliProgress from "cli-progress";
import type { Progress } from "../sim/engine.js";

/**
 * The live progress bar of `scf run`: simulated date, transactions and transactions per second.
 * On a terminal it redraws in place; otherwise (CI, pipes) it prints a line every few seconds.
 */
export class RunProgress {
  private bar?: cliProgress.SingleBar;
  private readonly started = performance.now();
  private lastLine = 0;

  constructor(
    private readonly totalDays: number,
    private readonly enabled: boolean,
  ) {
    if (enabled && process.stderr.isTTY) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: " {bar} {percentage}% | {date} | {transactions} tx | {rate} tx/s | {reverted} reverted",
          hideCursor: true,
          clearOnComplete: true,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(totalDays, 0, { date: "", transactions: 0, rate: 0, reverted: 0 });
    }
  }

  update(p: Progress): void {
    if (!this.enabled) return;
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(p.transactions / seconds) : 0;
    if (this.bar) {
      this.bar.update(p.day + 1, { date: p.date, transactions: p.transactions, rate, reverted: p.reverted });
    } else if (seconds - this.lastLine >= 5) {
      this.lastLine = seconds;
      process.stderr.write(`  ${p.date}  ${p.transactions} tx  ${rate} tx/s\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
