import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { ScfError } from "../domain/errors.js";
import type { Report } from "../report/build.js";
import type { Scenario } from "../sim/scenario/schema.js";
import { deviation, nextValue, type FitRow } from "./fit.js";

const SCF = fileURLToPath(new URL("../../bin/scf.js", import.meta.url));

export interface CalibrateOptions {
  /** The scenario file. */
  path: string;
  scenario: Scenario;
  seed: number;
  /** Stop when every fitted figure is within this share of its target. */
  tolerance: number;
  maxRuns: number;
  say: (message: string) => void;
}

export interface CalibrationResult {
  rows: FitRow[];
  /** The published figures left out of the fit, as the last run predicted them. */
  heldOut: { metric: string; label: string; target: string; simulated: string; deviation: number; tolerance: number }[];
  runs: number;
  converged: boolean;
  values: Record<string, number>;
}

/**
 * Fits the scenario's `economy.fitted` parameters to their published figures: runs the whole
 * scenario on the chain (a child `scf run` with `--set economy.<parameter>=<value>`), reads the
 * figures from its report, takes a secant step per parameter, and stops when every fitted figure is
 * within the tolerance or after `maxRuns` runs. The converged run's values are the result, or, if none
 * converged, those of the run whose worst residual was smallest (its residuals are the fit's); the
 * other published figures are reported as predictions.
 */
