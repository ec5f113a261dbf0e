import { Command } from "commander";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { measureCeiling } from "../bench/ceiling.js";
import { measureVoucherGas } from "../bench/gas.js";
import { ensureBuilt } from "../chain/artifacts.js";
import { ScfError } from "../domain/errors.js";
import type { Report } from "../report/build.js";
import { intFlag, runCommand } from "./run-command.js";

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
  const out = await mkdtemp(join(tmpdir(), "scf-bench-"));
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

/** `scf bench`: gas, the raw ceiling, the full year and the scaling table, measured in one run. */
export function benchCommand(): Command {
  return new Command("bench")
    .description(
      "measure gas (split vs the ERC-3525 reference, clearing per holder), the chain's ceiling, the full Tangshan year and the 1×/2×/10× scaling",
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
    .option("--skip-year", "do not run the full year")
    .option("--skip-scaling", "do not run the scaling table")
    .action(
      runCommand(
        async (opts: {
          scenario: string;
          scalingDays: number;
          scales: string;
          ceilingTx: number;
          skipYear?: boolean;
          skipScaling?: boolean;
        }) => {
          const scales = opts.scales.split(",").map((x) => {
            const n = Number(x);
            if (!(n > 0))
              throw new ScfError(
                "INVALID_FLAG",
                `--scales must be positive numbers separated by commas, got "${opts.scales}"`,
              );
            return n;
          });
          await ensureBuilt();

          console.log("Gas (one run, side by side)");
          const gas = await measureVoucherGas();
          console.log(`  split to a new member:            ${pad(gas.splitGas.toString(), 9)} gas`);
          console.log(
            `  ERC-3525 reference transferFrom:  ${pad(gas.referenceSplitGas.toString(), 9)} gas  (split = ${(gas.splitRatio * 100).toFixed(1)}% of it; target ≤ 50%)`,
          );
          console.log(
            `  clearing, per holder (${gas.holders} holders): ${pad(gas.clearingGasPerHolder.toString(), 6)} gas  (target ≤ 30,000)`,
          );

          console.log("\nCeiling: plain e-CNY transfers, batched as the simulator batches");
          const ceiling = await measureCeiling(opts.ceilingTx);
          console.log(
            `  ${ceiling.transactions} transfers in ${ceiling.seconds.toFixed(1)} s = ${Math.round(ceiling.txPerSecond)} tx/s`,
          );

          if (!opts.skipYear) {
            console.log(`\nFull year: ${opts.scenario}`);
            const year = await timedRun("year", [opts.scenario]);
            console.log(
              `  ${year.transactions} transactions, ${year.seconds.toFixed(1)} s wall (target < 120 s), peak memory ${year.peakRssMb} MB (target < 3,072 MB)`,
            );
            // The machine's speed drifts over minutes: the ceiling is measured again after the year,
            // and the year is compared with the mean of the two.
            const after = await measureCeiling(opts.ceilingTx);
            const reference = (ceiling.txPerSecond + after.txPerSecond) / 2;
            const share = year.txPerSecond / reference;
            console.log(
              `  ceiling again after the year: ${Math.round(after.txPerSecond)} tx/s; mean of both ${Math.round(reference)} tx/s`,
            );
            console.log(
              `  sustained ${Math.round(year.txPerSecond)} tx/s = ${(share * 100).toFixed(0)}% of the ceiling (target ≥ 60%)`,
            );
          }

          if (!opts.skipScaling) {
            console.log(`\nScaling: ${opts.scenario}, first ${opts.scalingDays} days, flows ×${scales.join(", ×")}`);
            console.log("  flows   transactions   seconds   simulate s    tx/s   peak MB   time ÷ 1× time");
            let base: RunFigures | undefined;
            for (const scale of scales) {
              const r = await timedRun(`×${scale}`, [
                opts.scenario,
                "--days",
                String(opts.scalingDays),
                "--flow-scale",
                String(scale),
              ]);
              base ??= r;
              console.log(
                `  ${pad(`×${scale}`, 5)} ${pad(r.transactions, 14)} ${pad(r.seconds.toFixed(1), 9)} ${pad(r.simulateSeconds.toFixed(1), 12)} ${pad(Math.round(r.txPerSecond), 7)} ${pad(r.peakRssMb, 9)} ${pad((r.simulateSeconds / base.simulateSeconds).toFixed(2), 16)}`,
              );
            }
          }
        },
      ),
    );
}
