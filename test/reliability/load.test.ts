import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request, type IncomingMessage } from "node:http";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, type HttpClient } from "./http-client.js";
import { onSseFrames } from "../api/sse-frames.js";
import { PROFILE, recordFigures, sized, type Figure } from "./record.js";

/**
 * Load on `scf serve`, run as a child process (test/reliability/load-server.ts: the same boot, app and
 * server as `scf serve`) on 127.0.0.1, driven by autocannon from this process, bounded in time:
 * 1. reads: a mixed set of read routes (volumes, participants, vouchers list and detail, a token, the
 *    event log, the OpenAPI document), each connection cycling through them;
 * 2. writes at the configured write limit: payments of 1 fen around a ring of members, each
 *    participant's token at its limit of 300 writes a minute (5 a second), while 200 subscribers
 *    listen to /api/stream and a probe measures how soon its own payment reaches every subscriber.
 * The server's RSS (/proc/<pid>/status VmRSS) is sampled throughout.
 *
 * All load comes from one loopback address standing for many clients, so the server's per-address
 * request limit (3,000 a minute by default, 50 a second) is raised in the child; without that the
 * reads would measure the limiter. The per-participant write limit stays at its default.
 */

const WARM_UP_SECONDS = sized(3, 5);
const READ_SECONDS = sized(8, 60);
const READ_CONNECTIONS = sized(20, 50);
const WRITE_SECONDS = sized(5, 30);
/** The default write limit (src/api/auth.ts `writeLimiter`): writes a minute per participant. */
const WRITE_LIMIT_PER_MINUTE = 300;
/** Members paying 1 fen to the next around a ring, each at the write limit. */
const WRITERS = sized(
  ["lead-bank", "steel-group", "rolling-mill", "scrap-recycler", "distributor", "micro-lender"],
  [
    "lead-bank",
    "rural-bank",
    "steel-group",
    "rolling-mill",
    "scrap-recycler",
    "scrap-collector",
    "distributor",
    "micro-lender",
    "guarantor",
    "provincial-reguarantor",
    "national-fund",
    "merchant",
  ],
);
/** The probe's payer, not among the writers: one payment every 250 ms, under its own write limit. */
const PROBE = { from: "logistics", to: "pear-coop", everyMs: 250 };
const SUBSCRIBERS = 200;
const MAX_ERROR_RATE = 0.001;
const MAX_RSS_GROWTH = 0.1;

interface Server {
  child: ChildProcess;
  url: string;
  pid: number;
  tokens: Record<string, string>;
  logged: string[];
  exited: Promise<number | null>;
}

function startServer(): Promise<Server> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/reliability/load-server.ts", "--max-seconds", "600"],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  const logged: string[] = [];
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  createInterface({ input: child.stderr! }).on("line", (line) => {
    stderr += `${line}\n`;
    if (line.startsWith("logged:")) logged.push(line);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the load server did not start in 90 s\n${stderr}`)), 90_000);
    void exited.then((code) => reject(new Error(`the load server exited with ${code}\n${stderr}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      const ready = JSON.parse(line) as { url: string; pid: number; tokens: Record<string, string> };
      if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(ready.url)) reject(new Error(`not a loopback server: ${ready.url}`));
      resolve({ child, logged, exited, ...ready });
    });
  });
}

/** The server's resident memory in bytes, from /proc. */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

interface RssSample {
  at: number;
  phase: "reads" | "writes";
  rss: number;
}

/**
 * Growth over the last half of a phase: the mean of its last tenth of samples against the mean of
 * the tenth around its midpoint.
 */
function lastHalfGrowth(samples: RssSample[]): { mid: number; end: number; growth: number } {
  const n = samples.length;
  const w = Math.max(1, Math.floor(n / 10));
  const mean = (xs: RssSample[]) => xs.reduce((a, s) => a + s.rss, 0) / xs.length;
  const midStart = Math.max(0, Math.floor(n / 2) - Math.floor(w / 2));
  const mid = mean(samples.slice(midStart, midStart + w));
  const end = mean(samples.slice(n - w));
  return { mid, end, growth: (end - mid) / mid };
}

/** One subscriber of /api/stream: the ids of the events it received, with their arrival times. */
interface Subscriber {
  received: Map<string, number>;
  duplicates: number;
  /** The first subscriber also keeps each event's transaction hash (to find the probe's events). */
  txOf?: Map<string, string>;
  close(): void;
}

