import type { Request, Response } from "express";
import type { ChainEvent } from "../../ledger/decoder.js";
import { runChecks } from "../../report/checks.js";
import type { ScfService } from "../../service/service.js";
import { timeOf } from "../format.js";
import { validate, type ReadInput, type WriteInput } from "../http.js";
import { eventView, type EventView } from "../views.js";
import { streamText } from "./stream-text.js";

import { EventsQuery, StreamQuery, type ClockBody } from "./schemas.js";

/** GET /health: the chain, the indexer's position and the project's time. */
export async function health({ service }: ReadInput) {
  const d = service.deployment;
  return {
    status: "ok",
    chainId: d.chain.chainId.toString(),
    chain: d.chain.kind,
    rpcUrl: d.chain.rpcUrl ?? null,
    scenario: service.options.scenario ?? null,
    indexedBlock: service.ledger.totals.lastBlock,
    indexedEvents: service.state.events.length,
    projectTime: timeOf(await service.now()),
    contracts: d.addresses,
  };
}

/** GET /volumes: the simulator report's volumes (computeVolumes) of the same indexed state. */
export async function volumes({ service }: ReadInput) {
  const { endTime, volumes } = await service.volumes();
  return {
    asOf: timeOf(endTime),
    participants: volumes.participants,
    volumes: volumes.volumes,
    averageRateHundredths: volumes.averageRateHundredths.toString(),
  };
}

/** GET /checks: the report's reconciliation checks (runChecks) on the indexed state and the contracts. */
export async function checks({ service }: ReadInput) {
  await service.sync();
  const list = await runChecks(service.ledger);
  return { holds: list.every((c) => c.holds), checks: list };
}

const order = (e: ChainEvent) => e.blockNumber * 1_000_000 + e.logIndex;

/**
 * GET /events: decoded events, newest first, described in plain words. The indexer keeps every
 * event but e-CNY transfers; payments between members since the service started are added from
 * the indexer's stream (see `ScfService.payments`).
 */
export async function events({ query, service }: ReadInput<undefined, typeof EventsQuery>) {
  const limit = query.limit ?? 50;
  let cursor = Number.MAX_SAFE_INTEGER;
  if (query.before) {
    const [block, index] = query.before.split("-").map(Number);
    cursor = block * 1_000_000 + (index ?? 0);
  }
  const lists = [service.state.events, service.recentPayments];
  const positions = lists.map((list) => upperBound(list, cursor));
  const out: EventView[] = [];
  while (out.length < limit) {
    let pick = -1;
    for (let i = 0; i < lists.length; i++) {
      const p = positions[i];
      if (p > 0 && (pick < 0 || order(lists[i][p - 1]) > order(lists[pick][positions[pick] - 1]))) pick = i;
    }
    if (pick < 0) break;
    const event = lists[pick][--positions[pick]];
    const view = eventView(event, service.state, service.directory);
    if (query.kind === "business" && view.technical) continue;
    out.push(view);
  }
  const more = positions.some((p) => p > 0);
  return { events: out, next: more && out.length > 0 ? out[out.length - 1].id : null };
}

/** The number of events strictly before `cursor` (events are in chain order). */
function upperBound(list: readonly ChainEvent[], cursor: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(list[mid]) < cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bytes that may wait for one event-stream subscriber before it is let go. */
export const STREAM_BACKLOG_LIMIT = 1_048_576;

/**
 * GET /stream: server-sent events. Each newly indexed event is sent as `event: chain-event` with
 * its description; a comment every 15 s keeps the connection open. A subscriber with more than
 * {@link STREAM_BACKLOG_LIMIT} bytes waiting is disconnected.
 */
export async function stream(req: Request, res: Response, service: ScfService): Promise<void> {
  const query = validate(StreamQuery, req.query, "query") as { kind?: "business" | "all" };
  res.status(200);
  res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
  res.setHeader("Cache-Control", "no-cache, no-transform");
  res.setHeader("Connection", "keep-alive");
  res.setHeader("X-Accel-Buffering", "no");
  res.flushHeaders();
  res.write(`retry: 3000\n: connected to scf serve at block ${service.ledger.totals.lastBlock}\n\n`);
  const unsubscribe = service.subscribe((events) => {
    const text = streamText(events, service, query.kind ?? "all");
    if (!text) return;
    res.write(text);
    // A subscriber that stopped reading is let go rather than buffered for without end; it
    // reconnects (retry) and pages /api/events for what it missed.
    if (res.writableLength > STREAM_BACKLOG_LIMIT) end();
  });
  const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
  heartbeat.unref();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    unregister();
    res.end();
  };
  const unregister = service.onClose(end);
  req.on("close", end);
}

/** POST /clock/advance (platform operator). */
export async function advanceClock({ body, actor, service }: WriteInput<undefined, typeof ClockBody>) {
  const { before, after } = await service.advanceClock(actor, body.days);
  return { before: timeOf(before), after: timeOf(after), days: body.days };
}
