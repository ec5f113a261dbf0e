import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { demoCast } from "../../src/chain/cast.js";
import { newKeysFile } from "../../src/chain/keystore.js";
import { startScf, waitFor, type ScfProcess } from "../durable/processes.js";
import { recordFigures } from "../reliability/record.js";

/**
 * Bad input on every command of the CLI: unknown flags, values of the wrong type or out of range,
 * missing files, unreadable YAML and JSON, a manifest of another chain, an RPC URL where no chain
 * answers, a --state folder of another command. Each must be answered with one line `scf: …` on
 * stderr and a non-zero exit: no stack trace, no "unexpected" error, no hang.
 */

/** What a case needs from the test's world (filled in by beforeAll). */
interface World {
  dir: string;
  /** A chain of `scf node --port 0`, its manifest, and its (locked, then released) state folder. */
  chainUrl: string;
  chainPort: string;
  nodeState: string;
  /** A folder holding a checkpoint of `scf run`. */
  runCheckpoint: string;
  /** An HTTP server that is not a JSON-RPC chain. */
  notRpcUrl: string;
}

type Kind =
  | "unknown flag"
  | "wrong type"
  | "missing file"
  | "unreadable file"
  | "manifest of another chain"
  | "RPC URL with no chain"
  | "state folder of another command"
  | "conflicting flags"
  | "unusable path";

interface Case {
  command: "node" | "run" | "serve" | "lesson" | "bench" | "keys new" | "keys list" | "scf";
  kind: Kind;
  what: string;
  args: (w: World) => string[];
  /** What the one line must say. */
  says: RegExp;
  env?: Record<string, string>;
  /** The defect this case found, now fixed (its regression test). */
  regression?: string;
}

const DEAD_RPC = "http://127.0.0.1:1";
const PASSWORD = { SCF_KEYS_PASSWORD: "right-password-2026" };
const f = (name: string) => (w: World) => join(w.dir, name);

