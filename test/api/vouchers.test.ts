import { afterAll, beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { apiWorld, codeOf, type ApiWorld } from "./api-world.js";

/**
 * The voucher routes on the demo story (voucher #1: steel group → rolling mill ¥10,000,000, ¥3,000,000
 * split to the scrap recycler), written as participants with their own tokens. Tests run in order:
 * the last ones move the project clock past maturity.
 */
describe("the voucher API", () => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await apiWorld();
  });
  afterAll(() => w.close());

  it("lists the seeded voucher and its lineage tree", async () => {
    const list = await w.get("/api/vouchers").expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.vouchers[0]).toMatchObject({ slotId: "1", faceFen: "1000000000", status: "Active" });
    expect(list.body.vouchers[0].payer.id).toBe("steel-group");

    const tree = await w.get("/api/vouchers/1/tree").expect(200);
    expect(tree.body.tree).toHaveLength(1);
    const root = tree.body.tree[0];
    expect(root).toMatchObject({ label: "1.1", tier: 1, valueFen: "700000000", parentTokenId: null });
    expect(root.owner).toMatchObject({ id: "rolling-mill", name: "Fengrun Rolling Mill", nameZh: "丰润轧钢厂" });
    expect(root.children).toHaveLength(1);
    expect(root.children[0]).toMatchObject({ label: "1.2", tier: 2, valueFen: "300000000", children: [] });
    expect(root.children[0].owner.id).toBe("scrap-recycler");
    expect(root.children[0].parentTokenId).toBe(root.tokenId);

    const detail = await w.get("/api/vouchers/1").expect(200);
    expect(detail.body.tokens.map((t: { label: string }) => t.label)).toEqual(["1.1", "1.2"]);
    expect((await w.get("/api/vouchers?participant=scrap-recycler").expect(200)).body.total).toBe(1);
    expect((await w.get("/api/vouchers?status=Pending").expect(200)).body.total).toBe(0);
  });

  it("issues a voucher as its payer and lets only the payee accept it", async () => {
    const issued = await w
      .post("steel-group", "/api/vouchers", {
        payee: "rolling-mill",
        amountFen: "500000000",
        maturityDays: 30,
        tradeRef: "HBIS-RM-2026-0002 wire rod, invoice 13002",
      })
      .expect(201);
    expect(issued.body.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(issued.body.blockNumber).toBeGreaterThan(0);
    expect(issued.body.result).toMatchObject({ slotId: "2", status: "Pending", faceFen: "500000000" });
    const event = issued.body.events.find((e: { name: string }) => e.name === "VoucherIssued");
    expect(event.text.en).toMatch(
      /^Hebei Steel Group issued voucher #2 of ¥5,000,000.00 to Fengrun Rolling Mill, due /,
    );
    expect(event.text.zh).toMatch(/^河北钢铁集团向丰润轧钢厂签发凭证 #2\(确权\)，金额 ¥5,000,000\.00，到期日 /);

    const before = await w.snapshot();
    const stranger = await w.post("scrap-recycler", "/api/vouchers/2/accept").expect(403);
    expect(codeOf(stranger)).toBe("FORBIDDEN");
    expect(stranger.body.error.message).toBe(
      "Only the payee of voucher #2 may accept it; Luannan Scrap Recycling is not.",
    );
    expect(await w.snapshot()).toEqual(before);

    const accepted = await w.post("rolling-mill", "/api/vouchers/2/accept", {}).expect(200);
    expect(accepted.body.result.status).toBe("Active");
    expect(accepted.body.events.map((e: { text: { en: string } }) => e.text.en)).toContain(
      "Fengrun Rolling Mill accepted voucher #2 (确权签收): token #2.1 at tier 1 holds the whole face.",
    );
    expect(codeOf(await w.post("rolling-mill", "/api/vouchers/2/accept").expect(409))).toBe("VOUCHER_NOT_PENDING");
  });

  it("refuses a write without a token or with an unknown token (401)", async () => {
    const none = await request(w.app).post("/api/tokens/1.1/split").send({ to: "scrap-collector", amountFen: "100" });
    expect(none.status).toBe(401);
    expect(codeOf(none)).toBe("UNAUTHENTICATED");
    const unknown = await request(w.app)
      .post("/api/tokens/1.1/split")
      .set("Authorization", `Bearer scf_${"0".repeat(64)}`)
      .send({ to: "scrap-collector", amountFen: "100" });
    expect(unknown.status).toBe(401);
    const notBearer = await request(w.app)
      .post("/api/vouchers/2/accept")
      .set("Authorization", `Basic ${w.token("rolling-mill")}`);
    expect(notBearer.status).toBe(401);
  });

  it("refuses another participant's split with 403 and changes nothing on chain", async () => {
    const before = await w.snapshot();
    const res = await w.post("scrap-collector", "/api/tokens/1.1/split", {
      to: "scrap-collector",
      amountFen: "100000",
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: {
        code: "FORBIDDEN",
        message: "Only the holder of voucher token 1.1 may split it; Qian'an Scrap Collector is not.",
        details: { participant: "scrap-collector" },
      },
    });
    for (const [path, body] of [
      ["/api/tokens/1.1/transfer", { to: "scrap-collector" }],
      ["/api/tokens/1.1/financing", { financier: "lead-bank", amountFen: "100000000", rateBps: 365 }],
      ["/api/tokens/1.1/pledge", { lender: "lead-bank" }],
      ["/api/vouchers/1/repay", {}],
    ] as const) {
      expect(codeOf(await w.post("scrap-collector", path, body).expect(403))).toBe("FORBIDDEN");
    }
    expect(await w.snapshot()).toEqual(before);
  });

  it("splits and transfers tokens, and shows a token's history in plain words", async () => {
    const split = await w
      .post("rolling-mill", "/api/tokens/2.1/split", { to: "scrap-collector", amountFen: "100000000" })
      .expect(201);
    expect(split.body.result).toMatchObject({ label: "2.2", tier: 2, valueFen: "100000000", origin: "split" });
    expect(split.body.result.owner.id).toBe("scrap-collector");
    const described = split.body.events.find((e: { name: string }) => e.name === "VoucherSplit");
    expect(described.text).toEqual({
      en: "Fengrun Rolling Mill split ¥1,000,000.00 of voucher #2 to Qian'an Scrap Collector: new token #2.2 at tier 2, cut from token #2.1, same payer and maturity.",
      zh: "丰润轧钢厂将凭证份额 #2.1 中的 ¥1,000,000.00 拆分流转给迁安废钢收购点：新凭证份额 #2.2(二级)，付款方和到期日不变。",
    });
    expect(described.technical).toBe(false);

    const moved = await w.post("scrap-collector", "/api/tokens/2.2/transfer", { to: "scrap-recycler" }).expect(200);
    expect(moved.body.result.owner.id).toBe("scrap-recycler");
    expect(moved.body.events.map((e: { text: { en: string } }) => e.text.en)).toContain(
      "Qian'an Scrap Collector transferred the whole of token #2.2 to Luannan Scrap Recycling.",
    );

    const token = await w.get(`/api/tokens/${split.body.result.tokenId}`).expect(200);
    expect(token.body.label).toBe("2.2");
    expect(token.body.history.map((h: { text: { en: string } }) => h.text.en)).toEqual([
      "Fengrun Rolling Mill split ¥1,000,000.00 of voucher #2 to Qian'an Scrap Collector: new token #2.2 at tier 2, cut from token #2.1, same payer and maturity.",
      "Qian'an Scrap Collector transferred the whole of token #2.2 to Luannan Scrap Recycling.",
    ]);
    expect(token.body.history[1].text.zh).toBe("迁安废钢收购点将凭证份额 #2.2 整体转让给滦南废钢回收站。");
  });

  it("answers 400 for a malformed body, an unknown field and negative or fractional amounts", async () => {
    const malformed = await request(w.app)
      .post("/api/tokens/2.1/split")
      .set("Authorization", `Bearer ${w.token("rolling-mill")}`)
      .set("Content-Type", "application/json")
      .send('{"to": "scrap-collector", "amountFen": ');
    expect(malformed.status).toBe(400);
    expect(codeOf(malformed)).toBe("MALFORMED_JSON");

    const unknown = await w
      .post("rolling-mill", "/api/tokens/2.1/split", { to: "scrap-collector", amountFen: "100", memo: "x" })
      .expect(400);
    expect(unknown.body.error).toMatchObject({ code: "INVALID_REQUEST" });
    expect(unknown.body.error.details.issues).toEqual([{ in: "body", message: 'unknown field "memo"' }]);

    for (const amountFen of ["-100", "1.5", "1e6", "", 100, null]) {
      const res = await w.post("rolling-mill", "/api/tokens/2.1/split", { to: "scrap-collector", amountFen });
      expect(res.status, String(amountFen)).toBe(400);
      expect(res.body.error.details.issues[0]).toMatchObject({ in: "body", field: "amountFen" });
    }
    expect(codeOf(await w.post("rolling-mill", "/api/tokens/2.1/split", { amountFen: "100" }).expect(400))).toBe(
      "INVALID_REQUEST",
    );
    expect(codeOf(await w.post("rolling-mill", "/api/vouchers/2/reject", { please: true }).expect(400))).toBe(
      "INVALID_REQUEST",
    );
    const both = await w
      .post("steel-group", "/api/vouchers", {
        payee: "rolling-mill",
        amountFen: "100",
        maturityDays: 10,
        maturity: "2030-01-01",
        tradeRef: "x",
      })
      .expect(400);
    expect(both.body.error.message).toMatch(/either maturity or maturityDays/);
    expect(codeOf(await w.post("rolling-mill", "/api/tokens/not-a-token/split", {}).expect(400))).toBe(
      "INVALID_REQUEST",
    );
    const text = await request(w.app)
      .post("/api/vouchers/2/reject")
      .set("Authorization", `Bearer ${w.token("rolling-mill")}`)
      .set("Content-Type", "text/plain")
      .send("reject");
    expect(text.status).toBe(415);
  });

  it("answers 400 MALFORMED_BODY_ENCODING for a body that does not decompress, with or without a token", async () => {
    /** A POST of exactly these bytes (supertest would serialize a Buffer as JSON). */
    const raw = (encoding: string, body: Buffer, token?: string) => {
      const req = request(w.app)
        .post("/api/tokens/2.1/split")
        .set("Content-Type", "application/json")
        .set("Content-Encoding", encoding)
        .serialize((bytes: Buffer) => bytes as unknown as string);
      if (token) req.set("Authorization", `Bearer ${token}`);
      return req.send(body as unknown as object);
    };
    const json = Buffer.from(JSON.stringify({ to: "scrap-collector", amountFen: "100", memo: "x" }));
    const corrupt: [string, Buffer][] = [
      ["gzip", Buffer.from("this is not gzip data")],
      ["gzip", gzipSync(json).subarray(0, 12)], // cut short
      ["deflate", Buffer.from("this is not deflate data")],
      ["br", Buffer.from("this is not brotli data, not at all")],
      ["br", brotliCompressSync(json).subarray(0, 5)],
    ];
    for (const [encoding, body] of corrupt) {
      for (const token of [w.token("rolling-mill"), undefined]) {
        const res = await raw(encoding, body, token);
        expect(res.status, `${encoding}, ${token ? "with" : "without"} a token`).toBe(400);
        expect(codeOf(res)).toBe("MALFORMED_BODY_ENCODING");
      }
    }
    // a body that does decompress is read as usual (here: refused for its unknown field)
    for (const [encoding, body] of [
      ["gzip", gzipSync(json)],
      ["deflate", deflateSync(json)],
      ["br", brotliCompressSync(json)],
    ] as const) {
      const res = await raw(encoding, body, w.token("rolling-mill"));
      expect(res.status, encoding).toBe(400);
      expect(res.body.error.details.issues).toEqual([{ in: "body", message: 'unknown field "memo"' }]);
    }
  });

  it("refuses a token id whose slot or index is out of range with 400 instead of reading another token", async () => {
    // "0.4294967297" used to spill into the slot's bits and answer token 1.1
    for (const id of ["0.4294967297", "1.4294967296", "1.9999999999", "0.1", "1.0"]) {
      const res = await w.get(`/api/tokens/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.body.error).toMatchObject({ code: "INVALID_REQUEST" });
      expect(res.body.error.details.issues[0]).toMatchObject({ in: "path", field: "tokenId" });
    }
    for (const path of ["split", "transfer", "financing", "pledge", "release", "claim"]) {
      const res = await w.post("rolling-mill", `/api/tokens/0.4294967297/${path}`, {});
      expect(res.status, path).toBe(400);
      expect(codeOf(res)).toBe("INVALID_REQUEST");
    }
    expect((await w.get("/api/tokens/1.1").expect(200)).body.label).toBe("1.1");
    expect((await w.get("/api/tokens/4294967297").expect(200)).body.label).toBe("1.1");
    expect(codeOf(await w.get("/api/tokens/1.4294967295").expect(404))).toBe("NOT_FOUND");
  });

  it("answers 413 for an over-large body", async () => {
    const res = await w
      .post("rolling-mill", "/api/tokens/2.1/split", {
        to: "scrap-collector",
        amountFen: "100",
        pad: "x".repeat(20_000),
      })
      .expect(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers 404 for an unknown voucher, token, participant or financing request", async () => {
    expect(codeOf(await w.get("/api/vouchers/999").expect(404))).toBe("NOT_FOUND");
    expect(codeOf(await w.get("/api/vouchers/999/tree").expect(404))).toBe("NOT_FOUND");
    expect(codeOf(await w.get("/api/tokens/99.1").expect(404))).toBe("NOT_FOUND");
    expect(codeOf(await w.get("/api/financing/77").expect(404))).toBe("NOT_FOUND");
    const token = await w.post("rolling-mill", "/api/tokens/99.1/split", { to: "scrap-collector", amountFen: "100" });
    expect(token.status).toBe(404);
    expect(token.body.error.message).toBe("There is no voucher token 99.1.");
    const who = await w.post("rolling-mill", "/api/tokens/2.1/split", { to: "nobody-at-all", amountFen: "10000" });
    expect(who.status).toBe(404);
    expect(who.body.error.message).toBe('There is no receiver "nobody-at-all" in this consortium.');
    const address = await w.post("rolling-mill", "/api/tokens/2.1/transfer", {
      to: "0x000000000000000000000000000000000000dEaD",
    });
    expect(address.status).toBe(404);
    expect(codeOf(await w.post("rolling-mill", "/api/vouchers/999/accept").expect(404))).toBe("NOT_FOUND");
    expect(codeOf(await w.post("lead-bank", "/api/financing/999/approve").expect(404))).toBe("NOT_FOUND");
  });

  it("finances part of a token at the named financier only, and rejects or cancels requests", async () => {
    const asked = await w
      .post("rolling-mill", "/api/tokens/2.1/financing", {
        financier: "lead-bank",
        amountFen: "200000000",
        rateBps: 365,
      })
      .expect(201);
    expect(asked.body.result).toMatchObject({ requestId: "1", status: "Open", valueFen: "200000000", recourse: false });
    const millBefore = (await w.get("/api/wallets/rolling-mill").expect(200)).body.balanceFen;

    const before = await w.snapshot();
    const other = await w.post("rural-bank", "/api/financing/1/approve").expect(403);
    expect(other.body.error.message).toBe(
      "Only the financier named in request #1 may approve it; Xiong'an Rural Credit Cooperative is not.",
    );
    expect(codeOf(await w.post("rolling-mill", "/api/financing/1/approve").expect(403))).toBe("FORBIDDEN");
    expect(await w.snapshot()).toEqual(before);

    const approved = await w.post("lead-bank", "/api/financing/1/approve").expect(201);
    const piece = approved.body.result;
    expect(piece).toMatchObject({ origin: "financed", tier: 1, valueFen: "200000000" });
    expect(piece.owner.id).toBe("lead-bank");
    expect(piece.financing).toMatchObject({ rateBps: 365, recourse: false });
    expect(BigInt(piece.financing.proceedsFen) + BigInt(piece.financing.discountFen)).toBe(200000000n);
    const millAfter = (await w.get("/api/wallets/rolling-mill").expect(200)).body.balanceFen;
    expect(BigInt(millAfter) - BigInt(millBefore)).toBe(BigInt(piece.financing.proceedsFen));
    const financed = approved.body.events.find((e: { name: string }) => e.name === "VoucherFinanced");
    expect(financed.text.en).toMatch(
      /^Tangshan Lead Bank financed ¥2,000,000.00 of voucher #2 for Fengrun Rolling Mill: paid /,
    );

    await w
      .post("rolling-mill", "/api/tokens/2.1/financing", {
        financier: "lead-bank",
        amountFen: "50000000",
        rateBps: 400,
      })
      .expect(201);
    const rejected = await w.post("lead-bank", "/api/financing/2/reject").expect(200);
    expect(rejected.body.result.status).toBe("Rejected");
    expect(codeOf(await w.post("lead-bank", "/api/financing/2/approve").expect(409))).toBe(
      "VOUCHER_FINANCING_REQUEST_NOT_OPEN",
    );
    await w
      .post("rolling-mill", "/api/tokens/2.1/financing", {
        financier: "micro-lender",
        amountFen: "50000000",
        rateBps: 600,
        recourse: true,
      })
      .expect(201);
    expect(codeOf(await w.post("micro-lender", "/api/financing/3/cancel").expect(403))).toBe("FORBIDDEN");
    expect((await w.post("rolling-mill", "/api/financing/3/cancel").expect(200)).body.result.status).toBe("Cancelled");
    const list = await w.get("/api/financing?participant=rolling-mill").expect(200);
    expect(list.body.requests.map((r: { status: string }) => r.status)).toEqual(["Cancelled", "Rejected", "Approved"]);
    expect((await w.get("/api/financing/1").expect(200)).body.status).toBe("Approved");

    const tooHigh = await w
      .post("rolling-mill", "/api/tokens/2.1/financing", {
        financier: "lead-bank",
        amountFen: "50000000",
        rateBps: 20_000,
      })
      .expect(400);
    expect(tooHigh.body.error.details.issues[0].field).toBe("rateBps");
    const notFinancier = await w
      .post("rolling-mill", "/api/tokens/2.1/financing", {
        financier: "scrap-recycler",
        amountFen: "50000000",
        rateBps: 400,
      })
      .expect(409);
    expect(codeOf(notFinancier)).toBe("MEMBER_ROLE_NOT_ALLOWED");
    expect(notFinancier.body.error.message).toBe(
      "Luannan Scrap Recycling is a supplier, a role that may not take part in this.",
    );
  });

  it("pledges a token and lets only the pledgee release it", async () => {
    const pledged = await w.post("rolling-mill", "/api/tokens/2.1/pledge", { lender: "micro-lender" }).expect(200);
    expect(pledged.body.result.status).toBe("Pledged");
    expect(pledged.body.result.pledgee.id).toBe("micro-lender");
    const moving = await w.post("rolling-mill", "/api/tokens/2.1/split", { to: "scrap-collector", amountFen: "10000" });
    expect(moving.status).toBe(409);
    expect(moving.body.error).toMatchObject({
      code: "VOUCHER_TOKEN_NOT_LIVE",
      message: "Voucher token 2.1 is Pledged: only a live token can move.",
    });
    expect(codeOf(await w.post("lead-bank", "/api/tokens/2.1/release").expect(403))).toBe("FORBIDDEN");
    expect((await w.post("micro-lender", "/api/tokens/2.1/release").expect(200)).body.result.status).toBe("Live");
    expect(codeOf(await w.post("micro-lender", "/api/tokens/2.1/release").expect(409))).toBe("TOKEN_NOT_PLEDGED");
  });

  it("tells a participant who may not release, claim, clear or default 403 before the state of the instrument", async () => {
    const before = await w.snapshot();
    // token 2.1 is no longer pledged: only a lender learns that (409), anyone else may not release at all
    for (const who of ["regulator", "scrap-collector", "rolling-mill"]) {
      const res = await w.post(who, "/api/tokens/2.1/release").expect(403);
      expect(res.body.error.message).toMatch(/^Only the lender holding the pledge on token 2\.1 may release it/);
    }
    expect(codeOf(await w.post("lead-bank", "/api/tokens/2.1/release").expect(409))).toBe("TOKEN_NOT_PLEDGED");
    // the regulator changes nothing: refused by role whatever the voucher's state, even for one that does not exist
    for (const path of ["/api/tokens/2.1/claim", "/api/vouchers/2/clear", "/api/vouchers/2/default"]) {
      expect(codeOf(await w.post("regulator", path).expect(403)), path).toBe("FORBIDDEN");
    }
    for (const path of ["/api/tokens/99.1/claim", "/api/vouchers/99/clear", "/api/vouchers/99/default"]) {
      expect(codeOf(await w.post("regulator", path).expect(403)), path).toBe("FORBIDDEN");
    }
    expect(await w.snapshot()).toEqual(before);
  });

  it("maps the contracts' issuance refusals to 403 and 409 with plain sentences", async () => {
    const over = await w
      .post("steel-group", "/api/vouchers", {
        payee: "rolling-mill",
        amountFen: "30000000000",
        maturityDays: 60,
        tradeRef: "too big",
      })
      .expect(409);
    expect(over.body.error.code).toBe("VOUCHER_CREDIT_LINE_EXCEEDED");
    expect(over.body.error.message).toBe(
      "Issuing ¥300,000,000.00 would exceed Hebei Steel Group's credit line of ¥200,000,000.00 (¥15,000,000.00 is already outstanding).",
    );
    expect(over.body.error.details.args).toMatchObject({ limit: "20000000000", face: "30000000000" });
    const reused = await w
      .post("steel-group", "/api/vouchers", {
        payee: "rolling-mill",
        amountFen: "100000",
        maturityDays: 60,
        tradeRef: "HBIS-RM-2026-0002 wire rod, invoice 13002",
      })
      .expect(409);
    expect(reused.body.error.code).toBe("VOUCHER_TRADE_HASH_USED");
    const noLine = await w
      .post("rolling-mill", "/api/vouchers", {
        payee: "scrap-recycler",
        amountFen: "100000",
        maturityDays: 60,
        tradeRef: "m1",
      })
      .expect(409);
    expect(noLine.body.error.code).toBe("VOUCHER_NO_CREDIT_LINE");
    const regulator = await w
      .post("regulator", "/api/vouchers", {
        payee: "rolling-mill",
        amountFen: "100000",
        maturityDays: 60,
        tradeRef: "r",
      })
      .expect(403);
    expect(regulator.body.error.message).toBe(
      "Only a core enterprise, a supplier or a distributor may issue vouchers; Hebei Financial Regulatory Bureau is a regulator.",
    );
    const longTerm = await w
      .post("steel-group", "/api/vouchers", {
        payee: "rolling-mill",
        amountFen: "100000",
        maturityDays: 300,
        tradeRef: "long",
      })
      .expect(400);
    expect(longTerm.body.error.code).toBe("VOUCHER_TERM_TOO_LONG");
    const past = await w
      .post("steel-group", "/api/vouchers", {
        payee: "rolling-mill",
        amountFen: "100000",
        maturity: "2020-01-01",
        tradeRef: "p",
      })
      .expect(400);
    expect(past.body.error.code).toBe("VOUCHER_MATURITY_NOT_IN_FUTURE");

    expect(
      codeOf(await w.post("steel-group", "/api/credit-lines", { issuer: "rolling-mill", limitFen: "1" }).expect(403)),
    ).toBe("FORBIDDEN");
    const line = await w
      .post("lead-bank", "/api/credit-lines", { issuer: "rolling-mill", limitFen: "2000000000" })
      .expect(200);
    expect(line.body.result).toMatchObject({
      limitFen: "2000000000",
      issuer: { id: "rolling-mill" },
      bank: { id: "lead-bank" },
    });
  });

  it("lets the payee reject a pending voucher and the payer withdraw one", async () => {
    const body = { payee: "scrap-recycler", amountFen: "1000000", maturityDays: 60 };
    await w.post("rolling-mill", "/api/vouchers", { ...body, tradeRef: "mill-1" }).expect(201);
    expect(codeOf(await w.post("scrap-collector", "/api/vouchers/3/reject").expect(403))).toBe("FORBIDDEN");
    expect((await w.post("scrap-recycler", "/api/vouchers/3/reject").expect(200)).body.result.status).toBe("Rejected");
    await w.post("rolling-mill", "/api/vouchers", { ...body, tradeRef: "mill-1" }).expect(201);
    expect((await w.post("rolling-mill", "/api/vouchers/4/reject").expect(200)).body.result.status).toBe("Rejected");
  });

  it("refuses a split after maturity with 409, then repays, claims and clears to every holder", async () => {
    expect(codeOf(await w.post("steel-group", "/api/clock/advance", { days: 31 }).expect(403))).toBe("FORBIDDEN");
    expect(codeOf(await w.post("steel-group", "/api/vouchers/2/clear").expect(409))).toBe("VOUCHER_NOT_REPAID");
    const moved = await w.post("operator", "/api/clock/advance", { days: 31 }).expect(200);
    expect(moved.body.after.unix - moved.body.before.unix).toBeGreaterThanOrEqual(31 * 86_400);

    const before = await w.snapshot();
    const late = await w.post("rolling-mill", "/api/tokens/2.1/split", { to: "scrap-collector", amountFen: "10000" });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("VOUCHER_MATURED");
    expect(late.body.error.message).toMatch(
      /^Voucher #2 matured on \d{4}-\d{2}-\d{2}: from maturity on it is only repaid and cleared/,
    );
    expect(late.body.error.details).toMatchObject({ error: "VoucherMatured", args: { slotId: "2" } });
    expect(JSON.stringify(late.body)).not.toMatch(/stack|at .*\.ts/);
    expect(await w.snapshot()).toEqual(before);
    expect((await w.get("/api/vouchers/2").expect(200)).body.status).toBe("Overdue");
    expect((await w.get("/api/vouchers?status=Overdue").expect(200)).body.total).toBe(1);

    expect(codeOf(await w.post("rolling-mill", "/api/vouchers/2/repay").expect(403))).toBe("FORBIDDEN");
    const repaid = await w.post("steel-group", "/api/vouchers/2/repay").expect(200);
    expect(repaid.body.result).toMatchObject({ status: "Repaid", repaidLate: true });

    const claimed = await w.post("scrap-collector", "/api/tokens/2.2/claim").expect(200);
    expect(claimed.body.result.status).toBe("Cleared");
    expect(claimed.body.result.paid).toMatchObject({ amountFen: "100000000", holder: { id: "scrap-recycler" } });
    expect(codeOf(await w.post("regulator", "/api/vouchers/2/clear").expect(403))).toBe("FORBIDDEN");
    const cleared = await w.post("scrap-recycler", "/api/vouchers/2/clear", { maxTokens: 50 }).expect(200);
    expect(cleared.body.result).toMatchObject({ status: "Cleared", paidOutFen: "500000000" });
    const tokens = (await w.get("/api/vouchers/2").expect(200)).body.tokens;
    expect(tokens.every((t: { status: string }) => t.status === "Cleared")).toBe(true);
    expect(codeOf(await w.post("scrap-collector", "/api/tokens/2.2/claim").expect(409))).toBe(
      "VOUCHER_TOKEN_NOT_CLAIMABLE",
    );
  });

  it("declares an unpaid voucher defaulted only after its grace period", async () => {
    expect(codeOf(await w.post("scrap-recycler", "/api/vouchers/1/default").expect(409))).toBe(
      "VOUCHER_GRACE_PERIOD_NOT_OVER",
    );
    await w.post("operator", "/api/clock/advance", { days: 180 }).expect(200);
    expect(codeOf(await w.post("regulator", "/api/vouchers/1/default").expect(403))).toBe("FORBIDDEN");
    const defaulted = await w.post("scrap-recycler", "/api/vouchers/1/default").expect(200);
    expect(defaulted.body.result.status).toBe("Defaulted");
    expect(defaulted.body.events[0].text.en).toBe(
      "Voucher #1 was declared in default: Hebei Steel Group did not pay ¥10,000,000.00 within the grace period.",
    );
  });

  it("never answered with a 5xx or logged an unexpected error", () => {
    expect(w.logged).toEqual([]);
  });
});
