import { Command } from "commander";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ensureBuilt } from "../chain/artifacts.js";
import { ScfError } from "../domain/errors.js";
import { buildReport } from "../report/build.js";
import { renderHtml } from "../report/render-html.js";
import { renderMarkdown } from "../report/render-markdown.js";
import { renderTerminal } from "../report/render-terminal.js";
import { toJson } from "../report/json.js";
import { runScenario } from "../sim/run.js";
import { bundledScenario, loadScenario } from "../sim/scenario/load.js";
import { RunProgress } from "./progress.js";
import { intFlag, positiveNumber, runCommand, userPath } from "./run-command.js";

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
    .argument("[scenario]", "scenario name (scenarios/NAME.yaml) or path to a YAML file", "tangshan-steel")
    .option("--seed <n>", "random seed (default: the scenario's, 1)", intFlag("seed", 0, 2 ** 31))
    .option("--out <dir>", "output folder", "out")
    .option("--days <n>", "simulate only the first N days of the scenario's horizon", intFlag("days", 1, 1_100))
    .option(
      "--flow-scale <x>",
      "multiply every flow of the scenario (2 = twice the vouchers, loans, orders…)",
      positiveNumber("flow-scale"),
    )
    .option("--quiet", "no progress bar and no summary table")
    .action(
      runCommand(
        async (
          scenarioArg: string,
          opts: { seed?: number; out: string; quiet?: boolean; days?: number; flowScale?: number },
        ) => {
          const path = scenarioPath(scenarioArg);
          const scenario = await loadScenario(path);
          if (opts.days !== undefined) scenario.horizon.days = Math.min(opts.days, scenario.horizon.days);
          if (opts.flowScale !== undefined) scenario.flowScale = opts.flowScale;
          if (opts.days !== undefined || opts.flowScale !== undefined) scenario.calibration = [];
          await ensureBuilt();
          const startedAt = new Date().toISOString();
          const progress = new RunProgress(scenario.horizon.days, !opts.quiet);
          const result = await runScenario(scenario, { seed: opts.seed, onProgress: (p) => progress.update(p) });
          progress.stop();
          const report = await buildReport(scenario, result.seed, result.ledger, {
            reverted: result.engine.progress.reverted,
            timings: result.timings,
            startedAt,
          });
          await result.deployment.chain.close();
          const out = userPath(opts.out);
          await mkdir(out, { recursive: true });
          await writeFile(join(out, "report.json"), toJson(report));
          await writeFile(join(out, "report.md"), renderMarkdown(report));
          await writeFile(join(out, "report.html"), renderHtml(report));
          if (!opts.quiet) console.log(renderTerminal(report));
          console.log(`report: ${join(out, "report.json")}, report.md, report.html`);
          if (report.checks.some((c) => !c.holds))
            throw new ScfError("CHECK_FAILED", "a reconciliation check did not hold (see the report)");
        },
      ),
    );
}
