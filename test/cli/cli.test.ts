import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);

/** Runs `scf` as a user would; resolves with its exit code and output. */
async function scf(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ["bin/scf.js", ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("the scf command line", () => {
  it("lists its commands", async () => {
    const r = await scf("--help");
    expect(r.code).toBe(0);
    for (const command of ["node", "run", "lesson", "bench"]) expect(r.stdout).toContain(command);
  });

  it("answers an unknown command with one line and a non-zero exit", async () => {
    const r = await scf("nod");
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^scf: unknown command 'nod'/);
  });

  it("refuses a bad flag with one line", async () => {
    const r = await scf("run", "classroom", "--seed", "x");
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('scf: --seed must be a whole number, got "x"');
  });

  it("refuses a bad scenario with the file, line and field, and no stack trace", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scf-cli-"));
    const file = join(dir, "bad.yaml");
    await writeFile(file, "name: bad\ntitle: Bad\nhorizon: { start: 2025-01-01, days: -3 }\nparticipants: []\n");
    const r = await scf("run", file);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^scf: bad\.yaml:3: horizon\.days: /);
  });

  it("runs a lesson and refuses an unknown one", async () => {
    const list = await scf("lesson");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("split-three-tiers");
    const unknown = await scf("lesson", "alchemy");
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses a scenario that does not exist", async () => {
    const r = await scf("run", "atlantis");
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('scf: no scenario "atlantis" (a YAML file, or one of scenarios/*.yaml)');
  });
});
