import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { ScfError } from "../domain/errors.js";
import { compileWithProgress } from "../cli/compile.js";
import { loadRunScenario, writeFileAtomically, type RunArgs } from "../cli/simulate.js";
import { scenarioDigest } from "../sim/checkpoint.js";
import { overrideText, valueText, type ScenarioOverride } from "../sim/scenario/overrides.js";
import { cellLabel, expandGrid, formatSeeds, type Grid, type SweepCell, type VaryAxis } from "./grid.js";
import { renderSweepHtml } from "./html.js";
import { WorkerPool } from "./pool.js";
import { SweepProgress, fmtElapsed } from "./progress.js";
import { summarizeSweep, type CellReport, type SweepSummary } from "./summary.js";

/** What a sweep is: kept in `sweep-args.json`, and a rerun must give the same to go on with it. */
export interface SweepArgs {
  /** The scenario file (a resolved path). */
  scenario: string;
  seeds: number[];
  set: ScenarioOverride[];
  vary: VaryAxis[];
  days?: number;
  flowScale?: number;
}

/** `sweep-args.json`. */
interface KeptArgs extends SweepArgs {
  version: 1;
  /** The scenario's content (with `--set`, `--days`, `--flow-scale`): an edited file is another sweep. */
  digest: string;
}

export interface SweepOptions {
  out: string;
  jobs: number;
  quiet?: boolean;
  /** Hears the sweep's steps (stderr). */
  say?: (message: string) => void;
}

export interface SweepResult {
  summary: SweepSummary;
  grid: Grid;
  /** Cells run now, and cells kept from an earlier run of the same sweep. */
  ran: number;
  kept: number;
  seconds: number;
}

/**
 * Runs a sweep: every cell of the grid (combination of varied values × seed) on `jobs` worker
 * processes, each cell exactly as `scf run` runs it, its report written to
 * `cells/<combination>/seed-<s>/report.json`; then `sweep.json` and `sweep.html`. A folder that holds
 * the same sweep is resumed (cells with a complete report are kept); one that holds another is refused.
 */
