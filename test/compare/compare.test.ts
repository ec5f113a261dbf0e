import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScfError } from "../../src/domain/errors.js";
import { ratio, toDecimal } from "../../src/report/compare/decimal.js";
import { compareReports, type FigureRow } from "../../src/report/compare/diff.js";
import { incomparabilities, loadReport, type ComparableReport } from "../../src/report/compare/load.js";
import { renderComparison } from "../../src/report/compare/render.js";

/** The classroom report kept for the renderer tests: a real report.json of `scf run`. */
const classroom = (): ComparableReport =>
  JSON.parse(readFileSync(new URL("../report/fixtures/classroom-report.json", import.meta.url), "utf8"));

/** A small hand-made report: two sections of volumes, a list by lender, checks and calibration. */
function small(): ComparableReport {
  return {
    scenario: "base",
    title: "Base",
    seed: 1,
    flowScale: 1,
    horizon: { start: "2025-03-03", end: "2025-03-12", days: 10 },
    participants: { total: 5, byRole: { Supplier: 3, OperatorBank: 2 } },
    volumes: {
      receivables: {
        issued: { count: 3, amountFen: "100000000000000001" },
        financed: { count: 2, amountFen: "300", averageRateBps: "354.97" },
        heldByRole: { Supplier: "150" },
      },
      loans: {
        disbursed: { count: 0, amountFen: "0" },
        byLender: [
          { lender: "Bank A", count: 1, amountFen: "1000" },
          { lender: "Bank B", count: 2, amountFen: "3000" },
        ],
      },
    },
    financingCost: { averageDiscountRateBps: "354.97", benchmarkBps: 485, spreadBps: "130.03" },
    calibration: [
      {
        metric: "vouchers.issued",
        label: "vouchers issued",
        unit: "fen",
        target: "100000000000000000",
        simulated: "100000000000000001",
        deviation: 0,
        tolerance: 0.1,
        within: true,
      },
    ],
    checks: [
      { name: "e-CNY conserved", holds: true, detail: "supply 1 (fen)" },
      { name: "vouchers reconcile", holds: true, detail: "3 vouchers" },
    ],
    chain: { blocks: 10, transactions: 20, gasUsed: "123456", reverted: 0, contracts: { ECNY: "0xaaaa" } },
    run: { totalSeconds: 1.5, startedAt: "2026-01-01T00:00:00Z" },
  } as unknown as ComparableReport;
}

/** A deep copy to change. */
const copy = <T>(x: T): T => structuredClone(x);

const figure = (figures: FigureRow[], path: string): FigureRow => {
  const found = figures.find((f) => f.path === path);
  expect(found, `a figure at ${path}`).toBeDefined();
  return found!;
};

