/**
 * The counterfactual study of the README: each counterfactual of tangshan-steel over the same seeds
 * (`scf sweep NAME --seeds 1..N`), then, per outcome, each scenario's mean with its 95% interval and
 * the paired difference from the base (the same seed in both, so the seed's own luck cancels out)
 * with its 95% interval (Student's t on the n differences).
 *
 *   npx tsx scripts/counterfactuals.ts [--seeds 10] [--jobs 2] [--out out/studies] [--days N]
 *     [--scenarios tangshan-steel,steel-downturn,…] [--no-run]
 *
 * The first scenario is the base the others are compared with.
 *
 * Prints a Markdown table and writes OUT/counterfactuals.json. Statistics are floats (they are
 * statistics, not money); the cells' figures are the reports' exact fen.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { summarize } from "../src/sweep/stats.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const seeds = Number(flag("seeds", "10"));
const jobs = flag("jobs", "2");
const out = flag("out", "out/studies");
const SCENARIOS = flag(
  "scenarios",
  "tangshan-steel,steel-downturn,steel-downturn-flexible,no-splitting,ecny-wide",
).split(",");
const days = flag("days", "");

type Report = {
  volumes: {
    receivables: {
      issued: { amountFen: string };
      split: { amountFen: string };
      financed: { amountFen: string; averageRateBps: string };
      byTier: { tier: number; amountFen: string }[];
    };
    loans: {
      disbursed: { amountFen: string; count: number };
      defaulted: { amountFen: string; count: number };
      nonPerformingRatioBps: string;
      graceGranted: number;
      interestPaidFen: string;
    };
    payments: { payOnDelivery: { released: { count: number } }; scheduled: { released: { count: number } } };
  };
  financingCost: { spreadBps: string };
};

const yuanM = (fen: string) => Number(BigInt(fen) / 100n) / 1e6;
const OUTCOMES: [string, (r: Report) => number][] = [
  ["non-performing ratio (%)", (r) => Number(r.volumes.loans.nonPerformingRatioBps) / 100],
  ["loans defaulted", (r) => r.volumes.loans.defaulted.count],
  ["flexible-repayment graces", (r) => r.volumes.loans.graceGranted],
  ["lending (¥ m)", (r) => yuanM(r.volumes.loans.disbursed.amountFen)],
  ["vouchers issued (¥ m)", (r) => yuanM(r.volumes.receivables.issued.amountFen)],
  ["split down the chain (¥ m)", (r) => yuanM(r.volumes.receivables.split.amountFen)],
  ["held at tier 3 (¥ m)", (r) => yuanM(r.volumes.receivables.byTier.find((t) => t.tier === 3)?.amountFen ?? "0")],
  ["vouchers financed (¥ m)", (r) => yuanM(r.volumes.receivables.financed.amountFen)],
  ["interest paid on loans (¥ m)", (r) => yuanM(r.volumes.loans.interestPaidFen)],
  ["financing below the benchmark (bp)", (r) => Number(r.financingCost.spreadBps)],
  ["orders paid on delivery", (r) => r.volumes.payments.payOnDelivery.released.count],
  ["orders settled after 3 days", (r) => r.volumes.payments.scheduled.released.count],
];

const cellReport = (scenario: string, seed: number) =>
  join(out, scenario, "cells", "base", `seed-${seed}`, "report.json");

if (!args.includes("--no-run")) {
  for (const scenario of SCENARIOS) {
    const run = spawnSync(
      process.execPath,
      [
        "bin/scf.js",
        "sweep",
        scenario,
        "--seeds",
        `1..${seeds}`,
        "--jobs",
        jobs,
        "--out",
        join(out, scenario),
        ...(days ? ["--days", days] : []),
      ],
      { stdio: "inherit" },
    );
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

const figures = new Map<string, number[][]>(); // scenario → per seed → outcome values
for (const scenario of SCENARIOS) {
  const rows: number[][] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const file = cellReport(scenario, seed);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, "utf8")) as Report;
    rows[seed - 1] = OUTCOMES.map(([, f]) => f(report));
  }
  figures.set(scenario, rows);
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const interval = (values: number[]) => {
  const s = summarize(values);
  return s.ci95 ? `${fmt(s.mean)} ± ${fmt(s.ci95.halfWidth)}` : fmt(s.mean);
};
const base = figures.get(SCENARIOS[0])!;
const json: Record<string, unknown> = { seeds, scenarios: {} };
const lines = [
  `Over seeds 1–${seeds}: mean ± half-width of its 95% interval; for a counterfactual, then the paired difference from the base (same seed).`,
  "",
  `| outcome | ${SCENARIOS.join(" | ")} |`,
  `| --- | ${SCENARIOS.map(() => "---").join(" | ")} |`,
];
for (const [i, [name]] of OUTCOMES.entries()) {
  const cells = SCENARIOS.map((scenario, k) => {
    const rows = figures.get(scenario)!;
    const seedsBoth = rows.map((_, s) => s).filter((s) => rows[s] && base[s]);
    const values = seedsBoth.map((s) => rows[s][i]);
    if (values.length === 0) return "—";
    if (k === 0) return interval(values);
    const diffs = seedsBoth.map((s) => rows[s][i] - base[s][i]);
    ((json.scenarios as Record<string, unknown>)[scenario] ??= {}) as Record<string, unknown>;
    (json.scenarios as Record<string, Record<string, unknown>>)[scenario][name] = {
      n: values.length,
      mean: summarize(values),
      differenceFromBase: summarize(diffs),
    };
    return `${interval(values)} (Δ ${diffs.length > 1 ? interval(diffs) : fmt(diffs[0])})`;
  });
  lines.push(`| ${name} | ${cells.join(" | ")} |`);
}
writeFileSync(join(out, `counterfactuals${days ? `-${days}d` : ""}.json`), JSON.stringify(json, null, 2));
console.log(lines.join("\n"));
