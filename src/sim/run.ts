import { claimTimeline } from "../chain/clock.js";
import { connectRpc, createInProcessChain, type Chain } from "../chain/connect.js";
import { deployConsortium, type Deployment } from "../chain/deploy.js";
import { Ledger } from "../ledger/ledger.js";
import { RightsBook, ShockBook } from "./agents/books.js";
import { installDataFeed } from "./agents/data-feed.js";
import { installLendingAgents } from "./agents/lending.js";
import { installRuralAgents } from "./agents/rural.js";
import { installSetup } from "./agents/setup.js";
import { installTradeAgents } from "./agents/trade.js";
import { installVoucherAgents } from "./agents/vouchers.js";
import { Calendar } from "./calendar.js";
import { buildEconomy } from "./economy/setup.js";
import type { RunCheckpoint } from "./checkpoint.js";
import { castFromScenario } from "./cast.js";
import { Engine, type Progress } from "./engine.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./scenario/schema.js";
import { World } from "./world.js";

/** Wall-clock and memory figures of a run (the only part of a report that varies between runs). */
export interface RunTimings {
  deploySeconds: number;
  simulateSeconds: number;
  indexSeconds: number;
  totalSeconds: number;
  transactions: number;
  txPerSecond: number;
  /** Peak resident memory of the process up to the end of the run (the kernel's high-water mark). */
  peakRssMb: number;
  /** Peak of the JavaScript heap (the rest of the peak memory is mostly the chain's own, native). */
  peakHeapMb?: number;
  /** Where the simulation's time went (seconds); see {@link SimulationProfile}. */
  profile?: SimulationProfile;
}

/**
 * The simulation's wall time split by who was working: the chain mining blocks (executing the
 * transactions, committing state), the JSON-RPC path handing transactions over and reading receipts
 * back, and everything else (agents, economy, engine: the JavaScript of the simulator).
 */
export interface SimulationProfile {
  miningSeconds: number;
  submitSeconds: number;
  receiptsSeconds: number;
  agentsSeconds: number;
}

export interface SimulationResult {
  scenario: Scenario;
  seed: number;
  deployment: Deployment;
  ledger: Ledger;
  engine: Engine;
  world: World;
  timings: RunTimings;
}

/**
 * Runs a scenario end to end on a fresh in-process chain (or on `chain`, or the JSON-RPC node at
 * `rpcUrl`): deploys the consortium with the scenario's cast, lets the agents act day by day (every
 * business event a transaction), then indexes the chain's events. Same scenario and seed ⇒ same
 * transactions and same state. On a node, the chain layer uses what it allows: impersonation or the
 * participants' signatures, chosen block times or the contracts' project clock (see claimTimeline).
 */
export async function runScenario(
  scenario: Scenario,
  options: {
    seed?: number;
    onProgress?: (p: Progress) => void;
    keepEvents?: boolean;
    /** Keep checkpoints of the run (and resume from the ones it holds). */
    checkpoint?: RunCheckpoint;
    /** Hears when the run moves on to simulating and to indexing (deployment comes first). */
    onPhase?: (phase: "simulate" | "index") => void;
    /** Hears each step of the deployment as it is mined ("deploy ECNY", "admit members"…), with its transactions. */
    onDeployStep?: (step: string, transactions: number) => void;
    /** Run on this chain instead of a fresh in-process one (the caller closes it). */
    chain?: Chain;
    /** Run on the JSON-RPC node at this URL (closed with `result.deployment.chain.close()`). */
    rpcUrl?: string;
  } = {},
): Promise<SimulationResult> {
  const seed = options.seed ?? scenario.seed;
  const started = performance.now();
  let peakHeap = process.memoryUsage().heapUsed;
  const sampleHeap = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const calendar = new Calendar(
    scenario.horizon.start,
    scenario.horizon.days,
    scenario.calendar.businessDays,
    scenario.calendar.holidays,
  );
  const genesis = calendar.midnight(0) - 86_400;
  const chain =
    options.chain ??
    (options.rpcUrl
      ? await connectRpc(options.rpcUrl)
      : await createInProcessChain({ automine: false, startTime: new Date(genesis * 1000) }));
  const timeline = await claimTimeline(chain, BigInt(genesis)).catch(async (error: unknown) => {
    if (!options.chain) await chain.close();
    throw error;
  });
  let deployBlock = BigInt(genesis + 3_600);
  const deployment = await deployConsortium(chain, castFromScenario(scenario), {
    seed: scenario.name,
    mode: chain.canImpersonate ? "impersonate" : "sign",
    blockTime: () => deployBlock++,
    onPhase: options.onDeployStep,
  });
  const deployed = performance.now();

  options.onPhase?.("simulate");
  deployment.sender.revertDecoding = "replay";
  const checkpoint = options.checkpoint;
  const waited = { ...deployment.sender.waits };
  const engine = new Engine(checkpoint ? checkpoint.wrap(deployment.sender) : deployment.sender, calendar);
  const world = new World(scenario, calendar, engine, deployment, new Rng(seed, scenario.name));
  const rights = new RightsBook();
  const shocks = new ShockBook();
  const economy = buildEconomy(world);
  world.dayHooks.push((day) => economy.dayStarted(day));
  const setup = installSetup(world);
  const vouchers = scenario.vouchers ? installVoucherAgents(world, scenario.vouchers, economy) : undefined;
  const rural = scenario.rural ? installRuralAgents(world, scenario.rural, rights) : undefined;
  const lending = scenario.lending
    ? installLendingAgents(world, scenario.lending, setup.productIds, rights, shocks, economy, vouchers, rural)
    : undefined;
  if (scenario.payments) installTradeAgents(world, scenario.payments, lending);
  installDataFeed(world, scenario, shocks, economy);

  await engine.run(
    (day) => {
      checkpoint?.dayStarted(day, calendar.date(day), engine.progress.transactions);
      for (const hook of world.dayHooks) hook(day);
      sampleHeap();
    },
    (p) => options.onProgress?.(p),
  );
  checkpoint?.finish(calendar.days, calendar.date(calendar.days), engine.progress.transactions);
  const simulated = performance.now();

  options.onPhase?.("index");
  const ledger = await Ledger.create(deployment, { keepEvents: options.keepEvents ?? false });
  await ledger.sync();
  await timeline.release();
  sampleHeap();
  const indexed = performance.now();

  const simulateSeconds = (simulated - deployed) / 1000;
  const waits = deployment.sender.waits;
  const mining = (waits.mine - waited.mine) / 1000;
  const submit = (waits.submit - waited.submit) / 1000;
  const receipts = (waits.receipts - waited.receipts) / 1000;
  const profile: SimulationProfile = {
    miningSeconds: mining,
    submitSeconds: submit,
    receiptsSeconds: receipts,
    agentsSeconds: Math.max(0, simulateSeconds - mining - submit - receipts), // the rest of the simulation
  };
  return {
    scenario,
    seed,
    deployment,
    ledger,
    engine,
    world,
    timings: {
      deploySeconds: (deployed - started) / 1000,
      simulateSeconds,
      indexSeconds: (indexed - simulated) / 1000,
      totalSeconds: (indexed - started) / 1000,
      transactions: engine.progress.transactions,
      txPerSecond: simulateSeconds > 0 ? engine.progress.transactions / simulateSeconds : 0,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), // the kernel's high-water mark, in KiB
      peakHeapMb: Math.round(peakHeap / 1_048_576),
      profile,
    },
  };
}
