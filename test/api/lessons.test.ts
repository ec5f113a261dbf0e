import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.js";
import { apiWorld, type ApiWorld } from "./api-world.js";

describe("classroom mode over HTTP", () => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await apiWorld();
  });
  afterAll(() => w.close());

  it("lists the eight lessons without a token", async () => {
    const res = await w.get("/api/lessons").expect(200);
    const names = (res.body.lessons as { name: string }[]).map((l) => l.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "split-three-tiers",
        "finance-at-a-bank",
        "why-splitting-matters",
        "clearing-at-maturity",
        "pay-on-delivery",
        "pledge-a-land-right",
        "default-and-4321",
        "what-the-rules-prevent",
      ]),
    );
  });

  it("runs a lesson step by step on its own chain, leaving the served chain untouched", async () => {
    const before = await w.snapshot();
    const res = await w.post("rolling-mill", "/api/lessons/split-three-tiers/run").expect(200);
    expect(res.body.steps.length).toBeGreaterThan(3);
    expect(res.body.steps.every((s: { status: string }) => s.status === "confirmed" || s.status === "refused")).toBe(
      true,
    );
    expect(await w.snapshot()).toEqual(before);
  });

  it("needs a token to run a lesson and answers 404 for an unknown one", async () => {
    await w.get("/api/lessons").expect(200);
    await request(w.app).post("/api/lessons/split-three-tiers/run").expect(401);
    const res = await w.post("rolling-mill", "/api/lessons/alchemy/run").expect(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });

  it("serves the dev tokens for the participant switcher only when asked", async () => {
    await w.get("/api/dev/tokens").expect(404);
    const open = createApp(w.service, { devTokens: true });
    const res = await request(open).get("/api/dev/tokens").expect(200);
    expect(res.body.tokens["rolling-mill"]).toBe(w.token("rolling-mill"));
  });
});
