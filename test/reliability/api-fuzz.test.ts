import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiWorld, codeOf, type ApiWorld } from "../api/api-world.js";
import { ledgerDigest } from "./digest.js";
import { PROFILE, recordFigures, sized, type Figure } from "./record.js";
import { bodyArbitrary, pathParamArbitrary, type BodySpec, type Dictionary } from "./schema-arbitrary.js";
import { instrumentPath, verdict } from "./who-may.js";
import {
  reliabilityWorld,
  seedInstruments,
  writeOperations,
  type Credential,
  type ReliabilityWorld,
  type WriteOperation,
} from "./world.js";

/**
 * API fuzzing driven by the OpenAPI document: for every write (POST) operation the project's own
 * generator documents, fast-check generates requests from the operation's JSON schemas — path
 * parameters and bodies, valid-ish (the world's own ids, participants and amounts) and not (boundary
 * values, wrong types, extra fields, huge and unicode strings, overflowing numbers, malformed JSON,
 * other media types, corrupt compression) — sent with the token of a participant who may act (so that
 * many reach the service's and the contracts' deep validation), of any participant, a forged token, a
 * malformed header or none.
 *
 * Every answer is checked: never a 5xx; never a stack trace or an internal path in the body; a
 * refusal is a 4xx the document lists for the operation, with an `{ error: { code, message } }` body;
 * a success has the documented status; and the ledger digest (contract views and the service's index,
 * see digest.ts) is the same after a refused request as before it. Requests are sent one at a time, so
 * a change is attributed to exactly one request.
 *
 * Profile "ci": {@link RUNS} = 60 requests per write route; "long": 1,000. The seed is fixed
 * (SCF_FUZZ_SEED overrides it) and printed with any failure.
 */
const RUNS = sized(60, 1_000);
const SEED = Number(process.env.SCF_FUZZ_SEED ?? 20_260_301);

