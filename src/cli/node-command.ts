import { Command } from "commander";
import { network } from "hardhat";
import { ensureBuilt } from "../chain/artifacts.js";
import { demoCast, materializeCast } from "../chain/cast.js";
import { connectRpc, inProcessOverride } from "../chain/connect.js";
import { deployConsortium } from "../chain/deploy.js";
import { manifestOf, writeManifest } from "../chain/manifest.js";
import { ScfError } from "../domain/errors.js";
import { formatYuan } from "../domain/money.js";
import { ROLE_LABELS } from "../domain/roles.js";
import { intFlag, runCommand, userPath } from "./run-command.js";

const ETH = 10n ** 18n;

/** `scf node`: a standalone JSON-RPC chain on localhost with the consortium deployed. */
export function nodeCommand(): Command {
  return new Command("node")
    .description("start a standalone JSON-RPC chain on localhost with the consortium deployed and a cast funded")
    .option("--port <port>", "TCP port of the JSON-RPC server", intFlag("port", 1, 65535), 8545)
    .option("--host <host>", "interface to bind (keep 127.0.0.1 unless you mean to share it)", "127.0.0.1")
    .option(
      "--manifest <file>",
      "where to write the manifest (chain id, RPC URL, contracts, participants and dev keys)",
      "scf-manifest.json",
    )
    .option("--seed <seed>", "seed of the participants' dev keys (same seed, same addresses)", "scf")
    .action(
      runCommand(async (opts: { port: number; host: string; manifest: string; seed: string }) => {
        await ensureBuilt();
        const specs = demoCast();
        const cast = materializeCast(specs, opts.seed);
        const override = inProcessOverride({
          automine: true,
          accounts: cast.map((p) => ({ privateKey: p.privateKey, balance: 10_000n * ETH })),
        });
        const server = await network.createServer(
          { override } as Parameters<typeof network.createServer>[0],
          opts.host,
          opts.port,
        );
        let address: { address: string; port: number };
        try {
          address = await server.listen();
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === "EADDRINUSE")
            throw new ScfError("PORT_IN_USE", `port ${opts.port} is in use: choose another with --port`);
          throw error;
        }
        const rpcUrl = `http://${opts.host}:${address.port}`;
        const chain = await connectRpc(rpcUrl);
        const deployment = await deployConsortium(chain, specs, { seed: opts.seed, mode: "sign" });
        const manifestPath = userPath(opts.manifest);
        await writeManifest(manifestPath, manifestOf(deployment, rpcUrl));

        console.log(`scf node: consortium chain ${deployment.chain.chainId} listening on ${rpcUrl}`);
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
          await chain.close();
          await server.close();
          process.exit(0);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        await server.afterClosed();
      }),
    );
}
