import { Command } from "commander";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { ScenarioOverride } from "../sim/scenario/overrides.js";
import { parseSeeds, parseVary, type VaryAxis } from "../sweep/grid.js";
import { describeResult, runSweep } from "../sweep/sweep.js";
import { intFlag, outputFolder, positiveNumber, runCommand } from "./run-command.js";
import { collectOverride, scenarioPath } from "./sim-command.js";

interface SweepCommandOptions {
  seeds: number[];
  set?: ScenarioOverride[];
  vary?: VaryAxis[];
  jobs?: number;
  out: string;
  days?: number;
  flowScale?: number;
  quiet?: boolean;
}

/**
 * `scf sweep`: runs a scenario over a grid of seeds × values of its fields (`--vary`), each cell as
 * `scf run` would, on several worker processes, and writes every cell's report with the spread of
 * each outcome across seeds (sweep.json, sweep.html).
 */
export function sweepCommand(): Command {
  return new Command("sweep")
    .description(
      "run a scenario over seeds × varied values on worker processes; writes each cell's report.json, sweep.json and sweep.html",
    )
    .argument("<scenario>", "scenario name (scenarios/NAME.yaml) or path to a YAML file")
    .requiredOption("--seeds <list>", "the seeds: 1..10, 3, 1,4,7 or 1..5,9", parseSeeds)
    .option(
      "--set <path=value>",
      "change one field of the scenario in every cell, e.g. payments.eCnyAdoption=0.8 (repeatable)",
      collectOverride,
    )
    .option(
      "--vary <path=v1,v2,…>",
      "run each value of a field, e.g. payments.eCnyAdoption=0.5,0.9 (repeatable: the cartesian product)",
      (text: string, previous: VaryAxis[] | undefined) => [...(previous ?? []), parseVary(text)],
    )
    .option(
      "--jobs <k>",
      `worker processes (default: the available cores, ${availableParallelism()})`,
      intFlag("jobs", 1, 256),
    )
    .option("--out <dir>", "output folder", "out/sweep")
    .option("--days <n>", "simulate only the first N days of the scenario's horizon", intFlag("days", 1, 1_100))
    .option("--flow-scale <x>", "multiply every flow of the scenario", positiveNumber("flow-scale"))
    .option("--quiet", "no progress bar")
    .action(
      runCommand(async (scenarioArg: string, opts: SweepCommandOptions) => {
        const out = outputFolder("--out", opts.out);
        const say = (message: string) => {
          if (!opts.quiet) console.error(`scf sweep: ${message}`);
        };
        const result = await runSweep(
          {
            scenario: scenarioPath(scenarioArg),
            seeds: opts.seeds,
            set: opts.set ?? [],
            vary: opts.vary ?? [],
            days: opts.days,
            flowScale: opts.flowScale,
          },
          { out, jobs: opts.jobs ?? availableParallelism(), quiet: opts.quiet, say },
        );
        console.log(`sweep: ${describeResult(result)}: ${join(out, "sweep.json")}, sweep.html`);
      }),
    );
}
