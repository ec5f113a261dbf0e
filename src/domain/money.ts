import { InvalidInputError } from "./errors.js";

/** Fen per yuan: 1 yuan = 100 fen. All money in the project is an integer number of fen (bigint). */
export const FEN_PER_YUAN = 100n;

const YUAN_PATTERN = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount written as a decimal string into fen, exactly.
 * Accepts "1234", "1234.5", "1,234.56", "¥1,234.56"; refuses fractions of a fen, negatives
 * (unless `allowNegative`), exponents and anything that is not a plain decimal.
 * @example yuanToFen("1,234.56") === 123456n
 */
export function yuanToFen(yuan: string | bigint, options: { allowNegative?: boolean } = {}): bigint {
  if (typeof yuan === "bigint") return checkSign(yuan * FEN_PER_YUAN, String(yuan), options);
  if (typeof yuan !== "string")
    throw new InvalidInputError(`amount must be a decimal string of yuan, got ${typeof yuan}`);
  const text = yuan.trim().replace(/^¥/, "");
  const match = YUAN_PATTERN.exec(text);
  if (!match) {
    if (/^-?\d+\.\d{3,}$/.test(text)) {
      throw new InvalidInputError(`amount "${yuan}" has a fraction of a fen (at most 2 decimals)`, { amount: yuan });
    }
    throw new InvalidInputError(`amount "${yuan}" is not a decimal number of yuan (e.g. "1234.56")`, { amount: yuan });
  }
  const [, minus, whole, frac = ""] = match;
  const fen = BigInt(whole.replaceAll(",", "")) * FEN_PER_YUAN + BigInt(frac.padEnd(2, "0"));
  return checkSign(minus ? -fen : fen, yuan, options);
}

function checkSign(fen: bigint, original: string, options: { allowNegative?: boolean }): bigint {
  if (fen < 0n && !options.allowNegative) {
    throw new InvalidInputError(`amount "${original}" is negative`, { amount: original });
  }
  return fen;
}

/**
 * Parses a fen amount given as a decimal string of whole fen (the API and report format).
 * @example parseFen("123456") === 123456n
 */
export function parseFen(fen: string | bigint | number): bigint {
  if (typeof fen === "bigint") return checkSign(fen, String(fen), {});
  if (typeof fen === "number") {
    if (!Number.isSafeInteger(fen)) throw new InvalidInputError(`amount ${fen} is not a whole number of fen`);
    return checkSign(BigInt(fen), String(fen), {});
  }
  if (!/^-?\d+$/.test(fen.trim())) {
    throw new InvalidInputError(`amount "${fen}" is not a whole number of fen`, { amount: fen });
  }
  return checkSign(BigInt(fen.trim()), fen, {});
}

/**
 * Fen as a plain yuan decimal string with two decimals, no grouping: 123456n → "1234.56".
 */
export function fenToYuan(fen: bigint): string {
  const sign = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / FEN_PER_YUAN}.${(abs % FEN_PER_YUAN).toString().padStart(2, "0")}`;
}

/**
 * Formats fen for people: 123456n → "¥1,234.56"; negative amounts as "-¥1,234.56".
 */
export function formatYuan(fen: bigint, options: { symbol?: string } = {}): string {
  const symbol = options.symbol ?? "¥";
  const sign = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  const whole = (abs / FEN_PER_YUAN).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${symbol}${whole}.${(abs % FEN_PER_YUAN).toString().padStart(2, "0")}`;
}

/**
 * Compact form for tables and charts, in English units: "¥8.60 bn", "¥350.00 k".
 * Display only: never parse it back.
 */
export function formatYuanShort(fen: bigint): string {
  const abs = fen < 0n ? -fen : fen;
  const sign = fen < 0n ? "-" : "";
  const units: [bigint, string][] = [
    [100_000_000_000n, "bn"],
    [100_000_000n, "m"],
    [100_000n, "k"],
  ];
  for (const [size, unit] of units) {
    if (abs >= size) {
      const hundredths = (abs * 100n + size / 2n) / size; // round half up to 2 decimals
      return `${sign}¥${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")} ${unit}`;
    }
  }
  return sign + formatYuan(abs);
}

/** Integer division rounding half up (for non-negative operands): the project's rounding rule for rates. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  if (numerator < 0n) throw new RangeError("numerator must be non-negative");
  return (numerator + denominator / 2n) / denominator;
}
