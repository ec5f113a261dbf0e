import { createInProcessChain } from "../chain/connect.js";
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
  peakRssMb: number;
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
 * Runs a scenario end to end on a fresh in-process chain: deploys the consortium with the
 * scenario's cast, lets the agents act day by day (every business event a transaction), then
 * indexes the chain's events. Same scenario and seed ⇒ same transactions and same state.
 */
export async function runScenario(
  scenario: Scenario,
  options: { seed?: number; onProgress?: (p: Progress) => void; keepEvents?: boolean } = {},
): Promise<SimulationResult> {
  const seed = options.seed ?? scenario.seed;
  const started = performance.now();
  let peakRss = process.memoryUsage().rss;
  const sampleMemory = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const calendar = new Calendar(
    scenario.horizon.start,
    scenario.horizon.days,
    scenario.calendar.businessDays,
    scenario.calendar.holidays,
  );
  const genesis = calendar.midnight(0) - 86_400;
  const chain = await createInProcessChain({ automine: false, startTime: new Date(genesis * 1000) });
  let deployBlock = BigInt(genesis + 3_600);
  const deployment = await deployConsortium(chain, castFromScenario(scenario), {
    seed: scenario.name,
    mode: "impersonate",
    blockTime: () => deployBlock++,
  });
  const deployed = performance.now();

  deployment.sender.revertDecoding = "replay";
  const engine = new Engine(deployment.sender, calendar);
  const world = new World(scenario, calendar, engine, deployment, new Rng(seed, scenario.name));
  const rights = new RightsBook();
  const shocks = new ShockBook();
  const setup = installSetup(world);
  if (scenario.vouchers) installVoucherAgents(world, scenario.vouchers);
  if (scenario.rural) installRuralAgents(world, scenario.rural, rights);
  if (scenario.lending) installLendingAgents(world, scenario.lending, setup.productIds, rights, shocks);
  if (scenario.payments) installTradeAgents(world, scenario.payments);
  installDataFeed(world, scenario, shocks);

  await engine.run(
    (day) => {
      for (const hook of world.dayHooks) hook(day);
      if (day % 16 === 0) sampleMemory();
    },
    (p) => options.onProgress?.(p),
  );
  const simulated = performance.now();

  const ledger = await Ledger.create(deployment, { keepEvents: options.keepEvents ?? false });
  await ledger.sync();
  sampleMemory();
  const indexed = performance.now();

  const simulateSeconds = (simulated - deployed) / 1000;
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
      peakRssMb: Math.round(peakRss / 1_048_576),
    },
  };
}
