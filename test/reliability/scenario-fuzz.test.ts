import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ScfError } from "../../src/domain/errors.js";
import { buildReport, type Report } from "../../src/report/build.js";
import { runScenario } from "../../src/sim/run.js";
import { checkVolumes } from "../../src/sim/scenario/check.js";
import { loadScenario } from "../../src/sim/scenario/load.js";
import { PROFILE, recordFigures, sized, type Figure } from "./record.js";
import { sampleScenarios, type GeneratedScenario } from "./scenario-arbitrary.js";

/**
 * The scenario fuzzer: scenarios of the classroom's structure pushed to their edges (see
 * scenario-arbitrary.ts), each run for a few simulated days, most in process (load, run, report)
 * and some through `scf run FILE --days N --quiet` as a user would. Each must end either in a clear
 * one-line `scf:` error naming the file, the line and the field, or in a run whose every check
 * holds: never a stack trace, an "unexpected" error, a hang, or a failed check that `scf run`
 * does not turn into a non-zero exit.
 *
 * CI profile: 24 scenarios, 4 of them through the CLI; long profile: 240, 40 through the CLI.
 */

const SEED = 20_250_303;
const SCENARIOS = sized(24, 240);
const THROUGH_CLI = sized(4, 40);
const CLI_TIMEOUT_MS = 120_000;

type Verdict = "clean" | "clear error" | "failed check" | "silent check failure" | "crash";
interface Outcome {
  verdict: Verdict;
  detail: string;
}

/** `scf: fuzz-3.yaml:42: vouchers.face.median: …`, or (a flag's effect) `scf: fuzz-3.yaml: field: … (with --days 2)`. */
const CLEAR_ERROR = /^scf: fuzz-\d+\.yaml(:\d+: [\w.-]+: .+|: [\w.-]+: .+\(with --(days|flow-scale) .+\))$/;
const isClear = (line: string) =>
  CLEAR_ERROR.test(line) && !line.includes("unexpected") && !line.includes("\n") && !/\bat .+:\d+:\d+/.test(line);

/** Loads, runs `days` days and reports in this process, as `scf run --days` does. */
async function inProcess(file: string, days: number): Promise<Outcome> {
  let step = "load";
  try {
    const scenario = await loadScenario(file);
    scenario.horizon.days = Math.min(days, scenario.horizon.days);
    scenario.calibration = [];
    const volume = checkVolumes(scenario);
    if (volume) {
      const line = `scf: ${file.split("/").at(-1)}: ${volume.path.join(".")}: ${volume.message} (with --days ${days})`;
      return { verdict: isClear(line) ? "clear error" : "crash", detail: line };
    }
    step = "run";
    const result = await runScenario(scenario, { seed: scenario.seed });
    let report: Report;
    try {
      report = await buildReport(scenario, result.seed, result.ledger, { reverted: result.engine.progress.reverted });
    } finally {
      await result.deployment.chain.close();
    }
    const failed = report.checks.filter((c) => !c.holds);
    return failed.length === 0
      ? { verdict: "clean", detail: `${report.chain.transactions} transactions, ${report.chain.reverted} reverted` }
      : { verdict: "failed check", detail: failed.map((c) => `${c.name}: ${c.detail}`).join("; ") };
  } catch (error) {
    // what `scf run` would print: ScfError messages as they are, anything else is "unexpected"
    const message = error instanceof ScfError ? error.message : `${(error as Error)?.stack ?? error} (unexpected)`;
    const line = `scf: ${message}`;
    return { verdict: step === "load" && isClear(line) ? "clear error" : "crash", detail: line };
  }
}

/** Runs `scf run FILE --days N --quiet` as a user would. */
function throughCli(file: string, days: number, out: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/scf.js", "run", file, "--days", String(days), "--quiet", "--out", out],
      { timeout: CLI_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        const code = error ? (error as { code?: number | string }).code : 0;
        const text = stderr.trim();
        const reportFile = join(out, "report.json");
        const checks = existsSync(reportFile)
          ? (JSON.parse(readFileSync(reportFile, "utf8")) as Report).checks.filter((c) => !c.holds)
          : [];
        if (code === 0) {
          if (/\n\s+at /.test(stderr) || !existsSync(reportFile))
            resolve({ verdict: "crash", detail: `exit 0 without a report, or a trace: ${text}` });
          else if (checks.length > 0)
            resolve({ verdict: "silent check failure", detail: checks.map((c) => c.name).join("; ") });
          else resolve({ verdict: "clean", detail: "exit 0, every check holds" });
        } else if (typeof code !== "number") {
          resolve({
            verdict: "crash",
            detail: `killed (${error?.signal ?? code}) after ${CLI_TIMEOUT_MS} ms: ${text}`,
          });
        } else if (checks.length > 0 && text === "scf: a reconciliation check did not hold (see the report)") {
          resolve({ verdict: "failed check", detail: checks.map((c) => c.name).join("; ") });
        } else {
          resolve({ verdict: isClear(text) ? "clear error" : "crash", detail: `exit ${code}: ${text}` });
        }
      },
    );
  });
}

const figures: Figure[] = [];
afterAll(() => {
  recordFigures("scenario-fuzz", figures);
  for (const f of figures)
    console.log(
      `scenario-fuzz (${PROFILE}): ${f.name}: ${f.value} (bar ${f.bar}: ${f.holds ? "holds" : "DOES NOT HOLD"})`,
    );
});

