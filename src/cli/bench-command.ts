import { Command } from "commander";
import { compileWithProgress } from "./compile.js";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { RAW_BLOCK_SIZES, measureCeiling, measureRawCeiling } from "../bench/ceiling.js";
import { measureVoucherGas } from "../bench/gas.js";
import { ScfError } from "../domain/errors.js";
import type { Report } from "../report/build.js";
import type { SimulationProfile } from "../sim/run.js";
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
  peakHeapMb?: number;
  profile?: SimulationProfile;
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
      peakHeapMb: r.peakHeapMb,
      profile: r.profile,
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
  rawTx: number;
  rawSizes: string;
  runs: number;
  out: string;
  skipYear?: boolean;
  skipScaling?: boolean;
}

/** A list of positive whole numbers separated by commas (`--raw-sizes 200,500,1000`). */
function sizeList(flag: string, value: string): number[] {
  const sizes = value.split(",").map((x) => Number(x.trim()));
  if (sizes.length === 0 || sizes.some((n) => !(Number.isInteger(n) && n >= 1 && n <= 10_000)))
    throw new ScfError(
      "INVALID_FLAG",
      `--${flag} must be whole numbers from 1 to 10000 separated by commas, got "${value}"`,
    );
  return sizes;
}

const n0 = (x: number) => Math.round(x).toLocaleString("en-US");

/**
 * `scf bench`: gas, the two ceilings, the full year and the scaling table. The raw ceiling is plain
 * e-CNY transfers at the fastest block size (found in the same run); the batched one is the same
 * transfers in the simulator's blocks of 200. Timed figures are the median of `--runs` runs (3 by
 * default) with their spread, never the best run; all of it, with the machine, goes to `--out`
 * (out/bench.json).
 */
