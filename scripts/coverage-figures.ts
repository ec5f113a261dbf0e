// Turns the coverage outputs into the reliability table's "coverage" figures
// (out/reliability/coverage.json). `npm run coverage` runs both suites and then this script:
//  - contracts/: Hardhat 3's `test solidity --coverage` writes coverage/lcov.info (lines) and prints a
//    table whose Total row also gives statements (kept in coverage/solidity.txt). Hardhat 3.18 / EDR
//    0.22 report no branch coverage (their lcov writer leaves BRDA out: "EDR does not provide branch
//    coverage information"): scripts/sol-branches.ts derives if/else branches from the statement hits.
//  - src/: vitest's V8 coverage (coverage/ts/coverage-final.json) of the Node code its workers run,
//    plus, for lines, what the `scf` child processes of the CLI and durability tests ran (raw V8
//    coverage in coverage/children, mapped back to the .ts lines through tsx's source maps): a line
//    vitest counts is covered if either saw it run. Branches are vitest's (in-process) alone.
//    src/web is browser code (plain ES modules, exercised by the Chromium test in test/e2e): not
//    Node code, not in this figure.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { SourceMapConsumer, type RawSourceMap } from "source-map-js";
import { recordFigures, type Figure } from "../test/reliability/record.js";
import { solidityBranches } from "./sol-branches.js";

const pct = (covered: number, total: number) => (total === 0 ? 100 : (100 * covered) / total);
const show = (covered: number, total: number) =>
  `${pct(covered, total).toFixed(2)}% (${covered.toLocaleString("en")}/${total.toLocaleString("en")})`;
const figures: Figure[] = [];

