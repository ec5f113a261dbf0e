import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Participant } from "../../src/chain/cast.js";
import { txOf } from "../../src/chain/handles.js";
import { apiWorld, type ApiWorld } from "../api/api-world.js";
import { PROFILE, recordFigures, sized, type Figure } from "./record.js";
import { RawJson } from "./schema-arbitrary.js";
import { instrumentPath, verdict, WHO_MAY, type Verdict } from "./who-may.js";
import { reliabilityWorld, writeOperations, type Credential, type ReliabilityWorld } from "./world.js";

/**
 * The authorization matrix: every write of the OpenAPI document × every participant of the demo cast
 * (src/chain/cast.ts, one or more of every role), plus no token, a forged token, a malformed
 * header, extra fields in the body (mass assignment) and the token of a member the platform operator
 * has suspended on chain. Who may is {@link WHO_MAY} (who-may.ts), the one table mirroring the
 * contracts' role and party rules.
 *
 * Each write gets a fresh instrument in the state it acts on (a pending voucher to accept, a pledged
 * token to release, a defaulted loan to write off…). Every cell that must be refused is sent against
 * one instrument and must answer the table's status (403 for a role or a party, 409 for a write
 * that needs a wallet the participant has not, 401 without a valid token, 400 for an unknown field)
 * with the ledger digest (digest.ts) unchanged; a cell whose participant is a party of another
 * instrument of the same kind is the BOLA case (e.g. the holder of token 1.2 splitting token 1.1).
 * Then every participant that may act does so on an instrument of its own and must succeed (2xx).
 * Writes that need time to pass (clearing, defaults, refunds…) get their instruments first and act
 * after one move of the project clock.
 */

interface Instance {
  path: string;
  body: Record<string, unknown>;
  /** What must happen once the clock has moved, before the write (e.g. the lender declares the default). */
  ready?: () => Promise<void>;
}

interface Case {
  /** The OpenAPI operationId, and a variant when one write has two rules (a rural right, a warehouse receipt). */
  operationId: string;
  variant?: string;
  /** Acts after the project clock has moved (maturity, grace, deadline). */
  later?: boolean;
  /** In the CI profile, test only this many of the allowed cells (spread over the cast): each is slow. */
  sampleAllowed?: number;
  /** A fresh instrument on which `actor` (one the table lets act) may act; the first one is the refused cells'. */
  make(actor?: Participant): Promise<Instance>;
}

type Cell = {
  case: string;
  who: string;
  kind: "member" | "bola" | "no token" | "forged token" | "malformed header" | "mass assignment" | "suspended";
  expected: number | "2xx";
  status: number;
  code?: string;
  holds: boolean;
  changed: boolean;
};

const CLOCK_DAYS = 40; // past a 1-day maturity and the vouchers' 30 overdue grace days, a 1-day loan, a 1-day deadline

