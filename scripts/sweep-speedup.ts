/**
 * How much `scf sweep --jobs 2` saves over the same cells one after another (`--jobs 1`): times both
 * (wall clock of the whole command, start-up included) on fresh folders, alternating which goes first,
 * and prints the ratio jobs-2 / jobs-1 against the 0.60 bar, with the machine's load before and after
 * each measurement (the machine may be shared). With --separate it also times the cells as separate
 * `scf run` processes, one after another (each paying its own start-up and first deployment).
 *
 *   npx tsx scripts/sweep-speedup.ts [--scenario classroom] [--seeds 1..8] [--vary payments.eCnyAdoption=0.5,0.9]
 *                                    [--days N] [--runs 3] [--separate] [--keep]
 *
 * Not part of `npm test`: it takes a minute or more and its figure depends on the machine.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { expandGrid, parseSeeds, parseVary } from "../src/sweep/grid.js";
import { overrideText } from "../src/sim/scenario/overrides.js";

const { values: flags } = parseArgs({
  options: {
    scenario: { type: "string", default: "classroom" },
    seeds: { type: "string", default: "1..8" },
    vary: { type: "string", default: "payments.eCnyAdoption=0.5,0.9" },
    days: { type: "string" },
    runs: { type: "string", default: "3" },
    separate: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const runs = Number(flags.runs);
const SCF = fileURLToPath(new URL("../bin/scf.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "scf-sweep-speedup-"));
const days = flags.days ? ["--days", flags.days] : [];

/** CPU seconds (user + system) used by the children that have exited, workers included (Linux). */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** Runs `scf …args` to the end; its wall-clock seconds. */
function scf(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCF, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("exit", (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`scf ${args.join(" ")} exited ${code}: ${err.trim()}`)),
    );
  });
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} s`;

async function sweep(jobs: number, run: number): Promise<number> {
  const out = join(work, `jobs-${jobs}-run-${run}`);
  const args = ["sweep", flags.scenario, "--seeds", flags.seeds, "--vary", flags.vary, ...days];
  const before = load();
  const cpu = childCpuSeconds();
  const seconds = await scf([...args, "--jobs", String(jobs), "--out", out, "--quiet"]);
  console.log(
    `  --jobs ${jobs}: ${seconds.toFixed(1)} s, ${(childCpuSeconds() - cpu).toFixed(1)} CPU-s   (load average before ${before}, after ${load()})`,
  );
  if (!flags.keep) rmSync(out, { recursive: true, force: true });
  return seconds;
}

const grid = expandGrid({ seeds: parseSeeds(flags.seeds), vary: [parseVary(flags.vary)] });
console.log(
  `scf sweep ${flags.scenario} --seeds ${flags.seeds} --vary ${flags.vary}${days.length ? ` --days ${flags.days}` : ""}: ` +
    `${grid.cells.length} cells; ${cpus().length} cores (${availableParallelism()} available), ${cpus()[0]?.model ?? "?"}`,
);
await scf(["sweep", flags.scenario, "--seeds", "1", ...days, "--out", join(work, "warm-up"), "--quiet"]); // compile, disk cache
const one: number[] = [];
const two: number[] = [];
for (let run = 0; run < runs; run++) {
  if (run % 2 === 0) {
    one.push(await sweep(1, run));
    two.push(await sweep(2, run));
  } else {
    two.push(await sweep(2, run));
    one.push(await sweep(1, run));
  }
}
const ratio = median(two) / median(one);
console.log(`--jobs 1: median ${median(one).toFixed(1)} s (${spread(one)}) over ${runs} runs`);
console.log(`--jobs 2: median ${median(two).toFixed(1)} s (${spread(two)}) over ${runs} runs`);
console.log(`ratio --jobs 2 / --jobs 1: ${ratio.toFixed(2)} (bar: under 0.60) ${ratio < 0.6 ? "MET" : "NOT MET"}`);

if (flags.separate) {
  const before = load();
  let total = 0;
  for (const cell of grid.cells) {
    const set = cell.overrides.flatMap((o) => ["--set", overrideText(o)]);
    total += await scf([
      "run",
      flags.scenario,
      "--seed",
      String(cell.seed),
      ...set,
      ...days,
      "--out",
      join(work, "separate", cell.dir),
      "--quiet",
    ]);
  }
  console.log(
    `${grid.cells.length} separate scf run processes one after another: ${total.toFixed(1)} s (load average before ${before}, after ${load()})`,
  );
  console.log(`ratio --jobs 2 / separate runs: ${(median(two) / total).toFixed(2)}`);
}
if (!flags.keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept: ${work}`);