// ── contracts/ ──
if (!existsSync("coverage/lcov.info")) {
  console.error("scf: no coverage/lcov.info (run `npm run coverage` first)");
  process.exit(1);
}
let lh = 0;
let lf = 0;
let file = "";
for (const line of readFileSync("coverage/lcov.info", "utf8").split("\n")) {
  if (line.startsWith("SF:")) file = line.slice(3);
  else if (file.startsWith("contracts/") && line.startsWith("LH:")) lh += Number(line.slice(3));
  else if (file.startsWith("contracts/") && line.startsWith("LF:")) lf += Number(line.slice(3));
}
figures.push({
  name: "contracts/: line coverage (Solidity tests)",
  value: show(lh, lf),
  bar: "≥ 95%",
  holds: pct(lh, lf) >= 95,
});
const table = existsSync("coverage/solidity.txt")
  ? readFileSync("coverage/solidity.txt", "utf8").replace(/\x1b\[[0-9;]*m/g, "") // eslint-disable-line no-control-regex
  : "";
const total = /Total\s*│\s*([\d.]+)\s*│\s*([\d.]+)/.exec(table);
figures.push({
  name: "contracts/: statement coverage (Hardhat 3 reports no branches)",
  value: total ? `${total[2]}%` : "not found",
  bar: "reported",
  holds: total !== null,
});

const branches = solidityBranches().filter((b) => b.file.startsWith("contracts/"));
const bt = branches.reduce((n, b) => n + b.total, 0);
const bc = branches.reduce((n, b) => n + b.taken, 0);
figures.push({
  name: "contracts/: if/else branch coverage (from statement hits)",
  value: show(bc, bt),
  bar: "reported",
  holds: true,
});
for (const b of branches)
  if (b.missed.length > 0) console.log(`  ${b.file}: branches not taken at ${b.missed.join(", ")}`);

// ── src/ ──
interface IstanbulFile {
  statementMap: Record<string, { start: { line: number } }>;
  s: Record<string, number>;
  branchMap: Record<string, unknown>;
  b: Record<string, number[]>;
}
const finalPath = "coverage/ts/coverage-final.json";
if (!existsSync(finalPath)) {
  console.error(`scf: no ${finalPath} (run \`npm run coverage\` first)`);
  process.exit(1);
}
const vitest = JSON.parse(readFileSync(finalPath, "utf8")) as Record<string, IstanbulFile>;

/** Lines of src/**.ts that a child process ran: file → lines with a non-zero count. */
function childLines(dir: string): Map<string, Set<number>> {
  const ran = new Map<string, Set<number>>();
  if (!existsSync(dir)) return ran;
  for (const name of readdirSync(dir)) {
    const dump = JSON.parse(readFileSync(`${dir}/${name}`, "utf8")) as {
      result: { url: string; functions: { ranges: { startOffset: number; endOffset: number; count: number }[] }[] }[];
      "source-map-cache"?: Record<string, { lineLengths: number[]; data: RawSourceMap }>;
    };
    for (const script of dump.result) {
      if (!script.url.startsWith("file://")) continue;
      const path = relative(process.cwd(), fileURLToPath(script.url));
      const cached = dump["source-map-cache"]?.[script.url];
      if (!path.startsWith("src/") || !path.endsWith(".ts") || !cached) continue;
      const lineStart = [0];
      for (const len of cached.lineLengths) lineStart.push(lineStart.at(-1)! + len + 1);
      const ranges = script.functions.flatMap((f) => f.ranges);
      // The count of the innermost block around an offset of the generated code.
      const countAt = (offset: number) => {
        let best = { size: Infinity, count: 0 };
        for (const r of ranges) {
          const size = r.endOffset - r.startOffset;
          if (r.startOffset <= offset && offset < r.endOffset && size < best.size) best = { size, count: r.count };
        }
        return best.count;
      };
      // Each original line is judged at its first mapped column (where its statement starts).
      const first = new Map<number, { column: number; offset: number }>();
      new SourceMapConsumer(cached.data).eachMapping((m) => {
        if (m.originalLine == null || m.originalColumn == null) return;
        const offset = lineStart[m.generatedLine - 1]! + m.generatedColumn;
        const seen = first.get(m.originalLine);
        if (!seen || m.originalColumn < seen.column) first.set(m.originalLine, { column: m.originalColumn, offset });
      });
      const lines = ran.get(path) ?? new Set<number>();
      for (const [line, { offset }] of first) if (countAt(offset) > 0) lines.add(line);
      ran.set(path, lines);
    }
  }
  return ran;
}
const children = childLines("coverage/children");

const sum = (keep: (path: string) => boolean, withChildren: boolean) => {
  const t = { lt: 0, lc: 0, bt: 0, bc: 0 };
  for (const [abs, f] of Object.entries(vitest)) {
    const path = relative(process.cwd(), abs);
    if (!keep(path)) continue;
    const lines = new Map<number, number>();
    for (const [id, st] of Object.entries(f.statementMap)) {
      lines.set(st.start.line, Math.max(lines.get(st.start.line) ?? 0, f.s[id] ?? 0));
    }
    const ran = withChildren ? children.get(path) : undefined;
    t.lt += lines.size;
    for (const [line, count] of lines) if (count > 0 || ran?.has(line)) t.lc++;
    for (const counts of Object.values(f.b)) {
      t.bt += counts.length;
      t.bc += counts.filter((c) => c > 0).length;
    }
  }
  return t;
};
const src = sum((p) => p.startsWith("src/"), true);
const inProcess = sum((p) => p.startsWith("src/"), false);
const cli = sum((p) => p.startsWith("src/cli/"), true);
figures.push(
  {
    name: "src/: line coverage (vitest workers + scf child processes)",
    value: show(src.lc, src.lt),
    bar: "≥ 90%",
    holds: pct(src.lc, src.lt) >= 90,
  },
  {
    name: "src/: branch coverage (vitest workers only)",
    value: show(src.bc, src.bt),
    bar: "reported",
    holds: true,
  },
  {
    name: "src/: line coverage, vitest workers only",
    value: show(inProcess.lc, inProcess.lt),
    bar: "reported",
    holds: true,
  },
  { name: "src/cli/: line coverage (with child processes)", value: show(cli.lc, cli.lt), bar: "reported", holds: true },
  { name: "src/web/: browser code (test/e2e, Chromium)", value: "not measured", bar: "reported", holds: true },
);

recordFigures("coverage", figures);
for (const f of figures) console.log(`${f.holds ? "ok  " : "NO  "} ${f.name}: ${f.value} (bar ${f.bar})`);
