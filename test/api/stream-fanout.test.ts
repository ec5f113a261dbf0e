import { EventEmitter } from "node:events";
import { request, type ClientRequest } from "node:http";
import type { Request, Response } from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/api/app.js";
import { listen, type Listening } from "../../src/api/server.js";
import { stream, STREAM_BACKLOG_LIMIT } from "../../src/api/system/handlers.js";
import type { ChainEvent } from "../../src/ledger/decoder.js";
import { bootService } from "../../src/service/boot.js";
import { onSseFrames } from "./sse-frames.js";
import type { ScfService } from "../../src/service/service.js";

const described = vi.hoisted(() => ({ calls: 0 }));
vi.mock("../../src/ledger/describe.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/ledger/describe.js")>();
  return {
    ...actual,
    describeEvent: (...args: Parameters<typeof actual.describeEvent>) => {
      described.calls++;
      return actual.describeEvent(...args);
    },
  };
});

/** A subscriber of /api/stream that collects the chain-event frames it receives. */
function subscribe(url: string, kind: "all" | "business"): Promise<{ frames: string[]; req: ClientRequest }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const frames: string[] = [];
    const req = request(
      { host: u.hostname, port: Number(u.port), path: `/api/stream?kind=${kind}`, agent: false },
      (res) => {
        onSseFrames(res, (frame) => {
          if (frame.includes("event: chain-event")) frames.push(frame);
        });
        res.on("error", () => undefined);
        resolve({ frames, req });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

// Regression: the stream formatted every event again for every subscriber, inside the write that
// indexed it; with 200 subscribers a payment's answer took three times as long (found by
// test/reliability/load.test.ts).
describe("the event stream formats each event once, however many subscribers listen", () => {
  let service: ScfService;
  let http: Listening;
  beforeAll(async () => {
    service = await bootService({});
    http = await listen(createApp(service, { boundHost: "127.0.0.1" }), { port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    service?.endStreams();
    await http?.close(100);
    await service?.close();
  });

  it("describes a write's events once for 40 subscribers of both kinds, and sends each the same frames", async () => {
    const subscribers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => subscribe(http.url, i % 2 === 0 ? "all" : "business")),
    );
    const who = (id: string) => service.directory.participant(id);
    const before = described.calls;
    // A split: a business event and token bookkeeping (technical) in one transaction.
    const voucher = [...service.state.vouchers.values()][0];
    const written = await service.vouchers.split(
      who("rolling-mill"),
      voucher.tokenIds[0],
      "scrap-collector",
      1_000_000n,
    );
    const events = written.events.length;
    const all = subscribers.filter((_, i) => i % 2 === 0);
    const business = subscribers.filter((_, i) => i % 2 === 1);
    await vi.waitFor(() => expect(all.every((s) => s.frames.length === events)).toBe(true), { timeout: 5_000 });
    expect(described.calls - before).toBe(events);
    expect(new Set(all.map((s) => s.frames.join("\n"))).size).toBe(1);
    expect(new Set(business.map((s) => s.frames.join("\n"))).size).toBe(1);
    expect(business[0].frames.length).toBeGreaterThan(0);
    expect(business[0].frames.length).toBeLessThan(events);
    for (const s of subscribers) s.req.destroy();
  });
});

// A subscriber that stops reading must not make the server buffer for it without end.
describe("the event stream lets go of a subscriber that stopped reading", () => {
  it("ends the stream once more than the backlog limit waits for it, and stops listening", async () => {
    let listener: ((events: ChainEvent[]) => void) | undefined;
    let unsubscribed = false;
    const service = {
      ledger: { totals: { lastBlock: 7 } },
      subscribe: (l: (events: ChainEvent[]) => void) => {
        listener = l;
        return () => (unsubscribed = true);
      },
      onClose: () => () => undefined,
    } as unknown as ScfService;
    const req = Object.assign(new EventEmitter(), { query: {} }) as unknown as Request;
    let ended = false;
    const res = {
      writableLength: 0,
      status: () => res,
      setHeader: () => undefined,
      flushHeaders: () => undefined,
      write: (text: string) => {
        res.writableLength += Buffer.byteLength(text); // nobody reads: everything waits
        return false;
      },
      end: () => (ended = true),
    };
    const streamText = await import("../../src/api/system/stream-text.js");
    const spy = vi.spyOn(streamText, "streamText").mockReturnValue("x".repeat(300_000));
    await stream(req, res as unknown as Response, service);
    for (let i = 0; i < 3; i++) listener!([]);
    expect(ended).toBe(false);
    listener!([]);
    expect(res.writableLength).toBeGreaterThan(STREAM_BACKLOG_LIMIT);
    expect(ended).toBe(true);
    expect(unsubscribed).toBe(true);
    spy.mockRestore();
  });
});
