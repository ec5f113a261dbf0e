// Runs Solidity's SMTChecker (the CHC engine) on the money contracts and on the harnesses in
// test/smt/, prints every finding, and records "SMTChecker findings unexplained" (bar 0): a finding
// is explained when docs/smtchecker.md lists its key. Usage: `npm run smtchecker [-- Name…]`.
//
// The npm solc (soljson.js, WebAssembly) cannot run z3 itself ("z3" crashes with a system_error, and
// Eldarica is not built in), but it supports the "smtlib2" solver: it hands its Horn queries out as
// SMT-LIB2 text (standard JSON `auxiliaryInputRequested.smtlib2queries`) and takes the answers back
// on the next compilation (`auxiliaryInput.smtlib2responses`). The answers come from the npm
// z3-solver (z3 built to WebAssembly), so this runs offline wherever `npm ci` ran.
import { readFileSync, existsSync, readdirSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { init } from "z3-solver";
import { recordFigures } from "../test/reliability/record.js";

const require = createRequire(import.meta.url);
const solc = require("solc") as { compile(input: string, callbacks?: object): string };

/** A contract to check: its source, and the targets that fit it. */
interface Job {
  file: string;
  contract: string;
  targets: string[];
  /** Wall-clock bound per query, in ms (see TIMEOUT_MS). */
  timeoutMs?: number;
}

const MONEY_TARGETS = [
  "assert",
  "underflow",
  "overflow",
  "divByZero",
  "constantCondition",
  "popEmptyArray",
  "outOfBounds",
];
const HARNESS_TARGETS = [...MONEY_TARGETS, "balance"];

const JOBS: Job[] = [
  { file: "contracts/money/ECNY.sol", contract: "ECNY", targets: MONEY_TARGETS },
  { file: "contracts/money/PaymentEscrow.sol", contract: "PaymentEscrow", targets: MONEY_TARGETS },
  { file: "contracts/vouchers/VoucherLedger.sol", contract: "VoucherLedger", targets: MONEY_TARGETS },
  { file: "contracts/lending/LoanBook.sol", contract: "LoanBook", targets: MONEY_TARGETS },
  ...(existsSync("test/smt")
    ? readdirSync("test/smt")
        .filter((f) => f.endsWith(".sol"))
        .sort()
        .map((f) => ({
          file: `test/smt/${f}`,
          contract: f.replace(/\.sol$/, ""),
          targets: HARNESS_TARGETS,
          // Small queries that z3 answers in 1-5 s; a busy machine must not turn a proof into "unknown".
          timeoutMs: 60_000,
        }))
    : []),
];

/** z3's resource limit per query (deterministic; solc-js's own z3 call uses 20,000,000). */
const RLIMIT = process.env.SCF_SMT_RLIMIT ?? "20000000";
/** And a wall-clock bound per query of the money contracts, in ms, so that a run ends on two shared
 * cores (whichever comes first; the harnesses get 60 s). */
const TIMEOUT_MS = Number(process.env.SCF_SMT_TIMEOUT_MS ?? 10_000);
const MAX_ROUNDS = 8;

/** One SMTChecker message about a verification target. */
interface Finding {
  /** `<file>: <what> at "<source text>"`, the key docs/smtchecker.md explains. */
  key: string;
  contract: string;
  verdict: "violation" | "unproved";
  line: number;
  message: string;
}

function readSource(path: string): string {
  const local = path.startsWith("@") ? join("node_modules", path) : path;
  return readFileSync(local, "utf8");
}

/** Every source the file imports, transitively, by the source unit names solc will ask for. */
function sourcesOf(file: string): Record<string, { content: string }> {
  const sources: Record<string, { content: string }> = {};
  const pending = [file];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (sources[name]) continue;
    const content = readSource(name);
    sources[name] = { content };
    for (const m of content.matchAll(/^import\s+(?:[^"']*from\s+)?["']([^"']+)["']/gm)) {
      const spec = m[1]!;
      pending.push(spec.startsWith(".") ? new URL(spec, `file:///${name}`).pathname.slice(1) : spec);
    }
  }
  return sources;
}

/** The source text a message points at, one line, for the finding's key. */
function snippet(content: string, start: number, end: number): { text: string; line: number } {
  const bytes = Buffer.from(content, "utf8");
  const before = bytes.subarray(0, start).toString("utf8");
  const text = bytes.subarray(start, end).toString("utf8").replace(/\s+/g, " ").trim();
  return { text: text.length > 80 ? `${text.slice(0, 77)}...` : text, line: before.split("\n").length };
}

interface SolcError {
  severity: string;
  message: string;
  errorCode?: string;
  sourceLocation?: { file: string; start: number; end: number };
}

let z3: Awaited<ReturnType<typeof init>>["Z3"] | undefined;
async function solve(query: string): Promise<string> {
  if (!z3) {
    z3 = (await init()).Z3;
    z3.global_param_set("rlimit", RLIMIT);
    z3.global_param_set("rewriter.pull_cheap_ite", "true");
    z3.global_param_set("fp.spacer.q3.use_qgen", "true");
    z3.global_param_set("fp.spacer.mbqi", "false");
    z3.global_param_set("fp.spacer.ground_pobs", "false");
  }
  const ctx = z3.mk_context(z3.mk_config());
  try {
    return await z3.eval_smtlib2_string(ctx, query);
  } catch (e) {
    return `unknown ; ${(e as Error).message}`;
  } finally {
    z3.del_context(ctx);
  }
}

async function check(job: Job): Promise<{ findings: Finding[]; safe: number; unsupported: string[]; queries: number }> {
  const sources = sourcesOf(job.file);
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      outputSelection: {},
      modelChecker: {
        engine: "chc",
        contracts: { [job.file]: [job.contract] },
        targets: process.env.SCF_SMT_TARGETS?.split(",") ?? job.targets,
        solvers: ["smtlib2"],
        timeout: job.timeoutMs ?? TIMEOUT_MS,
        showUnproved: true,
        showProvedSafe: true,
        showUnsupported: true,
      },
    } as Record<string, unknown>,
    auxiliaryInput: undefined as undefined | { smtlib2responses: Record<string, string> },
  };
  const responses: Record<string, string> = {};
  let errors: SolcError[] = [];
  let queries = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
      errors?: SolcError[];
      auxiliaryInputRequested?: { smtlib2queries?: Record<string, string> };
    };
    errors = out.errors ?? [];
    const fatal = errors.filter((e) => e.severity === "error");
    if (fatal.length > 0) throw new Error(`${job.file}: ${fatal.map((e) => e.message).join("; ")}`);
    const asked = Object.entries(out.auxiliaryInputRequested?.smtlib2queries ?? {}).filter(([h]) => !(h in responses));
    if (asked.length === 0) break;
    for (const [hash, query] of asked) {
      const t = performance.now();
      responses[hash] = await solve(query);
      queries++;
      if (process.env.SCF_SMT_DEBUG) {
        const answer = responses[hash].split("\n")[0];
        console.log(`  query ${queries}: ${answer} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      }
    }
    input.auxiliaryInput = { smtlib2responses: responses };
  }
  const findings: Finding[] = [];
  const unsupported = new Set<string>();
  let safe = 0;
  for (const e of errors) {
    const msg = e.message.split("\n")[0]!;
    if (/ is safe!$/.test(msg)) {
      safe++;
      continue;
    }
    const target = /^CHC: (.+?) (happens|might happen) here\.?/.exec(msg);
    if (!target || !e.sourceLocation) {
      if (/SMTChecker|CHC|BMC|not yet support|spurious|Horn/i.test(msg)) unsupported.add(msg);
      continue;
    }
    const where = snippet(sources[e.sourceLocation.file]!.content, e.sourceLocation.start, e.sourceLocation.end);
    const what = target[1]!.replace(/ \(resulting value .*\)$/, "");
    findings.push({
      key: `${e.sourceLocation.file}: ${what} at "${where.text}"`,
      contract: job.contract,
      verdict: target[2] === "happens" ? "violation" : "unproved",
      line: where.line,
      message: msg,
    });
  }
  return { findings, safe, unsupported: [...unsupported], queries };
}

// `--from-last`: judge the findings of the last full run (out/smtchecker.json) against the current
// docs/smtchecker.md, without running the model checker again.
const fromLast = process.argv.includes("--from-last");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const jobs = only.length > 0 ? JOBS.filter((j) => only.includes(j.contract)) : JOBS;
const doc = existsSync("docs/smtchecker.md") ? readFileSync("docs/smtchecker.md", "utf8") : "";
const LAST = join("out", "smtchecker.json");
let all: Finding[] = [];
let safeTotal = 0;
let notChecked: { contract: string; reason: string }[] = [];
if (fromLast) {
  ({
    findings: all,
    safe: safeTotal,
    notChecked,
  } = JSON.parse(readFileSync(LAST, "utf8")) as {
    findings: Finding[];
    safe: number;
    notChecked: { contract: string; reason: string }[];
  });
  for (const f of all)
    console.log(`  ${f.verdict.padEnd(9)} ${doc.includes(f.key) ? "explained  " : "UNEXPLAINED"}  ${f.key}`);
} else {
  for (const job of jobs) {
    const started = performance.now();
    let r: Awaited<ReturnType<typeof check>>;
    try {
      r = await check(job);
    } catch (e) {
      // e.g. std::bad_alloc: the WebAssembly compiler has at most 4 GiB for the CHC encoding.
      const reason = (e as Error).message.replace(/\s+/g, " ").slice(0, 200);
      notChecked.push({ contract: job.contract, reason });
      console.log(`\n${job.contract} (${job.file}): NOT CHECKED: ${reason}`);
      continue;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    safeTotal += r.safe;
    console.log(
      `\n${job.contract} (${job.file}): ${r.safe} targets proved safe, ${r.findings.length} findings, ${r.queries} queries, ${seconds} s`,
    );
    for (const u of r.unsupported) console.log(`  note: ${u}`);
    const seen = new Set(all.map((f) => f.key));
    for (const f of r.findings) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      all.push(f);
      const explained = doc.includes(f.key) ? "explained" : "UNEXPLAINED";
      console.log(`  ${f.verdict.padEnd(9)} line ${String(f.line).padStart(4)}  ${explained.padEnd(11)}  ${f.key}`);
    }
  }
  if (only.length === 0) {
    mkdirSync("out", { recursive: true });
    writeFileSync(LAST, JSON.stringify({ findings: all, safe: safeTotal, notChecked }, null, 2) + "\n");
  }
}
const unexplained = all.filter((f) => !doc.includes(f.key));
// A contract the checker could not analyse must be named in the doc as "not checked: <Contract>".
const unexplainedGaps = notChecked.filter((n) => !doc.includes(`not checked: ${n.contract}`));
if (only.length === 0 || fromLast) {
  recordFigures("smtchecker", [
    {
      name: `SMTChecker findings unexplained (CHC, ${jobs.length} contracts)`,
      value: `${unexplained.length + unexplainedGaps.length} of ${all.length + notChecked.length}`,
      bar: "0",
      holds: unexplained.length + unexplainedGaps.length === 0,
    },
    { name: "SMTChecker targets proved safe", value: String(safeTotal), bar: "reported", holds: true },
    {
      name: "Contracts the SMTChecker could not analyse",
      value: notChecked.length === 0 ? "none" : notChecked.map((n) => n.contract).join(", "),
      bar: "reported",
      holds: true,
    },
  ]);
}
for (const n of unexplainedGaps) console.log(`  UNEXPLAINED: ${n.contract} was not checked (${n.reason})`);
console.log(
  `\n${all.length} findings, ${unexplained.length} unexplained (docs/smtchecker.md), ${safeTotal} targets proved safe` +
    (notChecked.length > 0 ? `; not checked: ${notChecked.map((n) => n.contract).join(", ")}` : ""),
);
process.exit(unexplained.length + unexplainedGaps.length > 0 ? 1 : 0);
