/**
 * The outcomes of a run that a sweep compares: every numeric leaf of the report's `volumes` and
 * `financingCost`, each calibration row's simulated value, and any ratio the report has at the top of
 * a section. Found by walking the report, not by a list, so new figures are picked up as the report
 * grows. A figure keeps the report's form: a number, or a decimal string (fen, basis points).
 */

/** What an outcome measures (see {@link unitOf}). */
export type OutcomeUnit = "fen" | "bps" | "seconds" | "mu" | "number";

/** An outcome's figure in one cell: the report's own number or decimal string. */
export type Figure = number | string;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * The outcomes of one report, by dotted name: `volumes.receivables.issued.amountFen`,
 * `financingCost.spreadBps`, `calibration.vouchers.issued.simulated`. A list element is named by its
 * first field when that names it (`byTier.1`, `byMonth.2025-03`, `byLender.Tangshan Lead Bank`), else
 * by its index.
 */
export function outcomesOf(report: unknown): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  const root = (report ?? {}) as Record<string, unknown>;
  for (const section of ["volumes", "financingCost"]) walk(root[section], section, out);
  const calibration = root.calibration;
  if (Array.isArray(calibration)) {
    for (const row of calibration as Record<string, unknown>[]) {
      const value = row?.simulated;
      if (typeof row?.metric === "string" && isFigure(value)) out[`calibration.${row.metric}.simulated`] = value;
    }
  }
  // ratios kept elsewhere in a report (e.g. lending.nonPerformingRatio…) are picked up the same way
  for (const [key, value] of Object.entries(root)) {
    if (["volumes", "financingCost", "calibration", "run"].includes(key)) continue;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [field, leaf] of Object.entries(value as Record<string, unknown>)) {
        if (/ratio/i.test(field) && isFigure(leaf)) out[`${key}.${field}`] = leaf;
      }
    }
  }
  return out;
}

function isFigure(value: unknown): value is Figure {
  return (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && DECIMAL.test(value));
}

function walk(node: unknown, name: string, out: Record<string, Figure>): void {
  if (isFigure(node)) {
    out[name] = node;
  } else if (Array.isArray(node)) {
    const names = node.map((element, i) => elementName(element) ?? String(i));
    const unique = new Set(names).size === names.length;
    node.forEach((element, i) => {
      const label = unique ? names[i] : String(i);
      const first = unique ? firstField(element) : undefined;
      if (element && typeof element === "object" && !Array.isArray(element)) {
        for (const [key, value] of Object.entries(element as Record<string, unknown>)) {
          if (key !== first) walk(value, `${name}.${label}.${key}`, out);
        }
      } else walk(element, `${name}.${label}`, out);
    });
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) walk(value, `${name}.${key}`, out);
  }
}

/** The first field of a list element, when it is a string or number that can name it. */
function firstField(element: unknown): string | undefined {
  if (!element || typeof element !== "object" || Array.isArray(element)) return undefined;
  const [key] = Object.keys(element);
  const value = (element as Record<string, unknown>)[key];
  return typeof value === "string" || typeof value === "number" ? key : undefined;
}

function elementName(element: unknown): string | undefined {
  const key = firstField(element);
  return key === undefined ? undefined : String((element as Record<string, unknown>)[key]);
}

/**
 * The unit of an outcome, from its name and a figure of it: the report writes amounts as decimal
 * strings of fen and counts as numbers, so a `…Bps` name is basis points, `…Mu` an area, `…Seconds`
 * a duration, any other whole decimal string fen (`heldByRole.supplier` too), and a number a count.
 */
export function unitOf(name: string, sample: Figure, calibrationUnits: Record<string, string> = {}): OutcomeUnit {
  const calibration = /^calibration\.(.+)\.simulated$/.exec(name);
  if (calibration) return calibrationUnits[calibration[1]] === "bps" ? "bps" : "fen";
  const last = name.slice(name.lastIndexOf(".") + 1);
  if (/Bps$/.test(last)) return "bps";
  if (/Mu$/.test(last)) return "mu";
  if (/Seconds$/.test(last)) return "seconds";
  if (typeof sample === "string" && /^-?\d+$/.test(sample)) return "fen";
  return "number";
}
