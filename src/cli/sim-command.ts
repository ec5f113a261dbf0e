import { Command } from "commander";
import { compileWithProgress } from "./compile.js";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { ScfError } from "../domain/errors.js";
import { buildReport } from "../report/build.js";
import { renderHtml } from "../report/render-html.js";
import { renderMarkdown } from "../report/render-markdown.js";
import { renderTerminal } from "../report/render-terminal.js";
import { toJson } from "../report/json.js";
import { RunCheckpoint } from "../sim/checkpoint.js";
import { runScenario } from "../sim/run.js";
import { checkVolumes } from "../sim/scenario/check.js";
import { bundledScenario, loadScenario } from "../sim/scenario/load.js";
import { RunProgress } from "./progress.js";
import { intFlag, outputFolder, positiveNumber, runCommand, userPath } from "./run-command.js";

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
        };
        const path = scenarioPath(args.scenario);
        const scenario = await loadScenario(path);
        if (args.days !== undefined) scenario.horizon.days = Math.min(args.days, scenario.horizon.days);
        if (args.flowScale !== undefined) scenario.flowScale = args.flowScale;
        if (args.days !== undefined || args.flowScale !== undefined) {
          scenario.calibration = [];
          const volume = checkVolumes(scenario); // more flow, or the same rights in fewer days
          if (volume) {
            const flags = [args.flowScale && `--flow-scale ${args.flowScale}`, args.days && `--days ${args.days}`];
            throw new ScfError(
              "INVALID_FLAG",
              `${basename(path)}: ${volume.path.join(".")}: ${volume.message} (with ${flags.filter(Boolean).join(" ")})`,
            );
          }
        }
        const say = (message: string) => {
          if (!opts.quiet) console.error(`scf run: ${message}`);
        };
        await compileWithProgress("scf run", opts.quiet);
        const seed = args.seed ?? scenario.seed;
        const checkpoint = resumeDir
          ? RunCheckpoint.resume(resumeDir, scenario, seed, opts.checkpointEvery)
          : opts.checkpoint
            ? RunCheckpoint.start(
                userPath(opts.checkpoint),
                scenario,
                seed,
                { ...args, scenario: path },
                opts.checkpointEvery,
              )
            : undefined;
        if (checkpoint && checkpoint.resumedDays > 0) {
          say(`resuming from ${checkpoint.dir}: replaying the ${checkpoint.resumedDays} days it keeps, then going on`);
        }
        const startedAt = new Date().toISOString();
        say(
          `deploying the consortium (${scenario.participants.reduce((n, g) => n + g.count, 0).toLocaleString("en-US")} participants)…`,
        );
        const progress = new RunProgress(scenario.horizon.days, !opts.quiet);
        const result = await runScenario(scenario, {
          seed,
          checkpoint,
          rpcUrl: opts.rpcUrl,
          onProgress: (p) => progress.update(p),
          onPhase: (phase) => {
            if (phase === "index") progress.stop();
            say(phase === "simulate" ? `simulating ${scenario.horizon.days} days…` : "indexing the chain's events…");
          },
        });
        progress.stop();
        say("writing the report…");
        const report = await buildReport(scenario, result.seed, result.ledger, {
          reverted: result.engine.progress.reverted,
          timings: result.timings,
          startedAt,
        });
        await result.deployment.chain.close();
        await mkdir(out, { recursive: true });
        await writeFile(join(out, "report.json"), toJson(report));
        await writeFile(join(out, "report.md"), renderMarkdown(report));
        await writeFile(join(out, "report.html"), renderHtml(report));
        if (!opts.quiet) console.log(renderTerminal(report));
        console.log(`report: ${join(out, "report.json")}, report.md, report.html`);
        if (report.checks.some((c) => !c.holds))
          throw new ScfError("CHECK_FAILED", "a reconciliation check did not hold (see the report)");
      }),
    );
}

interface RunOptions {
  seed?: number;
  out: string;
  quiet?: boolean;
  days?: number;
  flowScale?: number;
  checkpoint?: string;
  checkpointEvery?: number;
  resume?: string;
  rpcUrl?: string;
}