describe("the difference between two reports", () => {
  it("is empty for a report compared with itself", () => {
    const r = classroom();
    const c = compareReports(r, copy(r));
    expect(c.identical).toBe(true);
    expect(c.figures.length).toBeGreaterThan(100);
    expect(c.figures.filter((f) => f.changed)).toEqual([]);
    expect(c.checks).toEqual([]);
    expect(c.calibration).toEqual([]);
    expect(renderComparison(c, "terminal")).toContain("no difference");
  });

  it("gives b − a exactly to the fen, beyond what a float can hold", () => {
    const a = small();
    const b = copy(a);
    (b.volumes as any).receivables.issued = { count: 4, amountFen: "100000000000000003" };
    const c = compareReports(a, b);
    expect(figure(c.figures, "volumes.receivables.issued.amountFen")).toMatchObject({
      kind: "fen",
      a: "100000000000000001",
      b: "100000000000000003",
      delta: "2",
      ratio: "1.000",
      changed: true,
    });
    expect(figure(c.figures, "volumes.receivables.issued.count")).toMatchObject({
      kind: "count",
      delta: "1",
      ratio: "1.333",
    });
    const text = renderComparison(c, "terminal");
    expect(text).toContain("¥1,000,000,000,000,000.01");
    expect(text).toContain("+¥0.02");
  });

  it("rounds the ratio b/a half away from zero to three decimals, with none where a is 0", () => {
    const r = (b: string, a: string) => ratio(toDecimal(b)!, toDecimal(a)!);
    expect(r("3", "2")).toBe("1.500");
    expect(r("2", "3")).toBe("0.667");
    expect(r("1", "3")).toBe("0.333");
    expect(r("1", "8")).toBe("0.125");
    expect(r("1", "1600")).toBe("0.001"); // 0.000625 → 0.001
    expect(r("-1", "1600")).toBe("-0.001");
    expect(r("-130.03", "119.79")).toBe("-1.085");
    expect(r("0", "5")).toBe("0.000");
    expect(r("5", "0")).toBeUndefined();
  });

  it("shows money as yuan with two decimals and thousands separators, and rates in basis points", () => {
    const a = small();
    const b = copy(a);
    const v = b.volumes as any;
    v.receivables.financed = { count: 3, amountFen: "123456789", averageRateBps: "365.21" };
    v.loans.disbursed = { count: 1, amountFen: "5000" };
    b.financingCost = { averageDiscountRateBps: "365.21", benchmarkBps: 485, spreadBps: "119.79" };
    const c = compareReports(a, b);
    expect(figure(c.figures, "volumes.receivables.financed.amountFen")).toMatchObject({
      delta: "123456489",
      ratio: "411522.630",
    });
    expect(figure(c.figures, "financingCost.spreadBps")).toMatchObject({
      kind: "bps",
      delta: "-10.24",
      ratio: "0.921",
    });
    expect(figure(c.figures, "volumes.loans.disbursed.amountFen")).toMatchObject({ delta: "5000", ratio: null });
    const text = renderComparison(c, "terminal");
    expect(text).toMatch(/financed · amount +¥3\.00 +¥1,234,567\.89 +\+¥1,234,564\.89 +411522\.630/);
    expect(text).toMatch(/spread +130\.03 bp +119\.79 bp +-10\.24 bp +0\.921/);
    expect(text).toMatch(/disbursed · amount +¥0\.00 +¥50\.00 +\+¥50\.00 +—/);
  });

  it("matches the rows of a list by their names, not their position", () => {
    const a = small();
    const b = copy(a);
    (b.volumes as any).loans.byLender = [
      { lender: "Bank B", count: 2, amountFen: "3000" },
      { lender: "Bank A", count: 1, amountFen: "1000" },
    ];
    expect(compareReports(a, b).identical).toBe(true);
    (b.volumes as any).loans.byLender.push({ lender: "Bank C", count: 1, amountFen: "7" });
    const c = compareReports(a, b);
    expect(figure(c.figures, "volumes.loans.byLender[lender=Bank C].amountFen")).toMatchObject({
      label: "by lender · Bank C · amount",
      a: null,
      b: "7",
      delta: null,
      changed: true,
    });
  });

  it("reads maps of fen by role as money", () => {
    expect(figure(compareReports(small(), small()).figures, "volumes.receivables.heldByRole.Supplier").kind).toBe(
      "fen",
    );
  });

  it("leaves out the run's timings and the contract addresses", () => {
    const a = small();
    const b = copy(a);
    (b as any).run.totalSeconds = 9.25;
    (b as any).chain.contracts.ECNY = "0xbbbb";
    const c = compareReports(a, b);
    expect(c.identical).toBe(true);
    expect(c.figures.some((f) => f.path.startsWith("run") || f.path.startsWith("chain.contracts"))).toBe(false);
    expect(figure(c.figures, "chain.gasUsed").kind).toBe("count");
  });

  it("compares fields and calibration roles that a newer model adds, without a fixed list", () => {
    const a = small();
    const b = copy(a);
    (b.volumes as any).inventory = { pledged: { count: 2, amountFen: "900" } };
    (b as any).behaviour = { elasticityBps: "12.50" };
    b.calibration = [{ ...b.calibration[0], role: "fitted" }];
    const c = compareReports(a, b);
    expect(figure(c.figures, "volumes.inventory.pledged.amountFen")).toMatchObject({ section: "inventory", b: "900" });
    expect(figure(c.figures, "behaviour.elasticityBps")).toMatchObject({ section: "behaviour", kind: "bps" });
    // a target that only one run has is listed, keyed by metric and role
    expect(c.calibration.map((x) => [x.metric, x.role ?? null, x.within])).toEqual([
      ["vouchers.issued", null, { a: true, b: null }],
      ["vouchers.issued", "fitted", { a: null, b: true }],
    ]);
  });

  it("puts a run's --set overrides in the header, not among the figures", () => {
    const a = small();
    const b = copy(a);
    (b as any).overrides = [
      { path: "payments.eCnyAdoption", value: 0.5 },
      { path: "lending.workingCapitalBenchmark", value: "4.35%" },
    ];
    const c = compareReports(a, b);
    expect(c.identical).toBe(true);
    expect(c.b.overrides).toEqual(["payments.eCnyAdoption=0.5", "lending.workingCapitalBenchmark=4.35%"]);
    expect(c.a.overrides).toBeUndefined();
    expect(renderComparison(c, "terminal")).toContain(
      "base, seed 1, --set payments.eCnyAdoption=0.5 --set lending.workingCapitalBenchmark=4.35%",
    );
  });

  it("lists the checks whose result changed and the calibration targets that moved", () => {
    const a = small();
    const b = copy(a);
    b.checks[1] = { ...b.checks[1], holds: false, detail: "1 voucher off by 1 fen" };
    b.checks[0] = { ...b.checks[0], detail: "supply 2 (fen)" }; // same result, another detail: not a change
    b.calibration[0] = { ...b.calibration[0], simulated: "80000000000000000", deviation: -0.2, within: false };
    const c = compareReports(a, b);
    expect(c.checks).toEqual([
      {
        name: "vouchers reconcile",
        holds: { a: true, b: false },
        detail: { a: "3 vouchers", b: "1 voucher off by 1 fen" },
      },
    ]);
    expect(c.calibration).toHaveLength(1);
    expect(c.calibration[0]).toMatchObject({
      delta: "-20000000000000001",
      ratio: "0.800",
      within: { a: true, b: false },
      deviation: { a: 0, b: -0.2 },
    });
    const text = renderComparison(c, "terminal");
    expect(text).toMatch(/vouchers reconcile +✓ +✗ +1 voucher off by 1 fen/);
    expect(text).toMatch(/vouchers issued .*-¥200,000,000,000,000\.01 +0\.800 +0\.00% → -20\.00% +✓ → ✗/);
  });
});

