import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScf, waitFor, type ScfProcess } from "../durable/processes.js";
import { startAnvil, stopAnvil, type Node } from "./anvil-node.js";

/**
 * A chain that is not a development chain (anvil with its own chain id, zero gas price, as a
 * consortium chain runs): the service refuses the public dev keys, signs with the participants'
 * own keys from encrypted keystores, writes no private key anywhere, and serves no dev tokens.
 */
const PASSWORD = "classroom-2026-secret";
const env = { ...process.env, SCF_KEYS_PASSWORD: PASSWORD };

interface Manifest {
  contracts: Record<string, string>;
  participants: { id: string; address: string; privateKey?: string; apiToken?: string }[];
}

async function listening(proc: ScfProcess): Promise<string> {
  return waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.output())?.[1], 120_000, "scf serve", proc);
}

async function stop(proc: ScfProcess): Promise<void> {
  proc.child.kill("SIGTERM");
  await proc.exited;
}

describe("participants' own keys on a consortium chain", () => {
  let node: Node;
  let dir: string;
  beforeAll(async () => {
    node = await startAnvil(["--chain-id", "4242", "--gas-price", "0", "--base-fee", "0"]);
    dir = await mkdtemp(join(tmpdir(), "scf-keys-"));
  });
  afterAll(() => stopAnvil(node));

  it("makes a keys file of encrypted keystores and never writes a key in clear", async () => {
    const made = startScf(["keys", "new", "--out", join(dir, "keys.json")], env);
    expect(await made.exited).toBe(0);
    expect(made.output()).toContain("22 encrypted keystores");
    const text = await readFile(join(dir, "keys.json"), "utf8");
    expect(text).not.toMatch(/privateKey/i);
    const file = JSON.parse(text) as { participants: { keystore: { crypto: { kdf: string } } }[] };
    expect(file.participants.every((p) => p.keystore.crypto.kdf === "scrypt")).toBe(true);
    const again = startScf(["keys", "new", "--out", join(dir, "keys.json")], env);
    expect(await again.exited).not.toBe(0);
    expect(again.output().trim()).toMatch(/^scf: .*exists: keep it, or replace it with --force$/);
  }, 120_000);

  it("refuses the public dev keys on a chain that is not a development chain, in one line", async () => {
    const serve = startScf(["serve", "--rpc-url", node.url, "--port", "0", "--manifest", join(dir, "dev.json")]);
    expect(await serve.exited).not.toBe(0);
    expect(serve.output().trim()).toMatch(
      /^scf: chain 4242 is not a development chain: give the participants' own keys with --keys FILE/,
    );
  });

  it("refuses a wrong password in one line", async () => {
    const serve = startScf(["serve", "--rpc-url", node.url, "--keys", join(dir, "keys.json"), "--port", "0"], {
      ...process.env,
      SCF_KEYS_PASSWORD: "not the password",
    });
    expect(await serve.exited).not.toBe(0);
    expect(serve.output().trim()).toMatch(/^scf: wrong password for the keystore of 0x[0-9a-f]{40}$/);
  }, 120_000);

  it("deploys and serves with the own keys, then attaches to the same deployment by its manifest", async () => {
    const manifestPath = join(dir, "serve.json");
    const serve = startScf(
      ["serve", "--rpc-url", node.url, "--keys", join(dir, "keys.json"), "--port", "0", "--manifest", manifestPath],
      env,
    );
    let url = await listening(serve);
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
    expect(manifest.participants.some((p) => p.privateKey !== undefined)).toBe(false);
    expect((await fetch(`${url}/api/dev/tokens`)).status).toBeGreaterThanOrEqual(400);
    const token = manifest.participants.find((p) => p.id === "steel-group")!.apiToken!;
    const paid = await fetch(`${url}/api/payments`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ to: "rolling-mill", amountFen: "555" }),
    });
    expect(paid.status).toBe(201);
    const balance = async () =>
      ((await (await fetch(`${url}/api/wallets/rolling-mill`)).json()) as { balanceFen: string }).balanceFen;
    const before = await balance();
    await stop(serve);

    const attached = startScf(
      ["serve", "--rpc-url", node.url, "--keys", join(dir, "keys.json"), "--attach", manifestPath, "--port", "0"],
      env,
    );
    url = await listening(attached);
    expect(attached.output()).toContain(`attaching to the consortium at ${manifest.contracts.Consortium}`);
    expect(await balance()).toBe(before);
    await stop(attached);
  }, 300_000);
});
