import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiWorld, codeOf, type ApiWorld } from "./api-world.js";

/** e-CNY wallets and payments, and pay on delivery (货到自动付款), written as participants. */
describe("the e-CNY and pay-on-delivery API", () => {
  let w: ApiWorld;
  const balance = async (id: string) => BigInt((await w.get(`/api/wallets/${id}`).expect(200)).body.balanceFen);
  beforeAll(async () => {
    w = await apiWorld();
  });
  afterAll(() => w.close());

  it("shows a wallet's balance, category, caps and today's spending", async () => {
    const mill = await w.get("/api/wallets/rolling-mill").expect(200);
    expect(mill.body).toMatchObject({
      open: true,
      category: "Corporate",
      frozen: false,
      balanceFen: "200000000",
      caps: { perPaymentFen: "100000000000", dailyFen: "100000000000", balanceFen: "100000000000" },
      spentTodayFen: "0",
    });
    expect(mill.body.participant.id).toBe("rolling-mill");
    expect(mill.body.bank.id).toBe("lead-bank");
    const shopper = await w.get("/api/wallets/shopper").expect(200);
    expect(shopper.body).toMatchObject({ category: "Anonymous", caps: { perPaymentFen: "200000" } });
    const none = await w.get("/api/wallets/regulator").expect(200);
    expect(none.body).toMatchObject({ open: false, category: "None", balanceFen: "0" });
    expect(codeOf(await w.get("/api/wallets/nobody").expect(404))).toBe("NOT_FOUND");
  });

  it("pays e-CNY between members and lists the payment among the events", async () => {
    const paid = await w
      .post("rolling-mill", "/api/payments", { to: "scrap-recycler", amountFen: "123456" })
      .expect(201);
    expect(paid.body.result).toMatchObject({
      from: { id: "rolling-mill" },
      to: { id: "scrap-recycler" },
      amountFen: "123456",
      balances: { fromFen: "199876544", toFen: "50123456" },
    });
    expect(paid.body.events).toHaveLength(1);
    expect(paid.body.events[0].text).toEqual({
      en: "Fengrun Rolling Mill paid ¥1,234.56 to Luannan Scrap Recycling in e-CNY.",
      zh: "丰润轧钢厂向滦南废钢回收站支付数字人民币 ¥1,234.56。",
    });
    const latest = await w.get("/api/events?limit=1").expect(200);
    expect(latest.body.events[0]).toMatchObject({ contract: "ECNY", name: "Transfer", txHash: paid.body.txHash });
    expect(await balance("scrap-recycler")).toBe(50123456n);
  });

  it("refuses payments over a wallet's cap or balance, of zero, to no one, or by the regulator", async () => {
    const before = await w.snapshot();
    const cap = await w.post("shopper", "/api/payments", { to: "merchant", amountFen: "300000" }).expect(409);
    expect(cap.body.error).toMatchObject({
      code: "ECNY_PER_PAYMENT_CAP_EXCEEDED",
      message: "¥3,000.00 is above the per-payment cap of Li Na (market customer)'s wallet, ¥2,000.00.",
    });
    const poor = await w
      .post("scrap-collector", "/api/payments", { to: "merchant", amountFen: "20000000" })
      .expect(409);
    expect(poor.body.error.code).toBe("ECNY_INSUFFICIENT_BALANCE");
    expect(poor.body.error.message).toBe(
      "Qian'an Scrap Collector holds ¥100,000.00 of e-CNY: not enough for ¥200,000.00.",
    );
    expect(codeOf(await w.post("shopper", "/api/payments", { to: "merchant", amountFen: "0" }).expect(400))).toBe(
      "ECNY_ZERO_AMOUNT",
    );
    expect(codeOf(await w.post("shopper", "/api/payments", { to: "nobody", amountFen: "1" }).expect(404))).toBe(
      "NOT_FOUND",
    );
    expect(codeOf(await w.post("regulator", "/api/payments", { to: "merchant", amountFen: "1" }).expect(403))).toBe(
      "FORBIDDEN",
    );
    expect(codeOf(await w.post("shopper", "/api/payments", { to: "shopper", amountFen: "1" }).expect(400))).toBe(
      "INVALID_INPUT",
    );
    expect(await w.snapshot()).toEqual(before);
  });

  it("pays the seller when the named logistics member confirms delivery, and only then", async () => {
    const merchantBefore = await balance("merchant");
    const locked = await w
      .post("merchant", "/api/orders", {
        seller: "distributor",
        amountFen: "2000000",
        deliveryRef: "WB-2026-0042",
        deadlineDays: 3,
        logistics: "logistics",
      })
      .expect(201);
    expect(locked.body.result).toMatchObject({
      orderId: "1",
      status: "Open",
      amountFen: "2000000",
      deliveryRef: { text: "WB-2026-0042" },
      buyer: { id: "merchant" },
      seller: { id: "distributor" },
      logistics: { id: "logistics" },
    });
    expect(merchantBefore - (await balance("merchant"))).toBe(2000000n);
    const described = locked.body.events.find((e: { name: string }) => e.name === "OrderLocked");
    expect(described.text.en).toMatch(
      /^Xiong'an Building Materials Market Store 18 locked ¥20,000\.00 for order #1 from Tangshan Building Materials Trading: paid at once when Tangshan Port Logistics confirms delivery of "WB-2026-0042" before \d{4}-\d{2}-\d{2}( \d{2}:\d{2})?, else refunded\.$/,
    );

    const before = await w.snapshot();
    const seller = await w.post("distributor", "/api/orders/1/confirm", { deliveryRef: "WB-2026-0042" }).expect(403);
    expect(seller.body.error.message).toBe(
      "Only the logistics member named in order #1 may confirm its delivery; Tangshan Building Materials Trading is not.",
    );
    expect(await w.snapshot()).toEqual(before);
    const wrong = await w.post("logistics", "/api/orders/1/confirm", { deliveryRef: "WB-2026-0043" }).expect(409);
    expect(wrong.body.error).toMatchObject({
      code: "ESCROW_DELIVERY_REF_MISMATCH",
      message: "The delivery reference does not match the one recorded for order #1.",
    });
    expect(await w.snapshot()).toEqual(before);

    const sellerBefore = await balance("distributor");
    const confirmed = await w.post("logistics", "/api/orders/1/confirm", { deliveryRef: "WB-2026-0042" }).expect(200);
    expect(confirmed.body.result.status).toBe("Released");
    expect(confirmed.body.result.paidAt).not.toBeNull();
    expect((await balance("distributor")) - sellerBefore).toBe(2000000n);
    expect(
      codeOf(await w.post("logistics", "/api/orders/1/confirm", { deliveryRef: "WB-2026-0042" }).expect(409)),
    ).toBe("ESCROW_NOT_OPEN");
  });

  it("refunds an undelivered order from its deadline on, never before", async () => {
    await w
      .post("merchant", "/api/orders", {
        seller: "distributor",
        amountFen: "500000",
        deliveryRef: "WB-2026-0043",
        deadlineDays: 3,
        logistics: "logistics",
      })
      .expect(201);
    const early = await w.post("shopper", "/api/orders/2/refund").expect(409);
    expect(early.body.error.code).toBe("ESCROW_DEADLINE_NOT_REACHED");
    expect(early.body.error.message).toMatch(
      /^Order #2 can be refunded only from its deadline, \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\+8\)\.$/,
    );
    await w.post("operator", "/api/clock/advance", { days: 4 }).expect(200);
    const late = await w.post("logistics", "/api/orders/2/confirm", { deliveryRef: "WB-2026-0043" }).expect(409);
    expect(late.body.error.code).toBe("ESCROW_DEADLINE_PASSED");
    expect(codeOf(await w.post("regulator", "/api/orders/2/refund").expect(403))).toBe("FORBIDDEN");
    const buyerBefore = await balance("merchant");
    const refunded = await w.post("shopper", "/api/orders/2/refund").expect(200);
    expect(refunded.body.result.status).toBe("Refunded");
    expect((await balance("merchant")) - buyerBefore).toBe(500000n);
    expect(refunded.body.events.map((e: { text: { en: string } }) => e.text.en)).toContain(
      "Order #2 was not delivered by its deadline: ¥5,000.00 went back to Xiong'an Building Materials Market Store 18.",
    );
  });

  it("lists and finds orders, and refuses bad ones", async () => {
    const all = await w.get("/api/orders").expect(200);
    expect(all.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual(["2", "1"]);
    expect((await w.get("/api/orders?status=Released").expect(200)).body.total).toBe(1);
    expect((await w.get("/api/orders?participant=logistics&limit=1").expect(200)).body.orders).toHaveLength(1);
    expect((await w.get("/api/orders/1").expect(200)).body.status).toBe("Released");
    expect(codeOf(await w.get("/api/orders/999").expect(404))).toBe("NOT_FOUND");
    expect(codeOf(await w.get("/api/orders/abc").expect(400))).toBe("INVALID_REQUEST");
    expect(codeOf(await w.get("/api/orders?status=Lost").expect(400))).toBe("INVALID_REQUEST");
    expect(codeOf(await w.post("logistics", "/api/orders/999/confirm", { deliveryRef: "x" }).expect(404))).toBe(
      "NOT_FOUND",
    );
    const order = { seller: "distributor", amountFen: "100", deliveryRef: "x", logistics: "logistics" };
    expect(codeOf(await w.post("merchant", "/api/orders", { ...order, deadline: "2020-01-01" }).expect(400))).toBe(
      "ESCROW_DEADLINE_NOT_IN_FUTURE",
    );
    expect(codeOf(await w.post("merchant", "/api/orders", order).expect(400))).toBe("INVALID_REQUEST");
    const notLogistics = await w.post("merchant", "/api/orders", {
      ...order,
      deadlineDays: 2,
      logistics: "distributor",
    });
    expect(notLogistics.status).toBe(409);
    expect(notLogistics.body.error.code).toBe("MEMBER_ROLE_NOT_ALLOWED");
  });

  it("never answered with a 5xx or logged an unexpected error", () => {
    expect(w.logged).toEqual([]);
  });
});
