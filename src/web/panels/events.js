/*
 * The decoded event log in plain words (中文 / English), newest first; new events arrive live from
 * the server-sent stream and are prepended.
 */
import { listOf } from "../api.js";
import { call, errorText } from "../context.js";
import { h, replace } from "../dom.js";
import { fmtDateTime, shortHex } from "../format.js";
import { getLang, t } from "../i18n.js";

const MAX = 200;
const AREAS = {
  vouchers: (c) => c.startsWith("Voucher"),
  money: (c) => c === "ECNY" || c === "PaymentEscrow",
  rural: (c) => c === "LoanBook" || c === "PropertyRegistry",
  members: (c) => c === "Consortium",
};

/** The plain-words text of an event in the current language. */
export function eventText(e) {
  const lang = getLang();
  const text = e.text && typeof e.text === "object" ? e.text : e.words && typeof e.words === "object" ? e.words : e;
  return text[lang] ?? text.en ?? (typeof e.text === "string" ? e.text : `${e.contract ?? ""}.${e.name ?? ""}`);
}

const keyOf = (e) =>
  `${e.txHash ?? e.transactionHash ?? ""}:${e.logIndex ?? ""}:${e.blockNumber ?? ""}:${e.name ?? ""}`;

export function eventsPanel(root) {
  const list = root.querySelector("[data-part=event-list]");
  const filter = root.querySelector("[data-part=event-filter]");
  const state = { events: [], keys: new Set(), fresh: new Set(), error: null };
  filter.addEventListener("change", () => render());

  function add(events, { prepend }) {
    const incoming = events.filter((e) => !state.keys.has(keyOf(e)));
    for (const e of incoming) state.keys.add(keyOf(e));
    if (prepend) {
      for (const e of incoming) state.fresh.add(keyOf(e));
      state.events = [...incoming.reverse(), ...state.events];
    } else state.events = [...state.events, ...incoming];
    if (state.events.length > MAX) {
      for (const e of state.events.slice(MAX)) state.keys.delete(keyOf(e));
      state.events = state.events.slice(0, MAX);
    }
  }

  function render() {
    if (state.error && !state.events.length)
      return replace(list, h("p", { class: "error-text", role: "alert" }, state.error));
    const area = AREAS[filter.value];
    const shown = state.events.filter((e) => !e.technical && (!area || area(String(e.contract ?? ""))));
    if (!shown.length) return replace(list, h("p", { class: "empty" }, t("events.none")));
    replace(
      list,
      h(
        "ol",
        { class: "event-items", "data-testid": "event-log" },
        shown.map((e) =>
          h(
            "li",
            { class: `event${state.fresh.has(keyOf(e)) ? " fresh" : ""}`, "data-event": e.name ?? "" },
            h(
              "div",
              { class: "ev-meta" },
              h("time", {}, fmtDateTime(e.time ?? e.timestamp)),
              h("span", { class: "chip ev-name" }, e.name ?? "event"),
              e.blockNumber !== undefined
                ? h("span", { class: "muted" }, t("events.block", { n: e.blockNumber }))
                : null,
              e.txHash ? h("span", { class: "muted mono", title: e.txHash }, shortHex(e.txHash)) : null,
            ),
            h("p", { class: "ev-text" }, eventText(e)),
          ),
        ),
      ),
    );
    setTimeout(() => state.fresh.clear(), 3000);
  }

  return {
    async load() {
      try {
        const events = listOf(await call("/api/events?limit=100&kind=business"), "events");
        // The API lists events newest first; sort defensively by block and log index.
        events.sort(
          (a, b) =>
            (Number(b.blockNumber) || 0) - (Number(a.blockNumber) || 0) ||
            (Number(b.logIndex) || 0) - (Number(a.logIndex) || 0),
        );
        add(events, { prepend: false });
        state.error = null;
      } catch (e) {
        state.error = errorText(e);
      }
      render();
    },
    render,
    onEvent(event) {
      add([event], { prepend: true });
      render();
    },
  };
}
