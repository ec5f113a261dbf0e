import { isDevelopmentChain } from "../api/host.js";
import { attachConsortium } from "../chain/attach.js";
import { demoCast } from "../chain/cast.js";
import { connectRpc, createInProcessChain, type Chain } from "../chain/connect.js";
import { deployConsortium, type Deployment } from "../chain/deploy.js";
import { Sender } from "../chain/sender.js";
import { ScfError } from "../domain/errors.js";
import { IndexStore } from "../durable/index-store.js";
import { journaledChain, type JournaledChain } from "../durable/journaled-chain.js";
import { StateDir } from "../durable/state-dir.js";
import { Ledger } from "../ledger/ledger.js";
import { scenarioDigest } from "../sim/checkpoint.js";
import { runScenario } from "../sim/run.js";
import type { Scenario } from "../sim/scenario/schema.js";
import { seedStory } from "./seed.js";
import { ScfService, type ServiceOptions } from "./service.js";
import { ApiTokens } from "./tokens.js";

export interface BootOptions {
  /** Run this scenario through the simulator first, then serve its chain. */
  scenario?: Scenario;
  /** Deploy to this JSON-RPC chain (e.g. one started by `scf node`) instead of an in-process one. */
  rpcUrl?: string;
  /** Seed of the demo cast's dev keys (default "scf"); a scenario's keys derive from its name. */
  seed?: string;
  /** Seed the small demo story (default true; never with a scenario). */
  story?: boolean;
  /**
   * Keep the chain (in-process: a journal of every accepted call), the index and the API tokens in
   * this folder, and start from them when it already holds a state.
   */
  stateDir?: string;
  /** The participants' own keys (participant id → private key) instead of dev keys from the seed. */
  keys?: Map<string, string>;
  /** Attach to the consortium already deployed at these addresses (a manifest's) instead of deploying. */
  attach?: Record<string, string>;
  /** Progress messages. */
  onPhase?: (message: string) => void;
  log?: ServiceOptions["log"];
}

type Phase = (message: string) => void;

/**
 * Starts the chain and the service behind `scf serve`: by default an in-process chain (automine)
 * with the demo consortium deployed in sign mode and the small story seeded; with `rpcUrl`, the same
 * on that chain; with `scenario`, the simulator's chain after the run, switched to automine and to
 * signing with the cast's own keys. With `stateDir`, everything acknowledged survives a restart.
 * @example const service = await bootService({}); // then createApp(service)
 */
export async function bootService(options: BootOptions = {}): Promise<ScfService> {
  const phase = options.onPhase ?? (() => undefined);
  const state = options.stateDir ? StateDir.open(options.stateDir, "serve") : undefined;
  try {
    if (options.scenario) return await bootScenario(options.scenario, options, phase, state);
    return await bootDemo(options, phase, state);
  } catch (error) {
    state?.release();
    throw error;
  }
}

/** The demo consortium, in process or on a JSON-RPC chain; from the state folder when it has one. */
async function bootDemo(options: BootOptions, phase: Phase, state?: StateDir): Promise<ScfService> {
  const seed = options.seed ?? "scf";
  const meta = state?.meta;
  if (state && meta) {
    state.expect("seed", meta.seed, seed, "--seed");
    if (Boolean(meta.rpcUrl) !== Boolean(options.rpcUrl)) {
      throw new ScfError(
        "STATE_MISMATCH",
        `${state.dir} holds ${meta.rpcUrl ? `a deployment on ${meta.rpcUrl}: start with --rpc-url` : "an in-process chain: start without --rpc-url"}`,
      );
    }
  }
  const genesis = meta?.genesis ?? Math.floor(Date.now() / 1000);
  const fresh = options.rpcUrl
    ? await connectRpc(options.rpcUrl)
    : await createInProcessChain({ automine: true, startTime: state ? new Date(genesis * 1000) : undefined });
  let chain: Chain = fresh;
  try {
    if (meta && meta.chainId !== fresh.chainId.toString()) {
      throw new ScfError(
        "STATE_MISMATCH",
        `${state!.dir} holds a deployment on chain ${meta.chainId}, but ${options.rpcUrl} is chain ${fresh.chainId}`,
      );
    }
    if (!options.keys && !isDevelopmentChain(fresh)) {
      throw new ScfError(
        "DEV_KEYS_REFUSED",
        `chain ${fresh.chainId} is not a development chain: give the participants' own keys with --keys FILE (made by \`scf keys new\`), never the public dev keys`,
      );
    }
    const journaled = state && !options.rpcUrl ? await journaledChain(fresh, state.journalPath, phase) : undefined;
    chain = journaled ?? fresh;
    const keys = options.keys;
    const existing = meta?.addresses ?? options.attach;
    let deployment: Deployment;
    if (existing) {
      phase(`attaching to the consortium at ${existing.Consortium ?? "?"}…`);
      deployment = await attachConsortium(chain, demoCast(), existing, { seed, keys });
    } else {
      phase(`deploying the consortium to ${options.rpcUrl ?? "an in-process chain"}…`);
      deployment = await deployConsortium(chain, demoCast(), { seed, mode: "sign", keys });
    }
    const service = await startService(deployment, state, journaled, phase, { log: options.log });
    if (!existing && (options.story ?? true)) {
      phase("seeding the demo story…");
      await seedStory(service);
    }
    if (state && !meta) {
      state.writeMeta({
        version: 1,
        command: "serve",
        createdAt: new Date().toISOString(),
        genesis: options.rpcUrl ? undefined : genesis,
        seed,
        chainId: chain.chainId.toString(),
        rpcUrl: options.rpcUrl,
        addresses: deployment.addresses,
      });
    }
    return service;
  } catch (error) {
    await chain.close();
    throw error;
  }
}

