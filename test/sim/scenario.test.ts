import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, parseScenario, ScenarioError } from "../../src/sim/scenario/load.js";
import { castFromScenario } from "../../src/sim/cast.js";

const minimal = `
name: tiny
title: Tiny
horizon: { start: 2025-01-01, days: 5 }
participants:
  - { id: platform, agent: platform, count: 1, name: Operator }
  - { id: pboc, agent: central-bank, count: 1, name: PBoC }
  - { id: bank, agent: bank, count: 1, name: Bank, quota: "1,000,000" }
economy: { creditShare: 0.5, cashBufferDays: 10, volatility: 0.3, registrationShare: 0.5 }
`;

describe("scenario files", () => {
  it("loads the shipped scenarios, the Tangshan one at the report's full scale of 1,247 participants", async () => {
    const tangshan = await loadScenario("scenarios/tangshan-steel.yaml");
    expect(castFromScenario(tangshan)).toHaveLength(1_247);
    const classroom = await loadScenario("scenarios/classroom.yaml");
    expect(castFromScenario(classroom).length).toBeLessThan(30);
    const stress = await loadScenario("scenarios/stress.yaml");
    expect(stress.flowScale).toBe(10);
    expect(stress.participants).toEqual(tangshan.participants);
  });

  it("parses money exactly and rates into basis points", () => {
    const s = parseScenario(minimal);
    expect(s.participants[2].quota).toBe(100_000_000n);
    expect(s.seed).toBe(1);
  });

  it("names the file, line and field of an unknown field", () => {
    const text = minimal + "colour: blue\n";
    expect(() => parseScenario(text, "tiny.yaml")).toThrow(/^tiny\.yaml:10: colour: unknown field "colour"$/);
  });

  it("names the line of a malformed amount", () => {
    const text = minimal.replace('quota: "1,000,000"', 'quota: "1,0000.5"');
    expect(() => parseScenario(text, "tiny.yaml")).toThrow(ScenarioError);
    expect(() => parseScenario(text, "tiny.yaml")).toThrow(/^tiny\.yaml:8: participants\.2\.quota: amount "1,0000\.5"/);
  });

  it("refuses a reference to a group that does not exist", () => {
    const text = minimal.replace("quota", "bank: nowhere, quota");
    expect(() => parseScenario(text, "tiny.yaml")).toThrow(
      /tiny\.yaml:8: participants\.2\.bank: no participant group "nowhere"/,
    );
  });

  it("refuses invalid YAML with its line", () => {
    expect(() => parseScenario("name: [unclosed\n", "bad.yaml")).toThrow(/^bad\.yaml:\d+: not valid YAML/);
  });

  it("requires exactly one platform operator", () => {
    const text = minimal.replace("  - { id: platform, agent: platform, count: 1, name: Operator }\n", "");
    expect(() => parseScenario(text, "tiny.yaml")).toThrow(/needs exactly one platform participant/);
  });

  it("extends a bundled scenario by name from anywhere, and removes a section set to null", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scf-scenario-"));
    const file = join(dir, "mine.yaml");
    await writeFile(file, "extends: classroom\nname: payments-only\nvouchers: null\nlending: null\ncalibration: []\n");
    const s = await loadScenario(file);
    expect(s.name).toBe("payments-only");
    expect(s.vouchers).toBeUndefined();
    expect(s.lending).toBeUndefined();
    expect(s.payments).toBeDefined();
    expect(s.participants).toEqual((await loadScenario("scenarios/classroom.yaml")).participants);
    await writeFile(file, "extends: no-such-scenario\n");
    await expect(loadScenario(file)).rejects.toThrow(/^mine\.yaml:1: extends: cannot read no-such-scenario$/);
  });
});
