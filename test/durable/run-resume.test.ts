import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { killHard, seeded, startScf, waitFor } from "./processes.js";

// A month of the Tangshan consortium at full size: long enough to be killed mid-run.
const RUN = ["run", "tangshan-steel", "--days", "30", "--quiet"];

async function reportWithoutRun(dir: string): Promise<Record<string, unknown>> {
  const report = JSON.parse(await readFile(join(dir, "report.json"), "utf8")) as Record<string, unknown>;
  delete report.run;
  return report;
}

async function checkpointDay(dir: string): Promise<number> {
  const path = join(dir, "checkpoint.json");
  if (!existsSync(path)) return 0;
  try {
    return (JSON.parse(await readFile(path, "utf8")) as { day: number }).day;
  } catch {
    return 0; // being replaced right now
  }
}

describe("scf run --checkpoint / --resume under kill -9", () => {
  it("writes the same report as an uninterrupted run after being killed twice mid-run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scf-resume-"));
    const whole = startScf([...RUN, "--out", join(dir, "whole")]);
    expect(await whole.exited).toBe(0);

    const checkpoints = join(dir, "checkpoints");
    const out = join(dir, "resumed");
    const random = seeded(7);
    let proc = startScf([...RUN, "--out", out, "--checkpoint", checkpoints, "--checkpoint-every", "3"]);
    let kills = 0;
    let lastDay = 0;
    while (kills < 2) {
      // Kill it at a random point after it has kept at least one more checkpoint.
      const target = lastDay + 3 + Math.floor(random() * 6);
      await waitFor(
        async () => (await checkpointDay(checkpoints)) >= target,
        120_000,
        `checkpoint day ${target}`,
        proc,
      );
      await new Promise((resolve) => setTimeout(resolve, random() * 400));
      await killHard(proc);
      kills += 1;
      lastDay = await checkpointDay(checkpoints);
      expect(lastDay).toBeGreaterThan(0);
      expect(lastDay).toBeLessThan(30);
      proc = startScf(["run", "--resume", checkpoints, "--out", out, "--quiet", "--checkpoint-every", "3"]);
    }
    expect(await proc.exited).toBe(0);
    expect(existsSync(join(out, "report.json"))).toBe(true);
    expect(await reportWithoutRun(out)).toEqual(await reportWithoutRun(join(dir, "whole")));
  }, 600_000);

  it("refuses to resume a checkpoint with other settings, in one line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scf-resume-mismatch-"));
    const checkpoints = join(dir, "checkpoints");
    const first = startScf(["run", "classroom", "--quiet", "--out", dir, "--checkpoint", checkpoints]);
    expect(await first.exited).toBe(0);
    const other = startScf(["run", "classroom", "--seed", "2", "--quiet", "--out", dir, "--resume", checkpoints]);
    expect(await other.exited).not.toBe(0);
    expect(other.output().trim()).toMatch(/^scf: .*checkpoint of classroom with seed 1/);
    expect(other.output().trim().split("\n")).toHaveLength(1);
  }, 120_000);
});
