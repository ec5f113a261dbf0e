import { Command } from "commander";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ScfError } from "../domain/errors.js";
import { renderTerminal } from "../report/render-terminal.js";
import { RunCheckpoint, type CheckpointMeta } from "../sim/checkpoint.js";
import { bundledScenario } from "../sim/scenario/load.js";
import { parseOverride, type ScenarioOverride } from "../sim/scenario/overrides.js";
import { intFlag, outputFolder, positiveNumber, runCommand, userPath } from "./run-command.js";
import { simulateToFolder } from "./simulate.js";

/** Where scenario names resolve: `scf run classroom` → scenarios/classroom.yaml. */
export function scenarioPath(nameOrPath: string): string {
  const asGiven = userPath(nameOrPath);
  if (existsSync(asGiven)) return asGiven;
  const bundled = bundledScenario(nameOrPath);
  if (bundled) return bundled;
  throw new ScfError("SCENARIO_NOT_FOUND", `no scenario "${nameOrPath}" (a YAML file, or one of scenarios/*.yaml)`);
}

/** `scf run`: simulate a scenario on the real contracts and write its volume report. */
export function runCommandDefinition(): Command {
  return new Command("run")
    .description(
      "simulate a scenario (default: the Tangshan steel chain) and write report.json, report.md, report.html",
    )
    .argument("[scenario]", "scenario name (scenarios/NAME.yaml) or path to a YAML file (default: tangshan-steel)")
    .option("--seed <n>", "random seed (default: the scenario's, 1)", intFlag("seed", 0, 2 ** 31))
    .option("--out <dir>", "output folder", "out")
    .option("--days <n>", "simulate only the first N days of the scenario's horizon", intFlag("days", 1, 1_100))
    .option(
      "--flow-scale <x>",
      "multiply every flow of the scenario (2 = twice the vouchers, loans, orders…)",
      positiveNumber("flow-scale"),
    )
    .option(
      "--set <path=value>",
      "change one field of the scenario, e.g. payments.eCnyAdoption=0.8 or lending.products.pear.flexible=false (repeatable)",
      collectOverride,
    )
    .option("--quiet", "no progress bar and no summary table")
    .option(
      "--rpc-url <url>",
      "run on this JSON-RPC node (anvil, a Hardhat node, a consortium chain) instead of in process",
    )
    .option("--checkpoint <dir>", "keep a checkpoint of the run in this folder at the end of every simulated month")
    .option(
      "--checkpoint-every <days>",
      "with --checkpoint or --resume: also keep one every N simulated days",
      intFlag("checkpoint-every", 1, 1_100),
    )
    .option(
      "--resume <dir>",
      "continue the run kept in this checkpoint folder (same scenario and flags), and keep checkpointing there",
    )
    .action(
      runCommand(async (scenarioArg: string | undefined, opts: RunOptions) => {
        if (opts.rpcUrl && (opts.resume || opts.checkpoint)) {
          throw new ScfError(
            "INVALID_FLAG",
            "--checkpoint and --resume keep in-process runs: leave them out with --rpc-url",
          );
        }
        if (opts.resume && opts.checkpoint) {
          throw new ScfError("INVALID_FLAG", "give either --checkpoint (a new run) or --resume (a kept one), not both");
        }
        const out = outputFolder("--out", opts.out); // before the run, not after it
        const resumeDir = opts.resume ? userPath(opts.resume) : undefined;
        const kept = resumeDir ? RunCheckpoint.read(resumeDir).args : undefined;
        const args = {
          scenario: scenarioArg ?? kept?.scenario ?? "tangshan-steel",
          seed: opts.seed ?? kept?.seed,
          days: opts.days ?? kept?.days,
          flowScale: opts.flowScale ?? kept?.flowScale,
          // a checkpoint keeps the run's --set flags beside the others (see keptOverrides)
          overrides: opts.set ?? keptOverrides(kept),
        };
        const path = scenarioPath(args.scenario);
        const say = (message: string) => {
          if (!opts.quiet) console.error(`scf run: ${message}`);
        };
        const report = await simulateToFolder(
          { ...args, scenario: path },
          {
            out,
            command: "scf run",
            quiet: opts.quiet,
            say,
            progress: !opts.quiet,
            rpcUrl: opts.rpcUrl,
            checkpoint: (scenario, seed) =>
              resumeDir
                ? RunCheckpoint.resume(resumeDir, scenario, seed, opts.checkpointEvery)
                : opts.checkpoint
                  ? RunCheckpoint.start(
                      userPath(opts.checkpoint),
                      scenario,
                      seed,
                      { ...args, scenario: path },
                      opts.checkpointEvery,
                    )
                  : undefined,
          },
        );
        if (!opts.quiet) console.log(renderTerminal(report));
        console.log(`report: ${join(out, "report.json")}, report.md, report.html`);
        if (report.checks.some((c) => !c.holds))
          throw new ScfError("CHECK_FAILED", "a reconciliation check did not hold (see the report)");
        // Done: exit now rather than have the closed chain free its gigabytes of state first (seconds).
        process.exit(0);
      }),
    );
}

/** Collects the repeatable `--set path=value` flag. */
export function collectOverride(text: string, previous: ScenarioOverride[] | undefined): ScenarioOverride[] {
  return [...(previous ?? []), parseOverride(text)];
}

/** The `--set` flags a checkpoint was started with (kept in its `args`, beside the other flags). */
function keptOverrides(kept: CheckpointMeta["args"] | undefined): ScenarioOverride[] {
  return (kept as { overrides?: ScenarioOverride[] } | undefined)?.overrides ?? [];
}

interface RunOptions {
  seed?: number;
  set?: ScenarioOverride[];
  out: string;
  quiet?: boolean;
  days?: number;
  flowScale?: number;
  checkpoint?: string;
  checkpointEvery?: number;
  resume?: string;
  rpcUrl?: string;
}
