import { Command } from "commander";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { compileWithProgress } from "./compile.js";
import { attachConsortium } from "../chain/attach.js";
import { demoCast, materializeCast } from "../chain/cast.js";
import { createInProcessChain, type Chain } from "../chain/connect.js";
import { deployConsortium, type Deployment } from "../chain/deploy.js";
import { manifestOf, writeManifest } from "../chain/manifest.js";
import { serveRpc } from "../chain/rpc-server.js";
import { formatYuan } from "../domain/money.js";
import { ROLE_LABELS } from "../domain/roles.js";
import { journaledChain } from "../durable/journaled-chain.js";
import { StateDir } from "../durable/state-dir.js";
import { intFlag, runCommand, stateFolder, userPath } from "./run-command.js";

const ETH = 10n ** 18n;

interface NodeOptions {
  port: number;
  host: string;
  manifest: string;
  seed: string;
  state?: string;
}

/** `scf node`: a standalone JSON-RPC chain on localhost with the consortium deployed. */
export function nodeCommand(): Command {
  return new Command("node")
    .description("start a standalone JSON-RPC chain on localhost with the consortium deployed and a cast funded")
    .option("--port <port>", "TCP port of the JSON-RPC server (0: any free port)", intFlag("port", 0, 65535), 8545)
    .option("--host <host>", "interface to bind (keep 127.0.0.1 unless you mean to share it)", "127.0.0.1")
    .option(
      "--manifest <file>",
      "where to write the manifest (chain id, RPC URL, contracts, participants and dev keys)",
      "scf-manifest.json",
    )
    .option("--seed <seed>", "seed of the participants' dev keys (same seed, same addresses)", "scf")
    .option(
      "--state <dir>",
      "keep the chain in this folder (a journal of every accepted transaction) and start from it again",
    )
    .action(
      runCommand(async (opts: NodeOptions) => {
        await compileWithProgress("scf node");
        await mkdir(dirname(userPath(opts.manifest)), { recursive: true }); // fails before the deployment, not after
        const state = opts.state ? StateDir.open(stateFolder(opts.state, "node"), "node") : undefined;
        const meta = state?.meta;
        if (state && meta) state.expect("seed", meta.seed, opts.seed, "--seed");
        const specs = demoCast();
        const cast = materializeCast(specs, opts.seed);
        const genesis = meta?.genesis ?? Math.floor(Date.now() / 1000);
        const fresh = await createInProcessChain({
          automine: true,
          startTime: state ? new Date(genesis * 1000) : undefined,
          accounts: cast.map((p) => ({ privateKey: p.privateKey, balance: 10_000n * ETH })),
          solidityTraces: true, // wallets and scripts connected to the node see decoded Solidity errors
        });
        let chain: Chain = fresh;
        if (state) {
          chain = await journaledChain(fresh, state.journalPath, (message) => console.log(`scf node: ${message}`));
        }
        let deployment: Deployment;
        let server;
        try {
          server = await serveRpc(chain.rpc, opts.host, opts.port);
          deployment = meta
            ? await attachConsortium(chain, specs, meta.addresses, { seed: opts.seed })
            : await deployConsortium(chain, specs, { seed: opts.seed, mode: "sign" });
        } catch (error) {
          await server?.close();
          await chain.close();
          state?.release();
          throw error;
        }
        if (state && !meta) {
          state.writeMeta({
            version: 1,
            command: "node",
            createdAt: new Date().toISOString(),
            genesis,
            seed: opts.seed,
            chainId: chain.chainId.toString(),
            addresses: deployment.addresses,
          });
        }
        const manifestPath = userPath(opts.manifest);
        await writeManifest(manifestPath, manifestOf(deployment, server.url));

        console.log(`scf node: consortium chain ${chain.chainId} listening on ${server.url}`);
        if (state) console.log(`  state kept in ${state.dir}${meta ? " (restarted from it)" : ""}`);
        for (const [name, addr] of Object.entries(deployment.addresses)) console.log(`  ${name.padEnd(16)} ${addr}`);
        console.log(`  participants:`);
        for (const p of deployment.cast.all) {
          const balance = await deployment.contracts.ecny.balanceOf(p.address);
          console.log(
            `    ${p.id.padEnd(24)} ${ROLE_LABELS[p.role].en.padEnd(22)} ${p.address}  ${formatYuan(balance)}`,
          );
        }
        console.log(`manifest (with dev private keys): ${manifestPath}`);
        console.log("press Ctrl+C to stop");

        const stop = async () => {
          await server.close();
          await chain.close();
          state?.release();
          process.exit(0);
        };
        process.once("SIGINT", () => void stop());
        process.once("SIGTERM", () => void stop());
        await server.closed;
      }),
    );
}
