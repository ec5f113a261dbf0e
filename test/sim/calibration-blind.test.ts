import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/sim/run.js";
import { parseScenario } from "../../src/sim/scenario/load.js";
import type { Scenario } from "../../src/sim/scenario/schema.js";

const CLASSROOM = readFileSync("scenarios/classroom.yaml", "utf8");

/** Every transaction hash of a run, block by block, and the tip's hash. */
async function transactionsOf(scenario: Scenario): Promise<{ hashes: string[]; tip: string }> {
  const result = await runScenario(scenario);
  try {
    const provider = result.deployment.chain.provider;
    const tip = await provider.getBlock("latest");
    const hashes: string[] = [];
    for (let n = 0; n <= tip!.number; n++) hashes.push(...((await provider.getBlock(n))?.transactions ?? []));
    return { hashes, tip: tip!.hash! };
  } finally {
    await result.deployment.chain.close();
  }
}

describe("the agents never read the calibration targets", () => {
  it("has no agent, economy or engine source that mentions the calibration section", () => {
    const files = ["src/sim/agents", "src/sim/economy"].flatMap((dir) => readdirSync(dir).map((f) => join(dir, f)));
    files.push("src/sim/world.ts", "src/sim/engine.ts", "src/sim/run.ts");
    for (const file of files) expect(readFileSync(file, "utf8"), file).not.toMatch(/calibration/);
  });

  it("sends the same transactions when the targets are removed, or set to absurd values", async () => {
    const withTargets = parseScenario(CLASSROOM, "classroom.yaml");
    expect(withTargets.calibration.length).toBeGreaterThan(0);
    const without = parseScenario(CLASSROOM, "classroom.yaml", undefined, [{ path: "calibration", value: [] }]);
    expect(without.calibration).toEqual([]);
    const absurd = parseScenario(CLASSROOM, "classroom.yaml");
    absurd.calibration = absurd.calibration.map((c) => ({ ...c, target: c.target.endsWith("%") ? "99.00%" : "1" }));

    const base = await transactionsOf(withTargets);
    expect(base.hashes.length).toBeGreaterThan(100);
    const removed = await transactionsOf(without);
    const changed = await transactionsOf(absurd);
    expect(removed.hashes).toEqual(base.hashes);
    expect(removed.tip).toBe(base.tip);
    expect(changed.tip).toBe(base.tip);
  });

  it("sends different transactions when a structural parameter changes (the test can fail)", async () => {
    const base = parseScenario(CLASSROOM, "classroom.yaml");
    const more = parseScenario(CLASSROOM, "classroom.yaml", undefined, [{ path: "economy.creditShare", value: 0.9 }]);
    expect((await transactionsOf(more)).tip).not.toBe((await transactionsOf(base)).tip);
  });
});