export async function calibrate(o: CalibrateOptions): Promise<CalibrationResult> {
  const fitted = o.scenario.economy.fitted;
  if (fitted.length === 0) {
    throw new ScfError("NOTHING_TO_FIT", `${basename(o.path)}: economy.fitted names no parameter to fit`);
  }
  const rows: FitRow[] = fitted.map((f) => {
    const target = o.scenario.calibration.find((c) => c.metric === f.metric);
    if (!target) {
      throw new ScfError(
        "NO_TARGET",
        `${basename(o.path)}: economy.fitted fits ${f.parameter} to ${f.metric}, but calibration has no target for it`,
      );
    }
    return { parameter: f.parameter, metric: f.metric, target: Number.NaN, history: [] };
  });
  let values = Object.fromEntries(rows.map((r) => [r.parameter, o.scenario.economy[r.parameter] as number]));
  const work = await mkdtemp(join(tmpdir(), "scf-calibrate-"));
  let report: Report | undefined;
  let best: { worst: number; run: number; values: Record<string, number>; report: Report } | undefined;
  let runs = 0;
  try {
    for (;;) {
      runs += 1;
      const started = performance.now();
      o.say(
        `run ${runs} of at most ${o.maxRuns}: ${rows.map((r) => `${r.parameter} ${values[r.parameter]}`).join(", ")}…`,
      );
      report = await runOnce(o.path, o.seed, values, join(work, `run-${runs}`));
      for (const row of rows) {
        const c = report.calibration.find((x) => x.metric === row.metric)!;
        row.target = Number(c.target);
        row.history.push({ value: values[row.parameter], simulated: Number(c.simulated) });
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      o.say(`run ${runs} (${seconds} s): ${rows.map((r) => `${r.metric} ${signed(deviation(r))}`).join(", ")}`);
      const worst = Math.max(...rows.map((r) => Math.abs(deviation(r))));
      if (!best || worst < best.worst) best = { worst, run: runs, values, report };
      const converged = worst <= o.tolerance;
      if (converged || runs >= o.maxRuns) {
        // Not converged: the run whose worst residual was smallest is the result.
        const chosen = converged ? { run: runs, values, report } : best;
        const rowsAt = rows.map((r) => ({ ...r, history: r.history.slice(0, chosen.run) }));
        return {
          rows: rowsAt,
          heldOut: heldOut(chosen.report, rowsAt),
          runs,
          converged,
          values: chosen.values,
        };
      }
      values = Object.fromEntries(rows.map((r) => [r.parameter, nextValue(r)]));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function heldOut(report: Report, rows: FitRow[]): CalibrationResult["heldOut"] {
  return report.calibration
    .filter((c) => !rows.some((r) => r.metric === c.metric))
    .map((c) => ({
      metric: c.metric,
      label: c.label,
      target: c.target,
      simulated: c.simulated,
      deviation: c.deviation,
      tolerance: c.tolerance,
    }));
}

/** One whole run of the scenario with these parameter values, in a child `scf run`. */
async function runOnce(path: string, seed: number, values: Record<string, number>, out: string): Promise<Report> {
  const args = [SCF, "run", path, "--seed", String(seed), "--out", out, "--quiet"];
  for (const [parameter, value] of Object.entries(values)) args.push("--set", `economy.${parameter}=${value}`);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], env: process.env });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  if (code !== 0) {
    const line = stderr.trim().split("\n").at(-1) ?? "";
    throw new ScfError("CALIBRATION_RUN_FAILED", `a calibration run failed: ${line.replace(/^scf: /, "")}`);
  }
  return JSON.parse(await readFile(join(out, "report.json"), "utf8")) as Report;
}

/**
 * The calibrated scenario: `extends` the original, with its `economy` (the fitted values put in)
 * and a `fit` section with the residuals and the held-out predictions. Comments say how it was made.
 */
export function calibratedYaml(path: string, scenario: Scenario, seed: number, result: CalibrationResult): string {
  const economy: Record<string, unknown> = { ...scenario.economy };
  for (const [parameter, value] of Object.entries(result.values)) economy[parameter] = value;
  const fit = {
    seed,
    runs: result.runs,
    converged: result.converged,
    fitted: result.rows.map((r) => ({
      parameter: r.parameter,
      value: r.history.at(-1)!.value,
      metric: r.metric,
      target: r.target,
      simulated: r.history.at(-1)!.simulated,
      residual: Number(deviation(r).toFixed(4)),
    })),
    predicted: result.heldOut.map((h) => ({
      metric: h.metric,
      target: Number(h.target),
      simulated: Number(h.simulated),
      deviation: h.deviation,
      tolerance: h.tolerance,
    })),
  };
  const header = [
    `# Written by \`scf calibrate ${basename(path, ".yaml")}\` (seed ${seed}, ${result.runs} run${result.runs === 1 ? "" : "s"} of the whole scenario on the chain).`,
    "# economy: the scenario's structural parameters with the fitted ones put in; fit: each fitted",
    "# parameter, the published figure it was fitted to and the residual (simulated − target) / target;",
    "# predicted: the published figures left out of the fit, as the model predicts them (amounts in",
    "# fen, ratios and spreads in basis points). Run it with `scf run` like any scenario.",
  ].join("\n");
  return `${header}\n${stringify({ extends: basename(path), economy, fit }, { lineWidth: 120, flowCollectionPadding: true })}`;
}

/**
 * Puts the fitted values into the scenario file itself: each `parameter: value` line of its
 * `economy:` section is rewritten, and nothing else of the file is touched (comments, layout).
 */
export async function applyToScenario(path: string, values: Record<string, number>): Promise<string> {
  const lines = (await readFile(path, "utf8")).split("\n");
  const start = lines.findIndex((line) => /^economy:\s*(#.*)?$/.test(line));
  if (start < 0)
    throw new ScfError("NO_ECONOMY_SECTION", `${basename(path)}: no economy: section to put the values in`);
  const missing = new Set(Object.keys(values));
  for (let i = start + 1; i < lines.length && !/^\S/.test(lines[i]); i++) {
    const m = /^(\s+)([A-Za-z]+):\s*[^\s#]+(\s*#.*)?$/.exec(lines[i]);
    if (m && m[2] in values) {
      lines[i] = `${m[1]}${m[2]}: ${values[m[2]]}${m[3] ?? ""}`;
      missing.delete(m[2]);
    }
  }
  if (missing.size > 0) {
    throw new ScfError(
      "NO_ECONOMY_SECTION",
      `${basename(path)}: economy: has no line for ${[...missing].join(", ")} to put the fitted value in`,
    );
  }
  return lines.join("\n");
}

/** The calibrated file's default place: beside the scenario, `NAME.calibrated.yaml`. */
export function calibratedPath(path: string): string {
  return join(dirname(path), `${basename(path, ".yaml")}.calibrated.yaml`);
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : "−"}${(Math.abs(x) * 100).toFixed(1)}%`;
}