describe(`the scenario fuzzer (${PROFILE} profile: ${SCENARIOS} scenarios, ${THROUGH_CLI} through the CLI)`, () => {
  it(
    "ends every extreme scenario in a clean run or a clear one-line error naming the file, line and field",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "scf-scenario-fuzz-"));
      const scenarios = sampleScenarios(SCENARIOS, SEED);
      const cliEvery = Math.max(1, Math.floor(SCENARIOS / THROUGH_CLI));
      const outcomes: (Outcome & { i: number; scenario: GeneratedScenario; cli: boolean; file: string })[] = [];
      for (const [i, scenario] of scenarios.entries()) {
        const file = join(dir, `fuzz-${i}.yaml`);
        writeFileSync(file, scenario.yaml);
        const cli = i % cliEvery === 0 && i / cliEvery < THROUGH_CLI;
        const outcome = cli
          ? await throughCli(file, scenario.days, join(dir, `out-${i}`))
          : await inProcess(file, scenario.days);
        outcomes.push({ ...outcome, i, scenario, cli, file });
      }

      const count = (v: Verdict) => outcomes.filter((o) => o.verdict === v).length;
      const share = (n: number) => `${n} (${Math.round((100 * n) / SCENARIOS)}%)`;
      const clean = count("clean");
      const clear = count("clear error");
      const crashes = count("crash");
      const failedChecks = count("failed check");
      const silent = count("silent check failure");
      figures.push(
        {
          name: `scenarios generated (fast-check seed ${SEED}; ${THROUGH_CLI} through \`scf run\`)`,
          value: String(SCENARIOS),
          bar: sized("≥ 20", "≥ 200"),
          holds: SCENARIOS >= sized(20, 200),
        },
        { name: "clean runs: every check holds", value: share(clean), bar: "≥ 30%", holds: clean >= 0.3 * SCENARIOS },
        {
          name: "clear one-line errors naming file, line and field",
          value: share(clear),
          bar: "≥ 10%",
          holds: clear >= 0.1 * SCENARIOS,
        },
        {
          name: "crashes, stack traces, hangs or unexpected errors",
          value: String(crashes),
          bar: "0",
          holds: crashes === 0,
        },
        { name: "runs with a failed check", value: String(failedChecks), bar: "0", holds: failedChecks === 0 },
        {
          name: "silent check failures (a failed check, exit 0)",
          value: String(silent),
          bar: "0",
          holds: silent === 0,
        },
      );

      // Whatever went wrong, with its tweaks and a copy of its file to reproduce it with `scf run`.
      const bad = outcomes.filter((o) => o.verdict !== "clean" && o.verdict !== "clear error");
      if (bad.length > 0) {
        const keep = join("out", "reliability", "scenario-fuzz");
        await mkdir(keep, { recursive: true });
        for (const o of bad) await writeFile(join(keep, `fuzz-${o.i}.yaml`), o.scenario.yaml);
      }
      expect(
        bad.map((o) => `#${o.i}${o.cli ? " (cli)" : ""} [${o.scenario.tweaks.join(" | ")}] ${o.verdict}: ${o.detail}`),
      ).toEqual([]);
      expect(outcomes.filter((o) => o.cli)).toHaveLength(THROUGH_CLI);
      expect(clean).toBeGreaterThanOrEqual(0.3 * SCENARIOS);
      expect(clear).toBeGreaterThanOrEqual(0.1 * SCENARIOS);
    },
    sized(300_000, 3_600_000),
  );

  it("makes `scf run` exit non-zero, with one line, when a reconciliation check does not hold", async () => {
    // The same command as the CLI's, with the checks' module made to add one failing check.
    vi.resetModules();
    vi.doMock("../../src/report/checks.js", async (importOriginal) => {
      const real = await importOriginal<typeof import("../../src/report/checks.js")>();
      return {
        ...real,
        runChecks: async (...args: Parameters<typeof real.runChecks>) => [
          ...(await real.runChecks(...args)),
          { name: "a check made to fail", holds: false, detail: "by the test" },
        ],
      };
    });
    const out = mkdtempSync(join(tmpdir(), "scf-check-fails-"));
    const exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const errors: string[] = [];
    const error = vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    let exitCode: number | undefined;
    try {
      const { runCommandDefinition } = await import("../../src/cli/sim-command.js");
      await runCommandDefinition()
        .exitOverride()
        .parseAsync(["classroom", "--days", "2", "--quiet", "--out", out], { from: "user" })
        .catch((e: Error) => void (exitCode = Number(/^exit (\d+)$/.exec(e.message)?.[1])));
    } finally {
      exit.mockRestore();
      error.mockRestore();
      log.mockRestore();
      vi.doUnmock("../../src/report/checks.js");
      vi.resetModules();
    }
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
    const exits = exitCode !== undefined && exitCode !== 0;
    figures.push({
      name: "a failed check makes `scf run` exit non-zero with one line",
      value: exits ? `yes (exit ${exitCode})` : "no",
      bar: "yes",
      holds: exits && errors.length === 1,
    });
    expect(report.checks.find((c) => c.name === "a check made to fail")?.holds).toBe(false);
    expect(exitCode).toBe(1);
    expect(errors).toEqual(["scf: a reconciliation check did not hold (see the report)"]);
  });
});