describe(`authorization matrix: every write × every participant of the demo cast (profile ${PROFILE})`, () => {
  let w: ReliabilityWorld;
  let cast: Participant[];
  const cells: Cell[] = [];
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${++counter}`;
  const products = { unsecured: "", secured: "", guaranteed: "" };

  /** A setup step through the API as its party; throws unless it answers `status`. */
  async function as(id: string, path: string, body: object, status: number): Promise<Record<string, unknown>> {
    const res = await w.post(id, path, body);
    if (res.status !== status) throw new Error(`setup: ${id} POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { result: Record<string, unknown> }).result;
  }

  async function voucher(state: "pending" | "active" | "repaid", days = 90): Promise<{ slot: string; token: string }> {
    const issued = await as(
      "steel-group",
      "/api/vouchers",
      { payee: "rolling-mill", amountFen: "1000000", maturityDays: days, tradeRef: unique("authz trade") },
      201,
    );
    const slot = String(issued.slotId);
    if (state !== "pending") await as("rolling-mill", `/api/vouchers/${slot}/accept`, {}, 200);
    if (state === "repaid") await as("steel-group", `/api/vouchers/${slot}/repay`, {}, 200);
    return { slot, token: `${slot}.1` };
  }
  /** A piece of token 1.1 (the rolling mill's) split to the scrap collector. */
  async function piece(): Promise<string> {
    const split = await as(
      "rolling-mill",
      "/api/tokens/1.1/split",
      { to: "scrap-collector", amountFen: "1000000" },
      201,
    );
    return String(split.label);
  }
  async function financingRequest(): Promise<string> {
    const body = { financier: "lead-bank", amountFen: "1000000", rateBps: 365 };
    return String((await as("rolling-mill", "/api/tokens/1.1/financing", body, 201)).requestId);
  }
  async function order(deadlineDays: number): Promise<{ id: string; deliveryRef: string }> {
    const deliveryRef = unique("WB");
    const body = { seller: "distributor", amountFen: "10000", deliveryRef, deadlineDays, logistics: "logistics" };
    return { id: String((await as("merchant", "/api/orders", body, 201)).orderId), deliveryRef };
  }
  async function loan(opts: { guarantor?: boolean; approve?: boolean }): Promise<string> {
    const body = { productId: opts.guarantor ? products.guaranteed : products.unsecured, principalFen: "1000000" };
    const id = String(
      (await as("merchant", "/api/loans", opts.guarantor ? { ...body, guarantor: "guarantor" } : body, 201)).loanId,
    );
    if (opts.guarantor && opts.approve) await as("guarantor", `/api/loans/${id}/guarantee`, {}, 200);
    if (opts.approve) await as("micro-lender", `/api/loans/${id}/approve`, {}, 200);
    return id;
  }
  /** A land right of the farmer, appraised at ¥2,000,000, pledged for a ¥100,000 loan of the rural bank, disbursed. */
  async function securedLoan(): Promise<string> {
    const right = await as(
      "registry",
      "/api/rights",
      {
        kind: "LandManagement",
        certificateNo: unique("AUTHZ-LAND"),
        areaCentiMu: "12050",
        termStart: "2020-01-01",
        termEnd: "2045-12-31",
        holder: "farmer",
      },
      201,
    );
    const rightId = String(right.rightId);
    await as("appraiser", `/api/rights/${rightId}/appraisals`, { valueFen: "200000000", validDays: 365 }, 201);
    const body = { productId: products.secured, principalFen: "10000000", rightId };
    const id = String((await as("farmer", "/api/loans", body, 201)).loanId);
    await as("rural-bank", `/api/loans/${id}/approve`, {}, 200);
    return id;
  }
  const declare = (lender: string, id: string) => () => as(lender, `/api/loans/${id}/default`, {}, 200).then(() => {});

  const cases: Case[] = [
    {
      operationId: "setCreditLine",
      make: async () => ({ path: "/api/credit-lines", body: { issuer: "steel-group", limitFen: "20000000000" } }),
    },
    {
      operationId: "issueVoucher",
      make: async () => ({
        path: "/api/vouchers",
        body: { payee: "logistics", amountFen: "1000000", maturityDays: 90, tradeRef: unique("authz issue") },
      }),
    },
    {
      operationId: "acceptVoucher",
      make: async () => ({ path: `/api/vouchers/${(await voucher("pending")).slot}/accept`, body: {} }),
    },
    {
      operationId: "rejectVoucher",
      make: async () => ({ path: `/api/vouchers/${(await voucher("pending")).slot}/reject`, body: {} }),
    },
    {
      operationId: "repayVoucher",
      make: async () => ({ path: `/api/vouchers/${(await voucher("active")).slot}/repay`, body: {} }),
    },
    {
      operationId: "clearVoucher",
      later: true,
      make: async () => ({ path: `/api/vouchers/${(await voucher("repaid", 1)).slot}/clear`, body: { maxTokens: 10 } }),
    },
    {
      operationId: "declareVoucherDefault",
      later: true,
      make: async () => ({ path: `/api/vouchers/${(await voucher("active", 1)).slot}/default`, body: {} }),
    },
    {
      operationId: "splitToken",
      make: async () => ({ path: "/api/tokens/1.1/split", body: { to: "scrap-collector", amountFen: "1000000" } }),
    },
    {
      operationId: "transferToken",
      make: async () => ({ path: `/api/tokens/${await piece()}/transfer`, body: { to: "scrap-recycler" } }),
    },
    {
      operationId: "requestFinancing",
      make: async () => ({
        path: "/api/tokens/1.1/financing",
        body: { financier: "lead-bank", amountFen: "1000000", rateBps: 365 },
      }),
    },
    {
      operationId: "pledgeToken",
      make: async () => ({ path: `/api/tokens/${await piece()}/pledge`, body: { lender: "micro-lender" } }),
    },
    {
      operationId: "releasePledge",
      make: async () => {
        const label = await piece();
        await as("scrap-collector", `/api/tokens/${label}/pledge`, { lender: "micro-lender" }, 200);
        return { path: `/api/tokens/${label}/release`, body: {} };
      },
    },
    {
      operationId: "claimToken",
      later: true,
      make: async () => ({ path: `/api/tokens/${(await voucher("repaid", 1)).token}/claim`, body: {} }),
    },
    {
      operationId: "approveFinancing",
      make: async () => ({ path: `/api/financing/${await financingRequest()}/approve`, body: {} }),
    },
    {
      operationId: "rejectFinancing",
      make: async () => ({ path: `/api/financing/${await financingRequest()}/reject`, body: {} }),
    },
    {
      operationId: "cancelFinancing",
      make: async () => ({ path: `/api/financing/${await financingRequest()}/cancel`, body: {} }),
    },
    {
      operationId: "pay",
      make: async (actor) => ({
        path: "/api/payments",
        body: { to: actor?.id === "lead-bank" ? "rural-bank" : "lead-bank", amountFen: "100" },
      }),
    },
    // as much as the risk-sharing parties allowed in the setup: their later payments still go through
    {
      operationId: "allow",
      make: async () => ({ path: "/api/allowances", body: { spender: "LoanBook", amountFen: "100000000" } }),
    },
    {
      operationId: "lockOrder",
      make: async (actor) => ({
        path: "/api/orders",
        body: {
          seller: actor?.id === "distributor" ? "merchant" : "distributor",
          amountFen: "100",
          deliveryRef: unique("WB"),
          deadlineDays: 30,
          logistics: "logistics",
        },
      }),
    },
    {
      operationId: "confirmDelivery",
      make: async () => {
        const o = await order(30);
        return { path: `/api/orders/${o.id}/confirm`, body: { deliveryRef: o.deliveryRef } };
      },
    },
    {
      operationId: "refundOrder",
      later: true,
      make: async () => ({ path: `/api/orders/${(await order(1)).id}/refund`, body: {} }),
    },
    {
      operationId: "registerRight",
      variant: "rural right",
      make: async () => ({
        path: "/api/rights",
        body: {
          kind: "Forest",
          certificateNo: unique("AUTHZ-FOREST"),
          areaCentiMu: "1000",
          termStart: "2020-01-01",
          termEnd: "2045-12-31",
          holder: "pear-coop",
        },
      }),
    },
    {
      operationId: "registerRight",
      variant: "warehouse receipt",
      make: async () => ({
        path: "/api/rights",
        body: {
          kind: "WarehouseReceipt",
          certificateNo: unique("AUTHZ-WR"),
          areaCentiMu: "50000",
          termStart: "2020-01-01",
          termEnd: "2030-12-31",
          holder: "distributor",
        },
      }),
    },
    {
      operationId: "appraiseRight",
      make: async () => {
        const body = {
          kind: "Aquaculture",
          certificateNo: unique("AUTHZ-AQUA"),
          areaCentiMu: "800",
          termStart: "2020-01-01",
          termEnd: "2045-12-31",
          holder: "farmer",
        };
        const right = await as("registry", "/api/rights", body, 201);
        return {
          path: `/api/rights/${String(right.rightId)}/appraisals`,
          body: { valueFen: "60000000", validDays: 365 },
        };
      },
    },
    {
      operationId: "createProduct",
      make: async () => ({
        path: "/api/products",
        body: {
          name: unique("Authz product"),
          purpose: "WorkingCapital",
          rateBps: 800,
          termDays: 30,
          minPrincipalFen: "100000",
          maxPrincipalFen: "50000000",
        },
      }),
    },
    {
      operationId: "applyForLoan",
      make: async () => ({ path: "/api/loans", body: { productId: products.unsecured, principalFen: "1000000" } }),
    },
    {
      operationId: "approveGuarantee",
      make: async () => ({ path: `/api/loans/${await loan({ guarantor: true })}/guarantee`, body: {} }),
    },
    { operationId: "approveLoan", make: async () => ({ path: `/api/loans/${await loan({})}/approve`, body: {} }) },
    { operationId: "rejectLoan", make: async () => ({ path: `/api/loans/${await loan({})}/reject`, body: {} }) },
    { operationId: "withdrawLoan", make: async () => ({ path: `/api/loans/${await loan({})}/withdraw`, body: {} }) },
    {
      operationId: "repayLoan",
      make: async () => ({
        path: `/api/loans/${await loan({ approve: true })}/repayments`,
        body: { amountFen: "100" },
      }),
    },
    {
      operationId: "declareLoanDefault",
      later: true,
      make: async () => ({ path: `/api/loans/${await loan({ approve: true })}/default`, body: {} }),
    },
    {
      operationId: "disposeCollateral",
      later: true,
      make: async () => {
        const id = await securedLoan();
        return {
          path: `/api/loans/${id}/disposal`,
          body: { buyer: "rural-bank", priceFen: "20000000" },
          ready: declare("rural-bank", id),
        };
      },
    },
    {
      operationId: "callLoanGuarantee",
      later: true,
      make: async () => {
        const id = await loan({ guarantor: true, approve: true });
        return { path: `/api/loans/${id}/risk-sharing`, body: {}, ready: declare("micro-lender", id) };
      },
    },
    {
      operationId: "writeOffLoan",
      later: true,
      make: async () => {
        const id = await loan({ approve: true });
        return { path: `/api/loans/${id}/write-off`, body: {}, ready: declare("micro-lender", id) };
      },
    },
    {
      operationId: "claimLoanSurplus",
      later: true,
      make: async () => {
        const id = await securedLoan();
        return {
          path: `/api/loans/${id}/surplus-claims`,
          body: { amountFen: "100" },
          ready: async () => {
            await declare("rural-bank", id)();
            // more than the farmer's wallet may hold: the loan book keeps the surplus for the farmer
            const sold = await as(
              "rural-bank",
              `/api/loans/${id}/disposal`,
              { buyer: "rural-bank", priceFen: "200000000" },
              200,
            );
            expect(BigInt(String(sold.heldSurplusFen))).toBeGreaterThan(0n);
          },
        };
      },
    },
    {
      operationId: "postSales",
      make: async () => ({
        path: "/api/sales",
        body: { borrower: "merchant", weekIndex: ++counter, salesFen: "10000000" },
      }),
    },
    {
      operationId: "runLesson",
      // a lesson runs a fresh consortium of its own (about half a second): CI runs 4 of the 22 allowed cells
      sampleAllowed: sized(4, Infinity),
      make: async () => ({ path: "/api/lessons/what-the-rules-prevent/run", body: {} }),
    },
    { operationId: "advanceClock", later: true, make: async () => ({ path: "/api/clock/advance", body: { days: 1 } }) },
  ];
  const label = (c: Case) => (c.variant ? `${c.operationId} (${c.variant})` : c.operationId);

  beforeAll(async () => {
    w = await reliabilityWorld();
    cast = w.service.deployment.cast.all;
    for (const [bank, issuer] of [
      ["lead-bank", "rolling-mill"],
      ["lead-bank", "distributor"],
      ["rural-bank", "scrap-recycler"],
      ["rural-bank", "scrap-collector"],
    ]) {
      await as(bank, "/api/credit-lines", { issuer, limitFen: "5000000000" }, 200);
    }
    for (const payer of ["national-fund", "provincial-reguarantor", "guarantor"]) {
      await as(payer, "/api/allowances", { spender: "LoanBook", amountFen: "100000000" }, 200);
    }
    const quick = { rateBps: 800, termDays: 1, graceDays: 0, minPrincipalFen: "100000", maxPrincipalFen: "50000000" };
    products.unsecured = String(
      (
        await as(
          "micro-lender",
          "/api/products",
          { name: "1-day working capital", purpose: "WorkingCapital", ...quick },
          201,
        )
      ).productId,
    );
    products.guaranteed = String(
      (
        await as(
          "micro-lender",
          "/api/products",
          { name: "1-day guaranteed", purpose: "WorkingCapital", ...quick },
          201,
        )
      ).productId,
    );
    products.secured = String(
      (
        await as(
          "rural-bank",
          "/api/products",
          {
            name: "1-day 梨果保",
            purpose: "Agricultural",
            collateral: "PropertyRight",
            ltvBps: 6000,
            ...quick,
            minPrincipalFen: "1000000",
          },
          201,
        )
      ).productId,
    );
  });
  afterAll(async () => {
    await w?.close();
  });

  /** Sends one request and checks its answer and the ledger digest around it. */
  async function cell(
    c: Case,
    who: string,
    kind: Cell["kind"],
    credential: Credential,
    inst: Instance,
    expected: number | "2xx",
    body: Record<string, unknown> | RawJson = inst.body,
  ): Promise<Cell> {
    // the digest around refused cells only: an allowed one changes the ledger, as it should
    const refusal = expected !== "2xx";
    const before = refusal ? await w.digest.take() : undefined;
    const res = await w.send({
      credential,
      path: inst.path,
      body:
        body instanceof RawJson
          ? { kind: "raw", text: body.text, type: "application/json" }
          : { kind: "json", value: body },
    });
    const after = refusal ? await w.digest.take() : undefined;
    const error = (res.body as { error?: { code?: unknown; message?: unknown } }).error;
    const shaped = typeof error?.code === "string" && typeof error.message === "string";
    const holds = expected === "2xx" ? res.status >= 200 && res.status < 300 : res.status === expected && shaped;
    const changed = refusal && after?.hash !== before?.hash;
    const result: Cell = {
      case: label(c),
      who,
      kind,
      expected,
      status: res.status,
      code: error?.code as string | undefined,
      holds,
      changed,
    };
    cells.push(result);
    return result;
  }

  /**
   * Whether `who` is a party (any address field) of another instrument of the kind this write acts on:
   * another voucher, token, request, order, right or loan (by the path's id), another issuer's credit line.
   */
  function partyOfAnother(c: Case, inst: Instance, who: Participant): boolean {
    const s = w.service.state;
    const address = who.address.toLowerCase();
    const names = (record: object) =>
      Object.values(record).some((v) => typeof v === "string" && v.toLowerCase() === address);
    if (c.operationId === "setCreditLine") {
      const issuer = w.service.deployment.cast.get(String(inst.body.issuer)).address.toLowerCase();
      return [...s.creditLines.entries()].some(([of, line]) => of !== issuer && names(line));
    }
    const [, , kind, id] = inst.path.split("/");
    const maps: Record<string, Map<bigint, object> | undefined> = {
      vouchers: s.vouchers,
      tokens: s.tokens,
      financing: s.financingRequests,
      orders: s.orders,
      rights: s.rights,
      loans: s.loans,
    };
    const records = maps[kind];
    if (!records || id === undefined) return false;
    const [slot, index] = id.split(".");
    const self = index === undefined ? BigInt(id) : (BigInt(slot) << 32n) | BigInt(index);
    return [...records.entries()].some(([key, record]) => key !== self && names(record));
  }

  async function suspend(who: Participant, suspended: boolean): Promise<void> {
    const operator = w.service.deployment.cast.first("PlatformOperator");
    const consortium = w.service.deployment.contracts.consortium;
    const method = suspended ? "suspend" : "reinstate";
    await w.service.deployment.sender.send(txOf(consortium, operator.address, method, [who.address], method), {
      throwOnRevert: true,
    });
    await w.service.sync();
  }

  /**
   * The refused cells of one case: every participant the table refuses, no token, a forged token and
   * a malformed header against its first instrument; extra fields and a suspension against the
   * instrument of the first participant that may act (kept in `own` for its allowed cell). Returns who may act.
   */
  async function refusedCells(c: Case, inst: Instance, own: Map<string, Instance>): Promise<Participant[]> {
    const where = instrumentPath(c.operationId, inst.path, inst.body);
    const instrument = where ? await w.read(where) : undefined;
    const rule = WHO_MAY[c.operationId];
    const may: Participant[] = [];
    for (const who of cast) {
      const v: Verdict = verdict(c.operationId, who, inst.body, instrument);
      if (v.may) {
        may.push(who);
        continue;
      }
      const bola = rule.party !== undefined && partyOfAnother(c, inst, who);
      await cell(c, who.id, bola ? "bola" : "member", { kind: "participant", id: who.id }, inst, v.status);
    }
    expect(may.length, `${label(c)}: someone may act`).toBeGreaterThan(0);
    await cell(c, "no token", "no token", { kind: "none" }, inst, 401);
    const forged = { kind: "header" as const, value: `Bearer scf_${randomBytes(32).toString("hex")}` };
    await cell(c, "forged scf_ token", "forged token", forged, inst, 401);
    const basic = { kind: "header" as const, value: "Basic b3BlcmF0b3I6b3BlcmF0b3I=" };
    await cell(c, "Basic credentials", "malformed header", basic, inst, 401);

    // the extra-field and suspension cells act as one who may: not the operator where another may (it cannot be suspended)
    const first = may.find((q) => q.role !== "PlatformOperator") ?? may[0];
    if (!own.has(first.id)) own.set(first.id, await c.make(first));
    const mine = own.get(first.id)!;
    const other = cast.find((q) => q.id !== first.id)!;
    const extras: (Record<string, unknown> | RawJson)[] = [
      { ...mine.body, owner: other.address },
      { ...mine.body, role: "PlatformOperator", status: "Approved" },
      new RawJson(
        JSON.stringify({ ...mine.body, x: 0 })
          .replace(/^\{/, '{"__proto__":{"role":"PlatformOperator"},')
          .replace(',"x":0}', "}"),
      ),
    ];
    for (const body of extras) {
      await cell(c, first.id, "mass assignment", { kind: "participant", id: first.id }, mine, 400, body);
    }
    if (first.role !== "PlatformOperator") {
      // the operator cannot suspend itself (ConsortiumCannotTargetSelf): the clock's only actor is not suspended
      await suspend(first, true);
      await cell(c, first.id, "suspended", { kind: "participant", id: first.id }, mine, 403);
      await suspend(first, false);
    }
    return may;
  }

  let sampledOut = 0;
  async function allowedCells(c: Case, may: Participant[], own: Map<string, Instance>): Promise<void> {
    const step = Math.max(1, Math.ceil(may.length / (c.sampleAllowed ?? may.length)));
    const tested = may.filter((_, i) => i % step === 0);
    sampledOut += may.length - tested.length;
    for (const who of tested) {
      const inst = own.get(who.id) ?? (await c.make(who));
      await cell(c, who.id, "member", { kind: "participant", id: who.id }, inst, "2xx");
    }
  }

  it("covers every write of the OpenAPI document", () => {
    const documented = writeOperations()
      .map((o) => o.operationId)
      .sort();
    expect([...new Set(cases.map((c) => c.operationId))].sort()).toEqual(documented);
    expect(Object.keys(WHO_MAY).sort()).toEqual(documented);
  });

  for (const c of cases.filter((x) => !x.later)) {
    it(`${label(c)}: refuses whom it must, with the ledger unchanged, and lets who may act`, async () => {
      const own = new Map<string, Instance>();
      const may = await refusedCells(c, await c.make(), own);
      await allowedCells(c, may, own);
      const mine = cells.filter((x) => x.case === label(c) && !x.holds);
      expect(mine, JSON.stringify(mine)).toEqual([]);
    });
  }

  describe(`after the project clock moved ${CLOCK_DAYS} days`, () => {
    const prepared = new Map<Case, { primary: Instance; may: Participant[]; own: Map<string, Instance> }>();
    const later = cases.filter((x) => x.later && x.operationId !== "advanceClock");

    beforeAll(async () => {
      // every instrument first (the may-set read from the first one), then one move of the clock
      for (const c of later) {
        const primary = await c.make();
        const where = instrumentPath(c.operationId, primary.path, primary.body);
        const instrument = where ? await w.read(where) : undefined;
        const may = cast.filter((who) => verdict(c.operationId, who, primary.body, instrument).may);
        const own = new Map<string, Instance>();
        for (const who of may) own.set(who.id, await c.make(who));
        prepared.set(c, { primary, may, own });
      }
      await w.service.advanceClock(w.service.deployment.cast.first("PlatformOperator"), CLOCK_DAYS);
      for (const { primary, own } of prepared.values()) {
        for (const inst of [primary, ...own.values()]) await inst.ready?.();
      }
    });

    for (const c of later) {
      it(`${label(c)}: refuses whom it must, with the ledger unchanged, and lets who may act`, async () => {
        const { primary, own } = prepared.get(c)!;
        const may = await refusedCells(c, primary, own);
        await allowedCells(c, may, own);
        const mine = cells.filter((x) => x.case === label(c) && !x.holds);
        expect(mine, JSON.stringify(mine)).toEqual([]);
      });
    }

    const clock = cases.find((x) => x.operationId === "advanceClock")!;
    it("advanceClock: refuses whom it must, with the ledger unchanged, and lets who may act", async () => {
      const own = new Map<string, Instance>();
      const may = await refusedCells(clock, await clock.make(), own);
      await allowedCells(clock, may, own);
      const mine = cells.filter((x) => x.case === "advanceClock" && !x.holds);
      expect(mine, JSON.stringify(mine)).toEqual([]);
    });
  });

  it("meets every bar (figures recorded in out/reliability/authz-matrix.json)", () => {
    const refusedCellsAll = cells.filter((x) => x.expected !== "2xx");
    const allowed = cells.filter((x) => x.expected === "2xx");
    const of = (xs: Cell[]) =>
      `${xs.filter((x) => x.holds).length.toLocaleString("en-US")} / ${xs.length.toLocaleString("en-US")}`;
    const all = (xs: Cell[]) => xs.length > 0 && xs.every((x) => x.holds);
    const kind = (k: Cell["kind"]) => refusedCellsAll.filter((x) => x.kind === k);
    const changed = refusedCellsAll.filter((x) => x.changed);
    const routes = new Set(cells.map((x) => x.case.split(" ")[0]));
    const partyCases = cases.filter((c) => WHO_MAY[c.operationId].party).map(label);
    const withBola = partyCases.filter((c) => cells.some((x) => x.case === c && x.kind === "bola" && x.holds));
    const figures: Figure[] = [
      {
        name: "write routes in the matrix (every POST of the OpenAPI document)",
        value: String(routes.size),
        bar: `= ${writeOperations().length}`,
        holds: routes.size === writeOperations().length,
      },
      {
        name: "participants of the demo cast in every row",
        value: String(cast.length),
        bar: "every one",
        holds: cast.length === w.service.deployment.cast.all.length,
      },
      {
        name: "cells refused as they must be (status of the table, ledger unchanged)",
        value: of(refusedCellsAll),
        bar: "100%",
        holds: all(refusedCellsAll) && changed.length === 0,
      },
      {
        name: "  of which BOLA: a party of another instrument of the kind",
        value: of(kind("bola")),
        bar: "100%",
        holds: all(kind("bola")),
      },
      {
        name: "  of which mass assignment: extra fields in the body (400)",
        value: of(kind("mass assignment")),
        bar: "100%",
        holds: all(kind("mass assignment")),
      },
      {
        name: "  of which no, forged or malformed token (401)",
        value: of([...kind("no token"), ...kind("forged token"), ...kind("malformed header")]),
        bar: "100%",
        holds: all([...kind("no token"), ...kind("forged token"), ...kind("malformed header")]),
      },
      {
        name: "  of which a member suspended on chain (403; every write but the clock's, whose only actor cannot be suspended)",
        value: of(kind("suspended")),
        bar: "100%",
        holds: all(kind("suspended")),
      },
      {
        name: `allowed cells that succeeded (2xx)${sampledOut > 0 ? `; ${sampledOut} lesson runs sampled out in CI` : ""}`,
        value: of(allowed),
        bar: "100%",
        holds: all(allowed),
      },
      {
        name: "party writes with a BOLA cell (a party of another instrument refused)",
        value: `${withBola.length} / ${partyCases.length}`,
        bar: "100%",
        holds: withBola.length === partyCases.length,
      },
      {
        name: "refusals that changed the ledger",
        value: String(changed.length),
        bar: "0",
        holds: changed.length === 0,
      },
      {
        name: "unexpected errors the service logged",
        value: String(w.logged.length),
        bar: "0",
        holds: w.logged.length === 0,
      },
    ];
    recordFigures("authz-matrix", figures);
    // the grid: one row per write, one column per participant — + succeeded, 3 = 403, 9 = 409 as the table says, X wrong
    const mark = (c: Cell) => (!c.holds || c.changed ? "X" : c.expected === "2xx" ? "+" : String(c.expected)[2]);
    const rows = [...new Set(cells.map((x) => x.case))].map((row) => {
      const line = cast.map((who) => {
        const hit = cells.find((x) => x.case === row && x.who === who.id && (x.kind === "member" || x.kind === "bola"));
        return hit ? mark(hit) : "·";
      });
      return `${row.padEnd(36)} ${line.join("")}`;
    });
    console.log(`authorization matrix (columns: ${cast.map((q) => q.id).join(", ")}):\n${rows.join("\n")}`);
    const wrong = cells.filter((x) => !x.holds || x.changed);
    for (const f of figures)
      expect(f.holds, `${f.name}: ${f.value} (bar ${f.bar}); ${JSON.stringify(wrong.slice(0, 10))}`).toBe(true);
  });
});

