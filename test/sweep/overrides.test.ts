import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/sim/scenario/load.js";
import { applyOverrides, parseOverride } from "../../src/sim/scenario/overrides.js";

const CLASSROOM = "scenarios/classroom.yaml";

/** A scenario-shaped object, as YAML parses one (the schema is not involved). */
function raw(): Record<string, unknown> {
  return {
    name: "x",
    horizon: { start: "2025-03-03", days: 42 },
    participants: [
      { id: "bank", count: 1 },
      { id: "coop", count: 2 },
    ],
    vouchers: { byTier: { "1": { split: 0.8 }, "2": { split: 0.6 } } },
    lending: { products: [{ id: "pear", flexible: true, rate: "4.35%" }] },
    calibration: [{ metric: "vouchers.issued", tolerance: 0.1 }],
    calendar: { businessDays: ["mon", "tue"] },
  };
}

describe("--set path=value", () => {
  it("reads the value as YAML: numbers, booleans, percent and grouped amounts as strings, null, lists", () => {
    expect(parseOverride("payments.eCnyAdoption=0.8")).toEqual({ path: "payments.eCnyAdoption", value: 0.8 });
    expect(parseOverride("lending.products.pear.flexible=false").value).toBe(false);
    expect(parseOverride("lending.workingCapitalBenchmark=4.85%").value).toBe("4.85%");
    expect(parseOverride("vouchers.annual=1,000,000").value).toBe("1,000,000");
    expect(parseOverride("title=a=b").value).toBe("a=b"); // the path ends at the first =
    expect(parseOverride("rural=null").value).toBeNull();
    expect(parseOverride("vouchers.termDays=[10, 20]").value).toEqual([10, 20]);
    expect(() => parseOverride("payments.eCnyAdoption")).toThrow(/^--set "payments.eCnyAdoption": expected path=value/);
    expect(() => parseOverride(".x=1")).toThrow(/expected path=value/);
    expect(() => parseOverride("__proto__.x=1")).toThrow(/expected path=value/);
  });

  it("addresses fields by name, list elements with an id by their id, other lists by index", () => {
    const input = raw();
    const resolved = applyOverrides(input, [
      parseOverride("horizon.days=7"),
      parseOverride("vouchers.byTier.2.split=0"),
      parseOverride("lending.products.pear.flexible=false"),
      parseOverride("participants.coop.count=5"),
      parseOverride("calibration.0.tolerance=0.2"),
      parseOverride("calendar.businessDays.1=wed"),
      parseOverride("lending.products.pear.ltv=60%"), // a new leaf: the schema decides
    ]);
    expect(input).toMatchObject({
      horizon: { days: 7 },
      vouchers: { byTier: { "1": { split: 0.8 }, "2": { split: 0 } } },
      lending: { products: [{ id: "pear", flexible: false, rate: "4.35%", ltv: "60%" }] },
      participants: [
        { id: "bank", count: 1 },
        { id: "coop", count: 5 },
      ],
      calibration: [{ tolerance: 0.2 }],
      calendar: { businessDays: ["mon", "wed"] },
    });
    expect(resolved[2]).toEqual(["lending", "products", 0, "flexible"]);
    expect(resolved[3]).toEqual(["participants", 1, "count"]);
  });

  it("removes a field set to null, as extends does", () => {
    const input = raw();
    applyOverrides(input, [parseOverride("lending=null"), parseOverride("participants.bank=null")]);
    expect(input.lending).toBeUndefined();
    expect(input.participants).toEqual([{ id: "coop", count: 2 }]);
  });

  it("names a path whose section does not exist in one line, with what is there", () => {
    const fail = (text: string) => () => applyOverrides(raw(), [parseOverride(text)], "classroom.yaml");
    expect(fail("rural.valued=1")).toThrow(/^--set rural.valued: classroom.yaml has no rural$/);
    expect(fail("lending.products.banana.flexible=false")).toThrow(
      "--set lending.products.banana.flexible: classroom.yaml has no lending.products.banana (lending.products has ids: pear)",
    );
    expect(fail("participants.0.count=3")).toThrow("has no participants.0 (participants has ids: bank, coop)");
    expect(fail("calibration.3.tolerance=0.2")).toThrow("has no calibration.3 (calibration has indexes 0 to 0)");
    expect(fail("calendar.businessDays.5=fri")).toThrow("has no calendar.businessDays.5");
    expect(fail("horizon.days.x=1")).toThrow(
      "--set horizon.days.x: horizon.days is a value (42), not a section with fields",
    );
    for (const text of ["rural.valued=1", "lending.products.banana.flexible=false"]) {
      expect(() => fail(text)()).toThrow(expect.objectContaining({ code: "UNKNOWN_OVERRIDE_PATH" }));
      try {
        fail(text)();
      } catch (e) {
        expect((e as Error).message).not.toContain("\n");
      }
    }
  });

  it("applies to the scenario file before validation: the value lands in the scenario", async () => {
    const scenario = await loadScenario(CLASSROOM, [
      parseOverride("horizon.days=9"),
      parseOverride("participants.merchant.count=4"),
      parseOverride("title=Overridden"),
    ]);
    expect(scenario.horizon.days).toBe(9);
    expect(scenario.participants.find((g) => g.id === "merchant")!.count).toBe(4);
    expect(scenario.title).toBe("Overridden");
  });

  it("gives a value the schema refuses the file and field error, naming the --set it came from", async () => {
    await expect(loadScenario(CLASSROOM, [parseOverride("horizon.days=0")])).rejects.toThrow(
      /^classroom\.yaml:\d+: horizon\.days: .* \(--set horizon\.days=0\)$/,
    );
    await expect(loadScenario(CLASSROOM, [parseOverride("participants.merchant.cont=4")])).rejects.toThrow(
      /^classroom\.yaml:\d+: participants\.\d+\.cont: unknown field "cont" \(--set participants\.merchant\.cont=4\)$/,
    );
    await expect(loadScenario(CLASSROOM, [parseOverride("participants.nobody.count=1")])).rejects.toThrow(
      /^--set participants\.nobody\.count: classroom\.yaml has no participants\.nobody \(participants has ids: platform, /,
    );
  });
});
