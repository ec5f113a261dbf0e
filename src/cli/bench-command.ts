import { Command } from "commander";
import { compileWithProgress } from "./compile.js";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { measureCeiling } from "../bench/ceiling.js";
import { measureVoucherGas } from "../bench/gas.js";
import { ScfError } from "../domain/errors.js";
import type { Report } from "../report/build.js";
import { loadScenario } from "../sim/scenario/load.js";
import { intFlag, runCommand, userPath } from "./run-command.js";
import { scenarioPath } from "./sim-command.js";

const run = promisify(execFile);

interface RunFigures {
  label: string;
  transactions: number;
  seconds: number;
  simulateSeconds: number;
  txPerSecond: number;
  peakRssMb: number;
}

/** One `scf run` in a fresh process (so that its time and peak memory are its own). */
async function timedRun(label: string, args: string[]): Promise<RunFigures> {
  const out = await mkdtemp(join(os.tmpdir(), "scf-bench-"));
  try {
    await run(process.execPath, [resolve("bin/scf.js"), "run", ...args, "--out", out, "--quiet"], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, SCF_USER_CWD: process.cwd() },
    });
    const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as Report;
    const r = report.run!;
    return {
      label,
      transactions: r.transactions,
      seconds: r.totalSeconds,
      simulateSeconds: r.simulateSeconds,
      txPerSecond: r.txPerSecond,
      peakRssMb: r.peakRssMb,
    };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new ScfError(
      "BENCH_RUN_FAILED",
      `benchmark run "${label}" failed: ${stderr.trim().split("\n").at(-1) ?? error}`,
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** The median of some figures (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "median (min–max over N runs)", with `digits` decimals. */
function spread(values: number[], digits = 0, unit = ""): string {
  const f = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (values.length === 1) return `${f(values[0])}${unit}`;
  return `${f(median(values))}${unit} (${f(Math.min(...values))}–${f(Math.max(...values))} over ${values.length} runs)`;
}

/** What machine the figures come from (they mean little without it). */
function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

interface BenchOptions {
  scenario: string;
  scalingDays: number;
  scales: string;
  ceilingTx: number;
  runs: number;
  out: string;
  skipYear?: boolean;
  skipScaling?: boolean;
}

/**
 * `scf bench`: gas, the ceiling, the full year and the scaling table. Timed figures are the median
 * of `--runs` runs (3 by default) with their spread, never the best run; all of it, with the
 * machine, goes to `--out` (out/bench.json).
 */
export function benchCommand(): Command {
  return new Command("bench")
    .description(
      "measure gas (split vs the ERC-3525 reference, clearing per holder), the chain's ceiling, the full Tangshan year and the 1×/2×/10× scaling (medians of --runs runs)",
    )
    .option("--scenario <name>", "scenario of the year and scaling runs", "tangshan-steel")
    .option("--scaling-days <n>", "horizon of the scaling runs, in days", intFlag("scaling-days", 1, 1_100), 90)
    .option("--scales <list>", "flow multipliers of the scaling table", "1,2,10")
    .option(
      "--ceiling-tx <n>",
      "plain e-CNY transfers sent to measure the ceiling",
      intFlag("ceiling-tx", 1_000, 1_000_000),
      20_000,
    )
    .option(
      "--runs <n>",
      "runs of every timed figure: the median and the spread are reported",
      intFlag("runs", 1, 9),
      3,
    )
    .option("--out <file>", "where the figures go, as JSON", "out/bench.json")
    .option("--skip-year", "do not run the full year")
    .option("--skip-scaling", "do not run the scaling table")
    .action(
      runCommand(async (opts: BenchOptions) => {
        const scales = opts.scales.split(",").map((x) => {
          const n = Number(x);
          if (!(n > 0 && n <= 1_000))
            throw new ScfError(
              "INVALID_FLAG",
              `--scales must be positive numbers up to 1000 separated by commas, got "${opts.scales}"`,
            );
          return n;
        });
        // The runs' scenario, checked before minutes of measurements, and given to them as a full path.
        const scenarioFile = scenarioPath(opts.scenario);
        if (!opts.skipYear || !opts.skipScaling) await loadScenario(scenarioFile);
        await compileWithProgress("scf bench");
        const m = machine();
        const figures: Record<string, unknown> = { measuredAt: new Date().toISOString(), machine: m, runs: opts.runs };
        console.log(
          `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}; timed figures: median of ${opts.runs} run(s), spread in brackets`,
        );

        console.log("\nGas (deterministic: one run, side by side)");
        const gas = await measureVoucherGas();
        figures.gas = {
          split: gas.splitGas.toString(),
          referenceSplit: gas.referenceSplitGas.toString(),
          clearingPerHolder: gas.clearingGasPerHolder.toString(),
        };
        console.log(`  split to a new member:            ${pad(gas.splitGas.toString(), 9)} gas`);
        console.log(
          `  ERC-3525 reference transferFrom:  ${pad(gas.referenceSplitGas.toString(), 9)} gas  (split = ${(gas.splitRatio * 100).toFixed(1)}% of it; target ≤ 50%)`,
        );
        console.log(
          `  clearing, per holder (${gas.holders} holders): ${pad(gas.clearingGasPerHolder.toString(), 6)} gas  (target ≤ 30,000)`,
        );

        console.log("\nCeiling: plain e-CNY transfers, batched as the simulator batches");
        const ceilings = [(await measureCeiling(opts.ceilingTx)).txPerSecond];
        console.log(`  ${opts.ceilingTx} transfers: ${Math.round(ceilings[0])} tx/s`);

        if (!opts.skipYear) {
          console.log(`\nFull year: ${opts.scenario}`);
          const years: RunFigures[] = [];
          const shares: number[] = [];
          for (let i = 0; i < opts.runs; i++) {
            const year = await timedRun("year", [scenarioFile]);
            // The machine's speed drifts over minutes: each year is compared with the mean of the
            // ceilings measured just before and just after it.
            const after = (await measureCeiling(opts.ceilingTx)).txPerSecond;
            const share = year.txPerSecond / ((ceilings.at(-1)! + after) / 2);
            ceilings.push(after);
            years.push(year);
            shares.push(share);
            console.log(
              `  run ${i + 1}: ${year.transactions} transactions, ${year.seconds.toFixed(1)} s wall, ${Math.round(year.txPerSecond)} tx/s = ${(share * 100).toFixed(0)}% of the ceiling around it, peak ${year.peakRssMb} MB`,
            );
          }
          const wall = years.map((y) => y.seconds);
          const rss = years.map((y) => y.peakRssMb);
          const rate = years.map((y) => y.txPerSecond);
          console.log(`  wall time:       ${spread(wall, 1, " s")}  (target < 120 s)`);
          console.log(`  peak memory:     ${spread(rss, 0, " MB")}  (target < 3,072 MB)`);
          console.log(`  sustained rate:  ${spread(rate, 0, " tx/s")}`);
          console.log(
            `  share of the ceiling: ${spread(
              shares.map((x) => x * 100),
              0,
              "%",
            )}  (target ≥ 60%)`,
          );
          figures.year = {
            scenario: opts.scenario,
            transactions: years[0].transactions,
            wallSeconds: wall,
            peakRssMb: rss,
            txPerSecond: rate,
            shareOfCeiling: shares,
          };
        }
        console.log(`  ceiling over the benchmark: ${spread(ceilings, 0, " tx/s")}`);
        figures.ceilingTxPerSecond = ceilings;

        if (!opts.skipScaling) {
          console.log(`\nScaling: ${opts.scenario}, first ${opts.scalingDays} days, flows ×${scales.join(", ×")}`);
          console.log("  flows   transactions   seconds   simulate s    tx/s   peak MB   time ÷ 1× time");
          const rows: Record<string, unknown>[] = [];
          let base: number | undefined;
          for (const scale of scales) {
            const runs: RunFigures[] = [];
            for (let i = 0; i < opts.runs; i++) {
              runs.push(
                await timedRun(`×${scale}`, [
                  scenarioFile,
                  "--days",
                  String(opts.scalingDays),
                  "--flow-scale",
                  String(scale),
                ]),
              );
            }
            const simulate = median(runs.map((r) => r.simulateSeconds));
            base ??= simulate;
            console.log(
              `  ${pad(`×${scale}`, 5)} ${pad(runs[0].transactions, 14)} ${pad(median(runs.map((r) => r.seconds)).toFixed(1), 9)} ${pad(simulate.toFixed(1), 12)} ${pad(Math.round(median(runs.map((r) => r.txPerSecond))), 7)} ${pad(median(runs.map((r) => r.peakRssMb)), 9)} ${pad((simulate / base).toFixed(2), 16)}`,
            );
            rows.push({ scale, transactions: runs[0].transactions, runs });
          }
          figures.scaling = { days: opts.scalingDays, rows };
        }
        const out = userPath(opts.out);
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, JSON.stringify(figures, null, 2) + "\n");
        console.log(`\nfigures: ${out}`);
      }),
    );
}