/** Raw text of a body that discloses internals: a stack frame, a source path, a module folder. */
const LEAK =
  /\n\s+at |\bat [\w$.<>[\]]+ \(|\bat (?:file|node):|\/work\/|\/home\/|\/tmp\/|node_modules|\.ts:\d|\.[cm]?js:\d|"stack"/;

type Generated = {
  credential: { kind: "may"; pick: number } | Credential;
  params: Record<string, string>;
  /** A query string the write does not take (writes have no query parameters): it must be ignored or refused. */
  query?: string;
  body: BodySpec;
};

interface Violation {
  operationId: string;
  what: string;
  status: number;
  request: unknown;
  answer: string;
}

describe(`API fuzzing from the OpenAPI document (profile ${PROFILE}, ${RUNS} requests per write route, seed ${SEED})`, () => {
  let w: ReliabilityWorld;
  const operations = writeOperations();
  // The clock moves everything's time (maturities, deadlines): fuzz it last so that the others meet live instruments.
  operations.sort((a, b) => Number(a.operationId === "advanceClock") - Number(b.operationId === "advanceClock"));
  const perRoute = new Map<string, { sent: number; ok: number; deep: number; byStatus: Map<number, number> }>();
  const violations: Violation[] = [];
  const failures: string[] = [];
  let fiveHundreds = 0;
  let leaks = 0;
  let undocumented = 0;
  let changed = 0;
  let mined = 0;
  let refused = 0;
  let cacheDisagreements = 0;

  beforeAll(async () => {
    w = await reliabilityWorld();
    await seedInstruments(w);
  });
  afterAll(async () => {
    await w?.close();
  });

  /** The world's strings, from the state as it is when a route starts (no wall-clock values: runs repeat). */
  function dictionary(): Dictionary {
    const s = w.service.state;
    const cast = w.service.deployment.cast.all;
    const most = Math.max(
      s.vouchers.size,
      s.financingRequests.size,
      s.orders.size,
      s.rights.size,
      s.products.size,
      s.loans.size,
    );
    const tokens = [...s.tokens.keys()].flatMap((id) => [`${id >> 32n}.${id & 0xffff_ffffn}`, id.toString()]);
    return [
      ...cast.map((p) => p.id),
      ...cast.slice(0, 6).flatMap((p) => [p.address, p.address.toLowerCase()]),
      ...Array.from({ length: most + 3 }, (_, i) => String(i)),
      ...tokens,
      "1",
      "100",
      "10000",
      "1000000",
      "100000000",
      "5000000000",
      "LoanBook",
      "WB-SEED-1",
      "split-three-tiers",
      "2020-01-01",
      "2045-12-31",
      "2099-12-31T00:00:00+08:00",
    ];
  }

  function requestArbitrary(op: WriteOperation, dict: Dictionary): fc.Arbitrary<Generated> {
    const cast = w.service.deployment.cast.all.map((p) => p.id);
    const credential: fc.Arbitrary<Generated["credential"]> = fc.oneof(
      { weight: 6, arbitrary: fc.nat().map((pick) => ({ kind: "may" as const, pick })) },
      { weight: 3, arbitrary: fc.constantFrom(...cast).map((id) => ({ kind: "participant" as const, id })) },
      { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
      {
        weight: 1,
        arbitrary: fc
          .oneof(
            fc
              .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 })
              .map((h) => `Bearer scf_${h}`),
            fc.constantFrom(
              "Bearer",
              "Bearer ",
              "Basic dXNlcjpwYXNz",
              "bearer scf_",
              "Bearer scf_0 extra",
              "Token abc",
              `Bearer ${"a".repeat(6_000)}`,
            ),
          )
          .map((value) => ({ kind: "header" as const, value })),
      },
    );
    const params = fc.record(
      Object.fromEntries(op.pathParams.map((p) => [p.name, pathParamArbitrary(p.schema, dict)])),
    ) as fc.Arbitrary<Record<string, string>>;
    const junk = fc.oneof(
      fc.constantFrom(
        "__proto__[admin]=1",
        "constructor[prototype][role]=PlatformOperator",
        "role=PlatformOperator&actor=operator",
        "a=%zz&b=%",
        "b[]=1&b[]=2&b[0]=3",
        "&&&==",
        `x=${"y".repeat(4_000)}`,
      ),
      fc.string({ maxLength: 30 }).map((q) => encodeURIComponent(q)),
    );
    const query = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk });
    return fc.record({ credential, params, query, body: bodyArbitrary(op.body, dict) });
  }

  /** Instruments read for {@link mayActor}, valid while the ledger digest stays `readsAt`. */
  const reads = new Map<string, unknown>();
  let readsAt = "";

  /** A participant who may make this request (per who-may.ts), or any participant when none may. */
  async function mayActor(
    op: WriteOperation,
    path: string,
    body: BodySpec,
    pick: number,
    digest: string,
  ): Promise<string> {
    const cast = w.service.deployment.cast.all;
    const fields =
      body.kind === "json" && body.value && typeof body.value === "object" && !Array.isArray(body.value)
        ? (body.value as Record<string, unknown>)
        : {};
    const where = instrumentPath(op.operationId, path, fields);
    if (readsAt !== digest) {
      reads.clear();
      readsAt = digest;
    }
    if (where && !reads.has(where)) reads.set(where, await w.read(where));
    const instrument = where ? reads.get(where) : undefined;
    const may = cast.filter((p) => verdict(op.operationId, p, fields, instrument).may);
    const from = may.length > 0 ? may : cast;
    return from[pick % from.length].id;
  }

  /** Whether an answer came from past the token check, the body parser and the schemas (service or contract). */
  function pastSchema(status: number, text: string): boolean {
    if (status < 300) return true;
    if ([401, 413, 415].includes(status)) return false;
    const code = /"code":"([A-Z_]+)"/.exec(text)?.[1];
    return ![
      "INVALID_REQUEST",
      "MALFORMED_JSON",
      "MALFORMED_BODY_ENCODING",
      "BAD_REQUEST",
      "UNSUPPORTED_MEDIA_TYPE",
    ].includes(code ?? "");
  }

  function check(op: WriteOperation, status: number, text: string): string[] {
    const problems: string[] = [];
    if (status >= 500) problems.push("5xx");
    if (LEAK.test(text)) problems.push("leak");
    if (status >= 300) {
      let shaped = false;
      try {
        const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
        const keys = Object.keys(body);
        const errorKeys = Object.keys(body.error ?? {});
        shaped =
          keys.length === 1 &&
          typeof body.error?.code === "string" &&
          /^[A-Z][A-Z0-9_]*$/.test(body.error.code) &&
          typeof body.error.message === "string" &&
          body.error.message.length > 0 &&
          errorKeys.every((k) => ["code", "message", "details"].includes(k));
      } catch {
        shaped = false;
      }
      if (!shaped || status < 400 || status >= 500 || !op.statuses.includes(status)) problems.push("undocumented");
    } else if (status !== op.successStatus) {
      problems.push("undocumented");
    }
    return problems;
  }

  for (const [index, op] of operations.entries()) {
    it(`${op.operationId}: POST ${op.path}`, async () => {
      const stats = { sent: 0, ok: 0, deep: 0, byStatus: new Map<number, number>() };
      perRoute.set(op.operationId, stats);
      const dict = dictionary();
      let before = await w.digest.take();
      const property = fc.asyncProperty(requestArbitrary(op, dict), async (g) => {
        const path =
          op.path.replace(/\{(\w+)\}/g, (_m, name: string) => g.params[name]) +
          (g.query === undefined ? "" : `?${g.query}`);
        const credential: Credential =
          g.credential.kind === "may"
            ? { kind: "participant", id: await mayActor(op, path, g.body, g.credential.pick, before.hash) }
            : g.credential;
        const res = await w.send({ credential, path, body: g.body });
        const after = await w.digest.take();
        stats.sent += 1;
        stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
        if (res.status < 300) stats.ok += 1;
        if (pastSchema(res.status, res.text)) stats.deep += 1;
        const problems = check(op, res.status, res.text);
        if (res.status >= 400) {
          refused += 1;
          if (after.hash !== before.hash)
            problems.push(`changed the ledger (${after.chain !== before.chain ? "chain" : "index"})`);
          if (after.block !== before.block) mined += 1;
        }
        before = after;
        if (problems.length === 0) return;
        if (problems.includes("5xx")) fiveHundreds += 1;
        if (problems.includes("leak")) leaks += 1;
        if (problems.includes("undocumented")) undocumented += 1;
        if (problems.some((p) => p.startsWith("changed"))) changed += 1;
        const request = {
          credential: credential.kind === "participant" ? credential.id : credential,
          path,
          body: g.body,
        };
        violations.push({
          operationId: op.operationId,
          what: problems.join(", "),
          status: res.status,
          request,
          answer: res.text.slice(0, 400),
        });
        throw new Error(`${problems.join(", ")}: ${res.status} ${res.text.slice(0, 300)}`);
      });
      const seed = SEED + index;
      try {
        await fc.assert(property, { numRuns: RUNS, seed, endOnFailure: true });
      } catch (error) {
        failures.push(
          `${op.operationId} (SCF_FUZZ_SEED=${SEED}, route seed ${seed}): ${(error as Error).message.slice(0, 1_500)}`,
        );
      }
      if (!(await w.digest.verifyCache())) cacheDisagreements += 1;
      expect(
        failures.filter((f) => f.startsWith(`${op.operationId} `)),
        `seed ${seed}`,
      ).toEqual([]);
    });
  }

  it("meets every bar (figures recorded in out/reliability/api-fuzz.json)", () => {
    const counts = [...perRoute.values()];
    const sent = counts.reduce((n, c) => n + c.sent, 0);
    const least = Math.min(...counts.map((c) => c.sent));
    const deep = counts.reduce((n, c) => n + c.deep, 0);
    const accepted = counts.reduce((n, c) => n + c.ok, 0);
    const figure = (name: string, value: number | string, bar: string, holds: boolean): Figure => ({
      name,
      value: typeof value === "number" ? value.toLocaleString("en-US") : value,
      bar,
      holds,
    });
    const figures: Figure[] = [
      figure(
        "write routes fuzzed (all POST operations of the OpenAPI document)",
        perRoute.size,
        `= ${operations.length}`,
        perRoute.size === operations.length,
      ),
      figure("generated requests per write route (min)", least, `≥ ${RUNS.toLocaleString("en-US")}`, least >= RUNS),
      figure(
        "generated requests in all",
        sent,
        `≥ ${(RUNS * operations.length).toLocaleString("en-US")}`,
        sent >= RUNS * operations.length,
      ),
      figure(
        "requests past the token check and the schemas (answered by the service or a contract)",
        `${((100 * deep) / Math.max(sent, 1)).toFixed(1)}%`,
        "≥ 25%",
        deep / Math.max(sent, 1) >= 0.25,
      ),
      figure("writes accepted (2xx)", accepted, "> 0", accepted > 0),
      figure("5xx answers", fiveHundreds, "0", fiveHundreds === 0),
      figure("bodies with a stack trace or internal path", leaks, "0", leaks === 0),
      figure("refusals outside the documented codes or error shape", undocumented, "0", undocumented === 0),
      figure(
        `refused requests that changed the ledger (of ${refused.toLocaleString("en-US")} refused)`,
        changed,
        "0",
        changed === 0,
      ),
      figure("refused requests that mined a block", mined, "0", mined === 0),
      figure("ledger digest cache checks that disagreed", cacheDisagreements, "0", cacheDisagreements === 0),
      figure("unexpected errors the service logged", w.logged.length, "0", w.logged.length === 0),
    ];
    recordFigures("api-fuzz", figures);
    const table = [...perRoute.entries()].map(
      ([id, c]) =>
        `${id}: ${c.sent} sent, ${c.ok} ok, ${c.deep} deep, ${JSON.stringify(Object.fromEntries(c.byStatus))}`,
    );
    console.log(`API fuzzing, seed ${SEED}:\n${table.join("\n")}`);
    if (violations.length > 0)
      console.log(`violations:\n${violations.map((v) => JSON.stringify(v).slice(0, 700)).join("\n")}`);
    for (const f of figures)
      expect(
        f.holds,
        `${f.name}: ${f.value} (bar ${f.bar}); seed ${SEED}; ${JSON.stringify(violations.slice(0, 5))}`,
      ).toBe(true);
    expect(failures, `seed ${SEED}`).toEqual([]);
  });
});

