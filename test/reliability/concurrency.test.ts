import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.js";
import { listen, type Listening } from "../../src/api/server.js";
import { formatYuan } from "../../src/domain/money.js";
import { bootService } from "../../src/service/boot.js";
import type { ScfService } from "../../src/service/service.js";
import { httpClient, seededRandom, type HttpAnswer, type HttpClient } from "./http-client.js";
import { recordFigures, sized, type Figure } from "./record.js";

/**
 * Many clients at once on the same instruments, over HTTP to a listening server on loopback: 50
 * clients split one voucher (its holder's token), 50 repay one loan (its borrower), 50 pay into and
 * 50 pay out of one anonymous e-CNY wallet near its caps (¥10,000 balance, ¥5,000 a day), while 50
 * more burst writes through an app with a small write limit, and 10 readers poll the three
 * instruments. Together the writers ask for about 1.5 times what each instrument holds, so many must
 * be refused. The bars: value conserved to the fen, nothing paid twice or beyond what was there, caps
 * never exceeded in any block, one transaction per acknowledged write (distinct hashes, consecutive
 * nonces, each mined once, nothing else mined), readers never shown a torn state, and every refusal a
 * clean 409 (or the burst's 429) with a machine-readable code; no 5xx. With the default write limit
 * (300 a minute per participant) the 50 × 1 (CI) or 50 × 4 (long) writes per participant never meet
 * the limit: 429 comes only from the burst app, whose limit is 10.
 */

const CLIENTS = 50;
/** Requests each client sends one after the other on each instrument. */
const PER_CLIENT = sized(1, 4);
/** The write limit of the burst app (per participant per minute). */
const BURST_LIMIT = 10;
const FACE = 765_432_137n; // ¥7,654,321.37: odd, so that "to the fen" means something
const PRINCIPAL = 12_345_678n; // ¥123,456.78
/**
 * Clients reading the three instruments while the writes run, three reads a round. Bounded so that
 * everything this test sends from its one address stays under the default per-address limit of 3,000
 * requests a minute: CI 10 × 30 × 3 + 250 writes; long 10 × 40 × 3 + 850 writes (plus a few dozen to
 * set up and check). Beyond it the server answers 429 RATE_LIMITED, which this test counts as unclean.
 */
const READERS = 10;
const READS_PER_READER = sized(30, 40);
const random = seededRandom(20261104);

type Instrument = "split" | "repay" | "pay-in" | "pay-out" | "burst";
interface Sent {
  instrument: Instrument;
  amount: bigint;
  answer: HttpAnswer;
}

/** `n` amounts in fen, each at least `min`, adding up to about `total`. */
function amounts(n: number, total: bigint, min: bigint): bigint[] {
  const mean = Number(total) / n;
  return Array.from({ length: n }, () => {
    const a = BigInt(Math.round(mean * (0.5 + random())));
    return a < min ? min : a;
  });
}

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const ok = (s: Sent) => s.answer.status >= 200 && s.answer.status < 300;