/** Cases that need the chain running (or need nothing). One a line: a table. */
// prettier-ignore
const CASES: Case[] = [
  // ── unknown flags and commands ──
  { command: "scf", kind: "unknown flag", what: "an unknown command", args: () => ["nod"], says: /unknown command 'nod'/ },
  { command: "scf", kind: "unknown flag", what: "an unknown option", args: () => ["--colour"], says: /unknown option/ },
  { command: "node", kind: "unknown flag", what: "--bogus", args: () => ["node", "--bogus"], says: /unknown option '--bogus'.*scf node --help/ , regression: "printed commander's error: line, not one scf: line" },
  { command: "run", kind: "unknown flag", what: "--bogus", args: () => ["run", "classroom", "--bogus"], says: /unknown option '--bogus'.*scf run --help/ , regression: "printed commander's error: line, not one scf: line" },
  { command: "serve", kind: "unknown flag", what: "--bogus", args: () => ["serve", "--bogus"], says: /unknown option '--bogus'/ , regression: "printed commander's error: line, not one scf: line" },
  { command: "lesson", kind: "unknown flag", what: "--bogus", args: () => ["lesson", "--bogus"], says: /unknown option '--bogus'/ , regression: "printed commander's error: line, not one scf: line" },
  { command: "bench", kind: "unknown flag", what: "--bogus", args: () => ["bench", "--bogus"], says: /unknown option '--bogus'/ , regression: "printed commander's error: line, not one scf: line" },
  { command: "keys new", kind: "unknown flag", what: "--bogus", args: () => ["keys", "new", "--bogus"], says: /unknown option '--bogus'.*scf keys new --help/ , regression: "printed commander's error: line, not one scf: line" },
  { command: "keys list", kind: "unknown flag", what: "--bogus", args: () => ["keys", "list", "x.json", "--bogus"], says: /unknown option '--bogus'/ , regression: "printed commander's error: line, not one scf: line" },
  { command: "keys list", kind: "unknown flag", what: "no file", args: () => ["keys", "list"], says: /missing required argument 'file'/ , regression: "printed commander's error: line, not one scf: line" },
  { command: "scf", kind: "unknown flag", what: "an unknown keys command", args: () => ["keys", "lsit"], says: /unknown command 'lsit'/ , regression: "printed commander's error: line, not one scf: line" },
  { command: "lesson", kind: "unknown flag", what: "an unknown lesson", args: () => ["lesson", "alchemy"], says: /no lesson "alchemy"/ },

  // ── wrong types and out-of-range values ──
  { command: "node", kind: "wrong type", what: "--port abc", args: () => ["node", "--port", "abc"], says: /--port must be a whole number, got "abc"/ },
  { command: "node", kind: "wrong type", what: "--port -1", args: () => ["node", "--port", "-1"], says: /--port must be a whole number/ },
  { command: "node", kind: "wrong type", what: "--port 65536", args: () => ["node", "--port", "65536"], says: /--port must be between 0 and 65535/ },
  { command: "serve", kind: "wrong type", what: "--port abc", args: () => ["serve", "--port", "abc"], says: /--port must be a whole number/ },
  { command: "run", kind: "wrong type", what: "--seed 2^40", args: () => ["run", "classroom", "--seed", String(2 ** 40)], says: /--seed must be between 0 and/ },
  { command: "run", kind: "wrong type", what: "--seed -1", args: () => ["run", "classroom", "--seed", "-1"], says: /--seed must be a whole number/ },
  { command: "run", kind: "wrong type", what: "--seed 1.5", args: () => ["run", "classroom", "--seed", "1.5"], says: /--seed must be a whole number/ },
  { command: "run", kind: "wrong type", what: "--days abc", args: () => ["run", "classroom", "--days", "abc"], says: /--days must be a whole number/ },
  { command: "run", kind: "wrong type", what: "--days 0", args: () => ["run", "classroom", "--days", "0"], says: /--days must be between 1 and 1100/ },
  { command: "run", kind: "wrong type", what: "--flow-scale -2", args: () => ["run", "classroom", "--flow-scale", "-2"], says: /--flow-scale must be a positive number/ },
  { command: "run", kind: "wrong type", what: "--flow-scale 1e3", args: () => ["run", "classroom", "--flow-scale", "1e3"], says: /--flow-scale must be a positive number/ },
  { command: "run", kind: "wrong type", what: "--flow-scale too large for the scenario's items", args: (w) => ["run", f("small-faces.yaml")(w), "--flow-scale", "1000"], says: /small-faces\.yaml: vouchers\.face: makes about [\d,]+ orders a business day, more than 50,000 .*\(with --flow-scale 1000\)/ },
  { command: "run", kind: "wrong type", what: "--checkpoint-every 0", args: () => ["run", "classroom", "--checkpoint-every", "0"], says: /--checkpoint-every must be between 1/ },
  { command: "lesson", kind: "wrong type", what: "--lang fr", args: () => ["lesson", "--lang", "fr"], says: /--lang must be en or zh, got "fr"/ },
  { command: "bench", kind: "wrong type", what: "--scales abc", args: () => ["bench", "--scales", "abc"], says: /--scales must be positive numbers/ },
  { command: "bench", kind: "wrong type", what: "--scales 2000", args: () => ["bench", "--scales", "1,2000"], says: /--scales must be positive numbers up to 1000/ , regression: "was refused only by the scaling runs, after minutes of measurements" },
  { command: "bench", kind: "wrong type", what: "--ceiling-tx 5", args: () => ["bench", "--ceiling-tx", "5"], says: /--ceiling-tx must be between 1000 and/ },
  { command: "bench", kind: "wrong type", what: "--scaling-days -3", args: () => ["bench", "--scaling-days", "-3"], says: /--scaling-days must be a whole number/ },

  // ── missing files ──
  { command: "run", kind: "missing file", what: "a scenario", args: (w) => ["run", f("nowhere.yaml")(w)], says: /no scenario ".*nowhere\.yaml"/ },
  { command: "serve", kind: "missing file", what: "--scenario", args: (w) => ["serve", "--scenario", f("nowhere.yaml")(w)], says: /no scenario/ },
  { command: "bench", kind: "missing file", what: "--scenario (before any measurement)", args: () => ["bench", "--scenario", "atlantis"], says: /no scenario "atlantis"/ , regression: "was found only after the gas and ceiling measurements" },
  { command: "serve", kind: "missing file", what: "--keys", args: (w) => ["serve", "--keys", f("nowhere.json")(w)], says: /nowhere\.json: no such file/ , regression: "asked for the password of a file that is not there" },
  { command: "keys list", kind: "missing file", what: "a keys file", args: (w) => ["keys", "list", f("nowhere.json")(w)], says: /nowhere\.json: no such file/ },
  { command: "serve", kind: "missing file", what: "--attach", args: (w) => ["serve", "--rpc-url", w.chainUrl, "--attach", f("nowhere.json")(w)], says: /nowhere\.json: no such file/ },
  { command: "run", kind: "missing file", what: "--resume folder", args: (w) => ["run", "classroom", "--resume", f("no-checkpoint")(w)], says: /holds no checkpoint/ },

  // ── unreadable files ──
  { command: "run", kind: "unreadable file", what: "YAML indented with tabs", args: (w) => ["run", f("tabs.yaml")(w)], says: /tabs\.yaml:4: not valid YAML: Tabs/ },
  { command: "run", kind: "unreadable file", what: "YAML with an unclosed bracket", args: (w) => ["run", f("unclosed.yaml")(w)], says: /unclosed\.yaml:\d+: not valid YAML/ },
  { command: "run", kind: "unreadable file", what: "binary garbage", args: (w) => ["run", f("garbage.yaml")(w)], says: /garbage\.yaml:\d+: / },
  { command: "run", kind: "unreadable file", what: "a YAML list", args: (w) => ["run", f("list.yaml")(w)], says: /list\.yaml:1: .*expected object/ },
  { command: "run", kind: "unreadable file", what: "an empty file", args: (w) => ["run", f("empty.yaml")(w)], says: /empty\.yaml:1: / },
  { command: "run", kind: "unreadable file", what: "a folder", args: (w) => ["run", w.dir], says: /cannot read scenario file/ },
  { command: "serve", kind: "unreadable file", what: "--scenario of binary garbage", args: (w) => ["serve", "--scenario", f("garbage.yaml")(w)], says: /garbage\.yaml:\d+: / },
  { command: "bench", kind: "unreadable file", what: "--scenario with tabs", args: (w) => ["bench", "--scenario", f("tabs.yaml")(w)], says: /tabs\.yaml:4: / , regression: "was found only after the gas and ceiling measurements" },
  { command: "keys list", kind: "unreadable file", what: "binary garbage", args: (w) => ["keys", "list", f("garbage.yaml")(w)], says: /not a keys file/ },
  { command: "keys list", kind: "unreadable file", what: "JSON that is not a keys file", args: (w) => ["keys", "list", f("other.json")(w)], says: /not a keys file/ },
  { command: "serve", kind: "unreadable file", what: "--keys of binary garbage", args: (w) => ["serve", "--keys", f("garbage.yaml")(w)], says: /not a keys file/, env: PASSWORD },
  { command: "serve", kind: "unreadable file", what: "--keys with a wrong password", args: (w) => ["serve", "--keys", f("keys.json")(w)], says: /wrong password/, env: { SCF_KEYS_PASSWORD: "wrong-password" } },
  { command: "serve", kind: "unreadable file", what: "--attach of broken JSON", args: (w) => ["serve", "--rpc-url", w.chainUrl, "--attach", f("broken.json")(w)], says: /not a manifest/ },
  { command: "serve", kind: "unreadable file", what: "--attach of JSON with no contracts", args: (w) => ["serve", "--rpc-url", w.chainUrl, "--attach", f("other.json")(w)], says: /not a manifest of a consortium/ },

  // ── a manifest of another chain ──
  { command: "serve", kind: "manifest of another chain", what: "contracts that are not on this chain", args: (w) => ["serve", "--rpc-url", w.chainUrl, "--attach", f("elsewhere.json")(w), "--port", "0", "--manifest", f("m1.json")(w)], says: /no Consortium contract at 0x[0-9a-fA-F]{40} on chain \d+: the deployment is not on this chain/ },
  { command: "serve", kind: "manifest of another chain", what: "another chain id", args: (w) => ["serve", "--rpc-url", w.chainUrl, "--attach", f("other-chain.json")(w), "--port", "0", "--manifest", f("m2.json")(w)], says: /the manifest's consortium is on chain 4242, the chain at .* is chain 31337/ , regression: "attached to a chain its manifest does not name" },

  // ── an RPC URL where no chain answers ──
  { command: "run", kind: "RPC URL with no chain", what: "nothing listening", args: (w) => ["run", "classroom", "--days", "1", "--quiet", "--rpc-url", DEAD_RPC, "--out", f("out-dead")(w)], says: /no JSON-RPC chain answers at http:\/\/127\.0\.0\.1:1/ },
  { command: "serve", kind: "RPC URL with no chain", what: "nothing listening", args: (w) => ["serve", "--rpc-url", DEAD_RPC, "--port", "0", "--manifest", f("m3.json")(w)], says: /no JSON-RPC chain answers/ },
  { command: "lesson", kind: "RPC URL with no chain", what: "nothing listening", args: () => ["lesson", "split-three-tiers", "--rpc-url", DEAD_RPC], says: /no JSON-RPC chain answers/ },
  { command: "run", kind: "RPC URL with no chain", what: "a web server that is not a chain", args: (w) => ["run", "classroom", "--days", "1", "--quiet", "--rpc-url", w.notRpcUrl, "--out", f("out-web")(w)], says: /no JSON-RPC chain answers/ },
  { command: "serve", kind: "RPC URL with no chain", what: "not a URL", args: () => ["serve", "--rpc-url", "localhost-8545", "--port", "0"], says: /"localhost-8545" is not a URL/ },

  // ── flags that do not go together ──
  { command: "serve", kind: "conflicting flags", what: "--attach without --rpc-url", args: (w) => ["serve", "--attach", f("elsewhere.json")(w)], says: /--attach needs --rpc-url/ },
  { command: "serve", kind: "conflicting flags", what: "--scenario with --rpc-url", args: () => ["serve", "--scenario", "classroom", "--rpc-url", DEAD_RPC], says: /--scenario runs on an in-process chain/ },
  { command: "run", kind: "conflicting flags", what: "--checkpoint with --rpc-url", args: (w) => ["run", "classroom", "--checkpoint", f("ck")(w), "--rpc-url", DEAD_RPC], says: /--checkpoint and --resume keep in-process runs/ },
  { command: "run", kind: "conflicting flags", what: "--resume with --checkpoint", args: (w) => ["run", "--resume", w.runCheckpoint, "--checkpoint", f("ck")(w)], says: /either --checkpoint .* or --resume/ },

  // ── paths that cannot be used ──
  { command: "node", kind: "unusable path", what: "--port of a port in use", args: (w) => ["node", "--port", w.chainPort, "--manifest", f("m4.json")(w)], says: /port \d+ on 127\.0\.0\.1 is in use/ },
  { command: "node", kind: "unusable path", what: "--host that is not this machine's", args: (w) => ["node", "--host", "256.1.1.1", "--port", "0", "--manifest", f("m5.json")(w)], says: /cannot listen on 256\.1\.1\.1/ },
  { command: "node", kind: "unusable path", what: "--manifest under a file", args: (w) => ["node", "--port", "0", "--manifest", join(f("garbage.yaml")(w), "m.json")], says: /garbage\.yaml: a file is in the way of a folder/ , regression: "failed as unexpected (EEXIST), after the whole deployment" },
  { command: "run", kind: "unusable path", what: "--out that is a file (refused before the run)", args: (w) => ["run", "classroom", "--days", "1", "--quiet", "--out", f("garbage.yaml")(w)], says: /--out .*garbage\.yaml: a file, not a folder/ , regression: "failed as unexpected (EEXIST), after the whole run" },
  { command: "keys new", kind: "unusable path", what: "--out of an existing file", args: (w) => ["keys", "new", "--out", f("other.json")(w)], says: /other\.json exists: keep it, or replace it with --force/ },
  { command: "keys new", kind: "unusable path", what: "--out under a file", args: (w) => ["keys", "new", "--out", join(f("garbage.yaml")(w), "k.json")], says: /garbage\.yaml: a file is in the way of a folder/, env: PASSWORD , regression: "failed as unexpected, after the scrypt work" },
  { command: "keys new", kind: "wrong type", what: "a short password", args: (w) => ["keys", "new", "--out", f("k2.json")(w)], says: /at least 8 characters/, env: { SCF_KEYS_PASSWORD: "short" } },
  { command: "keys new", kind: "missing file", what: "no password and no terminal", args: (w) => ["keys", "new", "--out", f("k3.json")(w)], says: /set SCF_KEYS_PASSWORD or run on a terminal/ },
  { command: "serve", kind: "state folder of another command", what: "--state of a running `scf node`", args: (w) => ["serve", "--state", w.nodeState, "--port", "0"], says: /is in use by process \d+/ },
];

/** Cases once the node has stopped: its state folder is free, and still another command's. */
// prettier-ignore
const AFTER_NODE_CASES: Case[] = [
  { command: "serve", kind: "state folder of another command", what: "--state of `scf node`", args: (w) => ["serve", "--state", w.nodeState, "--port", "0"], says: /holds the state of `scf node`, not of `scf serve`/ },
  { command: "run", kind: "state folder of another command", what: "--checkpoint in `scf node`'s state", args: (w) => ["run", "classroom", "--days", "1", "--quiet", "--checkpoint", w.nodeState, "--out", f("out-ck")(w)], says: /holds the state of `scf node` or `scf serve`, not a checkpoint/ , regression: "wrote its checkpoint into the node's state" },
  { command: "run", kind: "state folder of another command", what: "--resume of `scf node`'s state", args: (w) => ["run", "--resume", w.nodeState], says: /holds no checkpoint/ },
  { command: "node", kind: "state folder of another command", what: "--state of a `scf run` checkpoint", args: (w) => ["node", "--state", w.runCheckpoint, "--port", "0"], says: /holds a checkpoint of `scf run`, not the state of `scf node`/ , regression: "adopted the checkpoint folder as its state" },
  { command: "serve", kind: "state folder of another command", what: "--state of a `scf run` checkpoint", args: (w) => ["serve", "--state", w.runCheckpoint, "--port", "0"], says: /holds a checkpoint of `scf run`, not the state of `scf serve`/ , regression: "adopted the checkpoint folder as its state" },
  { command: "node", kind: "state folder of another command", what: "--state that is a file", args: (w) => ["node", "--state", f("garbage.yaml")(w), "--port", "0"], says: /--state .*garbage\.yaml: a file, not a folder/ , regression: "failed as unexpected (EEXIST)" },
];

/** Runs `scf …args` with no terminal on stdin; resolves with its exit code (null if killed) and output. */
function scf(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const base = { ...process.env };
  delete base.SCF_KEYS_PASSWORD;
  delete base.SCF_DEBUG;
  const child = spawn(process.execPath, ["bin/scf.js", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...base, ...env },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

/** What `scf` answered to each case. */
const answers = new Map<Case, { code: number | null; stderr: string }>();

/** Runs the cases, `CONCURRENCY` at a time (each is a process of its own). */
async function runAll(cases: Case[], w: World): Promise<void> {
  const queue = [...cases];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) answers.set(c, await scf(c.args(w), c.env));
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}
const CONCURRENCY = 3;

/** A good answer: one line `scf: …` that says what it should, a non-zero exit, no trace. */
function isGood(c: Case): boolean {
  const answer = answers.get(c);
  if (!answer) return false;
  const text = answer.stderr.trim();
  return (
    answer.code !== null &&
    answer.code !== 0 &&
    /^scf: [^\n]+$/.test(text) &&
    !text.includes("unexpected") &&
    c.says.test(text)
  );
}

/** "run: unusable path: --out that is a file (regression: it failed as unexpected …)". */
function title(c: Case): string {
  return `${c.command}: ${c.kind}: ${c.what}${c.regression ? ` (regression: it ${c.regression})` : ""}`;
}

function check(c: Case): void {
  const answer = answers.get(c)!;
  const text = answer.stderr.trim();
  expect({ exit: answer.code !== null && answer.code !== 0 ? "non-zero" : answer.code, stderr: text }).toEqual({
    exit: "non-zero",
    stderr: expect.stringMatching(c.says),
  });
  expect(text).toMatch(/^scf: [^\n]+$/);
  expect(text).not.toContain("unexpected");
}

const world = {} as World;
let node: ScfProcess | undefined;
let web: Server | undefined;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "scf-bad-input-"));
  world.dir = dir;
  world.nodeState = join(dir, "node-state");
  world.runCheckpoint = join(dir, "run-checkpoint");
  writeFileSync(join(dir, "tabs.yaml"), "name: t\ntitle: T\nhorizon:\n\tstart: 2025-01-01\n");
  writeFileSync(join(dir, "unclosed.yaml"), "name: [unclosed\ntitle: T\n");
  writeFileSync(join(dir, "garbage.yaml"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 197 + 13) % 256)));
  writeFileSync(join(dir, "list.yaml"), "- a\n- b\n");
  // the classroom with vouchers of ¥3,000: fine as it is, 767,000 vouchers a day at --flow-scale 1000
  const smallFaces = parse(readFileSync("scenarios/classroom.yaml", "utf8")) as Record<string, any>;
  smallFaces.vouchers.face = { median: "3,000", min: "1,000", max: "10,000", roundTo: "100" };
  writeFileSync(join(dir, "small-faces.yaml"), stringify({ ...smallFaces, name: "small-faces", calibration: [] }));
  writeFileSync(join(dir, "empty.yaml"), "");
  writeFileSync(join(dir, "other.json"), '{ "hello": "world" }\n');
  writeFileSync(join(dir, "broken.json"), '{ "chainId": "31337", ');
  // a keys file of one participant (scrypt takes a while a key)
  writeFileSync(
    join(dir, "keys.json"),
    JSON.stringify(await newKeysFile(demoCast().slice(0, 1), PASSWORD.SCF_KEYS_PASSWORD)),
  );

  node = startScf(["node", "--port", "0", "--state", world.nodeState, "--manifest", join(dir, "node-manifest.json")]);
  const checkpoint = scf([
    "run",
    "classroom",
    "--days",
    "1",
    "--quiet",
    "--checkpoint",
    world.runCheckpoint,
    "--out",
    join(dir, "run-out"),
  ]);
  web = createServer((_req, res) => res.writeHead(404, { "content-type": "text/html" }).end("<h1>not here</h1>"));
  await new Promise<void>((resolve) => web!.listen(0, "127.0.0.1", resolve));
  world.notRpcUrl = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
  world.chainUrl = await waitFor(
    () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(node!.output())?.[1],
    120_000,
    "scf node",
    node,
  );
  world.chainPort = new URL(world.chainUrl).port;
  expect((await checkpoint).code).toBe(0);

  // The node's manifest, with its contracts moved to where there are none, and with another chain id.
  const manifest = JSON.parse(await readFile(join(dir, "node-manifest.json"), "utf8")) as {
    chainId: string;
    contracts: Record<string, string>;
  };
  const elsewhere = Object.fromEntries(
    Object.keys(manifest.contracts).map((name, i) => [name, `0x${String(i + 1).padStart(40, "7")}`]),
  );
  writeFileSync(join(dir, "elsewhere.json"), JSON.stringify({ ...manifest, contracts: elsewhere }));
  writeFileSync(join(dir, "other-chain.json"), JSON.stringify({ ...manifest, chainId: "4242" }));
}, 180_000);

