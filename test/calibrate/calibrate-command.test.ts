import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runScf } from "../cli/scf-child.js";
import { loadScenario } from "../../src/sim/scenario/load.js";

const scf = (args: string[]) => runScf(args, 240_000);

describe("scf calibrate", () => {
  it("refuses in one line a scenario that names no parameter to fit", async () => {
    const answer = await scf(["calibrate", "classroom", "--quiet"]);
    expect(answer.code).not.toBe(0);
    expect(answer.stderr.trim().split("\n")).toEqual(["scf: classroom.yaml: economy.fitted names no parameter to fit"]);
  });

  it("fits a parameter by whole runs on the chain and writes a calibrated scenario that runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scf-calibrate-test-"));
    const scenario = join(dir, "fit-me.yaml");
    // The classroom's core buys ¥900 m a year; 42 days of it at 70% on credit is ¥72.5 m of vouchers.
    // Starting from a credit share of 0.35, the fit must find about 0.7 again.
    writeFileSync(
      scenario,
      [
        "extends: classroom",
        "name: fit-me",
        "set:",
        "  economy.creditShare: 0.35",
        "  economy.fitted: [{ parameter: creditShare, metric: vouchers.issued }]",
        "  calibration.0.tolerance: 0.2",
      ].join("\n"),
    );
    const answer = await scf(["calibrate", scenario, "--tolerance", "0.1", "--max-runs", "4", "--quiet"]);
    expect(answer.stderr).toBe("");
    expect(answer.code).toBe(0);
    expect(answer.stdout).toMatch(/^converged after [234] runs: /);
    const written = parse(readFileSync(join(dir, "fit-me.calibrated.yaml"), "utf8")) as {
      extends: string;
      economy: { creditShare: number };
      fit: { fitted: { parameter: string; residual: number }[]; predicted: { metric: string }[] };
    };
    expect(written.extends).toBe("fit-me.yaml");
    expect(written.economy.creditShare).toBeGreaterThan(0.55);
    expect(written.economy.creditShare).toBeLessThan(0.85);
    expect(Math.abs(written.fit.fitted[0].residual)).toBeLessThanOrEqual(0.1);
    expect(written.fit.predicted.map((p) => p.metric)).toEqual(["vouchers.financingDiscountToBenchmark"]);
    const calibrated = await loadScenario(join(dir, "fit-me.calibrated.yaml"));
    expect(calibrated.economy.creditShare).toBe(written.economy.creditShare);
  }, 240_000);
});
