import request from "supertest";
import type { Express } from "express";
import { createApp, type AppOptions } from "../../src/api/app.js";
import { jsonValue } from "../../src/api/format.js";
import { bootService } from "../../src/service/boot.js";
import type { ScfService } from "../../src/service/service.js";

/** One served consortium per test file: the demo story on an in-process chain, and its app (no port). */
export interface ApiWorld {
  service: ScfService;
  app: Express;
  /** Errors the service logged (unexpected ones only). */
  logged: unknown[];
  /** A participant's API token. */
  token(id: string): string;
  /** A POST as a participant (JSON body). */
  post(id: string, path: string, body?: unknown): request.Test;
  get(path: string): request.Test;
  /** Everything a refused write must leave unchanged: latest block, indexed state, on-chain e-CNY balances. */
  snapshot(): Promise<unknown>;
  close(): Promise<void>;
}

export async function apiWorld(options: AppOptions = {}): Promise<ApiWorld> {
  const logged: unknown[] = [];
  const service = await bootService({ log: (_message, error) => logged.push(error) });
  const app = createApp(service, options);
  const token = (id: string) => {
    const t = service.tokens.byParticipant.get(id);
    if (!t) throw new Error(`no token for ${id}`);
    return t;
  };
  return {
    service,
    app,
    logged,
    token,
    post: (id, path, body) =>
      request(app)
        .post(path)
        .set("Authorization", `Bearer ${token(id)}`)
        .send(body as object),
    get: (path) => request(app).get(path),
    snapshot: async () => {
      await service.sync();
      const s = service.state;
      const block = await service.deployment.chain.rpc.request({ method: "eth_blockNumber" });
      const balances = await Promise.all(
        service.deployment.cast.all.map(async (p) => [
          p.id,
          await service.deployment.contracts.ecny.balanceOf(p.address),
        ]),
      );
      return jsonValue({
        block,
        events: s.events.length,
        vouchers: [...s.vouchers.entries()],
        tokens: [...s.tokens.entries()],
        financing: [...s.financingRequests.entries()],
        orders: [...s.orders.entries()],
        loans: [...s.loans.entries()],
        rights: [...s.rights.entries()],
        indexedBalances: [...s.ecny.balances.entries()],
        balances,
      });
    },
    close: () => service.close(),
  };
}

/** The error code of an answer. */
export function codeOf(res: { body: { error?: { code?: string } } }): string | undefined {
  return res.body.error?.code;
}
