import { hostname } from "node:os";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, servesDevTokens, type AppOptions } from "../../src/api/app.js";
import { allowedHostNames, isDevelopmentChain, isLoopback } from "../../src/api/host.js";
import { listen, type Listening } from "../../src/api/server.js";
import { apiWorld, codeOf, type ApiWorld } from "./api-world.js";

/**
 * The Host-header check against DNS rebinding, and which servers hand out the dev tokens: each app
 * listens on a real port of 127.0.0.1, and requests name a host of their choosing.
 */
describe("the service's Host check and dev tokens", () => {
  let w: ApiWorld;
  const servers: Listening[] = [];
  beforeAll(async () => {
    w = await apiWorld();
  });
  afterAll(async () => {
    for (const s of servers) await s.close(0);
    await w.close();
  });

  /** The app with `options`, listening on 127.0.0.1: a GET that names `host` (with the real port unless given). */
  async function serve(options: AppOptions): Promise<(path: string, host: string) => request.Test> {
    const http = await listen(createApp(w.service, options), { port: 0, host: "127.0.0.1" });
    servers.push(http);
    const port = new URL(http.url).port;
    return (path, host) => request(http.server).get(path).set("Host", host.replace("$PORT", port));
  }

  it("answers 127.0.0.1, localhost and [::1] with its port when bound to loopback, and refuses any other Host with 421", async () => {
    const get = await serve({ devTokens: true, boundHost: "127.0.0.1" });
    for (const host of ["127.0.0.1:$PORT", "localhost:$PORT", "LOCALHOST:$PORT", "[::1]:$PORT"]) {
      await get("/api/health", host).expect(200);
    }
    await get("/api/dev/tokens", "localhost:$PORT").expect(200);
    // a rebinding page's requests carry its own name; a wrong or missing port is another server
    for (const host of [
      "attacker.example:$PORT",
      "attacker.example",
      "127.0.0.1.nip.io:$PORT",
      "localhost:1",
      "localhost",
      "localhost.:$PORT",
      "[::2]:$PORT",
      "a b",
    ]) {
      for (const path of ["/api/dev/tokens", "/api/health", "/"]) {
        const res = await get(path, host).expect(421);
        expect(res.body.error.code, `${host} ${path}`).toBe("HOST_NOT_ALLOWED");
        expect(res.text).not.toMatch(/scf_/);
      }
    }
  });

  it("answers only the bound address when bound to another interface, and this machine's names when bound to all", async () => {
    const lan = await serve({ boundHost: "192.168.7.7" });
    await lan("/api/health", "192.168.7.7:$PORT").expect(200);
    expect(codeOf(await lan("/api/health", "localhost:$PORT").expect(421))).toBe("HOST_NOT_ALLOWED");
    const named = await serve({ boundHost: "192.168.7.7", allowedHosts: ["scf.lan"] });
    await named("/api/health", "scf.lan:$PORT").expect(200);

    const all = await serve({ boundHost: "0.0.0.0" });
    for (const host of ["127.0.0.1:$PORT", "localhost:$PORT", `${hostname()}:$PORT`]) {
      await all("/api/health", host).expect(200);
    }
    expect(codeOf(await all("/api/health", "attacker.example:$PORT").expect(421))).toBe("HOST_NOT_ALLOWED");
    expect(allowedHostNames("::")).toContain("[::1]");
    expect(allowedHostNames("::1")).toEqual(new Set(["127.0.0.1", "localhost", "[::1]"]));
  });

  it("serves the dev tokens only on a development chain bound to loopback", async () => {
    const service = w.service;
    expect(isDevelopmentChain(service.deployment.chain)).toBe(true);
    expect(isDevelopmentChain({ kind: "rpc", chainId: 31337n })).toBe(true);
    expect(isDevelopmentChain({ kind: "rpc", chainId: 1337n })).toBe(false);
    expect(isDevelopmentChain({ kind: "rpc", chainId: 2018n })).toBe(false);
    expect(["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "::", "192.168.7.7", "localhost.example"].some(isLoopback)).toBe(false);

    expect(servesDevTokens(service, { devTokens: true })).toBe(true);
    expect(servesDevTokens(service, { devTokens: true, boundHost: "localhost" })).toBe(true);
    expect(servesDevTokens(service, { devTokens: false })).toBe(false);
    expect(servesDevTokens(service, { devTokens: true, boundHost: "0.0.0.0" })).toBe(false);
    expect(servesDevTokens(service, { devTokens: true, boundHost: "192.168.7.7" })).toBe(false);
    expect(servesDevTokens(service, { devTokens: true, devChain: false })).toBe(false);

    const shared = await serve({ devTokens: true, boundHost: "0.0.0.0" });
    await shared("/api/health", "127.0.0.1:$PORT").expect(200);
    expect(codeOf(await shared("/api/dev/tokens", "127.0.0.1:$PORT").expect(404))).toBe("NOT_FOUND");
    const consortium = await serve({ devTokens: true, devChain: false });
    expect(codeOf(await consortium("/api/dev/tokens", "127.0.0.1:$PORT").expect(404))).toBe("NOT_FOUND");
    const local = await serve({ devTokens: true });
    const res = await local("/api/dev/tokens", "127.0.0.1:$PORT").expect(200);
    expect(res.body.tokens["rolling-mill"]).toBe(w.token("rolling-mill"));
  });

  it("never logged an unexpected error", () => {
    expect(w.logged).toEqual([]);
  });
});