function subscribe(url: string, keepTx: boolean): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const u = new URL(`${url}/api/stream`);
    const sub: Subscriber = {
      received: new Map(),
      duplicates: 0,
      txOf: keepTx ? new Map() : undefined,
      close: () => req.destroy(),
    };
    const req = request(
      { host: u.hostname, port: Number(u.port), path: u.pathname, agent: false },
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          reject(new Error(`/api/stream answered ${res.statusCode}`));
          return;
        }
        onSseFrames(res, (frame) => {
          const id = /^id: (.+)$/m.exec(frame)?.[1];
          if (!id) return;
          if (sub.received.has(id)) sub.duplicates++;
          else sub.received.set(id, performance.now());
          if (sub.txOf) {
            const data = /^data: (.+)$/m.exec(frame)?.[1];
            if (data) sub.txOf.set(id, (JSON.parse(data) as { txHash: string }).txHash);
          }
        });
        res.on("error", () => undefined);
        resolve(sub);
      },
    );
    req.on("error", (error) => reject(error));
    req.end();
  });
}

/** Every event /api/events lists in blocks after `fromBlock` (newest first, paged). */
async function eventsSince(client: HttpClient, fromBlock: number): Promise<string[]> {
  const ids: string[] = [];
  let before: string | null = null;
  for (;;) {
    const page = (await client.get(`/api/events?limit=1000${before ? `&before=${before}` : ""}`)).body as {
      events: { id: string; blockNumber: number }[];
      next: string | null;
    };
    for (const e of page.events) {
      if (e.blockNumber <= fromBlock) return ids;
      ids.push(e.id);
    }
    if (!page.next) return ids;
    before = page.next;
  }
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const mb = (x: number) => `${(x / 2 ** 20).toFixed(0)} MB`;
const pct = (x: number) => `${(x * 100).toFixed(x < 0.01 ? 3 : 1)}%`;

describe(`scf serve under load (${PROFILE} profile)`, () => {
  let server: Server;
  let client: HttpClient;
  const figures: Figure[] = [];
  const samples: RssSample[] = [];
  let phase: RssSample["phase"] = "reads";
  let sampler: NodeJS.Timeout | undefined;
  let reads: autocannon.Result;
  let writes: autocannon.Result;
  const writeCodes = new Map<string, number>();
  const subscribers: Subscriber[] = [];
  const probes: { sentAt: number; answeredAt: number; status: number; txHash?: string }[] = [];
  let startBlock = 0;
  /** The events of the write phase, as the event log lists them once the chain is quiet. */
  let target: string[] = [];
  let drainMs = 0;

  const figure = (name: string, value: string, bar: string, holds: boolean) => {
    figures.push({ name, value, bar, holds });
    return holds;
  };

  beforeAll(
    async () => {
      server = await startServer();
      client = httpClient(server.url);
      const health = async () => (await client.get("/api/health")).body as { indexedBlock: number };
      const voucher = (await client.get("/api/vouchers/1")).body as { tokens: { tokenId: string }[] };
      const tokenId = voucher.tokens[voucher.tokens.length - 1].tokenId;
      sampler = setInterval(() => samples.push({ at: performance.now(), phase, rss: rssOf(server.pid) }), 200);

      // 1. Reads.
      const readRoutes = [
        "/api/volumes",
        "/api/participants",
        "/api/vouchers",
        "/api/vouchers/1",
        `/api/tokens/${tokenId}`,
        "/api/events",
        "/api/openapi.json",
      ];
      // Warm-up (not measured): the JIT and the heap reach their working size first.
      await autocannon({
        url: server.url,
        connections: READ_CONNECTIONS,
        duration: WARM_UP_SECONDS,
        requests: readRoutes.map((path) => ({ path })),
      });
      samples.length = 0;
      reads = await autocannon({
        url: server.url,
        connections: READ_CONNECTIONS,
        duration: READ_SECONDS,
        timeout: 10,
        requests: readRoutes.map((path) => ({ method: "GET", path })),
      });

      // 2. Writes at the write limit, with 200 subscribers on the stream and a probe.
      phase = "writes";
      for (let i = 0; i < SUBSCRIBERS; i++) subscribers.push(await subscribe(server.url, i === 0));
      startBlock = (await health()).indexedBlock;
      let next = 0;
      const ring = WRITERS.map((id, i) => ({
        auth: `Bearer ${server.tokens[id]}`,
        body: JSON.stringify({ to: WRITERS[(i + 1) % WRITERS.length], amountFen: "1" }),
      }));
      const probe = httpClient(server.url);
      let probing = true;
      const probeLoop = (async () => {
        while (probing) {
          const sentAt = performance.now();
          const a = await probe.post(server.tokens[PROBE.from], "/api/payments", { to: PROBE.to, amountFen: "1" });
          probes.push({ sentAt, answeredAt: performance.now(), status: a.status, txHash: a.body?.txHash });
          await new Promise((r) => setTimeout(r, Math.max(0, PROBE.everyMs - (performance.now() - sentAt))));
        }
      })();
      writes = await autocannon({
        url: server.url,
        connections: WRITERS.length,
        duration: WRITE_SECONDS,
        timeout: 10,
        overallRate: (WRITERS.length * WRITE_LIMIT_PER_MINUTE) / 60,
        requests: [
          {
            method: "POST",
            path: "/api/payments",
            setupRequest: (req) => {
              const w = ring[next++ % ring.length];
              return {
                ...req,
                headers: { ...req.headers, authorization: w.auth, "content-type": "application/json" },
                body: w.body,
              };
            },
            onResponse: (status, body) => {
              if (status >= 200 && status < 300) return;
              let code = "no code";
              try {
                code = (JSON.parse(body) as { error: { code: string } }).error.code;
              } catch {
                // not JSON: counted as "no code"
              }
              writeCodes.set(`${status} ${code}`, (writeCodes.get(`${status} ${code}`) ?? 0) + 1);
            },
          },
        ],
      });
      probing = false;
      await probeLoop;
      probe.close();
      clearInterval(sampler);
      sampler = undefined;

      // Let the stream drain (bounded): once the chain is quiet (a write autocannon left in flight
      // has been answered), every subscriber must get every event the event log lists since the start.
      const drainStart = performance.now();
      let last = -1;
      let now = (await health()).indexedBlock;
      while (now !== last && performance.now() - drainStart < 5_000) {
        await new Promise((r) => setTimeout(r, 300));
        last = now;
        now = (await health()).indexedBlock;
      }
      target = await eventsSince(client, startBlock);
      while (
        performance.now() - drainStart < 15_000 &&
        !subscribers.every((s) => target.every((id) => s.received.has(id)))
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      drainMs = performance.now() - drainStart;
    },
    sized(120_000, 300_000),
  );

  afterAll(async () => {
    if (sampler) clearInterval(sampler);
    recordFigures("load", figures);
    for (const s of subscribers) s.close();
    client?.close();
    if (server) {
      server.child.kill("SIGTERM");
      const killer = setTimeout(() => server.child.kill("SIGKILL"), 5_000);
      await server.exited;
      clearTimeout(killer);
    }
  });

  it(`answers ${READ_CONNECTIONS} connections of mixed reads for ${READ_SECONDS} s with at most 0.1% errors, p50/p99 recorded`, () => {
    const total = reads.requests.sent;
    const limited = Number(reads.statusCodeStats?.["429"]?.count ?? 0);
    const failed = reads.errors + reads.non2xx - limited;
    const rate = failed / total;
    figure(
      `reads (${READ_CONNECTIONS} connections, ${READ_SECONDS} s, 7 routes): requests, rate`,
      `${reads.requests.total} (${Math.round(reads.requests.average)}/s)`,
      "reported",
      reads.requests.total > 0,
    );
    figure("reads: latency p50 / p99", `${ms(reads.latency.p50)} / ${ms(reads.latency.p99)}`, "reported", true);
    const holds = figure(
      `reads: error rate (errors ${reads.errors}, timeouts ${reads.timeouts}, non-2xx ${reads.non2xx}, 429 ${limited})`,
      pct(rate),
      "≤ 0.1% (429 apart)",
      rate <= MAX_ERROR_RATE,
    );
    expect(reads["5xx"]).toBe(0);
    expect(rate).toBeLessThanOrEqual(MAX_ERROR_RATE);
    expect(holds).toBe(true);
  });

  it(`takes writes at the write limit (${WRITERS.length} participants × ${WRITE_LIMIT_PER_MINUTE}/min) for ${WRITE_SECONDS} s with at most 0.1% errors besides 429s`, () => {
    const total = writes.requests.sent;
    const limited = Number(writes.statusCodeStats?.["429"]?.count ?? 0);
    const failed = writes.errors + writes.non2xx - limited;
    const rate = failed / total;
    const codes = [...writeCodes.entries()].map(([k, n]) => `${n}× ${k}`).join(", ") || "none";
    figure(
      `writes (1-fen payments, ${WRITERS.length} participants at ${WRITE_LIMIT_PER_MINUTE}/min each, ${WRITE_SECONDS} s): done, rate`,
      `${writes["2xx"]} (${(writes["2xx"] / writes.duration).toFixed(1)}/s)`,
      `reported (offered ${(WRITERS.length * WRITE_LIMIT_PER_MINUTE) / 60}/s)`,
      writes["2xx"] > 0,
    );
    figure("writes: latency p50 / p99", `${ms(writes.latency.p50)} / ${ms(writes.latency.p99)}`, "reported", true);
    const holds = figure(
      `writes: error rate (errors ${writes.errors}, timeouts ${writes.timeouts}, refusals: ${codes})`,
      pct(rate),
      "≤ 0.1% (429 apart)",
      rate <= MAX_ERROR_RATE,
    );
    figure("writes: 429 RATE_LIMITED (intended when over the limit)", String(limited), "reported", true);
    expect(writes["5xx"]).toBe(0);
    expect(reads["5xx"] + writes["5xx"] + server.logged.length).toBe(0);
    expect(rate).toBeLessThanOrEqual(MAX_ERROR_RATE);
    expect(holds).toBe(true);
  });

  it("keeps the server's memory flat over the last half of the run, and of each phase", () => {
    const parts = [
      { what: "run", of: samples },
      { what: "reads", of: samples.filter((s) => s.phase === "reads") },
      { what: "writes", of: samples.filter((s) => s.phase === "writes") },
    ];
    const results = parts.map(({ what, of }) => {
      const g = lastHalfGrowth(of);
      // The bar is for the long run (60 s of reads, 30 s of writes); the CI profile's few seconds
      // cannot tell growth from warm-up and garbage-collection timing, so there it is reported only.
      return figure(
        `server RSS over the last half of the ${what} (${of.length} samples)`,
        `${mb(g.mid)} → ${mb(g.end)} (${g.growth >= 0 ? "+" : ""}${pct(g.growth)})`,
        PROFILE === "long" ? "growth ≤ 10%" : "growth ≤ 10% in the long profile; reported here",
        PROFILE === "long" ? g.growth <= MAX_RSS_GROWTH : true,
      );
    });
    figure("server RSS: highest", mb(Math.max(...samples.map((s) => s.rss))), "reported", true);
    expect(results).toEqual([true, true, true]);
  });

  it(`delivers every event of the write phase to each of ${SUBSCRIBERS} stream subscribers, once, and measures the lag`, async () => {
    const missing = subscribers.map((s) => target.filter((id) => !s.received.has(id)).length);
    const complete = subscribers.filter((_, i) => missing[i] === 0).length;
    const duplicates = subscribers.reduce((a, s) => a + s.duplicates, 0);
    const holds = figure(
      `stream: subscribers that got all ${target.length} events of the write phase (after ${ms(drainMs)} drain) / duplicates`,
      `${complete} of ${SUBSCRIBERS} / ${duplicates}`,
      `${SUBSCRIBERS} of ${SUBSCRIBERS} / 0`,
      complete === SUBSCRIBERS && duplicates === 0,
    );
    // Lag: from the probe's request to its payment's event at each subscriber.
    const idOfTx = new Map([...subscribers[0].txOf!.entries()].map(([id, tx]) => [tx, id]));
    const lags: number[] = [];
    for (const p of probes.filter((q) => q.status === 201 && q.txHash)) {
      const id = idOfTx.get(p.txHash!);
      if (!id) continue;
      for (const s of subscribers) {
        const at = s.received.get(id);
        if (at !== undefined) lags.push(at - p.sentAt);
      }
    }
    const probeLatency = probes.map((p) => p.answeredAt - p.sentAt);
    figure(
      `stream lag: probe write's request → its event at every subscriber, p50 / p99 / max (${probes.length} probes)`,
      `${ms(percentile(lags, 50))} / ${ms(percentile(lags, 99))} / ${ms(Math.max(...lags))}`,
      `reported (the probe's own answer: p50 ${ms(percentile(probeLatency, 50))}, p99 ${ms(percentile(probeLatency, 99))})`,
      lags.length > 0,
    );
    expect(probes.every((p) => p.status === 201)).toBe(true);
    expect(lags.length).toBe(probes.length * SUBSCRIBERS);
    expect(missing.filter((m) => m > 0)).toEqual([]);
    expect(duplicates).toBe(0);
    expect(holds).toBe(true);
  });
});
