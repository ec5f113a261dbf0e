import { Command } from "commander";
import { compileWithProgress } from "./compile.js";
import { createApp } from "../api/app.js";
import { listen } from "../api/server.js";
import { connectRpc } from "../chain/connect.js";
import { keysPassword, loadKeysFile, readKeysFile } from "../chain/keystore.js";
import { manifestOf, readManifest, writeManifest } from "../chain/manifest.js";
import { ScfError } from "../domain/errors.js";
import { ROLE_LABELS } from "../domain/roles.js";
import { bootService } from "../service/boot.js";
import { loadScenario } from "../sim/scenario/load.js";
import { intFlag, runCommand, stateFolder, userPath } from "./run-command.js";
import { scenarioPath } from "./sim-command.js";

interface ServeOptions {
  scenario?: string;
  port: number;
  host: string;
  rpcUrl?: string;
  manifest: string;
  seed: string;
  devTokens: boolean;
  state?: string;
  keys?: string;
  attach?: string;
}

/**
 * `scf serve`: the REST API, the live event stream and the dashboard on a consortium chain. Every
 * write is made as a participant (its API token) and signed by that participant's own key.
 */
export function serveCommand(): Command {
  return new Command("serve")
    .description("serve the REST API, live events and the dashboard on a consortium chain (a demo story by default)")
    .option("--scenario <file>", "run this scenario through the simulator first, then serve its chain")
    .option("--port <port>", "TCP port of the HTTP server", intFlag("port", 0, 65535), 3000)
    .option("--host <host>", "interface to bind (keep 127.0.0.1 unless you mean to share it)", "127.0.0.1")
    .option("--rpc-url <url>", "deploy to this JSON-RPC chain (e.g. one started by `scf node`) instead of in-process")
    .option(
      "--manifest <file>",
      "where to write the manifest (contracts, participants, dev keys and API tokens)",
      "scf-serve-manifest.json",
    )
    .option("--seed <seed>", "seed of the participants' dev keys (a scenario's keys derive from its name)", "scf")
    .option(
      "--state <dir>",
      "keep the chain, the index and the API tokens in this folder and start from it again (survives kill -9)",
    )
    .option(
      "--keys <file>",
      "sign with the participants' own keys from this keys file (`scf keys new`; password from SCF_KEYS_PASSWORD or asked)",
    )
    .option("--attach <manifest>", "with --rpc-url: use the consortium this manifest names instead of deploying one")
    .option("--no-dev-tokens", "do not serve the dev tokens at /api/dev/tokens (the dashboard's participant switcher)")
    .action(
      runCommand(async (opts: ServeOptions) => {
        await compileWithProgress("scf serve");
        if (opts.attach && !opts.rpcUrl) {
          throw new ScfError("INVALID_FLAG", "--attach needs --rpc-url: the chain the manifest's consortium lives on");
        }
        if (opts.scenario && (opts.keys || opts.attach || opts.rpcUrl)) {
          throw new ScfError(
            "INVALID_FLAG",
            "--scenario runs on an in-process chain: leave out --rpc-url, --keys and --attach",
          );
        }
        const scenario = opts.scenario ? await loadScenario(scenarioPath(opts.scenario)) : undefined;
        if (opts.keys) await loadKeysFile(userPath(opts.keys)); // a missing file before asking for its password
        const keys = opts.keys ? await readKeysFile(userPath(opts.keys), await keysPassword()) : undefined;
        const manifest = opts.attach ? await readManifest(userPath(opts.attach)) : undefined;
        if (manifest) await expectChain(opts.rpcUrl!, manifest.chainId, userPath(opts.attach!));
        const attach = manifest?.contracts;
        const service = await bootService({
          scenario,
          rpcUrl: opts.rpcUrl,
          seed: opts.seed,
          stateDir: opts.state ? stateFolder(opts.state, "serve") : undefined,
          keys,
          attach,
          onPhase: (message) => console.log(`scf serve: ${message}`),
        });
        let http;
        try {
          http = await listen(createApp(service, { devTokens: opts.devTokens, boundHost: opts.host }), {
            port: opts.port,
            host: opts.host,
          });
        } catch (error) {
          await service.close();
          throw error;
        }
        service.startSync(1_000);

        const manifestPath = userPath(opts.manifest);
        const rpcUrl = service.deployment.chain.rpcUrl ?? "in-process (not reachable from other tools)";
        await writeManifest(manifestPath, manifestOf(service.deployment, rpcUrl, service.tokens.byParticipant));

        console.log(`scf serve: listening on ${http.url}  (API docs: ${http.url}/api/docs)`);
        console.log(`  chain ${service.deployment.chain.chainId} ${service.deployment.chain.rpcUrl ?? "in-process"}`);
        console.log("  participants and their dev API tokens (Authorization: Bearer <token>):");
        for (const p of service.deployment.cast.all) {
          const role = ROLE_LABELS[p.role].en;
          console.log(`    ${p.id.padEnd(24)} ${role.padEnd(22)} ${service.tokens.byParticipant.get(p.id)}`);
        }
        console.log(`manifest (addresses, roles, dev keys, API tokens): ${manifestPath}`);
        console.log("press Ctrl+C to stop");

        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          console.log(`scf serve: ${signal}, shutting down…`);
          service.endStreams(); // open event streams would keep the server from closing
          await http.close(); // stop accepting requests, let those in flight finish
          await service.close(); // then the chain
          process.exit(0);
        };
        process.once("SIGINT", () => void stop("SIGINT"));
        process.once("SIGTERM", () => void stop("SIGTERM"));
        await new Promise<void>((resolve) => http.server.once("close", resolve));
      }),
    );
}

/** Refuses a manifest made for another chain than the one at `rpcUrl` (its chain id says where it lives). */
async function expectChain(rpcUrl: string, chainId: string, manifestPath: string): Promise<void> {
  const chain = await connectRpc(rpcUrl);
  try {
    if (chain.chainId.toString() !== String(chainId)) {
      throw new ScfError(
        "MANIFEST_OTHER_CHAIN",
        `${manifestPath}: the manifest's consortium is on chain ${chainId}, the chain at ${rpcUrl} is chain ${chain.chainId}`,
      );
    }
  } finally {
    await chain.close();
  }
}
