import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startScf, waitFor } from "../durable/processes.js";

/**
 * `scf sweep` and `scf run --set` as a user runs them: classroom over 5 days (each cell a few tenths of
 * a second once a worker is warm). The varied field is a participant count, which every scenario has.
 */

const dir = mkdtempSync(join(tmpdir(), "scf-sweep-"));
const out = join(dir, "sweep");
const SWEEP = ["sweep", "classroom", "--days", "5", "--seeds", "1..2", "--vary", "participants.merchant.count=2,3"];
const CELLS = ["participants.merchant.count=2", "participants.merchant.count=3"].flatMap((c) =>
  [1, 2].map((s) => join(out, "cells", c, `seed-${s}`, "report.json")),
);

async function scf(args: string[]): Promise<{ code: number | null; output: string }> {
  const proc = startScf(args);
  const code = await proc.exited;
  return { code, output: proc.output() };
}

const json = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
const withoutRun = (report: Record<string, unknown>) => {
  const { run: _run, ...rest } = report;
  return rest;
};

describe("scf sweep", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs every cell of seeds × values on workers and writes each report, sweep.json and sweep.html", async () => {
    const { code, output } = await scf([...SWEEP, "--jobs", "2", "--out", out, "--quiet"]);
    expect(code, output).toBe(0);
    expect(output.trim()).toBe(
      `sweep: 4 cells in ${/in (.+):/.exec(output)![1]}: ${join(out, "sweep.json")}, sweep.html`,
    );
    for (const file of CELLS) expect(existsSync(file), file).toBe(true);
    const cell = json(CELLS[3]) as {
      seed: number;
      overrides: unknown;
      participants: { byRole: Record<string, number> };
    };
    expect(cell.seed).toBe(2);
    expect(cell.overrides).toEqual([{ path: "participants.merchant.count", value: 3 }]);
    expect(cell.participants.byRole.Merchant).toBe(3);

    const sweep = json(join(out, "sweep.json")) as {
      cells: { key: string; seed: number; outcomes: Record<string, number | string> }[];
      outcomes: {
        name: string;
        unit: string;
        byCombination: { key: string; n: number; mean: number; sumFen?: string }[];
      }[];
      statistics: string;
    };
    expect(sweep.cells.map((c) => `${c.key} ${c.seed}`)).toEqual([
      "participants.merchant.count=2 1",
      "participants.merchant.count=2 2",
      "participants.merchant.count=3 1",
      "participants.merchant.count=3 2",
    ]);
    expect(sweep.statistics).toContain("t(0.975, n − 1)");
    const issued = sweep.outcomes.find((o) => o.name === "volumes.receivables.issued.amountFen")!;
    expect(issued.unit).toBe("fen");
    const figures = sweep.cells.filter((c) => c.key.endsWith("=3")).map((c) => BigInt(c.outcomes[issued.name]));
    const row = issued.byCombination.find((r) => r.key === "participants.merchant.count=3")!;
    expect(row.n).toBe(2);
    expect(row.sumFen).toBe((figures[0] + figures[1]).toString());
    expect(row.mean).toBe(Number(figures[0] + figures[1]) / 2);
    expect(sweep.outcomes.some((o) => o.name.startsWith("financingCost."))).toBe(true);

    const html = readFileSync(join(out, "sweep.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("95% interval of the mean");
    expect(html).not.toMatch(/<script|<link|src=|url\(|href="http/);
  });

  it("writes for a cell the report scf run writes with that seed and --set (apart from run)", async () => {
    const single = join(dir, "single");
    const args = ["run", "classroom", "--days", "5", "--seed", "2", "--set", "participants.merchant.count=3"];
    const { code, output } = await scf([...args, "--out", single, "--quiet"]);
    expect(code, output).toBe(0);
    const report = json(join(single, "report.json"));
    expect(report.overrides).toEqual([{ path: "participants.merchant.count", value: 3 }]);
    expect(withoutRun(json(CELLS[3]))).toEqual(withoutRun(report));
  });

  it("reruns only the cells whose report is missing when the same sweep is run again", async () => {
    const mtimes = CELLS.map((f) => statSync(f).mtimeMs);
    rmSync(CELLS[1]);
    const { code, output } = await scf([...SWEEP, "--jobs", "2", "--out", out]);
    expect(code, output).toBe(0);
    expect(output).toContain("3 of 4 cells kept from an earlier run of this sweep");
    expect(output).toContain("running 1 cell on 1 worker…");
    expect(output).toMatch(/sweep: 4 cells \(3 kept from before\) in /);
    expect(existsSync(CELLS[1])).toBe(true);
    CELLS.forEach((f, i) => {
      if (i !== 1) expect(statSync(f).mtimeMs, f).toBe(mtimes[i]);
    });
    expect(readdirSync(join(out, "cells", "participants.merchant.count=2", "seed-2"))).toEqual(["report.json"]);
  });

  it("refuses in one line to go on in a folder that holds a sweep with other arguments", async () => {
    const seeds = await scf([
      "sweep",
      "classroom",
      "--days",
      "5",
      "--seeds",
      "1..3",
      "--vary",
      "participants.merchant.count=2,3",
      "--out",
      out,
    ]);
    expect(seeds.code).toBe(1);
    expect(seeds.output).toBe(
      `scf: ${out} holds a sweep with other arguments (--seeds 1..2 there, 1..3 here): rerun it with its own, or use another --out\n`,
    );
    const days = await scf([...SWEEP.map((a) => (a === "5" ? "6" : a)), "--out", out]);
    expect(days.code).toBe(1);
    expect(days.output).toMatch(/^scf: .* holds a sweep with other arguments \(--days 5 there, 6 here\)/);
  });

  it("goes on after being killed, keeping the cells it finished", async () => {
    const killed = join(dir, "killed");
    const args = ["sweep", "classroom", "--days", "5", "--seeds", "1..6", "--jobs", "1", "--out", killed, "--quiet"];
    const proc = startScf(args);
    const cells = join(killed, "cells", "base");
    await waitFor(
      () => existsSync(cells) && readdirSync(cells).some((s) => existsSync(join(cells, s, "report.json"))),
      90_000,
      "a first cell",
      proc,
    );
    proc.child.kill("SIGKILL");
    await proc.exited;
    const { code, output } = await scf(args);
    expect(code, output).toBe(0);
    const kept = Number(/\((\d+) kept from before\)/.exec(output)?.[1]);
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(6);
    expect(readdirSync(cells).sort()).toEqual([1, 2, 3, 4, 5, 6].map((s) => `seed-${s}`));
  });

  it("refuses bad input in one line before running anything", async () => {
    const base = ["sweep", "classroom", "--days", "5", "--out", join(dir, "never")];
    const cases: [string[], RegExp][] = [
      [[...base, "--seeds", "1..x"], /^scf: --seeds "1\.\.x": "1\.\.x" is not a seed or a range a\.\.b/],
      [
        [...base, "--seeds", "1..2", "--vary", "participants.merchant.count"],
        /^scf: --vary "participants\.merchant\.count": expected path=v1,v2/,
      ],
      [
        [
          ...base,
          "--seeds",
          "1..20",
          "--vary",
          `horizon.days=${Array.from({ length: 51 }, (_, i) => i + 1).join(",")}`,
        ],
        /^scf: the sweep would have 1,020 cells: at most 1,000/,
      ],
      [["sweep", "no-such-scenario", "--seeds", "1"], /^scf: no scenario "no-such-scenario"/],
      [
        [...base, "--seeds", "1", "--vary", "participants.nobody.count=1,2"],
        /^scf: --vary participants\.nobody\.count: classroom\.yaml has no participants\.nobody/,
      ],
      [
        [...base, "--seeds", "1", "--vary", "participants.merchant.count=2,0"],
        /^scf: classroom\.yaml:\d+: participants\.\d+\.count: .*\(--vary participants\.merchant\.count=0\)/,
      ],
      [
        ["run", "classroom", "--set", "participants.nobody.count=1", "--out", join(dir, "never")],
        /^scf: --set participants\.nobody\.count: classroom\.yaml has no participants\.nobody/,
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => scf(args)));
    results.forEach(({ code, output }, i) => {
      expect(code, output).toBe(1);
      expect(output, cases[i][0].join(" ")).toMatch(cases[i][1]);
      expect(output.trim().split("\n"), output).toHaveLength(1);
    });
    expect(existsSync(join(dir, "never"))).toBe(false);
  });
});