/** A scenario's chain after the simulator (run again on restart: same scenario and seed, same chain). */
async function bootScenario(
  scenario: Scenario,
  options: BootOptions,
  phase: Phase,
  state?: StateDir,
): Promise<ScfService> {
  phase(`running scenario ${scenario.name} (${scenario.horizon.days} days)…`);
  const result = await runScenario(scenario, { keepEvents: !state });
  const chain = result.deployment.chain;
  try {
    await chain.rpc.request({ method: "evm_setAutomine", params: [true] });
    chain.automine = true;
    const periodEnd = Date.parse(`${scenario.horizon.start}T00:00:00+08:00`) / 1000 + scenario.horizon.days * 86_400;
    const serviceOptions: ServiceOptions = {
      scenario: scenario.name,
      periodEnd,
      baselineSettlementDays: scenario.payments?.baselineSettlementDays,
      log: options.log,
    };
    if (!state) {
      const sender = new Sender(chain, "sign");
      for (const p of result.deployment.cast.all) sender.addKey(p.privateKey);
      return await ScfService.create({ ...result.deployment, sender }, result.ledger, serviceOptions);
    }
    const tip = (await chain.rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      number: string;
      hash: string;
    };
    const digest = scenarioDigest(scenario);
    const meta = state.meta;
    if (meta) {
      state.expect("scenario", meta.scenario?.name, scenario.name, "--scenario");
      state.expect("scenario file", meta.scenario?.digest, digest, "a scenario file of digest");
      state.expect("simulated chain", meta.scenario?.tip.hash, tip.hash, "a simulated chain ending in block");
    }
    const journaled = await journaledChain(chain, state.journalPath, phase);
    const sender = new Sender(journaled, "sign");
    for (const p of result.deployment.cast.all) sender.addKey(p.privateKey);
    const deployment: Deployment = { ...result.deployment, chain: journaled, sender };
    const service = await startService(deployment, state, journaled, phase, serviceOptions);
    if (!meta) {
      state.writeMeta({
        version: 1,
        command: "serve",
        createdAt: new Date().toISOString(),
        seed: result.deployment.seed,
        chainId: chain.chainId.toString(),
        addresses: deployment.addresses,
        scenario: {
          name: scenario.name,
          seed: result.seed,
          digest,
          tip: { block: Number(tip.number), hash: tip.hash },
        },
      });
    }
    return service;
  } catch (error) {
    await chain.close();
    throw error;
  }
}

/** The service with its indexer; with a state folder, a durable index and the kept API tokens. */
async function startService(
  deployment: Deployment,
  state: StateDir | undefined,
  journaled: JournaledChain | undefined,
  phase: Phase,
  options: ServiceOptions,
): Promise<ScfService> {
  if (!state) return ScfService.create(deployment, await Ledger.create(deployment, { keepEvents: true }), options);
  const store = IndexStore.open(state.indexPath);
  try {
    phase("indexing…");
    const ledger = await Ledger.create(deployment, { keepEvents: true, store, limit: journaled?.durableHeight });
    const saved = state.readTokens();
    const tokens = saved ? ApiTokens.restore(deployment.cast.all, saved) : ApiTokens.generate(deployment.cast.all);
    state.writeTokens(tokens.byParticipant);
    const service = await ScfService.create(deployment, ledger, {
      ...options,
      tokens,
      onClose: () => {
        store.close();
        state.release();
      },
    });
    const restored = ledger.restoredBlocks;
    phase(`index: ${restored} blocks from ${state.indexPath}, ${ledger.totals.blocks - restored} new`);
    return service;
  } catch (error) {
    store.close();
    throw error;
  }
}
