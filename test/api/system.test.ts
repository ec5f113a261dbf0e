import { afterAll, beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { createApp } from "../../src/api/app.js";
import { describeEvent } from "../../src/ledger/describe.js";
import { jsonValue } from "../../src/api/format.js";
import { read, write } from "../../src/api/http.js";
import { answerRevert, errorCode, revertStatus } from "../../src/api/reverts.js";
import { apiRoutes } from "../../src/api/routes.js";
import { directoryNames } from "../../src/api/views.js";
import { serveCommand } from "../../src/cli/serve-command.js";
import type { ChainEvent } from "../../src/ledger/decoder.js";
import { computeVolumes } from "../../src/report/build.js";
import { apiWorld, codeOf, type ApiWorld } from "./api-world.js";

/** Health, participants, the event log and stream, volumes, the OpenAPI document, limits and errors. */
describe("the service's system routes", () => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await apiWorld();
  });
  afterAll(() => w.close());

  it("reports its health: chain, indexer position and project time", async () => {
    const res = await w.get("/api/health").expect(200);
    expect(res.body).toMatchObject({ status: "ok", chainId: "31337", chain: "in-process", scenario: null });
    expect(res.body.indexedBlock).toBeGreaterThan(0);
    expect(res.body.projectTime.iso).toBe(new Date(res.body.projectTime.unix * 1000).toISOString());
    expect(Object.keys(res.body.contracts)).toEqual(expect.arrayContaining(["VoucherLedger", "ECNY", "LoanBook"]));
  });

  it("lists every participant with its role, membership, balance and wallet", async () => {
    const res = await w.get("/api/participants").expect(200);
    expect(res.body.participants).toHaveLength(w.service.deployment.cast.all.length);
    const mill = res.body.participants.find((p: { id: string }) => p.id === "rolling-mill");
    expect(mill).toEqual({
      id: "rolling-mill",
      name: "Fengrun Rolling Mill",
      nameZh: "丰润轧钢厂",
      role: "Supplier",
      roleLabel: { en: "supplier", zh: "供应商" },
      address: w.service.deployment.cast.get("rolling-mill").address,
      membership: "Active",
      admittedAt: expect.objectContaining({ unix: expect.any(Number) }),
      balanceFen: "200000000",
      wallet: { category: "Corporate", frozen: false, bank: expect.objectContaining({ id: "lead-bank" }) },
    });
    const regulator = res.body.participants.find((p: { id: string }) => p.id === "regulator");
    expect(regulator).toMatchObject({ wallet: null, balanceFen: "0", membership: "Active" });
  });

  it("shows a participant's portfolio by id or address, and the token's participant at /me", async () => {
    const recycler = await w.get("/api/participants/scrap-recycler").expect(200);
    expect(recycler.body.portfolio.tokens.map((t: { label: string }) => t.label)).toEqual(["1.2"]);
    const address = w.service.deployment.cast.get("steel-group").address;
    const steel = await w.get(`/api/participants/${address.toLowerCase()}`).expect(200);
    expect(steel.body.id).toBe("steel-group");
    expect(steel.body.portfolio.vouchersIssued.map((v: { slotId: string }) => v.slotId)).toEqual(["1"]);
    expect(steel.body.portfolio.creditLine).toMatchObject({ limitFen: "20000000000", outstandingFen: "1000000000" });
    expect(codeOf(await w.get("/api/participants/nobody").expect(404))).toBe("NOT_FOUND");

    expect(codeOf(await w.get("/api/me").expect(401))).toBe("UNAUTHENTICATED");
    expect(codeOf(await w.get("/api/me").set("Authorization", "Bearer scf_nope").expect(401))).toBe("UNAUTHENTICATED");
    const me = await w
      .get("/api/me")
      .set("Authorization", `Bearer ${w.token("rolling-mill")}`)
      .expect(200);
    expect(me.body).toMatchObject({ id: "rolling-mill", portfolio: { vouchersReceived: [{ slotId: "1" }] } });
  });

  it("gives every participant a distinct random token of 32 bytes", () => {
    const tokens = [...w.service.tokens.byParticipant.values()];
    expect(tokens).toHaveLength(w.service.deployment.cast.all.length);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of tokens) expect(t).toMatch(/^scf_[0-9a-f]{64}$/);
  });

  it("describes events in plain English and Chinese", () => {
    const s = w.service.state;
    const split = s.events.find((e) => e.name === "VoucherSplit")!;
    expect(describeEvent(split, s)).toEqual({
      en: "Fengrun Rolling Mill split ¥3,000,000.00 of voucher #1 to Luannan Scrap Recycling: new token #1.2 at tier 2, cut from token #1.1, same payer and maturity.",
      zh: "丰润轧钢厂将凭证份额 #1.1 中的 ¥3,000,000.00 拆分流转给滦南废钢回收站：新凭证份额 #1.2(二级)，付款方和到期日不变。",
    });
    const mill = w.service.deployment.cast.get("rolling-mill").address.toLowerCase();
    const recycler = w.service.deployment.cast.get("scrap-recycler").address.toLowerCase();
    const deep: ChainEvent = { ...split, args: { ...split.args, from: recycler, to: mill, value: 12_345n, tier: 3n } };
    expect(describeEvent(deep, s)).toEqual({
      en: "Luannan Scrap Recycling split ¥123.45 of voucher #1 to Fengrun Rolling Mill: new token #1.2 at tier 3, cut from token #1.1, same payer and maturity.",
      zh: "滦南废钢回收站将凭证份额 #1.1 中的 ¥123.45 拆分流转给丰润轧钢厂：新凭证份额 #1.2(三级)，付款方和到期日不变。",
    });
    const admitted = s.events.find((e) => e.name === "MemberAdmitted" && String(e.args.account) === mill)!;
    const names = directoryNames(w.service.directory);
    expect(describeEvent(admitted, s, { names })).toEqual({
      en: "Jilian Platform Operator admitted Fengrun Rolling Mill to the consortium as a supplier.",
      zh: "冀链通平台运营方接纳丰润轧钢厂为联盟成员(供应商)。",
    });
    const unknown: ChainEvent = { ...split, contract: "Elsewhere", name: "Happened", args: { amount: 5n, who: mill } };
    expect(describeEvent(unknown, s)).toEqual({
      en: `Elsewhere.Happened(amount=5, who="${mill}")`,
      zh: `Elsewhere.Happened(amount=5, who="${mill}")`,
    });
    for (const e of s.events) {
      const text = describeEvent(e, s);
      expect(text.en.length).toBeGreaterThan(5);
      expect(text.zh.length).toBeGreaterThan(3);
    }
  });

  it("pages through the event log newest first, with or without bookkeeping events", async () => {
    const first = await w.get("/api/events?limit=3").expect(200);
    expect(first.body.events).toHaveLength(3);
    expect(first.body.events[0]).toMatchObject({ name: "VoucherSplit", technical: false });
    const ids = first.body.events.map(
      (e: { blockNumber: number; logIndex: number }) => e.blockNumber * 1e6 + e.logIndex,
    );
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const next = await w.get(`/api/events?limit=3&before=${first.body.next}`).expect(200);
    const lastOfFirst = ids[2];
    expect(next.body.events[0].blockNumber * 1e6 + next.body.events[0].logIndex).toBeLessThan(lastOfFirst);
    const business = await w.get("/api/events?limit=1000&kind=business").expect(200);
    expect(business.body.events.every((e: { technical: boolean }) => !e.technical)).toBe(true);
    const all = await w.get("/api/events?limit=1000").expect(200);
    expect(all.body.events.length).toBeGreaterThan(business.body.events.length);
    expect(all.body.events.length).toBe(w.service.state.events.length + w.service.recentPayments.length);
    expect(all.body.next).toBeNull();
    expect(codeOf(await w.get("/api/events?limit=0").expect(400))).toBe("INVALID_REQUEST");
    expect(codeOf(await w.get("/api/events?before=yesterday").expect(400))).toBe("INVALID_REQUEST");
  });

  it("streams a newly indexed event, described, over server-sent events", async () => {
    let received = "";
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const streamed = request(w.app)
      .get("/api/stream?kind=business")
      .buffer(false)
      .parse((res, done) => {
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          received += chunk;
          if (received.includes(": connected")) opened();
          if (received.includes("event: chain-event")) {
            (res as unknown as { destroy(): void }).destroy();
            done(null, received);
          }
        });
      })
      .then((r) => r);
    await open;
    await w.post("rolling-mill", "/api/tokens/1.1/split", { to: "scrap-collector", amountFen: "50000000" }).expect(201);
    const res = await streamed;
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
    const data = received
      .split("\n")
      .find((line) => line.startsWith("data: "))!
      .slice("data: ".length);
    const event = JSON.parse(data);
    expect(event).toMatchObject({ contract: "VoucherLedger", name: "VoucherSplit", technical: false });
    expect(event.text.en).toBe(
      "Fengrun Rolling Mill split ¥500,000.00 of voucher #1 to Qian'an Scrap Collector: new token #1.3 at tier 2, cut from token #1.1, same payer and maturity.",
    );
    expect(received).toMatch(new RegExp(`id: ${event.id}\\nevent: chain-event\\n`));
  });

  it("answers /api/volumes with exactly computeVolumes of the same indexed ledger", async () => {
    const res = await w.get("/api/volumes").expect(200);
    const expected = computeVolumes(w.service.ledger, { endTime: res.body.asOf.unix });
    expect(res.body.participants).toEqual(jsonValue(expected.participants));
    expect(res.body.volumes).toEqual(jsonValue(expected.volumes));
    expect(res.body.averageRateHundredths).toBe(expected.averageRateHundredths.toString());
    expect(res.body.volumes.receivables.issued).toEqual({ count: 1, amountFen: "1000000000" });
    expect(res.body.volumes.receivables.split.count).toBe(2);
  });

  it("publishes an OpenAPI 3.1 document listing every route with its request schema", async () => {
    const res = await w.get("/api/openapi.json").expect(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    for (const route of apiRoutes) {
      const path = `/api${route.path.replace(/:(\w+)/g, "{$1}")}`;
      const op = doc.paths[path]?.[route.method];
      expect(op, `${route.method} ${path}`).toBeDefined();
      expect(op.operationId).toBe(route.operationId);
      if (route.write) {
        expect(op.security).toEqual([{ bearerAuth: [] }]);
        expect(op.requestBody.content["application/json"].schema.additionalProperties).toBe(false);
        expect(Object.keys(op.responses)).toEqual(
          expect.arrayContaining(["400", "401", "403", "404", "409", "413", "429"]),
        );
      }
      for (const name of route.path.match(/:(\w+)/g) ?? []) {
        expect(op.parameters.find((p: { name: string }) => p.name === name.slice(1))).toMatchObject({
          in: "path",
          required: true,
        });
      }
    }
    const operations = Object.values(doc.paths).flatMap((p) => Object.keys(p as object));
    expect(operations).toHaveLength(apiRoutes.length);
    const expected = [
      "GET /api/health",
      "GET /api/participants",
      "GET /api/participants/{id}",
      "GET /api/me",
      "GET /api/vouchers",
      "GET /api/vouchers/{slotId}",
      "GET /api/vouchers/{slotId}/tree",
      "GET /api/tokens/{tokenId}",
      "POST /api/vouchers",
      "POST /api/vouchers/{slotId}/accept",
      "POST /api/vouchers/{slotId}/reject",
      "POST /api/tokens/{tokenId}/split",
      "POST /api/tokens/{tokenId}/transfer",
      "POST /api/tokens/{tokenId}/financing",
      "POST /api/financing/{requestId}/approve",
      "POST /api/financing/{requestId}/reject",
      "POST /api/tokens/{tokenId}/pledge",
      "POST /api/tokens/{tokenId}/release",
      "POST /api/vouchers/{slotId}/repay",
      "POST /api/vouchers/{slotId}/clear",
      "POST /api/tokens/{tokenId}/claim",
      "POST /api/vouchers/{slotId}/default",
      "GET /api/wallets/{participantId}",
      "POST /api/payments",
      "GET /api/orders",
      "GET /api/orders/{id}",
      "POST /api/orders",
      "POST /api/orders/{id}/confirm",
      "POST /api/orders/{id}/refund",
      "GET /api/rights",
      "GET /api/rights/{id}",
      "POST /api/rights",
      "POST /api/rights/{id}/appraisals",
      "GET /api/products",
      "POST /api/products",
      "GET /api/loans",
      "GET /api/loans/{id}",
      "POST /api/loans",
      "POST /api/loans/{id}/guarantee",
      "POST /api/loans/{id}/approve",
      "POST /api/loans/{id}/reject",
      "POST /api/loans/{id}/repayments",
      "POST /api/loans/{id}/default",
      "POST /api/sales",
      "GET /api/volumes",
      "GET /api/events",
      "GET /api/stream",
      "POST /api/clock/advance",
      "GET /api/openapi.json",
      "GET /api/docs",
    ];
    for (const entry of expected) {
      const [method, path] = entry.split(" ");
      expect(doc.paths[path]?.[method.toLowerCase()], entry).toBeDefined();
    }
    const split = doc.paths["/api/tokens/{tokenId}/split"].post.requestBody.content["application/json"].schema;
    expect(split.required).toEqual(["to", "amountFen"]);
    expect(split.properties.amountFen).toMatchObject({ type: "string", pattern: "^\\d{1,30}$" });
  });

  it("serves browsable documentation of every operation, without scripts or CDNs", async () => {
    const res = await w.get("/api/docs").expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    for (const route of apiRoutes) expect(res.text).toContain(`id="${route.operationId}"`);
    expect(res.text).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it("lets only the platform operator move the clock", async () => {
    expect(codeOf(await w.post("regulator", "/api/clock/advance", { days: 1 }).expect(403))).toBe("FORBIDDEN");
    expect(codeOf(await w.post("operator", "/api/clock/advance", { days: 0 }).expect(400))).toBe("INVALID_REQUEST");
    expect(codeOf(await w.post("operator", "/api/clock/advance", { days: "1" }).expect(400))).toBe("INVALID_REQUEST");
  });

  it("limits writes per participant with 429 RATE_LIMITED", async () => {
    const limited = createApp(w.service, { limits: { writesPerMinute: 2 } });
    const pay = (id: string) =>
      request(limited)
        .post("/api/payments")
        .set("Authorization", `Bearer ${w.token(id)}`)
        .send({ to: "scrap-collector", amountFen: "1" });
    await pay("rolling-mill").expect(201);
    await pay("rolling-mill").expect(201);
    const third = await pay("rolling-mill").expect(429);
    expect(third.body).toEqual({
      error: { code: "RATE_LIMITED", message: "Too many writes: at most 2 a minute per participant. Wait a moment." },
    });
    await pay("scrap-recycler").expect(201);
    const reads = createApp(w.service, { limits: { requestsPerMinute: 1 } });
    await request(reads).get("/api/health").expect(200);
    expect(codeOf(await request(reads).get("/api/health").expect(429))).toBe("RATE_LIMITED");
  });

  it("answers an unexpected failure with 500 INTERNAL and a generic message, and logs it", async () => {
    const before = w.logged.length;
    const failing = createApp(w.service, {
      routes: [
        read({
          tag: "Test",
          path: "/boom",
          operationId: "boom",
          summary: "fails",
          handler: async () => {
            throw new Error("connect ECONNREFUSED 10.0.0.7:5432 at /srv/secret/db.ts:12");
          },
        }),
        write({
          tag: "Test",
          path: "/boom",
          operationId: "boomWrite",
          summary: "fails",
          handler: async () => {
            throw new TypeError("Cannot read properties of undefined (reading 'privateKey')");
          },
        }),
      ],
    });
    for (const res of [
      await request(failing).get("/api/boom"),
      await request(failing)
        .post("/api/boom")
        .set("Authorization", `Bearer ${w.token("operator")}`)
        .send({}),
    ]) {
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        error: {
          code: "INTERNAL",
          message: "Something went wrong on the server. The error was logged; please try again.",
        },
      });
      expect(res.text).not.toMatch(/ECONNREFUSED|secret|privateKey|at \//);
    }
    expect(w.logged.length).toBe(before + 2);
    w.logged.splice(before);
  });

  it("answers unknown routes with 404 JSON, sets security headers and serves the dashboard folder at /", async () => {
    const missing = await w.get("/api/nothing-here").expect(404);
    expect(missing.body.error).toEqual({
      code: "NOT_FOUND",
      message: "There is no API route GET /api/nothing-here: see /api/docs.",
    });
    expect(codeOf(await request(w.app).delete("/api/vouchers/1").expect(404))).toBe("NOT_FOUND");
    const home = await w.get("/").expect(200);
    expect(home.headers["content-type"]).toMatch(/^text\/html/);
    expect(home.headers["x-content-type-options"]).toBe("nosniff");
    expect(home.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(home.headers["content-security-policy"]).not.toContain("upgrade-insecure-requests");
    expect(home.headers["x-powered-by"]).toBeUndefined();
  });

  it("maps contract errors to statuses and codes by their custom error", () => {
    const names = () => "Someone";
    const caller = "0x00000000000000000000000000000000000000aa";
    const other = "0x00000000000000000000000000000000000000bb";
    const revert = (name: string, args: Record<string, unknown> = {}) => ({ name, args, data: "0x" });
    expect(revertStatus(revert("VoucherMatured"))).toBe(409);
    expect(revertStatus(revert("VoucherNotActive"))).toBe(409);
    expect(revertStatus(revert("EscrowNotOpen"))).toBe(409);
    expect(revertStatus(revert("LoanBookWrongStatus"))).toBe(409);
    expect(revertStatus(revert("EscrowDeadlinePassed"))).toBe(409);
    expect(revertStatus(revert("ECNYInsufficientBalance"))).toBe(409);
    expect(revertStatus(revert("MemberRoleNotAllowed", { account: caller }), caller)).toBe(403);
    expect(revertStatus(revert("MemberRoleNotAllowed", { account: other }), caller)).toBe(409);
    expect(revertStatus(revert("VoucherNotOwner"))).toBe(403);
    expect(revertStatus(revert("LoanBookNotLender"))).toBe(403);
    expect(revertStatus(revert("LoanBookNotBorrower"))).toBe(403);
    expect(revertStatus(revert("VoucherNotPayee"))).toBe(403);
    expect(revertStatus(revert("EscrowNotOrderLogistics"))).toBe(403);
    expect(revertStatus(revert("VoucherUnknownToken"))).toBe(404);
    expect(revertStatus(revert("LoanBookUnknownLoan"))).toBe(404);
    expect(revertStatus(revert("EscrowZeroAmount"))).toBe(400);
    expect(revertStatus(revert("VoucherBelowMinSplitUnit"))).toBe(400);
    expect(revertStatus(revert("VoucherAmountTooLarge"))).toBe(400);
    expect(revertStatus(revert("Panic"))).toBe(500);
    expect(errorCode("VoucherMatured")).toBe("VOUCHER_MATURED");
    expect(errorCode("ECNYDailyCapExceeded")).toBe("ECNY_DAILY_CAP_EXCEEDED");
    expect(errorCode("LoanBookNotInDefault")).toBe("LOAN_BOOK_NOT_IN_DEFAULT");
    const answer = answerRevert(
      revert("ECNYDailyCapExceeded", { account: other, cap: 500000n, spentToday: 400000n, amount: 200000n }),
      caller,
      names,
    );
    expect(answer).toEqual({
      status: 409,
      code: "ECNY_DAILY_CAP_EXCEEDED",
      message: "Someone's wallet may pay ¥5,000.00 a day and has paid ¥4,000.00 today: ¥2,000.00 more is refused.",
      details: {
        error: "ECNYDailyCapExceeded",
        args: { account: other, cap: "500000", spentToday: "400000", amount: "200000" },
      },
    });
    const strange = answerRevert(revert("SomethingNew", { x: 1n }), caller, names);
    expect(strange).toMatchObject({ status: 409, code: "SOMETHING_NEW" });
    expect(strange.message).toBe("The chain refused this request in the current state (SomethingNew).");
  });

  it("defines `scf serve` with its flags", () => {
    const command = serveCommand();
    expect(command.name()).toBe("serve");
    const flags = command.options.map((o) => o.long);
    expect(flags).toEqual([
      "--scenario",
      "--port",
      "--host",
      "--rpc-url",
      "--manifest",
      "--seed",
      "--state",
      "--keys",
      "--attach",
      "--no-dev-tokens",
    ]);
    expect(command.options.find((o) => o.long === "--port")!.defaultValue).toBe(3000);
    expect(command.options.find((o) => o.long === "--manifest")!.defaultValue).toBe("scf-serve-manifest.json");
  });

  it("never logged an unexpected error of its own", () => {
    expect(w.logged).toEqual([]);
  });
});