/** Regression tests of the defects the fuzzer found, each named after its defect. */
describe("defects found by API fuzzing", () => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await apiWorld();
  });
  afterAll(() => w.close());

  it("answers 400, not 500, for a path parameter that is not valid percent-encoding (/api/vouchers/%zz/accept)", async () => {
    const before = await w.snapshot();
    for (const segment of ["%zz", "%", "%E0%A4%A", "%C0%AE"]) {
      const write = await w.post("rolling-mill", `/api/vouchers/${segment}/accept`, {});
      expect(write.status, segment).toBe(400);
      expect(codeOf(write), segment).toBe("INVALID_REQUEST");
      expect(write.body.error.message).toBe(
        "The path is not valid: a percent-encoded part (%XX) does not decode as UTF-8.",
      );
      expect((await w.get(`/api/tokens/${segment}`)).status, segment).toBe(400);
    }
    expect(await w.snapshot()).toEqual(before);
    expect(w.logged).toEqual([]);
  });

  it("answers 400, not 500, for a token id that holds a dot but is not slot.index (../../etc/passwd, ${process.env}, unicode)", async () => {
    const before = await w.snapshot();
    for (const tokenId of [
      "..%2F..%2Fetc%2Fpasswd",
      "%24%7Bprocess.env%7D",
      ".%F0%91%82%A5",
      "1.2.3",
      "1.x",
      ".",
      "1.",
    ]) {
      const write = await w.post("rolling-mill", `/api/tokens/${tokenId}/split`, { to: "farmer", amountFen: "10000" });
      expect(write.status, tokenId).toBe(400);
      expect(write.body.error.message, tokenId).toMatch(
        /^The path parameter "tokenId" is not valid: must be a token id/,
      );
      expect((await w.get(`/api/tokens/${tokenId}`)).status, tokenId).toBe(400);
    }
    expect(await w.snapshot()).toEqual(before);
    expect(w.logged).toEqual([]);
  });

  it("refuses a time before 1970 with 400 instead of answering 500 (a right whose term ends 1588-02-29)", async () => {
    const right = {
      kind: "WarehouseReceipt",
      certificateNo: "WR-1588",
      areaCentiMu: "100",
      termStart: "2020-01-01",
      termEnd: "1588-02-29",
      holder: "distributor",
    };
    const before = await w.snapshot();
    const refused = await w.post("logistics", "/api/rights", right).expect(400);
    expect(refused.body.error).toMatchObject({
      code: "INVALID_REQUEST",
      message: 'The request body "termEnd" is not valid: must be a time from 1970-01-01 on.',
    });
    const issue = { payee: "rolling-mill", amountFen: "100000", tradeRef: "before 1970" };
    for (const maturity of ["1969-12-31", "1969-12-31T23:59:59Z", "0001-01-01T00:00:00+08:00"]) {
      expect(codeOf(await w.post("steel-group", "/api/vouchers", { ...issue, maturity }).expect(400)), maturity).toBe(
        "INVALID_REQUEST",
      );
    }
    const epoch = await w.post("steel-group", "/api/vouchers", { ...issue, maturity: "1970-01-01T00:00:00Z" });
    expect(epoch.status).toBe(400);
    expect(codeOf(epoch)).toBe("VOUCHER_MATURITY_NOT_IN_FUTURE");
    expect(await w.snapshot()).toEqual(before);
    expect(w.logged).toEqual([]);
  });
});

describe("the ledger digest (digest.ts) the fuzzer and the matrix compare", () => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await apiWorld();
  });
  afterAll(() => w.close());

  it("changes with a write on chain, with a change of the index alone, and not with a refusal", async () => {
    const digest = ledgerDigest(w.service);
    const start = await digest.take();
    await w.post("scrap-collector", "/api/tokens/1.1/split", { to: "farmer", amountFen: "10000" }).expect(403);
    expect((await digest.take()).hash).toBe(start.hash);

    await w.post("rolling-mill", "/api/payments", { to: "farmer", amountFen: "1" }).expect(201);
    const paid = await digest.take();
    expect(paid.chain).not.toBe(start.chain);
    expect(paid.service).not.toBe(start.service);

    const token = w.service.state.tokens.get((1n << 32n) | 1n)!;
    const value = token.value;
    token.value = value - 1n; // what a handler that wrote to the index by mistake would do
    const tampered = await digest.take();
    expect(tampered.chain).toBe(paid.chain);
    expect(tampered.hash).not.toBe(paid.hash);
    token.value = value;
    expect((await digest.take()).hash).toBe(paid.hash);
    expect(await digest.verifyCache()).toBe(true);
  });
});
