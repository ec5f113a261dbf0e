import { mkdir, rename, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { ScfError } from "../domain/errors.js";
import { buildReport, type Report } from "../report/build.js";
import { toJson } from "../report/json.js";
import { renderHtml } from "../report/render-html.js";
import { renderMarkdown } from "../report/render-markdown.js";
import type { RunCheckpoint } from "../sim/checkpoint.js";
import { runScenario } from "../sim/run.js";
import { checkVolumes } from "../sim/scenario/check.js";
import { loadScenario } from "../sim/scenario/load.js";
import { overrideText, type ScenarioOverride } from "../sim/scenario/overrides.js";
import type { Scenario } from "../sim/scenario/schema.js";
import { compileWithProgress } from "./compile.js";
import { RunProgress } from "./progress.js";

/** What a run is: the scenario file and the flags that change it (`scf run`, one cell of `scf sweep`). */
export interface RunArgs {
  /** The scenario file (a resolved path). */
  scenario: string;
  seed?: number;
  days?: number;
  flowScale?: number;
  /** `--set path=value`, in order. */
  overrides?: readonly ScenarioOverride[];
}

export type ReportFile = "json" | "md" | "html";

export interface SimulateOptions {
  /** The folder the report files go to (made if missing). */
  out: string;
  /** Which report files to write (default: all three). */
  files?: readonly ReportFile[];
  /** The command, for the compiler's messages ("scf run"). */
  command?: string;
  /** No compiler messages. */
  quiet?: boolean;
  /** Hears each step (deploying, simulating, indexing, writing). */
  say?: (message: string) => void;
  /** Show the live progress bar of the simulated days. */
  progress?: boolean;
  /** Run on this JSON-RPC node instead of in process. */
  rpcUrl?: string;
  /** Called once the scenario and seed are known: the checkpoint to keep (or resume), if any. */
  checkpoint?: (scenario: Scenario, seed: number) => RunCheckpoint | undefined;
}

/**
 * The scenario a run simulates: the file with its `--set` overrides (validated by the schema), cut
 * to `--days` and scaled by `--flow-scale`. Calibration targets are dropped when either is given.
 */
export async function loadRunScenario(args: RunArgs): Promise<Scenario> {
  const scenario = await loadScenario(args.scenario, args.overrides ?? []);
  if (args.days !== undefined) scenario.horizon.days = Math.min(args.days, scenario.horizon.days);
  if (args.flowScale !== undefined) scenario.flowScale = args.flowScale;
  if (args.days !== undefined || args.flowScale !== undefined) {
    scenario.calibration = [];
    const volume = checkVolumes(scenario); // more flow, or the same rights in fewer days
    if (volume) {
      const flags = [
        args.flowScale && `--flow-scale ${args.flowScale}`,
        args.days && `--days ${args.days}`,
        ...(args.overrides ?? []).map((o) => `--set ${overrideText(o)}`),
      ];
      throw new ScfError(
        "INVALID_FLAG",
        `${basename(args.scenario)}: ${volume.path.join(".")}: ${volume.message} (with ${flags.filter(Boolean).join(" ")})`,
      );
    }
  }
  return scenario;
}

/**
 * One run from start to report, the one code path of `scf run` and of every cell of `scf sweep`:
 * load the scenario (with its overrides), compile the contracts if they changed, run it on a fresh
 * chain, build the report from the chain's events, write the report files (each atomically: a
 * temporary file renamed into place, so a file that exists is complete).
 */
export async function simulateToFolder(args: RunArgs, options: SimulateOptions): Promise<Report> {
  const say = options.say ?? (() => {});
  const scenario = await loadRunScenario(args);
  await compileWithProgress(options.command ?? "scf run", options.quiet);
  const seed = args.seed ?? scenario.seed;
  const checkpoint = options.checkpoint?.(scenario, seed);
  if (checkpoint && checkpoint.resumedDays > 0) {
    say(`resuming from ${checkpoint.dir}: replaying the ${checkpoint.resumedDays} days it keeps, then going on`);
  }
  const startedAt = new Date().toISOString();
  say(
    `deploying the consortium (${scenario.participants.reduce((n, g) => n + g.count, 0).toLocaleString("en-US")} participants)…`,
  );
  const progress = new RunProgress(scenario.horizon.days, options.progress ?? false);
  let contractsDeployed = 0;
  const result = await runScenario(scenario, {
    seed,
    checkpoint,
    rpcUrl: options.rpcUrl,
    onProgress: (p) => progress.update(p),
    onDeployStep: (step, transactions) => {
      if (step.startsWith("deploy ")) return void contractsDeployed++;
      if (contractsDeployed > 0) say(`  ${contractsDeployed} contracts deployed`);
      contractsDeployed = 0;
      say(`  ${step}: ${transactions.toLocaleString("en-US")} transactions mined`);
    },
    onPhase: (phase) => {
      if (phase === "index") progress.stop();
      say(
        phase === "simulate"
          ? `simulating ${scenario.horizon.days} day${scenario.horizon.days === 1 ? "" : "s"}…`
          : "indexing the chain's events…",
      );
    },
  });
  progress.stop();
  say("writing the report…");
  let report: Report;
  try {
    report = await buildReport(scenario, result.seed, result.ledger, {
      reverted: result.engine.progress.reverted,
      timings: result.timings,
      startedAt,
      overrides: args.overrides,
    });
  } finally {
    await result.deployment.chain.close();
  }
  await mkdir(options.out, { recursive: true });
  const files = options.files ?? ["json", "md", "html"];
  if (files.includes("json")) await writeFileAtomically(join(options.out, "report.json"), toJson(report));
  if (files.includes("md")) await writeFileAtomically(join(options.out, "report.md"), renderMarkdown(report));
  if (files.includes("html")) await writeFileAtomically(join(options.out, "report.html"), renderHtml(report));
  return report;
}

/** Writes a file so that it either does not exist or is complete (a crash leaves a `.tmp-PID` file at most). */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
