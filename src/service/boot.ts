import { demoCast } from "../chain/cast.js";
import { connectRpc, createInProcessChain } from "../chain/connect.js";
import { deployConsortium, type Deployment } from "../chain/deploy.js";
import { Sender } from "../chain/sender.js";
import { Ledger } from "../ledger/ledger.js";
import { runScenario } from "../sim/run.js";
import type { Scenario } from "../sim/scenario/schema.js";
import { seedStory } from "./seed.js";
import { ScfService, type ServiceOptions } from "./service.js";

export interface BootOptions {
  /** Run this scenario through the simulator first, then serve its chain. */
  scenario?: Scenario;
  /** Deploy to this JSON-RPC chain (e.g. one started by `scf node`) instead of an in-process one. */
  rpcUrl?: string;
  /** Seed of the demo cast's dev keys (default "scf"); a scenario's keys derive from its name. */
  seed?: string;
  /** Seed the small demo story (default true; never with a scenario). */
  story?: boolean;
  /** Progress messages. */
  onPhase?: (message: string) => void;
  log?: ServiceOptions["log"];
}

/**
 * Starts the chain and the service behind `scf serve`: by default an in-process chain (automine)
 * with the demo consortium deployed in sign mode and the small story seeded; with `rpcUrl`, the same
 * on that chain; with `scenario`, the simulator's chain after the run, switched to automine and to
 * signing with the cast's own keys.
 * @example const service = await bootService({}); // then createApp(service)
 */
export async function bootService(options: BootOptions = {}): Promise<ScfService> {
  const phase = options.onPhase ?? (() => undefined);
  if (options.scenario) {
    const scenario = options.scenario;
    phase(`running scenario ${scenario.name} (${scenario.horizon.days} days)…`);
    const result = await runScenario(scenario, { keepEvents: true });
    const chain = result.deployment.chain;
    await chain.rpc.request({ method: "evm_setAutomine", params: [true] });
    chain.automine = true;
    const sender = new Sender(chain, "sign");
    for (const p of result.deployment.cast.all) sender.addKey(p.privateKey);
    const deployment: Deployment = { ...result.deployment, sender };
    const periodEnd = Date.parse(`${scenario.horizon.start}T00:00:00+08:00`) / 1000 + scenario.horizon.days * 86_400;
    return ScfService.create(deployment, result.ledger, {
      scenario: scenario.name,
      periodEnd,
      baselineSettlementDays: scenario.payments?.baselineSettlementDays,
      log: options.log,
    });
  }
  const chain = options.rpcUrl ? await connectRpc(options.rpcUrl) : await createInProcessChain({ automine: true });
  try {
    phase(`deploying the consortium to ${options.rpcUrl ?? "an in-process chain"}…`);
    const deployment = await deployConsortium(chain, demoCast(), { seed: options.seed ?? "scf", mode: "sign" });
    const ledger = await Ledger.create(deployment, { keepEvents: true });
    const service = await ScfService.create(deployment, ledger, { log: options.log });
    if (options.story ?? true) {
      phase("seeding the demo story…");
      await seedStory(service);
    }
    return service;
  } catch (error) {
    await chain.close();
    throw error;
  }
}