/** Regression tests of the defects the matrix found, each named after its defect. */
describe("defects found by the authorization matrix", () => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await apiWorld();
  });
  afterAll(() => w.close());

  it("refuses every write of a member the operator suspended, also where the contract does not check membership (decline a voucher, release a pledge, decline or withdraw financing, allow the loan book, run a lesson)", async () => {
    const { cast, contracts, sender } = w.service.deployment;
    const suspend = async (id: string, method: "suspend" | "reinstate") => {
      const operator = cast.first("PlatformOperator").address;
      await sender.send(txOf(contracts.consortium, operator, method, [cast.get(id).address], method), {
        throwOnRevert: true,
      });
    };
    const issued = await w
      .post("steel-group", "/api/vouchers", {
        payee: "rolling-mill",
        amountFen: "1000000",
        maturityDays: 30,
        tradeRef: "suspended payer",
      })
      .expect(201);
    const slot = String(issued.body.result.slotId);
    await w.post("scrap-recycler", "/api/tokens/1.2/pledge", { lender: "micro-lender" }).expect(200);
    const financing = { financier: "lead-bank", amountFen: "1000000", rateBps: 365 };
    const [declined, withdrawn] = [
      String((await w.post("rolling-mill", "/api/tokens/1.1/financing", financing).expect(201)).body.result.requestId),
      String((await w.post("rolling-mill", "/api/tokens/1.1/financing", financing).expect(201)).body.result.requestId),
    ];
    const writes: [string, string, object][] = [
      ["steel-group", `/api/vouchers/${slot}/reject`, {}],
      ["micro-lender", "/api/tokens/1.2/release", {}],
      ["lead-bank", `/api/financing/${declined}/reject`, {}],
      ["rolling-mill", `/api/financing/${withdrawn}/cancel`, {}],
      ["farmer", "/api/allowances", { spender: "LoanBook", amountFen: "100" }],
      // not a write to this chain (a lesson runs a consortium of its own), but work a suspended member may not ask for
      ["pboc", "/api/lessons/what-the-rules-prevent/run", {}],
    ];
    for (const [id, path, body] of writes) {
      await suspend(id, "suspend");
      const before = await w.snapshot();
      const refused = await w.post(id, path, body);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error).toMatchObject({
        code: "MEMBER_NOT_ACTIVE",
        message: `${cast.get(id).name} is suspended: only active members take part.`,
        details: { participant: id, status: "Suspended" },
      });
      expect(await w.snapshot(), path).toEqual(before);
      if (id === "steel-group") {
        // the service refuses it too, for callers other than the API
        await expect(w.service.vouchers.reject(cast.get(id), BigInt(slot))).rejects.toMatchObject({
          code: "MEMBER_NOT_ACTIVE",
        });
      }
      await suspend(id, "reinstate");
      expect((await w.post(id, path, body)).status, `${path} once reinstated`).toBeLessThan(300);
    }
    expect(w.logged).toEqual([]);
  });
});
