import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCast, materializeCast } from "../../src/chain/cast.js";
import { connectRpc, detectChain, type Chain, type Eip1193 } from "../../src/chain/connect.js";
import { deployConsortium } from "../../src/chain/deploy.js";
import { ScfError } from "../../src/domain/errors.js";
import { lessonJson, listLessons, runLesson, type LessonRun } from "../../src/lessons/index.js";
import { buildReport, type Report } from "../../src/report/build.js";
import { runScenario } from "../../src/sim/run.js";
import { loadScenario } from "../../src/sim/scenario/load.js";
import { startAnvil, stopAnvil, type Node } from "./anvil-node.js";

const exec = promisify(execFile);

/**
 * The same contracts on an independent EVM node: anvil (Foundry's node, from the npm package),
 * started here on a free loopback port. On a node that allows impersonation and time control the
 * chain layer uses them; on one that allows neither (a consortium chain, played here by anvil behind
 * a connection that refuses every development method) it signs with the participants' keys and
 * moves the contracts' project clock. Either way the business outcome is the in-process chain's.
 */

/**
 * A connection to `url` that refuses every development method (`hardhat_*`, `anvil_*`, `evm_*`,
 * `debug_*`) as a consortium chain does, so that the chain layer must find out it has none of them.
 */
async function plainNode(url: string): Promise<Chain> {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, batchStallTime: 0 });
  const rpc: Eip1193 = {
    request: ({ method, params }) =>
      /^(hardhat|anvil|evm|debug)_/.test(method)
        ? Promise.reject(new Error(`the method ${method} does not exist/is not available`))
        : provider.send(method, (params as unknown[]) ?? []),
  };
  return detectChain(rpc, provider, { rpcUrl: url, close: async () => provider.destroy() });
}

/**
 * The report without what belongs to one chain rather than to the business: `run` (wall clock),
 * and the chain's block count, transaction count and gas (a node mines its own blocks, and without
 * time control the project clock's moves are transactions too) and the contract addresses (they
 * follow the deployer's nonce on that chain). `chain.reverted`, refused business steps, stays.
 */
function businessOf(report: Report): unknown {
  const { run: _run, chain, ...rest } = report;
  return { ...rest, chain: { reverted: chain.reverted } };
}

/**
 * Latencies in seconds (pay on delivery, scheduled payments) set aside: on a chain whose clock runs
 * by itself, each block lands a few seconds after the project time it was meant for, by how long the
 * machine took. Returns the rest, and the latencies to compare within a tolerance.
 */
function splitLatencies(report: Report): { rest: unknown; latencies: number[] } {
  const rest = structuredClone(businessOf(report)) as Report;
  const { payOnDelivery, scheduled } = rest.volumes.payments;
  const latencies = [
    payOnDelivery.latency.medianSeconds,
    payOnDelivery.latency.p95Seconds,
    payOnDelivery.latency.maxSeconds,
    scheduled.latency.medianSeconds,
    scheduled.latency.p95Seconds,
  ];
  payOnDelivery.latency = { ...payOnDelivery.latency, medianSeconds: 0, p95Seconds: 0, maxSeconds: 0 };
  scheduled.latency = { medianSeconds: 0, p95Seconds: 0 };
  return { rest, latencies };
}

/** The classroom scenario's report, run on `chain` (or in process). */
async function classroomReport(options: { chain?: Chain } = {}): Promise<Report> {
  const scenario = await loadScenario("scenarios/classroom.yaml");
  const result = await runScenario(scenario, options);
  try {
    return await buildReport(scenario, result.seed, result.ledger, { reverted: result.engine.progress.reverted });
  } finally {
    if (!options.chain) await result.deployment.chain.close();
  }
}

/**
 * A lesson's output without what belongs to one chain: contract addresses become their names
 * (wherever they appear), and each transaction's hash, block number and gas are dropped.
 */
function lessonOutcome(run: LessonRun): unknown {
  const names = new Map(Object.entries(run.contracts).map(([name, address]) => [address.toLowerCase(), name]));
  const pattern = new RegExp([...names.keys()].join("|"), "gi");
  const json = lessonJson(run).replace(pattern, (address) => `<${names.get(address.toLowerCase())}>`);
  const outcome = JSON.parse(json) as { contracts?: unknown; steps: { transaction: Record<string, unknown> }[] };
  delete outcome.contracts;
  for (const step of outcome.steps) {
    delete step.transaction.hash;
    delete step.transaction.blockNumber;
    delete step.transaction.gasUsed;
  }
  return outcome;
}

const NOON_2025_03_01 = Math.floor(Date.parse("2025-03-01T12:00:00+08:00") / 1000);