afterAll(async () => {
  node?.child.kill("SIGTERM");
  await node?.exited;
  await new Promise((resolve) => web?.close(resolve));
  const tried = [...answers.keys()];
  const kinds = new Set(tried.map((c) => c.kind));
  const commands = new Set(tried.map((c) => c.command));
  const answered = tried.filter(isGood).length;
  const everyCommand = ["node", "run", "serve", "lesson", "bench", "keys new", "keys list"].every((c) =>
    commands.has(c as Case["command"]),
  );
  const figures = [
    {
      name: `CLI bad inputs tried (${commands.size - 1} commands and scf itself, ${kinds.size} kinds)`,
      value: String(tried.length),
      bar: "every command, every kind",
      holds: everyCommand && kinds.size === 9 && tried.length === CASES.length + AFTER_NODE_CASES.length,
    },
    {
      name: "answered with one line `scf: …` and a non-zero exit",
      value: `${answered} of ${tried.length} (${tried.length ? Math.floor((100 * answered) / tried.length) : 0}%)`,
      bar: "100%",
      holds: tried.length > 0 && answered === tried.length,
    },
  ];
  recordFigures("cli-bad-input", figures);
  for (const f of figures)
    console.log(`cli-bad-input: ${f.name}: ${f.value} (bar ${f.bar}: ${f.holds ? "holds" : "DOES NOT HOLD"})`);
});

describe("scf answers bad input with one line and a non-zero exit", () => {
  beforeAll(() => runAll(CASES, world), 300_000);
  for (const c of CASES) it(title(c), () => check(c));
});

describe("scf refuses a --state folder of another command", () => {
  beforeAll(async () => {
    node!.child.kill("SIGTERM"); // a clean stop releases the folder's lock
    expect(await node!.exited).toBe(0);
    await runAll(AFTER_NODE_CASES, world);
  }, 120_000);
  for (const c of AFTER_NODE_CASES) it(title(c), () => check(c));
});
