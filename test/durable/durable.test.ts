import { appendFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decryptKeystoreJson, encryptKeystoreJson, Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { demoCast } from "../../src/chain/cast.js";
import { createInProcessChain } from "../../src/chain/connect.js";
import { deployConsortium } from "../../src/chain/deploy.js";
import { txOf } from "../../src/chain/handles.js";
import { decryptKey, encryptKey } from "../../src/chain/keystore.js";
import { IndexStore } from "../../src/durable/index-store.js";
import { Journal } from "../../src/durable/journal.js";
import { journaledChain } from "../../src/durable/journaled-chain.js";
import { StateDir } from "../../src/durable/state-dir.js";
import { Ledger } from "../../src/ledger/ledger.js";
import { computeVolumes } from "../../src/report/build.js";

const GENESIS = new Date("2026-03-02T00:00:00Z");

const json = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "scf-durable-"));
}

describe("the journal", () => {
  it("keeps every whole entry and drops a line torn by a crash", async () => {
    const path = join(await tempDir(), "j.jsonl");
    const journal = Journal.open<{ n: number }>(path);
    journal.append({ n: 1 });
    journal.appendMany([{ n: 2 }, { n: 3 }]);
    journal.close();
    appendFileSync(path, '{"n":4'); // the process died while writing
    const reopened = Journal.open<{ n: number }>(path);
    expect(reopened.entries).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    reopened.append({ n: 5 });
    reopened.close();
    expect(Journal.open<{ n: number }>(path).entries.map((e) => e.n)).toEqual([1, 2, 3, 5]);
  });

  it("refuses a file damaged before its last line", async () => {
    const path = join(await tempDir(), "j.jsonl");
    writeFileSync(path, '{"n":1}\nnot json\n{"n":3}\n');
    expect(() => Journal.open(path)).toThrow(/j\.jsonl:2: not a journal entry/);
  });
});

describe("a chain kept in a journal", () => {
  it("comes back block for block, and its index comes back from the database without reading old blocks", async () => {
    const dir = await tempDir();
    const journalPath = join(dir, "chain.jsonl");
    const store = IndexStore.open(join(dir, "index.sqlite"));

    const first = await journaledChain(await createInProcessChain({ automine: true, startTime: GENESIS }), journalPath);
    const d = await deployConsortium(first, demoCast(), { mode: "sign" });
    const mill = d.cast.get("rolling-mill").address;
    const recycler = d.cast.get("scrap-recycler").address;
    for (const amount of [100n, 250n, 999n]) {
      await d.sender.send(txOf(d.contracts.ecny, mill, "transfer", [recycler, amount]), { throwOnRevert: true });
    }
    const ledger = await Ledger.create(d, { store, limit: first.durableHeight });
    await ledger.sync();
    const tip = (await first.rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      hash: string;
      number: string;
    };
    const volumes = json(computeVolumes(ledger, { endTime: 1_900_000_000 }));
    const recyclerBalance = await d.contracts.ecny.balanceOf(recycler);
    await first.close();

    const second = await journaledChain(
      await createInProcessChain({ automine: true, startTime: GENESIS }),
      journalPath,
    );
    expect(second.replayed).toBeGreaterThan(70);
    const again = (await second.rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      hash: string;
    };
    expect(again.hash).toBe(tip.hash);
    const restored = await Ledger.create({ ...d, chain: second }, { store, limit: second.durableHeight });
    expect(restored.restoredBlocks).toBe(Number(tip.number) + 1);
    expect(await restored.sync()).toBe(0); // nothing left to read
    expect(json(computeVolumes(restored, { endTime: 1_900_000_000 }))).toBe(volumes);
    expect(await d.contracts.ecny.connect(second.provider).balanceOf(recycler)).toBe(recyclerBalance);
    await second.close();

    // Another chain (here: one without the journal) does not have the stored blocks: the index starts again.
    const other = await createInProcessChain({ automine: true, startTime: GENESIS });
    const od = await deployConsortium(other, demoCast(), { mode: "sign" });
    const fresh = await Ledger.create(od, { store });
    expect(fresh.restoredBlocks).toBe(0);
    await fresh.sync();
    expect(store.lastBlock()).toBe(Number(await other.rpc.request({ method: "eth_blockNumber" })));
    store.close();
    await other.close();
  });

  it("refuses calls that would rewrite its history", async () => {
    const chain = await journaledChain(
      await createInProcessChain({ automine: true, startTime: GENESIS }),
      join(await tempDir(), "chain.jsonl"),
    );
    await expect(chain.rpc.request({ method: "evm_snapshot", params: [] })).rejects.toThrow(/history is kept/);
    await chain.close();
  });
});

describe("a state folder", () => {
  it("belongs to one command and refuses other settings in one line", async () => {
    const dir = await tempDir();
    const state = StateDir.open(dir, "serve");
    state.writeMeta({
      version: 1,
      command: "serve",
      createdAt: "2026-12-03T00:00:00Z",
      seed: "scf",
      chainId: "31337",
      addresses: {},
    });
    state.release();
    expect(() => StateDir.open(dir, "node")).toThrow(/holds the state of `scf serve`, not of `scf node`/);
    const reopened = StateDir.open(dir, "serve");
    expect(() => reopened.expect("seed", reopened.meta!.seed, "other", "--seed")).toThrow(
      /was made with --seed scf, not other/,
    );
    reopened.release();
  });
});

describe("encrypted keystores", () => {
  it("writes keystores that ethers reads, and reads the ones ethers writes", async () => {
    const wallet = Wallet.createRandom();
    const ours = await encryptKey(wallet.privateKey, "correct horse");
    const account = await decryptKeystoreJson(JSON.stringify(ours), "correct horse");
    expect(account.privateKey).toBe(wallet.privateKey);

    const theirs = JSON.parse(
      await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, "battery staple", {
        scrypt: { N: 1 << 12 },
      }),
    );
    expect(await decryptKey(theirs, "battery staple")).toBe(wallet.privateKey);
    await expect(decryptKey(theirs, "wrong")).rejects.toThrow(/wrong password/);
  }, 60_000);
});
