// Branch coverage of contracts/, derived from Hardhat's statement coverage (Hardhat 3.18 / EDR 0.22
// report lines and statements only). Hardhat puts a hit counter before every statement, and counts
// each test run that reached it (coverage/data/solidity/*.json: tag → runs). For each `if` in
// contracts/ (found in solc's AST), the true branch was taken if the first statement of its body ran;
// the false branch if the first statement of its `else` ran; with no `else`, if the statement after
// the `if` ran and the body always leaves (`if (…) revert …;`), else if the `if` was reached in more
// runs than its body (which can miss a false branch taken in a run that also took the true one). The tags are recomputed with EDR's own instrumentation (deterministic per source).
// Only if/else branches are counted: ternaries, && / || and loop conditions are expressions, which
// Hardhat does not instrument. A condition that itself reverts would count as a false branch taken.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { addStatementCoverageInstrumentation } from "@nomicfoundation/edr";

const require = createRequire(import.meta.url);
const solc = require("solc") as { compile(input: string): string };

interface AstNode {
  nodeType?: string;
  src?: string;
  condition?: AstNode;
  trueBody?: AstNode;
  falseBody?: AstNode | null;
  [key: string]: unknown;
}

/** Per file: if/else branches found and taken. */
export interface BranchCounts {
  file: string;
  total: number;
  taken: number;
  /** `line: true|false` of each branch never taken. */
  missed: string[];
}

function solidityFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? solidityFiles(path) : path.endsWith(".sol") ? [path] : [];
  });
}

function hits(dataDir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of readdirSync(dataDir)) {
    const data = JSON.parse(readFileSync(join(dataDir, name), "utf8")) as Record<string, number>;
    for (const [tag, n] of Object.entries(data)) counts.set(tag, (counts.get(tag) ?? 0) + n);
  }
  return counts;
}

/**
 * Branch counts of every contracts/ file, from Hardhat's coverage data directory. The sources are
 * read from `snapshot` (the copy of contracts/ that `npm run coverage:sol` takes as it starts), so
 * that a contract edited since the run cannot be matched against hits of its older text.
 */
export function solidityBranches(
  dataDir = "coverage/data/solidity",
  root = "contracts",
  snapshot = "coverage/sources",
): BranchCounts[] {
  const counts = hits(dataDir);
  const read = (f: string) => readFileSync(existsSync(join(snapshot, f)) ? join(snapshot, f) : f, "utf8");
  const files = solidityFiles(root).sort();
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(files.map((f) => [f, { content: read(f) }])),
    settings: { stopAfter: "parsing", outputSelection: { "*": { "": ["ast"] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as { sources: Record<string, { ast: AstNode }> };
  return files.map((file) => {
    const content = read(file);
    // solc's src offsets are UTF-8 bytes; EDR's are UTF-16 units.
    const bytes = Buffer.from(content, "utf8");
    const u16 = (byte: number) => bytes.subarray(0, byte).toString("utf8").length;
    const range = (n: AstNode) => {
      const [s, l] = n.src!.split(":").map(Number);
      return { start: u16(s!), end: u16(s! + l!) };
    };
    const line = (offset: number) => content.slice(0, offset).split("\n").length;
    const { metadata } = addStatementCoverageInstrumentation(content, `project/${file}`, "0.8.30");
    const entries = metadata.map((m) => ({
      start: m.startUtf16,
      end: m.endUtf16,
      count: counts.get(Buffer.from(m.tag).toString("hex")) ?? 0,
    }));
    const firstIn = (from: number, to: number) =>
      entries.filter((e) => e.start >= from && e.start < to).sort((a, b) => a.start - b.start)[0];
    /** The statement counter around an offset (its range starts at the beginning of its line). */
    const innermostAt = (offset: number) =>
      entries.filter((e) => e.start <= offset && offset < e.end).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    const result: BranchCounts = { file, total: 0, taken: 0, missed: [] };
    // A body that always leaves (revert, return, break, continue): then reaching the next statement
    // after the `if` means its condition was false.
    const leaves = (n: AstNode): boolean => {
      if (["RevertStatement", "Return", "Break", "Continue"].includes(n.nodeType ?? "")) return true;
      const statements = n.statements as AstNode[] | undefined;
      return n.nodeType === "Block" && !!statements?.length && leaves(statements[statements.length - 1]!);
    };
    const visit = (node: unknown, next?: AstNode): void => {
      if (Array.isArray(node)) return node.forEach((child) => visit(child));
      if (!node || typeof node !== "object") return;
      const n = node as AstNode;
      if (n.nodeType === "IfStatement" && n.trueBody && n.condition) {
        const whole = range(n);
        const own = innermostAt(whole.start);
        const cond = range(n.condition);
        const body = range(n.trueBody);
        const first = firstIn(cond.end, body.end);
        if (own && first) {
          const trueTaken = first.count > 0;
          let falseTaken: boolean;
          if (n.falseBody) falseTaken = (firstIn(body.end, range(n.falseBody).end)?.count ?? 0) > 0;
          else if (next && leaves(n.trueBody)) falseTaken = (innermostAt(range(next).start)?.count ?? 0) > 0;
          // Counts are per test run, not per execution: a run that took both ways counts once for
          // each, so this last rule can only miss a false branch, never invent one.
          else falseTaken = own.count > first.count;
          result.total += 2;
          result.taken += Number(trueTaken) + Number(falseTaken);
          if (!trueTaken) result.missed.push(`${line(whole.start)}: true`);
          if (!falseTaken) result.missed.push(`${line(whole.start)}: false`);
        }
      }
      const statements = (n.nodeType === "Block" || n.nodeType === "UncheckedBlock" ? n.statements : undefined) as
        AstNode[] | undefined;
      if (statements) return statements.forEach((child, i) => visit(child, statements[i + 1]));
      for (const value of Object.values(n)) if (value && typeof value === "object") visit(value);
    };
    visit(out.sources[file]!.ast);
    return result;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const b of solidityBranches().filter((b) => b.total > 0)) {
    console.log(`${b.file.padEnd(42)} ${b.taken}/${b.total}  ${b.missed.join(", ")}`);
  }
}
