/*
 * Classroom mode: the lessons the service offers (GET /api/lessons) and, once one is run
 * (POST /api/lessons/:name/run), the instrument, the actors and the lifecycle, then the steps one at
 * a time: the explanation, the transaction (or the contract's refusal and the rule behind it), the
 * events in plain words, the balances before and after, the tokens it touched and the lesson's
 * notes. A service without lessons (404) gets a quiet note instead of an error.
 */
import { ApiError, listOf } from "../api.js";
import { call, errorText, nameOf, post } from "../context.js";
import { h, replace } from "../dom.js";
import { fenOf, formatFen } from "../money.js";
import { shortHex } from "../format.js";
import { getLang, t } from "../i18n.js";

/** Text in the current language from { en, zh }, or the string itself. */
export function loc(x) {
  if (x === undefined || x === null) return "";
  if (typeof x !== "object") return String(x);
  return x[getLang()] ?? x.en ?? x.zh ?? "";
}

const lessonName = (l) => String(l.name ?? l.id ?? l.slug);

/** Balances of a step as rows { who, before, after, delta }. */
function balanceRows(step) {
  const b = step.balances;
  if (Array.isArray(b))
    return b.map((r) => ({
      who: r.name && typeof r.name === "object" ? loc(r.name) : nameOf(r.id ?? r.participant ?? r.address),
      before: r.before ?? r.beforeFen,
      after: r.after ?? r.afterFen,
      delta: r.delta ?? r.deltaFen,
    }));
  const before = b?.before ?? {};
  const after = b?.after ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].map((k) => ({
    who: nameOf(k),
    before: before[k],
    after: after[k],
  }));
}

