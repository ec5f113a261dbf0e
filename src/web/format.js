/* Dates, ids and durations for people. Times are shown in Beijing time (UTC+8), as on the chain's calendar. */

/** Milliseconds of a time given as unix seconds, milliseconds, or an ISO string; NaN if unknown. */
export function toMillis(t) {
  if (t === undefined || t === null || t === "") return NaN;
  if (typeof t === "object") return t.unix !== undefined ? toMillis(Number(t.unix)) : toMillis(t.iso);
  if (typeof t === "number") return t > 1e12 ? t : t * 1000;
  const s = String(t);
  if (/^\d+$/.test(s)) return toMillis(Number(s));
  return Date.parse(s);
}

const DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Shanghai",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** "2026-03-02" (Beijing date); "—" for no time. */
export function fmtDate(t) {
  const ms = toMillis(t);
  return Number.isFinite(ms) ? DATE.format(ms) : "—";
}

/** "2026-03-02 09:00" (Beijing time). */
export function fmtDateTime(t) {
  const ms = toMillis(t);
  return Number.isFinite(ms) ? `${DATE.format(ms)} ${TIME.format(ms)}` : "—";
}

/** A Beijing date "YYYY-MM-DD" as unix seconds at 00:00 Beijing time. */
export function beijingDateToSeconds(date) {
  const ms = Date.parse(`${date}T00:00:00+08:00`);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : NaN;
}

/** A token id (voucher << 32 | piece) as the API and the event texts write it: "4294967298" → "1.2". */
export function tokenLabel(tokenId) {
  try {
    const id = BigInt(String(tokenId));
    const slot = id >> 32n;
    return slot > 0n ? `${slot}.${id & 0xffffffffn}` : String(id);
  } catch {
    return String(tokenId);
  }
}

/** The voucher (slot) of a token id. */
export function slotOfToken(tokenId) {
  try {
    return (BigInt(String(tokenId)) >> 32n).toString();
  } catch {
    return "";
  }
}

/** A shortened hash or address: 0x1234…abcd. */
export function shortHex(hex) {
  const s = String(hex ?? "");
  return s.length > 14 ? `${s.slice(0, 6)}…${s.slice(-4)}` : s;
}

/** Whole days between two times (ms), rounded towards zero. */
export function daysBetween(fromMs, toMs) {
  return Math.trunc((toMs - fromMs) / 86_400_000);
}

/** A duration in seconds: 0 → "0 s", 5400 → "1.5 h", 259200 → "3 days" (zh: "3 天"). */
export function fmtDuration(seconds, lang = "en") {
  const trim = (x) => x.replace(/0+$/, "").replace(/\.$/, "");
  const s = Number(seconds) || 0;
  const zh = lang === "zh";
  if (s < 120) return `${Math.round(s)} ${zh ? "秒" : "s"}`;
  if (s < 7_200) return `${trim((s / 60).toFixed(1))} ${zh ? "分钟" : "min"}`;
  if (s < 172_800) return `${trim((s / 3_600).toFixed(1))} ${zh ? "小时" : "h"}`;
  return `${trim((s / 86_400).toFixed(2))} ${zh ? "天" : "days"}`;
}

/** A count with thousands separators. */
export function fmtCount(x) {
  const v = Number(x);
  return Number.isFinite(v) ? v.toLocaleString("en-US") : "—";
}
