/*
 * What every panel shares: the language, the participants, who the user acts as (its token lives in
 * sessionStorage), the chain's clock, calls to the API with that token, and ways to tell the user
 * what happened (toasts and a screen-reader announcement).
 */
import { ApiError, listOf, request } from "./api.js";
import { h } from "./dom.js";
import { AmountError } from "./money.js";
import { getLang, t } from "./i18n.js";
import { shortHex, toMillis } from "./format.js";

const SESSION_KEY = "scf.session";

export const ctx = {
  participants: [],
  byId: new Map(),
  byAddress: new Map(),
  /** The participant the user acts as (from GET /api/me), or null for a read-only observer. */
  me: null,
  /** { id, token } of the acting participant, kept in sessionStorage. */
  session: readSession(),
  /** Dev tokens by participant id (GET /api/dev/tokens), when the service offers them. */
  devTokens: null,
  /** The chain's time in ms (from /api/health), else the browser's. */
  chainNow: NaN,
  health: null,
  bus: new EventTarget(),
};

function readSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null");
    return s && typeof s.token === "string" ? s : null;
  } catch {
    return null;
  }
}

/** Remembers (or forgets, with null) the acting participant's token for this browser tab. */
export function saveSession(session) {
  ctx.session = session;
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** Calls the API as the acting participant. */
export function call(path, options = {}) {
  return request(path, { ...options, token: ctx.session?.token });
}

/** A POST as the acting participant. */
export function post(path, body = {}) {
  return call(path, { method: "POST", body });
}

/** Loads the participants and indexes them by id and address. */
export async function loadParticipants() {
  const list = listOf(await request("/api/participants"), "participants");
  ctx.participants = list;
  ctx.byId = new Map(list.map((p) => [String(p.id), p]));
  ctx.byAddress = new Map(list.filter((p) => p.address).map((p) => [String(p.address).toLowerCase(), p]));
  return list;
}

/**
 * The participant behind a reference: an object with an id or address, an id, or an address.
 * Unknown addresses come back as { name: "0x12…abcd" }.
 */
export function who(ref) {
  if (ref === undefined || ref === null || ref === "") return undefined;
  if (typeof ref === "object") {
    const known =
      (ref.id && ctx.byId.get(String(ref.id))) || (ref.address && ctx.byAddress.get(String(ref.address).toLowerCase()));
    return known ? { ...ref, ...known } : ref;
  }
  const s = String(ref);
  if (/^0x[0-9a-fA-F]{40}$/.test(s)) return ctx.byAddress.get(s.toLowerCase()) ?? { address: s, name: shortHex(s) };
  return ctx.byId.get(s) ?? { id: s, name: s };
}

/** The display name of a participant in the current language. */
export function nameOf(ref) {
  const p = who(ref);
  if (!p) return "—";
  return (getLang() === "zh" ? p.nameZh || p.name : p.name || p.nameZh) || p.id || shortHex(p.address);
}

/** The id of a participant reference (or its address when it has no id). */
export function idOf(ref) {
  const p = who(ref);
  return p ? String(p.id ?? p.address ?? "") : "";
}

/** True when the reference is the acting participant. */
export function isMe(ref) {
  if (!ctx.me || ref === undefined || ref === null) return false;
  const p = who(ref);
  if (!p) return false;
  if (p.id !== undefined && ctx.me.id !== undefined) return String(p.id) === String(ctx.me.id);
  return !!p.address && !!ctx.me.address && String(p.address).toLowerCase() === String(ctx.me.address).toLowerCase();
}

/** A role in words: "Supplier" → "supplier" / "供应商". */
export function roleText(role) {
  return t(`role.${role}`, {}, role ?? "—");
}

/** The chain's current time in ms. */
export function nowMs() {
  return Number.isFinite(ctx.chainNow) ? ctx.chainNow : Date.now();
}

/** Reads the chain's status (block, time) from /api/health. */
export async function loadHealth() {
  const health = await request("/api/health");
  ctx.health = health;
  const time = health?.projectTime ?? health?.time ?? health?.now;
  ctx.chainNow = toMillis(time);
  return health;
}

/** The message to show for a failure: the service's own words, else a translated explanation. */
export function errorText(error) {
  if (error instanceof AmountError) return t(error.key);
  if (error instanceof ApiError) {
    if (error.message) return error.message;
    if (error.code === "NETWORK") return t("error.network");
    if (error.status === 401) return t("error.unauthorized");
    if (error.status === 403) return t("error.forbidden");
    if (error.status === 404) return t("error.notFound");
    return t("error.status", { status: error.status });
  }
  return t("error.unexpected");
}

/** Shows a short message in the corner (and tells screen readers). */
export function toast(message, kind = "ok") {
  const box = document.getElementById("toasts");
  if (!box) return;
  const item = h("div", { class: `toast ${kind}`, role: kind === "error" ? "alert" : "status" }, message);
  box.append(item);
  setTimeout(() => item.classList.add("leaving"), kind === "error" ? 8000 : 4500);
  setTimeout(() => item.remove(), kind === "error" ? 8600 : 5100);
}

/** Tells screen readers something changed (polite live region). */
export function announce(message) {
  const region = document.getElementById("announcer");
  if (region) region.textContent = message;
}

/** After an action: says `message` (toast and screen readers), then reloads the panel; nothing without a message. */
export async function finishWith(message, reload) {
  if (!message) return;
  toast(message);
  announce(message);
  await reload();
}

/** Participants that may act in a role, for a select: [{ value, label, group }]. */
export function participantOptions(filter = () => true) {
  return ctx.participants
    .filter((p) => (p.membership ?? p.status ?? "Active") === "Active" && filter(p))
    .map((p) => ({ value: String(p.id), label: nameOf(p), group: roleText(p.role) }));
}

export const FINANCIER_ROLES = ["OperatorBank", "MicroLender"];
