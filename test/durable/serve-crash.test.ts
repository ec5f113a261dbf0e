import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { killHard, seeded, startScf, waitFor, type ScfProcess } from "./processes.js";

const KILLS = 5;

interface Started {
  proc: ScfProcess;
  url: string;
  token: string;
}

async function startServe(stateDir: string): Promise<Started> {
  const proc = startScf([
    "serve",
    "--state",
    stateDir,
    "--port",
    "0",
    "--manifest",
    join(stateDir, "..", "manifest.json"),
  ]);
  const url = await waitFor(
    () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.output())?.[1],
    90_000,
    "scf serve to listen",
    proc,
  );
  const tokens = JSON.parse(await readFile(join(stateDir, "tokens.json"), "utf8")) as Record<string, string>;
  return { proc, url, token: tokens["steel-group"] };
}

async function api(s: Started, path: string, body?: unknown): Promise<Response> {
  return fetch(`${s.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function balanceOf(s: Started, id: string): Promise<bigint> {
  const wallet = (await (await api(s, `/api/wallets/${id}`)).json()) as { balanceFen: string };
  return BigInt(wallet.balanceFen);
}

/** Every e-CNY payment the index holds from the steel group to the rolling mill: tx hash → amount. */
async function indexedPayments(s: Started, from: string, to: string): Promise<{ hash: string; value: bigint }[]> {
  const found: { hash: string; value: bigint }[] = [];
  let before: string | null = null;
  do {
    const page = (await (await api(s, `/api/events?limit=1000${before ? `&before=${before}` : ""}`)).json()) as {
      events: { contract: string; name: string; txHash: string; args: Record<string, string> }[];
      next: string | null;
    };
    for (const e of page.events) {
      if (e.contract === "ECNY" && e.name === "Transfer" && e.args.from === from && e.args.to === to) {
        found.push({ hash: e.txHash, value: BigInt(e.args.value) });
      }
    }
    before = page.next;
  } while (before);
  return found;
}

describe("scf serve --state under kill -9", () => {
  it("loses no acknowledged write and applies none twice across five hard kills", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scf-serve-crash-"));
    const stateDir = join(dir, "state");
    const random = seeded(20261203);
    const acknowledged = new Map<string, bigint>(); // tx hash → amount in fen
    let amount = 0n;
    let s = await startServe(stateDir);
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as {
      participants: { id: string; address: string }[];
    };
    const address = (id: string) => manifest.participants.find((p) => p.id === id)!.address.toLowerCase();
    const startBalance = await balanceOf(s, "rolling-mill");

    for (let round = 0; round < KILLS; round++) {
      const killAt = Date.now() + 300 + random() * 1_500;
      // Two writers at once, each a bounded loop of payments with amounts no other write uses.
      const writer = async () => {
        for (let i = 0; i < 200 && Date.now() < killAt + 2_000; i++) {
          amount += 1n;
          const fen = amount;
          try {
            const res = await api(s, "/api/payments", { to: "rolling-mill", amountFen: fen.toString() });
            if (res.status >= 200 && res.status < 300) {
              const body = (await res.json()) as { txHash: string };
              acknowledged.set(body.txHash, fen);
            }
          } catch {
            return; // the server is gone: what was not answered was not acknowledged
          }
        }
      };
      const writers = Promise.all([writer(), writer()]);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, killAt - Date.now())));
      await killHard(s.proc);
      await writers;
      s = await startServe(stateDir);
    }

    try {
      expect(acknowledged.size).toBeGreaterThan(KILLS);
      // The index, rebuilt from its database and caught up from the replayed chain.
      const indexed = await indexedPayments(s, address("steel-group"), address("rolling-mill"));
      const byHash = new Map(indexed.map((p) => [p.hash, p.value]));
      expect(byHash.size).toBe(indexed.length); // no transaction twice
      expect(new Set(indexed.map((p) => p.value)).size).toBe(indexed.length); // no payment twice
      const lost = [...acknowledged].filter(([hash, fen]) => byHash.get(hash) !== fen);
      expect(lost).toEqual([]);
      // The chain itself (a contract view) agrees with the index, to the fen.
      const paid = indexed.reduce((sum, p) => sum + p.value, 0n);
      expect(await balanceOf(s, "rolling-mill")).toBe(startBalance + paid);
      // The journal is the chain's history: each acknowledged transaction is in it exactly once.
      const journal = (await readFile(join(stateDir, "chain.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { r?: string }).r);
      for (const hash of acknowledged.keys()) expect(journal.filter((r) => r === hash)).toHaveLength(1);
      // And the report's reconciliation checks hold on the restarted consortium.
      const checks = (await (await api(s, "/api/checks")).json()) as { holds: boolean; checks: { name: string }[] };
      expect(checks.checks.length).toBeGreaterThan(3);
      expect(checks.holds).toBe(true);
    } finally {
      s.proc.child.kill("SIGTERM");
      await s.proc.exited;
    }
  }, 600_000);

  it("refuses a second process on the same state folder with one line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scf-serve-lock-"));
    const stateDir = join(dir, "state");
    const first = await startServe(stateDir);
    try {
      const second = startScf(["serve", "--state", stateDir, "--port", "0"]);
      expect(await second.exited).not.toBe(0);
      expect(second.output().trim()).toMatch(/^scf: .*is in use by process \d+/);
    } finally {
      first.proc.child.kill("SIGTERM");
      await first.proc.exited;
    }
    // A clean stop gives the folder back: it starts again, from the same chain.
    const again = await startServe(stateDir);
    expect(again.proc.output()).toContain("replaying the journal");
    again.proc.child.kill("SIGTERM");
    expect(await again.proc.exited).toBe(0);
  }, 300_000);
});
