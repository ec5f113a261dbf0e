import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, type Report } from "../../src/report/build.js";
import { toJson } from "../../src/report/json.js";
import { runScenario } from "../../src/sim/run.js";
import { loadScenario } from "../../src/sim/scenario/load.js";

/** Runs the classroom scenario and returns its report without the run timings. */
async function classroomReport(seed?: number): Promise<Report> {
  const scenario = await loadScenario("scenarios/classroom.yaml");
  const result = await runScenario(scenario, { seed });
  try {
    return await buildReport(scenario, result.seed, result.ledger, { reverted: result.engine.progress.reverted });
  } finally {
    await result.deployment.chain.close();
  }
}

describe("the classroom scenario", () => {
  let report: Report;
  beforeAll(async () => {
    report = await classroomReport();
  });
  afterAll(() => undefined);

  it("exercises every instrument through the real contracts", () => {
    const v = report.volumes;
    expect(v.receivables.issued.count).toBeGreaterThan(10);
    expect(v.receivables.split.count).toBeGreaterThan(10);
    expect(v.receivables.financed.count).toBeGreaterThan(5);
    expect(v.receivables.cleared.count).toBeGreaterThan(10);
    expect(v.receivables.byTier.map((t) => t.tier)).toEqual([1, 2, 3]);
    expect(v.loans.disbursed.count).toBeGreaterThan(5);
    expect(v.loans.repaid.count).toBeGreaterThan(0);
    expect(v.loans.defaulted.count).toBeGreaterThan(0);
    expect(v.loans.riskSharing.loans).toBeGreaterThan(0);
    expect(v.loans.graceGranted).toBeGreaterThan(0);
    expect(v.payments.payOnDelivery.released.count).toBeGreaterThan(5);
    expect(v.payments.scheduled.released.count).toBeGreaterThan(0);
    expect(v.pledges.rightsValued.count).toBeGreaterThan(5);
    expect(v.pledges.pledgeLoans.count).toBeGreaterThan(0);
  });

  it("pays on delivery in the same transaction: zero latency against the 3-day baseline", () => {
    expect(report.volumes.payments.payOnDelivery.latency.maxSeconds).toBe(0);
    expect(report.volumes.payments.payOnDelivery.latency.baselineSeconds).toBe(259_200);
    expect(report.volumes.payments.scheduled.latency.medianSeconds).toBeGreaterThanOrEqual(3 * 86_400);
  });

  it("reconciles: every check holds and no transaction reverted", () => {
    expect(report.checks.filter((c) => !c.holds)).toEqual([]);
    expect(report.chain.reverted).toBe(0);
  });

  it("lands on its calibration targets", () => {
    for (const row of report.calibration)
      expect(row.within, `${row.metric}: ${row.simulated} vs ${row.target}`).toBe(true);
  });

  it("gives the same report for the same seed and a different one for another seed", async () => {
    expect(toJson(await classroomReport())).toBe(toJson(report));
    expect(toJson(await classroomReport(7))).not.toBe(toJson(report));
  });
});
