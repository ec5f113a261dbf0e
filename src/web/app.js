/*
 * The dashboard's entry point: loads the participants and the chain's status, restores who the
 * user acts as, builds the panels, and keeps them live from the server-sent event stream.
 */
import { ApiError, request } from "./api.js";
import { ctx, errorText, loadHealth, loadParticipants, nameOf, roleText, saveSession, toast } from "./context.js";
import { debounce, h, replace } from "./dom.js";
import { fmtDateTime } from "./format.js";
import { applyI18n, getLang, setLang, t } from "./i18n.js";
import { ROLE_ORDER } from "./i18n.js";
import { eventsPanel } from "./panels/events.js";
import { ecnyPanel } from "./panels/ecny.js";
import { flowPanel } from "./panels/flow.js";
import { lessonsPanel } from "./panels/lessons.js";
import { lineagePanel } from "./panels/lineage.js";
import { loansPanel } from "./panels/loans.js";
import { ruralPanel } from "./panels/rural.js";
import { timelinePanel } from "./panels/timeline.js";
import { volumesPanel } from "./panels/volumes.js";

const $ = (selector) => document.querySelector(selector);
const section = (id) => document.getElementById(id);

const lineage = lineagePanel(section("vouchers"));
const events = eventsPanel(section("events"));
const volumes = volumesPanel(
  section("overview").querySelector("[data-part=kpis]"),
  section("volumes").querySelector("[data-part=charts]"),
);
const flow = flowPanel(section("flow"), () => lineage.vouchers);
const timeline = timelinePanel(
  section("settlement"),
  () => lineage.vouchers,
  async () => {
    await refreshHealth();
    await Promise.all([lineage.load(), timeline.load()]);
  },
);
const loans = loansPanel(section("loans"));
const rural = ruralPanel(section("rural"));
const ecny = ecnyPanel(section("ecny"));
const lessons = lessonsPanel(section("classroom"));
const panels = [lineage, events, volumes, flow, timeline, loans, rural, ecny, lessons];

// ── header: who the user acts as, the language, the chain's status ─────────────────────────────

function showBanner(message) {
  const banner = $("#banner");
  banner.hidden = !message;
  banner.textContent = message ?? "";
}

function renderStatus() {
  replace(
    $("#me-status"),
    ctx.me ? t("header.actingAs", { name: nameOf(ctx.me), role: roleText(ctx.me.role) }) : t("header.observer"),
  );
  const health = ctx.health ?? {};
  const block = health.indexedBlock ?? health.blockNumber;
  replace(
    $("#chain-status"),
    t("header.chain", {
      id: health.chainId ?? "—",
      block: block ?? "—",
      time: Number.isFinite(ctx.chainNow) ? fmtDateTime(ctx.chainNow) : "—",
    }),
  );
  const live = $("#live-status");
  replace(live, t(`header.live.${live.dataset.state}`));
}

function renderSwitcher() {
  const select = $("#act-as");
  const byRole = new Map();
  for (const p of ctx.participants) {
    if (!byRole.has(p.role)) byRole.set(p.role, []);
    byRole.get(p.role).push(p);
  }
  const roles = [...byRole.keys()].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
  const current = ctx.me ? String(ctx.me.id) : (ctx.session?.id ?? "");
  replace(
    select,
    h("option", { value: "" }, t("header.observerOption")),
    roles.map((role) =>
      h(
        "optgroup",
        { label: roleText(role) },
        byRole.get(role).map((p) =>
          h(
            "option",
            {
              value: String(p.id),
              selected: String(p.id) === current,
              disabled: ctx.devTokens && !ctx.devTokens.has(String(p.id)),
            },
            nameOf(p),
          ),
        ),
      ),
    ),
  );
  select.value = current;
  $("#token-form").hidden = !!ctx.devTokens || !select.value || (ctx.me && String(ctx.me.id) === select.value);
}

/** Dev tokens from GET /api/dev/tokens, as a Map of participant id → token; null if absent. */
async function loadDevTokens() {
  try {
    const res = await request("/api/dev/tokens");
    const raw = res?.tokens ?? res;
    const map = new Map();
    if (Array.isArray(raw)) for (const x of raw) map.set(String(x.id ?? x.participantId ?? x.participant), x.token);
    else if (raw && typeof raw === "object")
      for (const [id, v] of Object.entries(raw)) map.set(id, typeof v === "string" ? v : v?.token);
    ctx.devTokens = map.size ? map : null;
  } catch {
    ctx.devTokens = null;
  }
}

/** Asks the service who the stored token belongs to. */
async function identify() {
  if (!ctx.session?.token) {
    ctx.me = null;
    return;
  }
  try {
    const res = await request("/api/me", { token: ctx.session.token });
    const me = res?.participant ?? res?.me ?? res;
    ctx.me = { ...(ctx.byId.get(String(me.id)) ?? {}), ...me };
    saveSession({ id: String(ctx.me.id), token: ctx.session.token });
  } catch (e) {
    ctx.me = null;
    saveSession(null);
    if (e instanceof ApiError && (e.status === 401 || e.status === 403))
      toast(t("header.tokenRefused", { message: errorText(e) }), "error");
    else toast(errorText(e), "error");
  }
}