describe("which runs compare", () => {
  const reasons = (change: (b: ComparableReport) => void) => {
    const b = small();
    change(b);
    return incomparabilities(small(), b);
  };

  it("runs of different scenarios and seeds over the same horizon, flow scale and participants", () => {
    expect(reasons((b) => Object.assign(b, { scenario: "counterfactual", seed: 7 }))).toEqual([]);
  });

  it("not runs over a different horizon: another start or another number of days", () => {
    expect(reasons((b) => (b.horizon.start = "2025-04-01"))).toEqual([
      "different horizons (a starts 2025-03-03 for 10 days, b starts 2025-04-01 for 10 days)",
    ]);
    expect(reasons((b) => (b.horizon.days = 9))[0]).toMatch(/^different horizons/);
  });

  it("not runs at a different flow scale", () => {
    expect(reasons((b) => (b.flowScale = 2))).toEqual(["different flow scales (a 1, b 2)"]);
  });

  it("not runs of different participants: another total, or the same total in other roles", () => {
    expect(reasons((b) => (b.participants.total = 6))).toEqual(["different participants (a has 5, b has 6)"]);
    expect(reasons((b) => (b.participants.byRole = { Supplier: 4, OperatorBank: 1 }))).toEqual([
      "different participants by role (a has 3 Supplier, 2 OperatorBank; b has 4 Supplier, 1 OperatorBank)",
    ]);
  });

  it("refuses a missing file, a file that is not JSON and JSON that is not a report, each with its code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scf-compare-"));
    writeFileSync(join(dir, "text.json"), "scenario: classroom\n");
    writeFileSync(join(dir, "other.json"), JSON.stringify({ scenario: "x", seed: 1, flowScale: 1 }));
    const refusal = (path: string) =>
      loadReport(path).then(
        () => undefined,
        (e: unknown) => (e instanceof ScfError ? { code: e.code, message: e.message } : e),
      );
    expect(await refusal(join(dir, "missing.json"))).toEqual({
      code: "REPORT_NOT_FOUND",
      message: `${dir}/missing.json: no such file`,
    });
    expect(await refusal(join(dir, "text.json"))).toMatchObject({
      code: "NOT_A_REPORT",
      message: expect.stringMatching(/not JSON/),
    });
    expect(await refusal(join(dir, "other.json"))).toMatchObject({
      code: "NOT_A_REPORT",
      message: expect.stringMatching(/no "horizon\.start"/),
    });
    expect(await refusal(dir)).toMatchObject({
      code: "REPORT_NOT_FOUND",
      message: expect.stringMatching(/a folder without a report\.json/),
    });
  });
});

