/*
 * Exact decimal arithmetic for the comparison: every figure of a report (fen as decimal strings,
 * basis points with two decimals, counts, seconds) is read as an integer and a scale (a number of
 * decimals), so that b − a is exact to the last digit and nothing passes through a float.
 */

/** digits × 10^−scale: "354.97" → { digits: 35497n, scale: 2 }. */
export interface Decimal {
  digits: bigint;
  scale: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * A report value as an exact decimal: a number or a decimal string ("6822000000", "354.97", 42,
 * 0.3586); undefined for anything else (names, booleans, objects).
 */
export function toDecimal(value: unknown): Decimal | undefined {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
    if (/e/i.test(text)) text = value.toFixed(20).replace(/\.?0+$/, ""); // 1e-7 → "0.0000001"
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return undefined;
  }
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? "";
  const digits = BigInt(m[2] + frac);
  return { digits: m[1] ? -digits : digits, scale: frac.length };
}

/** Both at the larger scale: [a digits, b digits, scale]. */
function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.digits * 10n ** BigInt(scale - a.scale), b.digits * 10n ** BigInt(scale - b.scale), scale];
}

/** b − a, exactly. */
export function subtract(b: Decimal, a: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { digits: y - x, scale };
}

/** Whether the two are the same number ("1.50" equals "1.5"). */
export function equal(a: Decimal, b: Decimal): boolean {
  const [x, y] = align(a, b);
  return x === y;
}

/** The number of decimals of a ratio: b/a is rounded half away from zero to this many. */
export const RATIO_DECIMALS = 3;

/** How ratios are rounded, said in the outputs. */
export const RATIO_ROUNDING = `b/a rounded half away from zero to ${RATIO_DECIMALS} decimals`;

/** b / a rounded half away from zero to RATIO_DECIMALS decimals ("0.966"); undefined when a is 0. */
export function ratio(b: Decimal, a: Decimal): string | undefined {
  const [x, y] = align(a, b);
  if (x === 0n) return undefined;
  const unit = 10n ** BigInt(RATIO_DECIMALS);
  const negative = x < 0n !== y < 0n && y !== 0n;
  const num = (y < 0n ? -y : y) * unit;
  const den = x < 0n ? -x : x;
  const rounded = (num * 2n + den) / (den * 2n); // half up on the magnitude
  return decimalText({ digits: negative ? -rounded : rounded, scale: RATIO_DECIMALS });
}

/** The plain decimal text of a number, at its scale: { digits: -1024n, scale: 2 } → "-10.24". */
export function decimalText(d: Decimal): string {
  const sign = d.digits < 0n ? "-" : "";
  const abs = (d.digits < 0n ? -d.digits : d.digits).toString();
  if (d.scale === 0) return sign + abs;
  const padded = abs.padStart(d.scale + 1, "0");
  return `${sign}${padded.slice(0, -d.scale)}.${padded.slice(-d.scale)}`;
}