async function actAs(id) {
  if (!id) {
    saveSession(null);
    ctx.me = null;
  } else if (ctx.devTokens?.get(id)) {
    saveSession({ id, token: ctx.devTokens.get(id) });
    await identify();
  } else {
    // no dev tokens: the user pastes a token for this participant
    ctx.me = null;
    saveSession(null);
    renderSwitcher();
    $("#act-as").value = id;
    $("#token-form").hidden = false;
    $("#token-input").focus();
    renderAll();
    return;
  }
  renderSwitcher();
  renderAll();
  if (ctx.me) toast(t("header.nowActing", { name: nameOf(ctx.me) }));
  ecny.load();
}

$("#act-as").addEventListener("change", (e) => actAs(e.target.value));
$("#token-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const token = $("#token-input").value.trim();
  if (!token) return;
  saveSession({ id: $("#act-as").value, token });
  await identify();
  $("#token-input").value = "";
  renderSwitcher();
  renderAll();
  ecny.load();
});

$("#lang-toggle").addEventListener("click", () => {
  setLang(getLang() === "zh" ? "en" : "zh");
  applyLanguage();
});

function applyLanguage() {
  applyI18n(document);
  const toggle = $("#lang-toggle");
  const zh = getLang() === "zh";
  toggle.textContent = zh ? "English" : "中文";
  toggle.setAttribute("lang", zh ? "en" : "zh-Hans");
  toggle.setAttribute("aria-label", zh ? "Switch to English" : "切换到中文");
  renderSwitcher();
  renderAll();
}

function renderAll() {
  renderStatus();
  for (const p of panels) p.render();
}

async function refreshHealth() {
  try {
    await loadHealth();
  } catch {
    /* the status line shows "—" */
  }
  renderStatus();
}

// ── live: one server-sent event per new chain event ─────────────────────────────────────────────

const later = {
  volumes: debounce(() => volumes.load(), 1500),
  flow: debounce(() => flow.load(), 2000),
  timeline: debounce(() => timeline.load(), 1200),
  ecny: debounce(() => ecny.load(), 600),
  rural: debounce(() => rural.load(), 900),
  health: debounce(refreshHealth, 500),
};

function onChainEvent(event) {
  events.onEvent(event);
  lineage.onEvent(event);
  loans.onEvent(event);
  const c = String(event?.contract ?? "");
  later.health();
  later.volumes();
  if (!c || c.startsWith("Voucher")) (later.flow(), later.timeline());
  if (!c || c === "ECNY" || c === "PaymentEscrow" || c.startsWith("Voucher")) later.ecny();
  if (!c || c === "LoanBook" || c === "PropertyRegistry") (later.rural(), later.timeline());
}

function connectStream() {
  const live = $("#live-status");
  const setState = (s) => {
    live.dataset.state = s;
    renderStatus();
  };
  if (!("EventSource" in window)) return setState("off");
  const source = new EventSource("/api/stream?kind=business");
  const handle = (message) => {
    let data;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    if (!data || typeof data !== "object" || data.type === "hello" || data.type === "ping") return;
    const list = Array.isArray(data) ? data : Array.isArray(data.events) ? data.events : [data.event ?? data];
    for (const e of list) onChainEvent(e);
  };
  let dropped = false;
  source.addEventListener("open", () => {
    setState("on");
    // events may have been missed while the stream was down: read everything again
    if (dropped) for (const p of panels) p.load();
    dropped = false;
  });
  source.addEventListener("error", () => {
    dropped = live.dataset.state === "on" || dropped;
    setState(source.readyState === EventSource.CLOSED ? "off" : "connecting");
  });
  source.addEventListener("message", handle);
  source.addEventListener("chain-event", handle);
  window.addEventListener("beforeunload", () => source.close());
}

// ── start ─────────────────────────────────────────────────────────────────────────────────────

async function start() {
  applyLanguage();
  try {
    await Promise.all([loadParticipants(), refreshHealth(), loadDevTokens()]);
    showBanner(null);
  } catch (e) {
    showBanner(t("app.unreachable", { message: errorText(e) }));
  }
  // a restarted server hands out new dev tokens: keep acting as the same participant
  const fresh = ctx.session?.id ? ctx.devTokens?.get(ctx.session.id) : undefined;
  if (fresh && fresh !== ctx.session.token) saveSession({ id: ctx.session.id, token: fresh });
  await identify();
  renderSwitcher();
  renderAll();
  connectStream();
  await lineage.load();
  await Promise.all([
    events.load(),
    volumes.load(),
    flow.load(),
    timeline.load(),
    loans.load(),
    rural.load(),
    ecny.load(),
    lessons.load(),
  ]);
  document.body.dataset.ready = "true";
}

start();
