/*
 * The statistics of a sweep: the spread of an outcome across seeds. These are floats on purpose —
 * a mean or a confidence interval of amounts is a statistic, not money, so nothing here is paid or
 * booked (the cells' own figures stay exact decimal strings of fen, and sums of fen are bigint).
 */

/** The spread of one outcome over the seeds of one combination. */
export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); null for a single value. */
  sd: number | null;
  /**
   * 95% confidence interval of the mean with Student's t: mean ± t(0.975, n − 1) · sd / √n;
   * null for a single value.
   */
  ci95: { low: number; high: number; halfWidth: number; t: number } | null;
  min: number;
  /** First quartile, median and third quartile (linear interpolation between order statistics). */
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** Summarises `values` (at least one). `mean` may be given when it was computed exactly (from a bigint sum). */
export function summarize(values: readonly number[], exactMean?: number): Summary {
  const n = values.length;
  if (n === 0) throw new Error("summarize: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mean = exactMean ?? values.reduce((s, x) => s + x, 0) / n;
  let sd: number | null = null;
  let ci95: Summary["ci95"] = null;
  if (n > 1) {
    const ss = values.reduce((s, x) => s + (x - mean) ** 2, 0);
    sd = Math.sqrt(ss / (n - 1));
    const t = studentTQuantile(0.975, n - 1);
    const halfWidth = (t * sd) / Math.sqrt(n);
    ci95 = { low: mean - halfWidth, high: mean + halfWidth, halfWidth, t };
  }
  return {
    n,
    mean,
    sd,
    ci95,
    min: sorted[0],
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
    max: sorted[n - 1],
  };
}

/** The q-quantile of sorted values, interpolating linearly between order statistics (R's type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * The p-quantile of Student's t distribution with `df` degrees of freedom: the t with
 * P(T ≤ t) = p, found by bisection on the distribution function (to 1e-12).
 * @example studentTQuantile(0.975, 4) // 2.7764…
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`studentTQuantile(${p}, ${df})`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * P(T ≤ t) for Student's t with `df` degrees of freedom:
 * 1 − ½ · I_{df/(df+t²)}(df/2, ½) for t ≥ 0, with I the regularized incomplete beta function.
 */
export function studentTCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The regularized incomplete beta function I_x(a, b) (continued fraction, modified Lentz). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x > (a + 1) / (a + b + 2)) return 1 - (front * betaFraction(1 - x, b, a)) / b;
  return (front * betaFraction(x, a, b)) / a;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < g + 2; i++) sum += c[i] / (z + i);
  const t = z + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