export function benchCommand(): Command {
  return new Command("bench")
    .description(
      "measure gas (split vs the ERC-3525 reference, clearing per holder), the chain's raw ceiling (plain e-CNY transfers at the fastest block size) and its ceiling batched as the simulator batches, the full Tangshan year as a share of both, and the 1×/2×/10× scaling (medians of --runs runs)",
    )
    .option("--scenario <name>", "scenario of the year and scaling runs", "tangshan-steel")
    .option("--scaling-days <n>", "horizon of the scaling runs, in days", intFlag("scaling-days", 1, 1_100), 90)
    .option("--scales <list>", "flow multipliers of the scaling table", "1,2,10")
    .option(
      "--raw-tx <n>",
      "plain e-CNY transfers of each raw-ceiling measurement, at the fastest block size",
      intFlag("raw-tx", 1_000, 1_000_000),
      50_000,
    )
    .option(
      "--raw-sizes <list>",
      "block sizes tried for the raw ceiling (10,000 transfers each, or --raw-tx if fewer); the fastest is kept",
      RAW_BLOCK_SIZES.join(","),
    )
    .option(
      "--ceiling-tx <n>",
      "plain e-CNY transfers of each measurement of the ceiling batched as the simulator batches (blocks of 200)",
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
    .option(
      "--skip-year",
      "do not run the full year: the ceilings are then measured --runs times on their own (with --skip-scaling: gas and ceilings only)",
    )
    .option("--skip-scaling", "do not run the scaling table")
    .action(
      runCommand(async (opts: BenchOptions) => {
        const rawSizes = sizeList("raw-sizes", opts.rawSizes);
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
          financingRequest: gas.financingRequestGas.toString(),
          financingApproval: gas.financingApprovalGas.toString(),
        };
        console.log(`  split to a new member:            ${pad(gas.splitGas.toString(), 9)} gas`);
        console.log(
          `  ERC-3525 reference transferFrom:  ${pad(gas.referenceSplitGas.toString(), 9)} gas  (split = ${(gas.splitRatio * 100).toFixed(1)}% of it; target ≤ 50%)`,
        );
        console.log(
          `  clearing, per holder (${gas.holders} holders): ${pad(gas.clearingGasPerHolder.toString(), 6)} gas  (target ≤ 30,000)`,
        );
        console.log(`  financing request:                ${pad(gas.financingRequestGas.toString(), 9)} gas`);
        console.log(`  financing approval:               ${pad(gas.financingApprovalGas.toString(), 9)} gas`);

        console.log(
          "\nRaw ceiling: plain e-CNY transfers (ECNY.transfer), automine off, impersonated senders, every receipt read, at the fastest block size",
        );
        const trialTx = Math.min(10_000, opts.rawTx);
        const first = await measureRawCeiling({
          transactions: opts.rawTx,
          blockSizes: rawSizes,
          trialTransactions: trialTx,
        });
        const blockSize = first.blockSize;
        console.log(
          `  block sizes tried (about ${n0(trialTx)} transfers each): ${first.trials
            .map((t) => `${n0(t.blockSize)} → ${n0(t.txPerSecond)} tx/s`)
            .join(", ")}`,
        );
        console.log(`  chosen block size: ${n0(blockSize)}`);
        console.log(`  ${n0(opts.rawTx)} transfers in blocks of ${n0(blockSize)}: ${n0(first.txPerSecond)} tx/s`);
        const raws = [first.txPerSecond];
        const rawAgain = async () => {
          const raw = await measureRawCeiling({ transactions: opts.rawTx, blockSize });
          raws.push(raw.txPerSecond);
          return raw.txPerSecond;
        };

        console.log("\nCeiling batched as the simulator batches: the same transfers in blocks of 200");
        const batched = await measureCeiling(opts.ceilingTx);
        const ceilings = [batched.txPerSecond];
        console.log(
          `  ${n0(opts.ceilingTx)} transfers in blocks of ${batched.blockSize}: ${n0(batched.txPerSecond)} tx/s`,
        );

        if (opts.skipYear) {
          // Only the ceilings: each measured --runs times, alternately.
          for (let i = 1; i < opts.runs; i++) {
            const raw = await rawAgain();
            const after = (await measureCeiling(opts.ceilingTx)).txPerSecond;
            ceilings.push(after);
            console.log(`  run ${i + 1}: raw ${n0(raw)} tx/s, batched ${n0(after)} tx/s`);
          }
        } else {
          console.log(`\nFull year: ${opts.scenario}`);
          const years: RunFigures[] = [];
          const shares: number[] = [];
          const batchedShares: number[] = [];
          for (let i = 0; i < opts.runs; i++) {
            const year = await timedRun("year", [scenarioFile]);
            // The machine's speed drifts over minutes: each year is compared with the mean of the
            // ceilings measured just before and just after it.
            const after = (await measureCeiling(opts.ceilingTx)).txPerSecond;
            const batchedShare = year.txPerSecond / ((ceilings.at(-1)! + after) / 2);
            ceilings.push(after);
            const rawBefore = raws.at(-1)!;
            const share = year.txPerSecond / ((rawBefore + (await rawAgain())) / 2);
            years.push(year);
            shares.push(share);
            batchedShares.push(batchedShare);
            console.log(
              `  run ${i + 1}: ${year.transactions} transactions, ${year.seconds.toFixed(1)} s wall, ${Math.round(year.txPerSecond)} tx/s = ${(share * 100).toFixed(0)}% of the raw ceiling around it (${(batchedShare * 100).toFixed(0)}% of the batched one), peak ${year.peakRssMb} MB`,
            );
          }
          const wall = years.map((y) => y.seconds);
          const simulate = years.map((y) => y.simulateSeconds);
          const rss = years.map((y) => y.peakRssMb);
          const rate = years.map((y) => y.txPerSecond);
          const percent = (xs: number[]) =>
            spread(
              xs.map((x) => x * 100),
              0,
              "%",
            );
          console.log(`  simulation:      ${spread(simulate, 1, " s")}  (target ≤ 60 s)`);
          console.log(`  wall time:       ${spread(wall, 1, " s")}  (deployment, simulation and indexing)`);
          console.log(`  peak memory:     ${spread(rss, 0, " MB")}  (target ≤ 2,048 MB)`);
          const profiles = years.flatMap((y) => (y.profile ? [y.profile] : []));
          if (profiles.length === years.length) {
            const part = (pick: (p: SimulationProfile) => number) => spread(profiles.map(pick), 1, " s");
            console.log("  where the simulation's time went:");
            console.log(`    the chain mining blocks (EVM, state, traces):  ${part((p) => p.miningSeconds)}`);
            console.log(`    handing transactions over (JSON-RPC):          ${part((p) => p.submitSeconds)}`);
            console.log(`    reading receipts back (JSON-RPC):              ${part((p) => p.receiptsSeconds)}`);
            console.log(`    agents, economy and engine (JavaScript):       ${part((p) => p.agentsSeconds)}`);
          }
          const heaps = years.flatMap((y) => (y.peakHeapMb !== undefined ? [y.peakHeapMb] : []));
          if (heaps.length === years.length) {
            console.log(
              `  of the peak memory, the JavaScript heap: ${spread(heaps, 0, " MB")} (the rest is mostly the chain's)`,
            );
          }
          console.log(`  sustained rate:  ${spread(rate, 0, " tx/s")}`);
          console.log(`  share of the raw ceiling:      ${percent(shares)}  (target ≥ 60%)`);
          console.log(
            `  share of the batched ceiling:  ${percent(batchedShares)}  (blocks of 200, as the simulator sends)`,
          );
          figures.year = {
            scenario: opts.scenario,
            transactions: years[0].transactions,
            wallSeconds: wall,
            simulateSeconds: simulate,
            peakRssMb: rss,
            peakHeapMb: heaps,
            profile: profiles,
            txPerSecond: rate,
            shareOfRawCeiling: shares,
            shareOfBatchedCeiling: batchedShares,
          };
        }
        console.log("\nCeilings over the benchmark");
        const rawLabel = `raw (blocks of ${n0(blockSize)}):`;
        const batchedLabel = `batched (blocks of ${batched.blockSize}):`;
        const width = Math.max(rawLabel.length, batchedLabel.length);
        console.log(`  ${rawLabel.padEnd(width)}  ${spread(raws, 0, " tx/s")}`);
        console.log(`  ${batchedLabel.padEnd(width)}  ${spread(ceilings, 0, " tx/s")}`);
        figures.ceilings = {
          raw: {
            what: "plain e-CNY transfers (ECNY.transfer), automine off, impersonated senders, every receipt read",
            blockSize,
            transactions: opts.rawTx,
            txPerSecond: raws,
            trials: first.trials.map((t) => ({
              blockSize: t.blockSize,
              transactions: t.transactions,
              txPerSecond: t.txPerSecond,
            })),
          },
          batched: {
            what: "the same transfers in blocks of the simulator's size",
            blockSize: batched.blockSize,
            transactions: opts.ceilingTx,
            txPerSecond: ceilings,
          },
        };

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
