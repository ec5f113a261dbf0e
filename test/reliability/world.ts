import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { buildOpenApi } from "../../src/api/openapi.js";
import { apiRoutes } from "../../src/api/routes.js";
import { apiWorld, type ApiWorld } from "../api/api-world.js";
import { ledgerDigest, type DigestTaker } from "./digest.js";
import { toJsonText, type BodySpec, type JsonSchema } from "./schema-arbitrary.js";

/** One write of the OpenAPI document: what the fuzzer and the matrix iterate over. */
export interface WriteOperation {
  operationId: string;
  method: "post";
  /** OpenAPI path, e.g. "/api/tokens/{tokenId}/split". */
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  body?: JsonSchema;
  /** Documented answers (status codes as numbers). */
  statuses: number[];
  successStatus: number;
}

/**
 * The writes of the API, read from the OpenAPI document the project generates (`buildOpenApi`):
 * every POST operation with its path parameters, body schema and documented answers.
 */
export function writeOperations(): WriteOperation[] {
  const doc = buildOpenApi(apiRoutes) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  const ops: WriteOperation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (method !== "post") continue;
      const parameters = (op.parameters ?? []) as { name: string; in: string; schema: JsonSchema }[];
      const body = (op.requestBody as { content: Record<string, { schema: JsonSchema }> } | undefined)?.content[
        "application/json"
      ]?.schema;
      const statuses = Object.keys(op.responses as object).map(Number);
      ops.push({
        operationId: String(op.operationId),
        method: "post",
        path,
        pathParams: parameters.filter((p) => p.in === "path").map((p) => ({ name: p.name, schema: p.schema })),
        body,
        statuses,
        successStatus: statuses.find((s) => s >= 200 && s < 300) ?? 200,
      });
    }
  }
  return ops;
}

/** Who a request says it is. */
export type Credential = { kind: "participant"; id: string } | { kind: "none" } | { kind: "header"; value: string };

export interface SentRequest {
  credential: Credential;
  path: string;
  body: BodySpec;
}

/** A consortium served over a real socket (one server for thousands of requests), with its ledger digest. */
export interface ReliabilityWorld extends ApiWorld {
  digest: DigestTaker;
  /** Sends one write as generated; never throws for an answer, whatever its status. */
  send(req: SentRequest): Promise<request.Response>;
  /** GET as anonymous; the parsed body, or undefined unless 200. */
  read(path: string): Promise<unknown>;
}