describe("the consortium on an anvil node", () => {
  let dev: Node | undefined;
  let chain: Chain;
  let inProcess: Report;

  beforeAll(async () => {
    // anvil's defaults (a base fee of 1 gwei, a clock at today's time): the chain layer funds the
    // cast and winds the clock back to each run's start.
    dev = await startAnvil();
    chain = await connectRpc(dev.url);
    inProcess = await classroomReport();
  }, 60_000);

  afterAll(async () => {
    await chain?.close();
    stopAnvil(dev);
  });

  it("finds that anvil allows impersonation, time control and setting balances", () => {
    expect(chain.kind).toBe("rpc");
    expect(chain.canImpersonate).toBe(true);
    expect(chain.canSetTime).toBe(true);
    expect(chain.canSetBalance).toBe(true);
  });

  it.each(listLessons().map((l) => l.name))(
    "runs the lesson %s to the same outcome as in process",
    async (name) => {
      const onAnvil = await runLesson(name, { chain });
      const local = await runLesson(name, { startTime: new Date(Number(onAnvil.startTime) * 1000) });
      expect(onAnvil.steps.length).toBe(local.steps.length);
      expect(lessonOutcome(onAnvil)).toEqual(lessonOutcome(local));
    },
    30_000,
  );

  it("runs the classroom scenario to the same report as in process, chain-specific figures aside", async () => {
    const onAnvil = await classroomReport({ chain });
    expect(onAnvil.chain.transactions).toBeGreaterThan(300);
    expect(onAnvil.checks.every((c) => c.holds)).toBe(true);
    expect(businessOf(onAnvil)).toEqual(businessOf(inProcess));
  }, 60_000);

  it("gives the node its automine back after a run", async () => {
    expect(await chain.rpc.request({ method: "hardhat_getAutomine" })).toBe(true);
    expect(chain.automine).toBe(true);
  });

  it("runs scf run and scf lesson with --rpc-url", async () => {
    const out = await mkdtemp(join(tmpdir(), "scf-anvil-"));
    try {
      const run = await exec(
        process.execPath,
        ["bin/scf.js", "run", "classroom", "--days", "5", "--quiet", "--out", out, "--rpc-url", dev!.url],
        { timeout: 90_000 },
      );
      expect(run.stdout).toContain("report:");
      const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as Report;
      expect(report.horizon.days).toBe(5);
      const lesson = await exec(
        process.execPath,
        ["bin/scf.js", "lesson", "finance-at-a-bank", "--json", "--rpc-url", dev!.url],
        { timeout: 90_000 },
      );
      const parsed = JSON.parse(lesson.stdout) as { steps: { status: string }[] };
      expect(parsed.steps.length).toBeGreaterThan(3);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);

  describe("behind a connection without impersonation, time control or balances", () => {
    let plain: Node | undefined;
    let consortium: Chain;

    beforeAll(async () => {
      // A zero-gas-price chain whose clock starts before the scenario: as a consortium chain would.
      plain = await startAnvil(["--base-fee", "0", "--gas-price", "0", "--timestamp", String(NOON_2025_03_01)]);
      consortium = await plainNode(plain.url);
    }, 30_000);

    afterAll(async () => {
      await consortium?.close();
      stopAnvil(plain);
    });

    it("finds none of the development methods", () => {
      expect(consortium.canImpersonate).toBe(false);
      expect(consortium.canSetTime).toBe(false);
      expect(consortium.canSetBalance).toBe(false);
    });

    it("runs the classroom scenario with signed transactions and the project clock, to the same report", async () => {
      const onPlain = await classroomReport({ chain: consortium });
      // Every block of the simulation holds one transaction; the clock's moves are transactions too.
      expect(onPlain.chain.blocks).toBe(onPlain.chain.transactions);
      expect(onPlain.chain.transactions).toBeGreaterThan(inProcess.chain.transactions);
      const plainSplit = splitLatencies(onPlain);
      const inProcessSplit = splitLatencies(inProcess);
      expect(plainSplit.rest).toEqual(inProcessSplit.rest);
      // Latencies are days long (deliveries, schedules); the clock's own drift is seconds.
      plainSplit.latencies.forEach((seconds, i) =>
        expect(Math.abs(seconds - inProcessSplit.latencies[i])).toBeLessThanOrEqual(120),
      );
    }, 90_000);

    it("refuses a scenario that starts before the chain's clock, saying what to do", async () => {
      const scenario = await loadScenario("scenarios/classroom.yaml");
      scenario.horizon.start = "2025-02-03";
      await expect(runScenario(scenario, { chain: consortium })).rejects.toThrow(
        /^this chain's clock is at .*, past the run's start 2025-02-01T16:00:00Z, and cannot be set: start the node with an earlier clock/,
      );
    });
  });

  describe("on a chain with a gas price", () => {
    let priced: Node | undefined;

    beforeAll(async () => {
      priced = await startAnvil(["--base-fee", "1000000000"]);
    }, 30_000);

    afterAll(() => stopAnvil(priced));

    it("fails in one line that names every account to fund when balances cannot be set", async () => {
      const consortium = await plainNode(priced!.url);
      try {
        const addresses = materializeCast(demoCast(), "scf").map((p) => p.address);
        const failure = await deployConsortium(consortium, demoCast(), { mode: "sign" }).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(ScfError);
        const error = failure as ScfError;
        expect(error.code).toBe("GAS_MONEY_NEEDED");
        expect(error.message).not.toContain("\n");
        expect(error.message).toBe(
          `22 accounts need gas money on this chain (gas price 1 gwei): fund each of ${addresses.join(", ")} ` +
            "with at least 0.5 ETH, or run a zero-gas-price chain",
        );
      } finally {
        await consortium.close();
      }
    });

    it("funds the cast itself on a development node that lets it set balances", async () => {
      const node = await connectRpc(priced!.url);
      try {
        const d = await deployConsortium(node, demoCast(), { mode: "sign" });
        expect(await d.contracts.consortium.memberCount()).toBe(22n);
      } finally {
        await node.close();
      }
    });
  });
});
