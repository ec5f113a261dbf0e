import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ScfError } from "../../src/domain/errors.js";
import { Pacer } from "../../src/sim/agents/pacing.js";
import { runScenario } from "../../src/sim/run.js";
import { checkVolumes } from "../../src/sim/scenario/check.js";
import { bundledScenario, loadScenario, parseScenario } from "../../src/sim/scenario/load.js";

/**
 * Regressions found by the scenario fuzzer (test/reliability/scenario-fuzz.test.ts): scenarios the
 * schema let through and the run then crashed on, hung on, or quietly did nothing with. Each is now
 * refused when the file is loaded, with the file, the line and the field.
 */

/** The classroom scenario with `yaml` (top-level fields) over it, parsed as `x.yaml`. */
function classroomWith(yaml: string) {
  return parseScenario(`extends: classroom\ncalibration: []\n${yaml}`, "x.yaml", (base) =>
    readFileSync(bundledScenario(base)!, "utf8"),
  );
}

const CLASSROOM = readFileSync("scenarios/classroom.yaml", "utf8");
/** A top-level section of the classroom file, as it is written there. */
const section = (name: string) => new RegExp(`^${name}:\\n(?: {2}.*\\n)+`, "m").exec(CLASSROOM)![0];

/** A `lending` section of one product (the classroom's micro-loan with `product` over it) and one demand line. */
function firstProduct(product: Record<string, string | number> = {}, extra = ""): string {
  const fields = {
    id: "micro",
    name: "micro",
    lender: "micro-lender",
    purpose: "WorkingCapital",
    rate: "8.50%",
    termDays: 21,
    min: "50,000",
    max: "500,000",
    ...product,
  };
  const flow = Object.entries(fields)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(", ");
  return `lending:
  workingCapitalBenchmark: "4.85%"
  products:
    - { ${flow} }
  demand:
    - { product: micro, borrowers: [merchant], need: cash, size: { median: "200,000", sigma: 0.5, min: "50,000", max: "500,000", roundTo: "10,000" } }
${extra}`;
}