describe(`${CLIENTS} clients at once on one voucher, one loan and one capped wallet`, () => {
  let service: ScfService;
  let http: Listening;
  let burstHttp: Listening;
  let admin: HttpClient;
  const logged: unknown[] = [];
  const figures: Figure[] = [];
  const sent: Sent[] = [];
  let startBlock = 0;
  let slotId = "";
  let tokenId = "";
  let loanId = "";
  const before = new Map<string, bigint>();
  let spentBefore = 0n;
  let runMs = 0;
  const reads: { v: HttpAnswer; wallet: HttpAnswer; loan: HttpAnswer }[] = [];

  const token = (id: string) => service.tokens.byParticipant.get(id)!;
  const address = (id: string) => service.deployment.cast.get(id).address;
  const balance = async (id: string) => service.deployment.contracts.ecny.balanceOf(address(id));
  const post = async (id: string, path: string, body?: unknown) => {
    const a = await admin.post(token(id), path, body);
    if (a.status >= 300) throw new Error(`${path}: ${a.status} ${JSON.stringify(a.body)}`);
    return a.body;
  };
  const figure = (name: string, value: string, bar: string, holds: boolean) => {
    figures.push({ name, value, bar, holds });
    return holds;
  };

  beforeAll(
    async () => {
      service = await bootService({ log: (_message, error) => logged.push(error) });
      http = await listen(createApp(service, { boundHost: "127.0.0.1" }), { port: 0, host: "127.0.0.1" });
      burstHttp = await listen(
        createApp(service, { boundHost: "127.0.0.1", limits: { writesPerMinute: BURST_LIMIT } }),
        {
          port: 0,
          host: "127.0.0.1",
        },
      );
      admin = httpClient(http.url);

      // The instruments, each made by ordinary API writes.
      const issued = await post("steel-group", "/api/vouchers", {
        payee: "rolling-mill",
        amountFen: FACE.toString(),
        maturityDays: 90,
        tradeRef: "reliability: one voucher split by 50 clients at once",
      });
      slotId = issued.result.slotId;
      await post("rolling-mill", `/api/vouchers/${slotId}/accept`);
      tokenId = (await admin.get(`/api/vouchers/${slotId}`)).body.tokens[0].tokenId;
      const product = await post("micro-lender", "/api/products", {
        name: "Reliability working capital",
        purpose: "WorkingCapital",
        rateBps: 800,
        termDays: 90,
        minPrincipalFen: "1000000",
        maxPrincipalFen: "50000000",
      });
      const applied = await post("distributor", "/api/loans", {
        productId: product.result.productId,
        principalFen: PRINCIPAL.toString(),
      });
      loanId = applied.result.loanId;
      await post("micro-lender", `/api/loans/${loanId}/approve`);
      for (const id of ["rolling-mill", "distributor", "micro-lender", "shopper", "merchant", "steel-group"]) {
        before.set(id, await balance(id));
      }
      spentBefore = (await service.deployment.contracts.ecny.walletOf(address("shopper"))).spentToday;
      startBlock = await service.deployment.chain.provider.getBlockNumber();

      // The shopper's anonymous wallet: ¥10,000 balance cap, ¥5,000 a day, ¥2,000 a payment.
      const caps = (await service.deployment.contracts.ecny.walletOf(address("shopper"))).caps;
      // Paid in: 1.5 times the room under the balance cap plus what may be paid out today.
      const room = caps.balance - before.get("shopper")! + (caps.daily - spentBefore);
      const n = CLIENTS * PER_CLIENT;
      const work: {
        instrument: Instrument;
        id: string;
        path: string;
        body: (amount: bigint) => unknown;
        amounts: bigint[];
        url: string;
      }[] = [
        {
          instrument: "split",
          id: "rolling-mill",
          path: `/api/tokens/${tokenId}/split`,
          amounts: amounts(n, (FACE * 3n) / 2n, 10_000n),
          body: (a) => ({
            to: ["scrap-recycler", "scrap-collector", "distributor"][Number(a % 3n)],
            amountFen: a.toString(),
          }),
          url: http.url,
        },
        {
          instrument: "repay",
          id: "distributor",
          path: `/api/loans/${loanId}/repayments`,
          amounts: amounts(n, (PRINCIPAL * 3n) / 2n, 1n),
          body: (a) => ({ amountFen: a.toString() }),
          url: http.url,
        },
        {
          instrument: "pay-in",
          id: "merchant",
          path: "/api/payments",
          amounts: amounts(n, (room * 3n) / 2n, 1n),
          body: (a) => ({ to: "shopper", amountFen: a.toString() }),
          url: http.url,
        },
        {
          instrument: "pay-out",
          id: "shopper",
          path: "/api/payments",
          amounts: amounts(n, ((caps.daily - spentBefore) * 3n) / 2n, 1n).map((a) =>
            a > caps.perPayment ? caps.perPayment : a,
          ),
          body: (a) => ({ to: "merchant", amountFen: a.toString() }),
          url: http.url,
        },
        {
          instrument: "burst",
          id: "steel-group",
          path: "/api/payments",
          amounts: Array.from({ length: CLIENTS }, () => 1n),
          body: (a) => ({ to: "rolling-mill", amountFen: a.toString() }),
          url: burstHttp.url,
        },
      ];
      const started = performance.now();
      let writing = true;
      // Readers polling the same instruments meanwhile: each answer must show a whole state.
      const readers = Array.from({ length: READERS }, async () => {
        const c = httpClient(http.url);
        try {
          for (let i = 0; writing && i < READS_PER_READER; i++) {
            const [v, wallet, loan] = await Promise.all([
              c.get(`/api/vouchers/${slotId}`),
              c.get("/api/wallets/shopper"),
              c.get(`/api/loans/${loanId}`),
            ]);
            reads.push({ v, wallet, loan });
            await new Promise((r) => setTimeout(r, 20));
          }
        } finally {
          c.close();
        }
      });
      await Promise.all(
        work.flatMap((w) =>
          Array.from({ length: CLIENTS }, async (_, client) => {
            const c = httpClient(w.url);
            try {
              for (let i = client; i < w.amounts.length; i += CLIENTS) {
                const amount = w.amounts[i];
                sent.push({
                  instrument: w.instrument,
                  amount,
                  answer: await c.post(token(w.id), w.path, w.body(amount)),
                });
              }
            } finally {
              c.close();
            }
          }),
        ),
      );
      runMs = performance.now() - started;
      writing = false;
      await Promise.all(readers);
      await service.sync();
    },
    sized(120_000, 300_000),
  );

  afterAll(async () => {
    recordFigures("concurrency", figures);
    admin?.close();
    await burstHttp?.close();
    await http?.close();
    await service?.close();
  });

  it("keeps the split voucher's value to the fen, and never splits more than the token held", async () => {
    const splits = sent.filter((s) => s.instrument === "split");
    const done = splits.filter(ok);
    const tokens = await service.deployment.contracts.vouchers.tokensOfVoucher(BigInt(slotId), 0n, 10_000n);
    const total = sum(tokens.map((t) => t.value));
    const source = tokens.find((t) => t.tokenId === tokens[0].tokenId)!;
    const splitTotal = sum(done.map((s) => s.amount));
    // Each acknowledged split made a token of exactly its amount.
    for (const s of done) expect(BigInt(s.answer.body.result.valueFen)).toBe(s.amount);
    const indexed = (await admin.get(`/api/vouchers/${slotId}`)).body as { tokens: { valueFen: string }[] };
    const indexedTotal = sum(indexed.tokens.map((t) => BigInt(t.valueFen)));
    const conserved = figure(
      `split voucher: Σ token values − face (${CLIENTS} clients × ${PER_CLIENT}, ${done.length} of ${splits.length} done)`,
      `${total - FACE} fen`,
      "0 fen",
      total === FACE && indexedTotal === FACE,
    );
    const noDoubleSpend = figure(
      "split voucher: Σ acknowledged splits / what the token held",
      `${formatYuan(splitTotal)} / ${formatYuan(FACE)}`,
      "≤ 1, and = the token's loss to the fen",
      splitTotal <= FACE && FACE - splitTotal === source.value && tokens.length === done.length + 1,
    );
    expect(total).toBe(FACE);
    expect(indexedTotal).toBe(FACE);
    expect(tokens.length).toBe(done.length + 1);
    expect(source.value).toBe(FACE - splitTotal);
    expect(conserved && noDoubleSpend).toBe(true);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(splits.length);
  });

  it("never lets one loan be repaid more than was owed, and moves exactly what was acknowledged", async () => {
    const repays = sent.filter((s) => s.instrument === "repay");
    const done = repays.filter(ok);
    const repaid = sum(done.map((s) => s.amount));
    const loan = await service.deployment.contracts.loans.loanOf(BigInt(loanId));
    const principalRepaid = loan.principal - loan.outstanding;
    const borrowerPaid = before.get("distributor")! - (await balance("distributor"));
    const lenderGot = (await balance("micro-lender")) - before.get("micro-lender")!;
    const holds = figure(
      `one loan: Σ repaid − (interest + principal repaid) (${CLIENTS} clients × ${PER_CLIENT}, ${done.length} of ${repays.length} done)`,
      `${repaid - (loan.interestPaid + principalRepaid)} fen`,
      "0 fen, principal repaid ≤ principal",
      repaid === loan.interestPaid + principalRepaid &&
        principalRepaid <= loan.principal &&
        borrowerPaid === repaid &&
        lenderGot === repaid,
    );
    expect(repaid).toBe(loan.interestPaid + principalRepaid);
    expect(principalRepaid).toBeLessThanOrEqual(PRINCIPAL);
    expect(borrowerPaid).toBe(repaid);
    expect(lenderGot).toBe(repaid);
    expect(holds).toBe(true);
    expect(done.length).toBeLessThan(repays.length);
  });

  it("never exceeds the capped wallet's balance or daily cap, in any block", async () => {
    const ecny = service.deployment.contracts.ecny;
    const shopper = address("shopper");
    const end = await service.deployment.chain.provider.getBlockNumber();
    let maxBalance = 0n;
    let maxSpent = 0n;
    let caps = (await ecny.walletOf(shopper)).caps;
    for (let block = startBlock; block <= end; block++) {
      const w = await ecny.walletOf(shopper, { blockTag: block });
      caps = w.caps;
      if (w.balance > maxBalance) maxBalance = w.balance;
      if (w.spentToday > maxSpent) maxSpent = w.spentToday;
    }
    const paidIn = sum(sent.filter((s) => s.instrument === "pay-in" && ok(s)).map((s) => s.amount));
    const paidOut = sum(sent.filter((s) => s.instrument === "pay-out" && ok(s)).map((s) => s.amount));
    const now = await ecny.walletOf(shopper);
    const balanceHolds = figure(
      "capped wallet: highest balance in any block / balance cap",
      `${formatYuan(maxBalance)} / ${formatYuan(caps.balance)}`,
      "≤ cap",
      maxBalance <= caps.balance,
    );
    const dailyHolds = figure(
      "capped wallet: highest spent-today in any block / daily cap",
      `${formatYuan(maxSpent)} / ${formatYuan(caps.daily)}`,
      "≤ cap",
      maxSpent <= caps.daily,
    );
    expect(now.balance).toBe(before.get("shopper")! + paidIn - paidOut);
    expect(before.get("merchant")! - (await balance("merchant"))).toBe(paidIn - paidOut);
    expect(balanceHolds && dailyHolds).toBe(true);
  });

  it("keeps e-CNY supply equal to the sum of balances, on chain and in the index", async () => {
    const ecny = service.deployment.contracts.ecny;
    const holders = [
      ...service.deployment.cast.all.map((p) => p.address),
      ...Object.values(service.deployment.addresses),
    ].map((a) => a.toLowerCase());
    const onChain = sum(await Promise.all([...new Set(holders)].map((a) => ecny.balanceOf(a))));
    const indexed = sum([...service.state.ecny.balances.values()]);
    const supply = await ecny.totalSupply();
    const holds = figure(
      "e-CNY: supply − Σ balances (chain; index)",
      `${supply - onChain}; ${supply - indexed} fen`,
      "0 fen",
      supply === onChain && supply === indexed,
    );
    expect(onChain).toBe(supply);
    expect(indexed).toBe(supply);
    expect(holds).toBe(true);
  });

  it("gives every acknowledged write its own transaction: distinct hashes and nonces, each mined once, nothing else", async () => {
    const done = sent.filter(ok);
    const hashes = done.map((s) => String(s.answer.body.txHash));
    const rpc = service.deployment.chain.rpc;
    const end = await service.deployment.chain.provider.getBlockNumber();
    const mined: string[] = [];
    for (let block = startBlock + 1; block <= end; block++) {
      const b = (await rpc.request({ method: "eth_getBlockByNumber", params: [`0x${block.toString(16)}`, false] })) as {
        transactions: string[];
      };
      mined.push(...b.transactions);
    }
    const nonces = new Map<string, bigint[]>();
    let failedReceipts = 0;
    for (const hash of hashes) {
      const tx = (await rpc.request({ method: "eth_getTransactionByHash", params: [hash] })) as {
        from: string;
        nonce: string;
      };
      const receipt = (await rpc.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
        status: string;
      };
      if (receipt.status !== "0x1") failedReceipts++;
      nonces.set(tx.from, [...(nonces.get(tx.from) ?? []), BigInt(tx.nonce)]);
    }
    const consecutive = [...nonces.values()].every((list) => {
      const sorted = [...list].sort((a, b) => (a < b ? -1 : 1));
      return sorted.every((n, i) => i === 0 || n === sorted[i - 1] + 1n);
    });
    const distinct = new Set(hashes).size === hashes.length;
    const minedOnce = hashes.every((h) => mined.filter((m) => m === h).length === 1) && mined.length === hashes.length;
    const holds = figure(
      "acknowledged writes: distinct tx hashes / mined once / consecutive nonces",
      `${new Set(hashes).size} of ${hashes.length} / ${mined.length} mined / ${consecutive ? "yes" : "no"}`,
      "all distinct, each mined once, nothing else, no gap",
      distinct && minedOnce && consecutive && failedReceipts === 0,
    );
    expect(distinct).toBe(true);
    expect(mined.length).toBe(hashes.length);
    expect(minedOnce).toBe(true);
    expect(consecutive).toBe(true);
    expect(failedReceipts).toBe(0);
    expect(holds).toBe(true);
  });

  it("shows readers only whole states while the writes run: the voucher's face, the caps, the loan's principal", () => {
    let torn = 0;
    for (const { v, wallet, loan } of reads) {
      if (v.status !== 200 || wallet.status !== 200 || loan.status !== 200) {
        torn++;
        continue;
      }
      const total = sum((v.body.tokens as { valueFen: string }[]).map((t) => BigInt(t.valueFen)));
      const w = wallet.body as {
        balanceFen: string;
        spentTodayFen: string;
        caps: { balanceFen: string; dailyFen: string };
      };
      const l = loan.body as { principalFen: string; principalRepaidFen: string; outstandingFen: string };
      const whole =
        total === FACE &&
        BigInt(w.balanceFen) <= BigInt(w.caps.balanceFen) &&
        BigInt(w.spentTodayFen) <= BigInt(w.caps.dailyFen) &&
        BigInt(l.principalRepaidFen) + BigInt(l.outstandingFen) === BigInt(l.principalFen);
      if (!whole) torn++;
    }
    const holds = figure(
      `reads during the writes (${READERS} readers × voucher, wallet, loan): answers not 200 or showing a torn or capped-over state`,
      `${torn} of ${reads.length}`,
      "0",
      torn === 0 && reads.length > 0,
    );
    expect(reads.length).toBeGreaterThan(0);
    expect(torn).toBe(0);
    expect(holds).toBe(true);
  });

  it("refuses the rest with clean 409s (the burst with 429 RATE_LIMITED) carrying a code, and never answers 5xx", async () => {
    const refused = sent.filter((s) => !ok(s));
    const codes = new Map<string, number>();
    for (const s of refused) {
      const key = `${s.answer.status} ${s.answer.body?.error?.code ?? "no code"}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    const fiveXx = sent.filter((s) => s.answer.status >= 500).length;
    const unclean = refused.filter(
      (s) =>
        !(s.answer.status === 409 || (s.instrument === "burst" && s.answer.status === 429)) ||
        !/^[A-Z][A-Z0-9_]+$/.test(String(s.answer.body?.error?.code)),
    );
    const burst = sent.filter((s) => s.instrument === "burst");
    const burstDone = burst.filter(ok).length;
    const summary = [...codes.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${n}× ${k}`)
      .join(", ");
    const clean = figure(
      `${sent.length} writes at once (${(runMs / 1000).toFixed(1)} s): 5xx / refusals not a clean 409 (429 in the burst) with a code`,
      `${fiveXx} / ${unclean.length} of ${refused.length}`,
      "0 / 0",
      fiveXx === 0 && unclean.length === 0 && logged.length === 0,
    );
    const byStatus = (status: number) => refused.filter((s) => s.answer.status === status).length;
    console.info(`concurrency: refusals by code: ${summary}`);
    figure(
      `refusals by status (${codes.size} distinct codes, listed in the test's output)`,
      `${byStatus(409)}× 409, ${byStatus(429)}× 429`,
      "reported",
      true,
    );
    const limited = figure(
      `write limit under a burst of ${CLIENTS} (limit ${BURST_LIMIT}/min): acknowledged / 429`,
      `${burstDone} / ${burst.length - burstDone}`,
      `${BURST_LIMIT} / ${CLIENTS - BURST_LIMIT}`,
      burstDone === BURST_LIMIT && burst.filter((s) => s.answer.status === 429).length === CLIENTS - BURST_LIMIT,
    );
    expect(unclean.map((s) => `${s.instrument} ${s.answer.status} ${JSON.stringify(s.answer.body)}`)).toEqual([]);
    expect(fiveXx).toBe(0);
    expect(logged).toEqual([]);
    expect(clean && limited).toBe(true);
  });
});
