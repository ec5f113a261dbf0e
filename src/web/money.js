/*
 * Money in the browser, exactly: amounts travel as decimal strings of fen (1 yuan = 100 fen) and
 * are only ever handled as strings or BigInt. No float touches an amount, except `fenToChartNumber`,
 * which sizes a chart mark and is never shown or sent.
 */

const YUAN_PATTERN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{0,2}))?$/;

/** A mistake in an amount typed by a person; `key` names the message in the dictionary. */
export class AmountError extends Error {
  constructor(key) {
    super(key);
    this.name = "AmountError";
    this.key = key;
  }
}

/**
 * Parses yuan typed by a person into fen, as a decimal string: "1,234.5" → "123450".
 * Accepts an optional ¥, thousands separators and at most two decimals; refuses anything else
 * (negative, exponent, a fraction of a fen, zero).
 * @example yuanToFen("¥1,000") === "100000"
 */
export function yuanToFen(input) {
  const text = String(input ?? "")
    .trim()
    .replace(/^[¥￥]\s*/, "")
    .replace(/[\s\u00a0]/g, "");
  if (text === "") throw new AmountError("amount.empty");
  const m = YUAN_PATTERN.exec(text);
  if (!m) {
    if (/^\d[\d,]*\.\d{3,}$/.test(text)) throw new AmountError("amount.subFen");
    throw new AmountError("amount.invalid");
  }
  const fen = BigInt(m[1].replaceAll(",", "")) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
  if (fen <= 0n) throw new AmountError("amount.zero");
  return fen.toString();
}

/**
 * Parses a yearly rate in percent with at most two decimals into basis points: "3.65" → 365.
 * @example percentToBps("4") === 400
 */
export function percentToBps(input) {
  const text = String(input ?? "")
    .trim()
    .replace(/%$/, "")
    .trim();
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!m) throw new AmountError("rate.invalid");
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(bps) || bps > 10_000) throw new AmountError("rate.invalid");
  return bps;
}

/** The BigInt of a fen amount (string, number or bigint); 0n for anything missing. */
export function fenOf(value) {
  if (typeof value === "bigint") return value;
  if (value === undefined || value === null || value === "") return 0n;
  const s = String(value).trim();
  return /^-?\d+$/.test(s) ? BigInt(s) : 0n;
}

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Fen to the fen: "123456" → "¥1,234.56". */
export function formatFen(value) {
  const fen = fenOf(value);
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? "-" : ""}¥${group((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** Fen as a plain decimal of yuan, for an input's default value: "123456" → "1234.56". */
export function fenToYuanInput(value) {
  const fen = fenOf(value);
  const abs = fen < 0n ? -fen : fen;
  const frac = (abs % 100n).toString().padStart(2, "0");
  return `${fen < 0n ? "-" : ""}${abs / 100n}${frac === "00" ? "" : `.${frac}`}`;
}

const UNITS = {
  en: [
    [100_000_000_000n, " bn"],
    [100_000_000n, " m"],
    [100_000n, " k"],
  ],
  zh: [
    [10_000_000_000n, " 亿"],
    [1_000_000n, " 万"],
  ],
};

/** The compact form for charts and tiles (display only): en "¥8.59 bn", zh "¥85.91 亿". */
export function formatFenShort(value, lang = "en") {
  const fen = fenOf(value);
  const abs = fen < 0n ? -fen : fen;
  const sign = fen < 0n ? "-" : "";
  for (const [size, unit] of UNITS[lang] ?? UNITS.en) {
    if (abs >= size) {
      const hundredths = (abs * 100n + size / 2n) / size;
      return `${sign}¥${group((hundredths / 100n).toString())}.${(hundredths % 100n).toString().padStart(2, "0")}${unit}`;
    }
  }
  return formatFen(fen);
}

/** part / total as a percent with one decimal (BigInt, half up): "78.7%"; "—" without a total. */
export function shareText(part, total) {
  const p = fenOf(part);
  const t = fenOf(total);
  if (t <= 0n) return "—";
  const permille = (p * 1000n + t / 2n) / t;
  return `${permille / 10n}.${permille % 10n}%`;
}

/** A fraction in [0, 1] of part / total, for the width of a bar only. */
export function fraction(part, total) {
  const t = fenOf(total);
  if (t <= 0n) return 0;
  return Number((fenOf(part) * 100_000n) / t) / 100_000;
}

/** Fen as a float of yuan: only to size a chart mark, never to show or send. */
export function fenToChartNumber(value) {
  return Number(fenOf(value)) / 100;
}

/** Basis points (an integer, or a decimal string such as "365.43") as a percent: "3.65%". */
export function formatBps(bps) {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(String(bps ?? "").trim());
  if (!m) return String(bps ?? "—");
  const hundredths = BigInt(m[2]) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  const rounded = (hundredths + 50n) / 100n;
  return `${m[1] ? "-" : ""}${rounded / 100n}.${(rounded % 100n).toString().padStart(2, "0")}%`;
}