describe("scenario limits the fuzzer found", () => {
  it("refuses an unsecured product with an LTV (the loan book refused it mid-run: LoanBookInvalidLtv)", () => {
    expect(() => classroomWith(firstProduct({ ltv: "50%" }))).toThrow(
      /^x\.yaml:\d+: lending\.products\.0\.ltv: an unsecured product \(collateral: None\) takes no LTV$/,
    );
  });

  it("refuses an inventory pledge without collateral (the loan book refused it mid-run: LoanBookPurposeNeedsCollateral)", () => {
    expect(() => classroomWith(firstProduct({ purpose: "InventoryPledge" }))).toThrow(
      /lending\.products\.0\.collateral: an inventory pledge needs collateral: PropertyRight/,
    );
  });

  it("refuses an inventory pledge with no logistics participant (a warehouse was picked from an empty list mid-run)", () => {
    const head = CLASSROOM.slice(0, CLASSROOM.indexOf("\nvouchers:") + 1)
      .split("\n")
      .filter((line) => !line.includes("id: logistics, agent: logistics"))
      .join("\n");
    const text = head + firstProduct({ purpose: "InventoryPledge", collateral: "PropertyRight", ltv: "70%" });
    expect(() => parseScenario(text, "x.yaml")).toThrow(
      /lending\.products\.0\.purpose: an inventory pledge needs a logistics participant \(the warehouse\) and an appraiser/,
    );
  });

  it("refuses product terms the loan book refuses (they stopped the run at its first block)", () => {
    expect(() => classroomWith(firstProduct({ rate: "150%" }))).toThrow(
      /lending\.products\.0\.rate: at most 100% \(the loan book refuses more\)/,
    );
    expect(() => classroomWith(firstProduct({ guaranteeFee: "10.01%" }))).toThrow(
      /lending\.products\.0\.guaranteeFee: at most 10%/,
    );
    expect(() => classroomWith(firstProduct({ shape: "Instalments", instalments: 1 }))).toThrow(
      /lending\.products\.0\.instalments: a loan in instalments needs from 2 to termDays \(21\) of them/,
    );
    expect(() => classroomWith(firstProduct({ shape: "Instalments", instalments: 22 }))).toThrow(/instalments/);
    expect(() => classroomWith(firstProduct({ min: "0" }))).toThrow(
      /lending\.products\.0\.min: needs at least one fen per instalment/,
    );
    expect(() => classroomWith(firstProduct({ name: "贷".repeat(22) }))).toThrow(
      /lending\.products\.0\.name: at most 64 bytes/,
    );
  });

  it("refuses a start before 2000 (1970-01-01 put the chain's genesis before 1970: 'BigInt was expected to be unsigned')", () => {
    expect(() => classroomWith("horizon: { start: 1970-01-01, days: 42 }")).toThrow(
      /^x\.yaml:\d+: horizon\.start: expected a start from 2000-01-01 to 2099-12-31$/,
    );
  });

  it("refuses dates that are not days of the calendar (2025-13-01 crashed the calendar; 2025-02-30 ran as 2025-03-02)", () => {
    expect(() => classroomWith("horizon: { start: 2025-13-01, days: 42 }")).toThrow(
      /horizon\.start: not a day of the calendar/,
    );
    expect(() => classroomWith("horizon: { start: 2025-02-30, days: 42 }")).toThrow(/not a day of the calendar/);
    expect(() => classroomWith("calendar: { businessDays: [mon], holidays: [2025-02-29] }")).toThrow(
      /calendar\.holidays\.0: not a day of the calendar/,
    );
    expect(classroomWith("horizon: { start: 2024-02-29, days: 42 }").horizon.start).toBe("2024-02-29");
  });

  it("refuses right kinds that all weigh 0 (the registry drew from no kind: 'undefined is not iterable')", () => {
    const rural = section("rural");
    expect(() =>
      classroomWith(rural.replace(/kinds: \{[^}]*\}/, "kinds: { LandManagement: 0, Forest: 0, Aquaculture: 0 }")),
    ).toThrow(/rural\.kinds: needs a positive weight for at least one kind of right/);
  });

  it("refuses volumes no run can hold (a registration campaign of 80,000 rights a day; one-fen vouchers made 6 × 10¹⁰ a year)", () => {
    const rural = section("rural")
      .replace(/rightsPerHolder: \[[^\]]*\]/, "rightsPerHolder: [50, 50]")
      .replace(/registrationDays: \[[^\]]*\]/, "registrationDays: [0, 1]");
    expect(rural).toContain("rightsPerHolder: [50, 50]");
    expect(rural).toContain("registrationDays: [0, 1]");
    expect(() => classroomWith(`flowScale: 1000\n${rural}`)).toThrow(
      /^x\.yaml:\d+: rural\.rightsPerHolder: makes about 80,000 rights a business day, more than 50,000 \(lower rural\.rightsPerHolder or economy\.registrationShare\)$/,
    );
    // the same campaign registering none of the parcels makes none
    expect(classroomWith(`flowScale: 1000\n${rural}set: { economy.registrationShare: 0 }\n`).rural).toBeDefined();
    const vouchers = section("vouchers");
    expect(() =>
      classroomWith(
        vouchers.replace(/face: \{[^}]*\}/, 'face: { median: "0.01", min: "0.01", max: "0.01", roundTo: "0.01" }'),
      ),
    ).toThrow(
      /^x\.yaml:\d+: vouchers\.face: makes about [\d,]+ orders a business day, more than 50,000 \(raise the face or lower vouchers\.purchases\)$/,
    );
    expect(() => classroomWith(vouchers.replace(/purchases: "[^"]*"/, 'purchases: "1,000,000,000,000"'))).not.toThrow();
  });

  it("keeps the shipped scenarios valid at the largest --flow-scale, 1,000", async () => {
    for (const name of ["classroom", "tangshan-steel", "stress"]) {
      const s = await loadScenario(bundledScenario(name)!);
      s.flowScale = 1_000;
      expect(checkVolumes(s)).toBeUndefined();
    }
  });

  it("stops a day that would release more items than a run can hold, with one line (not a hang)", () => {
    const pacer = new Pacer(1e12, () => 1n, undefined, "vouchers");
    expect(() => pacer.due()).toThrow(/^more than 500,000 vouchers due on one day/);
  });

  it("refuses a starting balance above its wallet's balance cap (deployment reverted: ECNYBalanceCapExceeded)", () => {
    const merchant = `{ id: merchant, agent: merchant, count: 3, name: "M {n}", startingBalance: "200,000", wallet: { corporate: { perPayment: "0.01", daily: "0.01", balance: "0.01" } } }`;
    const participants = section("participants").replace(/ {2}- \{\n\s+id: merchant,[\s\S]*?\}\n/, `  - ${merchant}\n`);
    expect(() => classroomWith(participants)).toThrow(
      /participants\.\d+\.startingBalance: merchant-1 starts with more than its wallet's balance cap of ¥0\.01/,
    );
    expect(() => classroomWith(participants.replace(/perPayment: "0\.01"/, 'perPayment: "1"'))).toThrow(
      /participants\.\d+\.wallet\.corporate: needs 0 < perPayment ≤ daily/,
    );
  });

  it("refuses more than 10,000 participants in all (100,000 made a deployment block past 8 MB: 'Maximum block RLP size exceeded', unexpected)", () => {
    const participants = section("participants").replace(
      /id: merchant,\n(\s+)agent: merchant,\n\s+count: 3,/,
      "id: merchant,\n$1agent: merchant,\n$1count: 100000,",
    );
    expect(participants).toContain("count: 100000");
    expect(() => classroomWith(participants)).toThrow(
      /^x\.yaml:\d+: participants: 100,024 participants in all, more than 10,000 \(the deployment admits them all in one block/,
    );
  });

  it("refuses a bank quota below the starting balances it issues (deployment reverted: ECNYQuotaExceeded)", () => {
    const participants = section("participants").replace('quota: "5,000,000,000"', 'quota: "1"');
    expect(() => classroomWith(participants)).toThrow(
      /participants\.4\.quota: lead-bank issues the starting balances of the wallets it opens, ¥[\d,.]+, more than its quota of ¥1\.00/,
    );
  });

  it("refuses a minimum split unit of 0 (the splits divided by zero mid-run)", () => {
    const vouchers = section("vouchers");
    expect(() => classroomWith(`${vouchers}  rules: { minSplitUnit: "0" }\n`)).toThrow(
      /vouchers\.rules\.minSplitUnit: needs at least one fen/,
    );
  });

  it("refuses voucher terms beyond the ledger's maximum term (every voucher was refused, quietly)", () => {
    const vouchers = section("vouchers");
    expect(() => classroomWith(vouchers.replace("termDays: [14, 30]", "termDays: [14, 365]"))).toThrow(
      /vouchers\.termDays: terms up to 365 days exceed the voucher ledger's maximum term of 183 days/,
    );
  });

  it("refuses flexibleGraceDays 0 (the loan book refused it, quietly, and kept 60)", () => {
    expect(() => classroomWith(firstProduct({}, "  flexibleGraceDays: 0\n"))).toThrow(
      /lending\.flexibleGraceDays: Too small/,
    );
  });

  it("reports a product the loan book refuses as one line naming lending.products, not an unexpected error", async () => {
    const s = await loadScenario(bundledScenario("classroom")!);
    s.horizon.days = 1;
    s.lending!.products[0].ltv = 5_000; // past the checks: the loan book's own refusal
    const run = runScenario(s);
    await expect(run).rejects.toThrow(ScfError);
    await expect(run).rejects.toThrow(/^lending\.products: the loan book refused product "micro": LoanBookInvalidLtv$/);
  });
});
