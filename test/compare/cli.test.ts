import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runScf, type Answer } from "../cli/scf-child.js";

/**
 * `scf compare` as a user runs it: a process of its own. A refusal is one line `scf: …` on stderr
 * with a non-zero exit and no stack trace; a comparison exits 0.
 */

const FIXTURE = new URL("../report/fixtures/classroom-report.json", import.meta.url);
const FIXTURE_PATH = fileURLToPath(FIXTURE);

const scf = (args: string[]) => runScf(args);

/** A one-line refusal that says what it should. */
function expectRefusal(answer: Answer, says: RegExp): void {
  const text = answer.stderr.trim();
  expect({ exit: answer.code !== null && answer.code !== 0 ? "non-zero" : answer.code, stderr: text }).toEqual({
    exit: "non-zero",
    stderr: expect.stringMatching(says),
  });
  expect(text).toMatch(/^scf: [^\n]+$/);
  expect(text).not.toContain("unexpected");
  expect(answer.stdout).toBe("");
}

let dir = "";
const file = (name: string) => join(dir, name);
const answers = new Map<string, Answer>();

/** The cases, run two at a time before the tests read their answers. */
const CASES: Record<string, () => string[]> = {
  itself: () => ["compare", FIXTURE_PATH, FIXTURE_PATH],
  html: () => ["compare", FIXTURE_PATH, file("seed2.json"), "--format", "html", "--out", file("out/compare.html")],
  horizon: () => ["compare", FIXTURE_PATH, file("shorter.json")],
  participants: () => ["compare", file("seed2.json"), file("more-merchants.json")],
  notReport: () => ["compare", FIXTURE_PATH, file("package.json")],
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "scf-compare-cli-"));
  const report = JSON.parse(readFileSync(FIXTURE, "utf8"));
  const seed2 = {
    ...report,
    seed: 2,
    volumes: { ...report.volumes, loans: { ...report.volumes.loans, graceGranted: 9 } },
  };
  writeFileSync(file("seed2.json"), JSON.stringify(seed2));
  writeFileSync(file("shorter.json"), JSON.stringify({ ...report, horizon: { ...report.horizon, days: 30 } }));
  const byRole = { ...report.participants.byRole, Merchant: report.participants.byRole.Merchant + 1 };
  const participants = { total: report.participants.total + 1, byRole };
  writeFileSync(file("more-merchants.json"), JSON.stringify({ ...report, participants }));
  writeFileSync(file("package.json"), JSON.stringify({ name: "not-a-report", version: "1.0.0" }));
  const queue = Object.keys(CASES);
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) answers.set(name, await scf(CASES[name]()));
  };
  await Promise.all([worker(), worker()]);
});

describe("scf compare on the command line", () => {
  it("shows no difference for a report compared with itself, and exits 0", () => {
    const answer = answers.get("itself")!;
    expect({ code: answer.code, stderr: answer.stderr }).toEqual({ code: 0, stderr: "" });
    expect(answer.stdout).toContain("no difference: all ");
    expect(answer.stdout).toContain("classroom, seed 1");
  });

  it("writes the page to --out instead of the standard output", () => {
    const answer = answers.get("html")!;
    expect(answer.code).toBe(0);
    expect(answer.stdout.trim()).toBe(`comparison: ${file("out/compare.html")} (differences found)`);
    const page = readFileSync(file("out/compare.html"), "utf8");
    expect(page).toMatch(/<tr class="changed"><td>grace granted<\/td><td class="num">1<\/td><td class="num">9<\/td>/);
  });

  it("refuses runs over different horizons in one line", () => {
    expectRefusal(
      answers.get("horizon")!,
      /^scf: cannot compare .*: different horizons \(a starts 2025-03-03 for 42 days, b starts 2025-03-03 for 30 days\)/,
    );
  });

  it("refuses runs of different participants in one line", () => {
    expectRefusal(
      answers.get("participants")!,
      /^scf: cannot compare .*: different participants \(a has 27, b has 28\)/,
    );
  });

  it("refuses a JSON file that is not a report in one line", () => {
    expectRefusal(
      answers.get("notReport")!,
      /^scf: .*package\.json: not a report\.json of `scf run` \(no "scenario"\)$/,
    );
  });
});