export async function runSweep(args: SweepArgs, options: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const say = options.say ?? (() => {});
  const grid = expandGrid({ seeds: args.seeds, set: args.set, vary: args.vary });
  const runArgs = (overrides: ScenarioOverride[], seed?: number): RunArgs => ({
    scenario: args.scenario,
    seed,
    days: args.days,
    flowScale: args.flowScale,
    overrides,
  });
  // Every combination is a valid scenario before anything runs (an unknown path, a value out of range).
  const base = await loadRunScenario(runArgs(args.set)).catch((e: unknown) => {
    throw varyError(e, args.vary);
  });
  for (const combination of grid.combinations) {
    if (combination.values.length === 0) continue;
    await loadRunScenario(runArgs([...args.set, ...combination.values])).catch((e: unknown) => {
      throw varyError(e, args.vary);
    });
  }
  const kept: KeptArgs = { version: 1, ...args, digest: scenarioDigest(base) };
  await claimFolder(options.out, kept);

  const pending = grid.cells.filter((cell) => !isComplete(options.out, cell));
  const done = grid.cells.length - pending.length;
  if (done > 0) say(`${done} of ${grid.cells.length} cells kept from an earlier run of this sweep`);
  if (pending.length > 0) {
    await compileWithProgress("scf sweep", options.quiet); // once, before the workers start
    const jobs = Math.min(options.jobs, pending.length);
    say(`running ${plural(pending.length, "cell")} on ${plural(jobs, "worker")}…`);
    const progress = new SweepProgress(grid.cells.length, done, !options.quiet);
    const pool = new WorkerPool(jobs);
    let finished = done;
    const interrupt = (signal: NodeJS.Signals) =>
      pool.stop(
        new ScfError(
          "SWEEP_STOPPED",
          `sweep stopped (${signal}): ${finished} of ${grid.cells.length} cells done and kept in ${options.out}; rerun the same command to go on`,
        ),
      );
    process.once("SIGINT", interrupt);
    process.once("SIGTERM", interrupt);
    try {
      await pool.run(
        pending.map((cell, i) => {
          removeLeftovers(join(options.out, cell.dir));
          return {
            id: i,
            args: runArgs(cell.overrides, cell.seed),
            out: join(options.out, cell.dir),
            label: cellLabel(cell),
          };
        }),
        () => {
          finished += 1;
          progress.tick();
        },
      );
    } catch (error) {
      progress.stop();
      if (error instanceof ScfError && error.code !== "SWEEP_STOPPED") {
        throw new ScfError(
          error.code,
          `${error.message} — sweep stopped; ${finished} of ${grid.cells.length} cells done and kept in ${options.out}`,
        );
      }
      throw error;
    } finally {
      progress.stop();
      process.off("SIGINT", interrupt);
      process.off("SIGTERM", interrupt);
    }
  }

  say("writing sweep.json and sweep.html…");
  const reports = grid.cells.map((cell) => {
    const report = readReport(options.out, cell);
    if (!report)
      throw new ScfError("SWEEP_CELL_MISSING", `cell ${cellLabel(cell)}: its report.json is missing or incomplete`);
    return report;
  });
  const summary = summarizeSweep(grid, reports, { file: args.scenario, days: args.days, flowScale: args.flowScale });
  await writeFileAtomically(join(options.out, "sweep.json"), JSON.stringify(summary, null, 2) + "\n");
  await writeFileAtomically(join(options.out, "sweep.html"), renderSweepHtml(summary));
  return {
    summary,
    grid,
    ran: pending.length,
    kept: done,
    seconds: (performance.now() - started) / 1000,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "16 cells (4 kept) in 41 s". */
export function describeResult(r: SweepResult): string {
  return `${r.grid.cells.length} cells${r.kept > 0 ? ` (${r.kept} kept from before)` : ""} in ${fmtElapsed(r.seconds)}`;
}

/** Says `--vary` for an error about a path that came from --vary (the scenario loader says --set). */
function varyError(error: unknown, vary: VaryAxis[]): unknown {
  if (!(error instanceof ScfError)) return error;
  let message = error.message;
  for (const axis of vary) message = message.split(`--set ${axis.path}=`).join(`--vary ${axis.path}=`);
  for (const axis of vary) if (message.startsWith(`--set ${axis.path}:`)) message = `--vary${message.slice(5)}`;
  return message === error.message ? error : new ScfError(error.code, message, { details: error.details });
}

/**
 * Makes `out` this sweep's folder: a new or empty folder gets `sweep-args.json`; a folder holding the
 * same sweep is resumed; a folder holding another sweep (or cells without their arguments) is refused.
 */
async function claimFolder(out: string, args: KeptArgs): Promise<void> {
  const file = join(out, "sweep-args.json");
  if (existsSync(file)) {
    let there: KeptArgs;
    try {
      there = JSON.parse(readFileSync(file, "utf8")) as KeptArgs;
    } catch {
      throw new ScfError("SWEEP_OTHER_ARGS", `${file} is not readable: use another --out, or remove the folder`);
    }
    const difference = firstDifference(there, args);
    if (difference) {
      throw new ScfError(
        "SWEEP_OTHER_ARGS",
        `${out} holds a sweep with other arguments (${difference}): rerun it with its own, or use another --out`,
      );
    }
    return;
  }
  if (existsSync(join(out, "cells"))) {
    throw new ScfError("SWEEP_OTHER_ARGS", `${out} holds cells of a sweep without sweep-args.json: use another --out`);
  }
  await mkdir(out, { recursive: true });
  await writeFileAtomically(file, JSON.stringify(args, null, 2) + "\n");
}

/** The first argument that differs between the kept sweep and this one, for people; undefined if none. */
function firstDifference(there: KeptArgs, here: KeptArgs): string | undefined {
  const overrides = (list: ScenarioOverride[] = []) => list.map(overrideText).join(" ") || "none";
  const vary = (list: VaryAxis[] = []) =>
    list.map((a) => `${a.path}=${a.values.map(valueText).join(",")}`).join(" ") || "none";
  const fields: [string, (a: KeptArgs) => string][] = [
    ["scenario", (a) => basename(String(a.scenario))],
    ["scenario file", (a) => String(a.scenario)],
    ["--seeds", (a) => formatSeeds(a.seeds ?? [])],
    ["--set", (a) => overrides(a.set)],
    ["--vary", (a) => vary(a.vary)],
    ["--days", (a) => String(a.days ?? "all")],
    ["--flow-scale", (a) => String(a.flowScale ?? "the scenario's")],
  ];
  for (const [name, show] of fields) {
    if (show(there) !== show(here)) return `${name} ${show(there)} there, ${show(here)} here`;
  }
  if (there.version !== here.version || there.digest !== here.digest) {
    return "the scenario file has changed since";
  }
  return undefined;
}

/** A cell's report.json, if it is there, complete and this cell's (same seed and overrides). */
function readReport(out: string, cell: SweepCell): CellReport | undefined {
  const file = join(out, cell.dir, "report.json");
  if (!existsSync(file)) return undefined;
  try {
    const report = JSON.parse(readFileSync(file, "utf8")) as CellReport & {
      seed?: number;
      overrides?: ScenarioOverride[];
      checks?: { holds: boolean }[];
    };
    if (report.seed !== cell.seed) return undefined;
    if (JSON.stringify(report.overrides ?? []) !== JSON.stringify(cell.overrides)) return undefined;
    if (!Array.isArray(report.checks) || report.checks.some((c) => !c.holds)) return undefined;
    return report;
  } catch {
    return undefined; // not complete: run it again
  }
}

function isComplete(out: string, cell: SweepCell): boolean {
  return readReport(out, cell) !== undefined;
}

/** Temporary files a killed run left in a cell's folder. */
function removeLeftovers(dir: string): void {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) if (/\.tmp-\d+$/.test(file)) rmSync(join(dir, file), { force: true });
}
