import { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { applyToScenario, calibrate, calibratedPath, calibratedYaml } from "../calibrate/calibrate.js";
import { ScfError } from "../domain/errors.js";
import { loadScenario } from "../sim/scenario/load.js";
import { compileWithProgress } from "./compile.js";
import { intFlag, runCommand, userPath } from "./run-command.js";
import { scenarioPath } from "./sim-command.js";

interface CalibrateFlags {
  seed?: number;
  tolerance: string;
  maxRuns: number;
  out?: string;
  apply?: boolean;
  quiet?: boolean;
}

/** `scf calibrate`: fit a scenario's structural parameters to its published figures. */
export function calibrateCommand(): Command {
  return new Command("calibrate")
    .description(
      "fit the scenario's economy.fitted parameters to its published figures (whole runs on the chain) and write NAME.calibrated.yaml",
    )
    .argument("[scenario]", "scenario name or YAML file (default: tangshan-steel)")
    .option("--seed <n>", "the seed the fit runs with (default: the scenario's)", intFlag("seed", 0, 2 ** 31))
    .option("--tolerance <share>", "stop when every fitted figure is within this share of its target", "0.02")
    .option("--max-runs <n>", "stop after this many runs", intFlag("max-runs", 1, 50), 8)
    .option("--out <file>", "where to write the calibrated scenario (default: NAME.calibrated.yaml beside it)")
    .option("--apply", "also put the fitted values into the scenario file itself (comments kept)")
    .option("--quiet", "no progress messages")
    .action(
      runCommand(async (scenarioArg: string | undefined, flags: CalibrateFlags) => {
        const tolerance = Number(flags.tolerance);
        if (!/^\d*\.?\d+$/.test(flags.tolerance) || !(tolerance > 0) || tolerance >= 1) {
          throw new ScfError("INVALID_FLAG", `--tolerance must be a share between 0 and 1, got "${flags.tolerance}"`);
        }
        const path = scenarioPath(scenarioArg ?? "tangshan-steel");
        const scenario = await loadScenario(path);
        const seed = flags.seed ?? scenario.seed;
        const out = flags.out ? userPath(flags.out) : calibratedPath(path);
        const say = (message: string) => {
          if (!flags.quiet) console.error(`scf calibrate: ${message}`);
        };
        await compileWithProgress("scf calibrate", flags.quiet);
        say(
          `fitting ${scenario.economy.fitted.map((f) => `${f.parameter} → ${f.metric}`).join(", ")} (tolerance ±${(tolerance * 100).toFixed(1)}%)`,
        );
        const result = await calibrate({ path, scenario, seed, tolerance, maxRuns: flags.maxRuns, say });
        await writeFile(out, calibratedYaml(path, scenario, seed, result));
        if (flags.apply) await writeFile(path, await applyToScenario(path, result.values));
        const lines = [
          `${result.converged ? "converged" : "stopped"} after ${result.runs} run${result.runs === 1 ? "" : "s"}: ${out}${flags.apply ? ` (and ${path})` : ""}`,
          ...result.rows.map(
            (r) =>
              `  fitted     ${r.parameter.padEnd(18)} ${String(r.history.at(-1)!.value).padEnd(8)} ${r.metric.padEnd(40)} residual ${pct(r.history.at(-1)!.simulated, r.target)}`,
          ),
          ...result.heldOut.map(
            (h) =>
              `  predicted  ${"".padEnd(27)}${h.metric.padEnd(40)} ${pct(Number(h.simulated), Number(h.target))} (tolerance ±${(h.tolerance * 100).toFixed(0)}%)`,
          ),
        ];
        console.log(lines.join("\n"));
        if (!result.converged) process.exitCode = 3;
      }),
    );
}

function pct(simulated: number, target: number): string {
  const d = target === 0 ? 0 : (simulated - target) / target;
  return `${d >= 0 ? "+" : "−"}${(Math.abs(d) * 100).toFixed(2)}%`;
}
