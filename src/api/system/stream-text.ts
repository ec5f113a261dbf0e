import type { ChainEvent } from "../../ledger/decoder.js";
import type { ScfService } from "../../service/service.js";
import { eventView } from "../views.js";

/** What /api/stream sends for one batch of newly indexed events, for each `kind` of subscriber. */
interface BatchText {
  all: string;
  business: string;
}

/** Kept only as long as the indexer keeps the batch (it hands every listener the same array). */
const made = new WeakMap<readonly ChainEvent[], BatchText>();

/**
 * The server-sent-event frames of a batch of newly indexed events (`event: chain-event`, each event
 * described), made once per batch however many subscribers hear it. Formatting every event again for
 * every subscriber, inside the write that indexed it, held each write up: with 200 subscribers a
 * payment's answer took three times as long.
 * @param kind "business" leaves out token bookkeeping (see `isTechnical`).
 * @example service.subscribe((events) => res.write(streamText(events, service, "all")));
 */
export function streamText(events: readonly ChainEvent[], service: ScfService, kind: "all" | "business"): string {
  let text = made.get(events);
  if (!text) {
    let all = "";
    let business = "";
    for (const event of events) {
      const view = eventView(event, service.state, service.directory);
      const frame = `id: ${view.id}\nevent: chain-event\ndata: ${JSON.stringify(view)}\n\n`;
      all += frame;
      if (!view.technical) business += frame;
    }
    text = { all, business };
    made.set(events, text);
  }
  return text[kind];
}