/** The demo consortium (`bootService`'s small story) with rate limits lifted, served on a loopback port. */
export async function reliabilityWorld(): Promise<ReliabilityWorld> {
  const w = await apiWorld({ limits: { writesPerMinute: 1e9, requestsPerMinute: 1e9 } });
  const server: Server = createServer(w.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const agent = request(base);
  const send = async (req: SentRequest) => {
    let test = agent.post(req.path);
    if (req.credential.kind === "participant") test = test.set("Authorization", `Bearer ${w.token(req.credential.id)}`);
    if (req.credential.kind === "header") test = test.set("Authorization", req.credential.value);
    const body = req.body;
    if (body.kind === "json") test = test.set("Content-Type", "application/json").send(toJsonText(body.value));
    if (body.kind === "raw") {
      test = test.set("Content-Type", body.type);
      if (body.encoding) test = test.set("Content-Encoding", body.encoding);
      test = test.send(body.text);
    }
    return test.buffer(true).ok(() => true);
  };
  return {
    ...w,
    digest: ledgerDigest(w.service),
    send,
    async read(path) {
      const res = await agent.get(path).ok(() => true);
      return res.status === 200 ? (res.body as unknown) : undefined;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await w.close();
    },
  };
}

/**
 * Instruments in every state the writes act on, made through the API as their parties would: credit
 * lines for every issuer, a pending and an active voucher, a pledged token, an open financing
 * request, an open order, an appraised right, an unsecured and a secured product, loans applied,
 * guaranteed and active, allowances of the risk-sharing parties, weekly sales.
 */
export async function seedInstruments(w: ApiWorld): Promise<void> {
  const ok = async (id: string, path: string, body: object, status: number) => {
    const res = await w.post(id, path, body);
    if (res.status !== status) throw new Error(`seed: ${id} POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { result: Record<string, unknown> };
  };
  for (const [bank, issuer] of [
    ["lead-bank", "rolling-mill"],
    ["lead-bank", "distributor"],
    ["rural-bank", "scrap-recycler"],
    ["rural-bank", "scrap-collector"],
  ]) {
    await ok(bank, "/api/credit-lines", { issuer, limitFen: "5000000000" }, 200);
  }
  await ok(
    "steel-group",
    "/api/vouchers",
    { payee: "distributor", amountFen: "50000000", maturityDays: 90, tradeRef: "seed pending" },
    201,
  );
  const active = await ok(
    "steel-group",
    "/api/vouchers",
    { payee: "rolling-mill", amountFen: "80000000", maturityDays: 120, tradeRef: "seed active" },
    201,
  );
  const slot = String(active.result.slotId);
  await ok("rolling-mill", `/api/vouchers/${slot}/accept`, {}, 200);
  const piece = await ok(
    "rolling-mill",
    `/api/tokens/${slot}.1/split`,
    { to: "scrap-collector", amountFen: "20000000" },
    201,
  );
  await ok("scrap-collector", `/api/tokens/${String(piece.result.label)}/pledge`, { lender: "micro-lender" }, 200);
  await ok(
    "rolling-mill",
    "/api/tokens/1.1/financing",
    { financier: "lead-bank", amountFen: "10000000", rateBps: 365 },
    201,
  );
  await ok(
    "merchant",
    "/api/orders",
    { seller: "distributor", amountFen: "100000", deliveryRef: "WB-SEED-1", deadlineDays: 30, logistics: "logistics" },
    201,
  );
  const right = await ok(
    "registry",
    "/api/rights",
    {
      kind: "LandManagement",
      certificateNo: "SEED-0001",
      areaCentiMu: "12050",
      termStart: "2020-01-01",
      termEnd: "2045-12-31",
      holder: "pear-coop",
    },
    201,
  );
  const rightId = String(right.result.rightId);
  await ok("appraiser", `/api/rights/${rightId}/appraisals`, { valueFen: "60000000", validDays: 365 }, 201);
  await ok(
    "micro-lender",
    "/api/products",
    {
      name: "Working capital",
      purpose: "WorkingCapital",
      rateBps: 800,
      termDays: 30,
      graceDays: 10,
      minPrincipalFen: "100000",
      maxPrincipalFen: "50000000",
    },
    201,
  );
  await ok(
    "rural-bank",
    "/api/products",
    {
      name: "梨果保",
      purpose: "Agricultural",
      collateral: "PropertyRight",
      ltvBps: 6000,
      rateBps: 435,
      termDays: 180,
      minPrincipalFen: "1000000",
      maxPrincipalFen: "50000000",
    },
    201,
  );
  await ok("merchant", "/api/loans", { productId: "1", principalFen: "1000000" }, 201);
  const active2 = await ok(
    "distributor",
    "/api/loans",
    { productId: "1", principalFen: "2000000", guarantor: "guarantor" },
    201,
  );
  await ok("guarantor", `/api/loans/${String(active2.result.loanId)}/guarantee`, {}, 200);
  await ok("micro-lender", `/api/loans/${String(active2.result.loanId)}/approve`, {}, 200);
  await ok(
    "pear-coop",
    "/api/loans",
    { productId: "2", principalFen: "5000000", rightId, guarantor: "guarantor" },
    201,
  );
  for (const payer of ["national-fund", "provincial-reguarantor", "guarantor"]) {
    await ok(payer, "/api/allowances", { spender: "LoanBook", amountFen: "100000000" }, 200);
  }
  await ok("data-feed", "/api/sales", { borrower: "merchant", weekIndex: 1, salesFen: "10000000" }, 201);
}
