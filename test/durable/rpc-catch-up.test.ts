import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, JsonRpcProvider, Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { startScf, waitFor, type ScfProcess } from "./processes.js";

interface Manifest {
  rpcUrl: string;
  contracts: Record<string, string>;
  participants: { id: string; address: string; privateKey?: string }[];
}

async function started(proc: ScfProcess, pattern: RegExp, what: string): Promise<string> {
  return waitFor(() => pattern.exec(proc.output())?.[1], 90_000, what, proc);
}

async function stop(proc: ScfProcess): Promise<void> {
  proc.child.kill("SIGTERM");
  await proc.exited;
}

describe("scf serve --rpc-url --state", () => {
  it("catches up on what the chain did while the service was down, reading only the new blocks", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scf-catch-up-"));
    const node = startScf(["node", "--port", "0", "--manifest", join(dir, "node.json")]);
    const rpcUrl = await started(node, /listening on (http:\/\/127\.0\.0\.1:\d+)/, "scf node");
    const serveArgs = [
      "serve",
      "--rpc-url",
      rpcUrl,
      "--state",
      join(dir, "state"),
      "--port",
      "0",
      "--manifest",
      join(dir, "serve.json"),
    ];
    try {
      let serve = startScf(serveArgs);
      await started(serve, /listening on (http:\/\/127\.0\.0\.1:\d+)/, "scf serve");
      await stop(serve);

      // While the service is down, a member pays another straight on the chain (e.g. from MetaMask).
      const manifest = JSON.parse(await readFile(join(dir, "serve.json"), "utf8")) as Manifest;
      const who = (id: string) => manifest.participants.find((p) => p.id === id)!;
      const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
      const payer = new Wallet(who("steel-group").privateKey!, provider);
      const ecny = new Contract(
        manifest.contracts.ECNY,
        ["function transfer(address to, uint256 value) returns (bool)"],
        payer,
      );
      const tx = (await ecny.transfer(who("rolling-mill").address, 4_321n)) as {
        hash: string;
        wait(): Promise<unknown>;
      };
      await tx.wait();
      provider.destroy();

      serve = startScf(serveArgs);
      const url = await started(serve, /listening on (http:\/\/127\.0\.0\.1:\d+)/, "scf serve again");
      expect(serve.output()).toMatch(/attaching to the consortium/);
      const [, restored, fresh] = /index: (\d+) blocks from .*index\.sqlite, (\d+) new/.exec(serve.output())!;
      expect(Number(restored)).toBeGreaterThan(50); // the deployment and the story, from the database
      expect(Number(fresh)).toBe(1); // the one block mined while the service was down
      const tokens = JSON.parse(await readFile(join(dir, "state", "tokens.json"), "utf8")) as Record<string, string>;
      const events = (await (
        await fetch(`${url}/api/events?limit=20`, { headers: { authorization: `Bearer ${tokens["steel-group"]}` } })
      ).json()) as { events: { txHash: string; name: string }[] };
      expect(events.events.map((e) => e.txHash)).toContain(tx.hash);
      await stop(serve);
    } finally {
      await stop(node);
    }
  }, 300_000);
});
