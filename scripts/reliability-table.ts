// Prints the reliability table from out/reliability/*.json (written by test/reliability/*) and
// writes them together to out/reliability.json. Exits non-zero if a bar does not hold.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure } from "../test/reliability/record.js";

interface Area {
  area: string;
  profile: string;
  measuredAt: string;
  figures: Figure[];
}

const dir = join("out", "reliability");
const areas: Area[] = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Area)
  : [];
if (areas.length === 0) {
  console.error("scf: no reliability figures in out/reliability (run the reliability tests first)");
  process.exit(1);
}
const rows = areas.flatMap((a) => a.figures.map((f) => ({ area: a.area, profile: a.profile, ...f })));
const width = (key: "area" | "name" | "value" | "bar") => Math.max(key.length, ...rows.map((r) => r[key].length));
const [wa, wn, wv, wb] = (["area", "name", "value", "bar"] as const).map(width);
const line = (a: string, n: string, v: string, b: string, h: string) =>
  `| ${a.padEnd(wa)} | ${n.padEnd(wn)} | ${v.padStart(wv)} | ${b.padEnd(wb)} | ${h.padEnd(5)} |`;
console.log(line("area", "figure", "value", "bar", "holds"));
console.log(`|${"-".repeat(wa + 2)}|${"-".repeat(wn + 2)}|${"-".repeat(wv + 1)}:|${"-".repeat(wb + 2)}|-------|`);
for (const r of rows) console.log(line(r.area, r.name, r.value, r.bar, r.holds ? "yes" : "NO"));
writeFileSync(join("out", "reliability.json"), JSON.stringify({ areas }, null, 2) + "\n");
const failed = rows.filter((r) => !r.holds);
console.log(
  `\n${rows.length - failed.length} of ${rows.length} figures meet their bar (profile: ${[...new Set(areas.map((a) => a.profile))].join(", ")}); written to out/reliability.json`,
);
if (failed.length > 0) process.exit(1);