describe("the outputs", () => {
  const pair = () => {
    const a = small();
    const b = copy(a);
    b.seed = 2;
    b.scenario = "winter";
    (b.volumes as any).receivables.financed.amountFen = "450";
    (b.volumes as any).loans.byLender[0].lender = "<Bank & A>";
    return compareReports(a, b, { a: "base/report.json", b: "winter/report.json" });
  };

  it("say in the header which scenario and seed each column is", () => {
    for (const format of ["terminal", "markdown", "html"] as const) {
      const text = renderComparison(pair(), format);
      expect(text, format).toContain("base, seed 1");
      expect(text, format).toContain("winter, seed 2");
      expect(text, format).toContain("rounded half away from zero to 3 decimals");
    }
  });

  it("in Markdown: a table row per figure, differing figures in bold", () => {
    const text = renderComparison(pair(), "markdown");
    expect(text).toContain("## Receivables");
    expect(text).toContain("| Figure | a | b | b − a | b/a |");
    expect(text).toContain("| **financed · amount** | ¥3.00 | ¥4.50 | +¥1.50 | 1.500 |");
    expect(text).toContain("| financed · count | 2 | 2 | 0 | 1.000 |");
    expect(text).toContain("| **by lender · \\<Bank \\& A\\> · amount** | — | ¥10.00 | — | — |");
  });

  it("in HTML: a self-contained page with the rows, every name escaped", () => {
    const text = renderComparison(pair(), "html");
    expect(text.startsWith("<!doctype html>")).toBe(true);
    expect(text).not.toMatch(/<script|<link|src=|href=|@import|url\(/);
    expect(text).toContain(
      '<tr class="changed"><td>financed · amount</td><td class="num">¥3.00</td><td class="num">¥4.50</td><td class="num up">+¥1.50</td><td class="num">1.500</td></tr>',
    );
    expect(text).toContain("by lender · &lt;Bank &amp; A&gt; · amount");
    expect(text).not.toContain("<Bank");
  });

  it("in JSON: the exact values, and with --only-changed only the figures that differ", () => {
    const all = JSON.parse(renderComparison(pair(), "json"));
    const changed = JSON.parse(renderComparison(pair(), "json", { onlyChanged: true }));
    expect(all.figures.length).toBeGreaterThan(changed.figures.length);
    expect(changed.figures.every((f: FigureRow) => f.changed)).toBe(true);
    expect(changed.figures.find((f: FigureRow) => f.label === "financed · amount")).toMatchObject({
      a: "300",
      b: "450",
      delta: "150",
    });
  });

  it("hide the equal rows with --only-changed, and say how many", () => {
    for (const format of ["terminal", "markdown", "html"] as const) {
      const text = renderComparison(pair(), format, { onlyChanged: true });
      expect(text, format).toContain("financed · amount");
      expect(text, format).not.toContain("financed · count");
      expect(text, format).toMatch(/\d+ equal figures hidden \(--only-changed\)/);
    }
  });
});