export function lessonsPanel(root) {
  const listBox = root.querySelector("[data-part=lesson-list]");
  const runBox = root.querySelector("[data-part=lesson-run]");
  const state = { lessons: [], unavailable: false, error: null, running: "", run: null, shown: 0, runError: null };

  async function load() {
    try {
      state.lessons = listOf(await call("/api/lessons"), "lessons");
      state.unavailable = false;
      state.error = null;
    } catch (e) {
      state.unavailable = e instanceof ApiError && e.status === 404;
      state.error = state.unavailable ? null : errorText(e);
    }
    render();
  }

  async function run(name) {
    state.running = name;
    state.run = null;
    state.runError = null;
    render();
    try {
      const res = await post(`/api/lessons/${encodeURIComponent(name)}/run`, {});
      const data = res?.result && typeof res.result === "object" && !Array.isArray(res) ? res.result : res;
      state.run = { ...(Array.isArray(data) ? { steps: data } : data), name };
      state.shown = 1;
    } catch (e) {
      state.runError = errorText(e);
    }
    state.running = "";
    render();
    runBox.querySelector("h3")?.focus();
  }

  function render() {
    if (state.unavailable) {
      replace(listBox, h("p", { class: "empty" }, t("lessons.unavailable")));
      replace(runBox);
      return;
    }
    if (state.error) return replace(listBox, h("p", { class: "error-text", role: "alert" }, state.error));
    replace(
      listBox,
      state.lessons.length
        ? h(
            "ul",
            { class: "lesson-items" },
            state.lessons.map((l) =>
              h(
                "li",
                { class: "lesson" },
                h(
                  "div",
                  {},
                  h("strong", {}, loc(l.title) || lessonName(l)),
                  h("p", { class: "muted small" }, loc(l.summary ?? l.description)),
                  Array.isArray(l.steps)
                    ? h("p", { class: "muted small" }, t("lessons.steps", { n: l.steps.length }))
                    : null,
                ),
                h(
                  "button",
                  {
                    type: "button",
                    class: "btn small primary",
                    "data-lesson": lessonName(l),
                    disabled: !!state.running,
                    "aria-busy": state.running === lessonName(l) ? "true" : undefined,
                    onclick: () => run(lessonName(l)),
                  },
                  state.running === lessonName(l) ? t("lessons.running") : t("lessons.run"),
                ),
              ),
            ),
          )
        : h("p", { class: "empty" }, t("lessons.none")),
    );
    renderRun();
  }

  function renderRun() {
    if (state.runError) return replace(runBox, h("p", { class: "error-text", role: "alert" }, state.runError));
    const r = state.run;
    if (!r) return replace(runBox);
    const steps = listOf(r.steps ?? [], "steps");
    const info =
      r.lesson && typeof r.lesson === "object" ? r.lesson : (state.lessons.find((l) => lessonName(l) === r.name) ?? {});
    const shown = steps.slice(0, state.shown);
    replace(
      runBox,
      h("h3", { tabindex: "-1" }, loc(info.title) || r.name),
      info.instrument ? h("p", { class: "intro" }, loc(info.instrument)) : null,
      info.lifecycle ? h("pre", { class: "lifecycle" }, loc(info.lifecycle)) : null,
      Array.isArray(info.actors) && info.actors.length
        ? h(
            "ul",
            { class: "actors" },
            info.actors.map((a) =>
              h("li", {}, h("strong", {}, loc(a.name) || nameOf(a.id)), a.part ? ` · ${loc(a.part)}` : ""),
            ),
          )
        : null,
      h(
        "ol",
        { class: "steps" },
        shown.map((s, i) => stepView(s, i, steps.length)),
      ),
      h(
        "div",
        { class: "inline-actions" },
        state.shown < steps.length
          ? [
              h(
                "button",
                {
                  type: "button",
                  class: "btn small primary",
                  "data-action": "next-step",
                  onclick: () => ((state.shown += 1), renderRun()),
                },
                t("lessons.next", { n: state.shown + 1, total: steps.length }),
              ),
              h(
                "button",
                {
                  type: "button",
                  class: "btn small ghost",
                  onclick: () => ((state.shown = steps.length), renderRun()),
                },
                t("lessons.all"),
              ),
            ]
          : h("p", { class: "muted" }, t("lessons.done", { total: steps.length })),
      ),
    );
  }

  function stepView(s, i, total) {
    const tx = s.transaction ?? s.tx ?? {};
    const refused = s.status === "refused";
    const events = listOf(s.events ?? [], "events").filter((e) => !e.standard && !e.technical);
    const rows = balanceRows(s);
    const tokens = Array.isArray(s.tokens) ? s.tokens : [];
    const actor = s.actor && typeof s.actor === "object" ? s.actor : null;
    const args = Array.isArray(tx.args) ? tx.args : [];
    return h(
      "li",
      { class: `step${refused ? " refused" : ""}` },
      h(
        "div",
        { class: "step-head" },
        h("span", { class: "step-no" }, t("lessons.step", { n: s.index ?? i + 1, total: s.total ?? total })),
        h("strong", {}, loc(s.title)),
        s.timeText ? h("span", { class: "muted small" }, s.timeText) : null,
      ),
      s.clock ? h("p", { class: "step-clock" }, loc(s.clock)) : null,
      h("p", {}, loc(s.explanation ?? s.explain)),
      h(
        "p",
        { class: "step-tx" },
        h(
          "span",
          { class: `chip ${refused ? "status status-rejected" : "status status-cleared"}` },
          refused ? t("lessons.refused") : t("lessons.confirmed"),
        ),
        " ",
        actor ? h("strong", {}, loc(actor.name) || nameOf(actor.id)) : null,
        actor?.roleLabel ? h("span", { class: "muted" }, ` (${loc(actor.roleLabel)})`) : null,
        " → ",
        h(
          "code",
          {},
          `${tx.contract ?? ""}.${tx.function ?? tx.method ?? ""}(${args.map((a) => `${a.name}: ${loc(a.text) || a.raw}`).join(", ")})`,
        ),
        tx.hash ? h("span", { class: "muted mono", title: tx.hash }, ` · ${shortHex(tx.hash)}`) : null,
      ),
      refused && s.refusal
        ? h(
            "div",
            { class: "refusal" },
            h("p", {}, h("strong", {}, s.refusal.error ?? ""), " ", loc(s.refusal.explanation)),
            s.refusal.rule ? h("p", { class: "muted" }, t("lessons.rule"), " ", loc(s.refusal.rule)) : null,
          )
        : null,
      events.length
        ? h(
            "div",
            {},
            h("h5", {}, t("lessons.events")),
            h(
              "ul",
              { class: "step-events" },
              events.map((e) => h("li", {}, loc(e.text) || `${e.contract ?? ""}.${e.name ?? ""}`)),
            ),
          )
        : null,
      rows.length
        ? h(
            "table",
            { class: "balances" },
            h("caption", {}, t("lessons.balances")),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, t("lessons.who")),
                h("th", { scope: "col", class: "num" }, t("lessons.before")),
                h("th", { scope: "col", class: "num" }, t("lessons.after")),
                h("th", { scope: "col", class: "num" }, t("lessons.change")),
              ),
            ),
            h(
              "tbody",
              {},
              rows.map((r) => {
                const d = r.delta !== undefined ? fenOf(r.delta) : fenOf(r.after) - fenOf(r.before);
                return h(
                  "tr",
                  {},
                  h("td", {}, r.who),
                  h("td", { class: "num" }, r.before === undefined ? "—" : formatFen(r.before)),
                  h("td", { class: "num" }, r.after === undefined ? "—" : formatFen(r.after)),
                  h(
                    "td",
                    { class: `num ${d > 0n ? "up" : d < 0n ? "down" : ""}` },
                    d === 0n ? "—" : `${d > 0n ? "+" : ""}${formatFen(d)}`,
                  ),
                );
              }),
            ),
          )
        : null,
      tokens.length
        ? h(
            "table",
            { class: "balances" },
            h("caption", {}, t("lessons.tokens")),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, t("lessons.token")),
                h("th", { scope: "col" }, t("lessons.who")),
                h("th", { scope: "col", class: "num" }, t("lessons.before")),
                h("th", { scope: "col", class: "num" }, t("lessons.after")),
                h("th", { scope: "col" }, t("rural.status")),
              ),
            ),
            h(
              "tbody",
              {},
              tokens.map((k) =>
                h(
                  "tr",
                  {},
                  h("td", {}, loc(k.label) || String(k.tokenId)),
                  h(
                    "td",
                    {},
                    loc(k.ownerName) || nameOf(k.owner),
                    k.tier ? h("span", { class: "muted" }, ` · ${t("tier.n", { tier: k.tier })}`) : null,
                  ),
                  h("td", { class: "num" }, formatFen(k.before)),
                  h("td", { class: "num" }, formatFen(k.after)),
                  h("td", {}, t(`token.${k.status}`, {}, k.status ?? "")),
                ),
              ),
            ),
          )
        : null,
      Array.isArray(s.notes) && s.notes.length
        ? h(
            "div",
            { class: "notes" },
            s.notes.map((n) => h("p", { class: "note-text" }, loc(n))),
          )
        : null,
    );
  }

  return { load, render };
}
