import type { ComparableReport } from "./load.js";
import { RATIO_ROUNDING, decimalText, equal, ratio, subtract, toDecimal, type Decimal } from "./decimal.js";

/*
 * The difference between two reports of comparable runs, figure by figure. The figures are not a
 * fixed list: every numeric leaf of every section (volumes, financingCost, chain and whatever a
 * newer model adds) is walked, except the run's timings (`run`) and the contract addresses
 * (`chain.contracts`); the identity of the runs (scenario, seed, horizon, flow scale,
 * participants) goes in the header. Lists of rows (by month, tier, lender…) are matched by their
 * name fields, not their position. Checks and calibration targets are compared row by row.
 */

/** How a figure is read and shown: fen (money), basis points, seconds, a count, another number, or text. */
export type FigureKind = "fen" | "bps" | "seconds" | "count" | "number" | "text";

/** One run of the two: `a` is the first file, `b` the second. */
export interface Side {
  path: string;
  scenario: string;
  title?: string;
  seed: number;
  /** The run's `--set path=value` changes to its scenario file, as typed ("payments.eCnyAdoption=0.5"). */
  overrides?: string[];
}

/** The same figure in both runs. Values are exact, as in report.json (fen as decimal strings). */
export interface FigureRow {
  /** Where it is in report.json: "volumes.loans.byLender[lender=…].amountFen". */
  path: string;
  /** The section it is shown under: "receivables", "loans", "financing cost", "chain". */
  section: string;
  /** Its name within the section: "issued · amount". */
  label: string;
  kind: FigureKind;
  /** The value in a and in b; null where that run has no such figure. */
  a: string | null;
  b: string | null;
  /** b − a, exact (in fen for money); null where a side is missing or the figure is text. */
  delta: string | null;
  /** b / a, rounded (see `ratioRounding`); null where a is 0, a side is missing or the figure is text. */
  ratio: string | null;
  changed: boolean;
}

/** A check whose result differs (or that only one run has). */
export interface CheckChange {
  name: string;
  holds: { a: boolean | null; b: boolean | null };
  detail: { a: string | null; b: string | null };
}

/** A calibration target whose `within` changed or whose simulated value (or target) moved. */
export interface CalibrationChange {
  metric: string;
  label: string;
  /** "fitted" or "predicted" when the report says so. */
  role?: string;
  unit: string;
  target: { a: string | null; b: string | null };
  simulated: { a: string | null; b: string | null };
  /** Simulated b − a, exact; null where a side is missing. */
  delta: string | null;
  ratio: string | null;
  deviation: { a: number | null; b: number | null };
  tolerance: { a: number | null; b: number | null };
  within: { a: boolean | null; b: boolean | null };
}

export interface Comparison {
  a: Side;
  b: Side;
  /** What both runs share (refused otherwise): horizon, flow scale, participants. */
  basis: { horizon: { start: string; end?: string; days: number }; flowScale: number; participants: number };
  ratioRounding: string;
  /** Every figure of both runs, equal or not, in report order. */
  figures: FigureRow[];
  checks: CheckChange[];
  calibration: CalibrationChange[];
  /** How many checks and calibration targets were compared (in either run). */
  compared: { figures: number; checks: number; calibration: number };
  /** No figure, check or calibration target differs. */
  identical: boolean;
}

/**
 * Top-level keys that are not figures: the runs' identity (in the header: scenario, seed, `--set`
 * overrides, horizon…), the lists compared row by row, and the run's timings.
 */
const NOT_FIGURES = new Set([
  "scenario",
  "title",
  "seed",
  "overrides",
  "flowScale",
  "horizon",
  "participants",
  "calibration",
  "checks",
  "run",
]);
/** Paths left out of the walk: the contract addresses differ by deployment, not by outcome. */
const SKIPPED = new Set(["chain.contracts"]);
/** Fields that name a row of a list (matched across runs by them), in order of preference. */
const IDENTITY_FIELDS = ["month", "tier", "kind", "product", "lender", "name", "metric", "role"];
/** Maps whose values are fen although their keys (role names) do not say so. */
const FEN_MAPS = new Set(["heldByRole"]);
/** Labels that camel-case splitting would get wrong. */
const LABELS: Record<string, string> = { ecny: "e-CNY" };

/**
 * Compares two reports of comparable runs (see `incomparabilities`): every figure with b − a and
 * b/a, the checks whose result changed, the calibration targets that moved.
 * @example compareReports(base, counterfactual).figures.filter((f) => f.changed)
 */
export function compareReports(
  a: ComparableReport,
  b: ComparableReport,
  paths: { a: string; b: string } = { a: "a", b: "b" },
): Comparison {
  const figures: FigureRow[] = [];
  const top = unionKeys(a, b).filter((k) => !NOT_FIGURES.has(k));
  for (const key of top) walk(a[key], b[key], [{ key, path: key, label: label(key) }], "", figures);
  const checks = compareChecks(a, b);
  const calibration = compareCalibration(a, b);
  const side = (r: ComparableReport, path: string): Side => ({
    path,
    scenario: r.scenario,
    ...(typeof r.title === "string" ? { title: r.title } : {}),
    seed: r.seed,
    ...(Array.isArray(r.overrides) && r.overrides.length ? { overrides: r.overrides.map(overrideText) } : {}),
  });
  return {
    a: side(a, paths.a),
    b: side(b, paths.b),
    basis: { horizon: a.horizon, flowScale: a.flowScale, participants: a.participants.total },
    ratioRounding: RATIO_ROUNDING,
    figures,
    checks: checks.changes,
    calibration: calibration.changes,
    compared: { figures: figures.length, checks: checks.compared, calibration: calibration.compared },
    identical: figures.every((f) => !f.changed) && checks.changes.length === 0 && calibration.changes.length === 0,
  };
}

/** A `--set` change as typed: { path: "a.b", value: 0.5 } → "a.b=0.5". */
function overrideText(o: unknown): string {
  if (!isObject(o)) return JSON.stringify(o);
  return `${String(o.path)}=${typeof o.value === "string" ? o.value : JSON.stringify(o.value)}`;
}

// ── the walk ──────────────────────────────────────────────────────────────────────────────────

/** A step of a figure's path: its JSON key (or a list row's name), for the path and the label. */
interface Step {
  key: string;
  path: string;
  label: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

function unionKeys(a: unknown, b: unknown): string[] {
  const keys = isObject(a) ? Object.keys(a) : [];
  for (const k of isObject(b) ? Object.keys(b) : []) if (!keys.includes(k)) keys.push(k);
  return keys;
}

/** "amountFen" → "amount", "byLenderType" → "by lender type"; names (roles, purposes) as written. */
function label(key: string): string {
  if (LABELS[key]) return LABELS[key];
  if (!/^[a-z][A-Za-z0-9]*$/.test(key)) return key;
  const base = key.replace(/(?<=.)(Fen|Bps|Seconds)$/, "");
  return base.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

function walk(a: unknown, b: unknown, steps: Step[], parent: string, out: FigureRow[], skip = new Set<string>()) {
  const path = steps.map((s) => s.path).join("");
  if (SKIPPED.has(path)) return;
  if (Array.isArray(a) || Array.isArray(b)) {
    const rows = pairRows(Array.isArray(a) ? a : [], Array.isArray(b) ? b : []);
    const key = steps.at(-1)!.key;
    for (const row of rows) {
      walk(row.a, row.b, [...steps, { key, path: `[${row.id}]`, label: row.label }], key, out, row.fields);
    }
    return;
  }
  if (isObject(a) || isObject(b)) {
    const key = steps.at(-1)!.key;
    for (const k of unionKeys(a, b)) {
      if (skip.has(k)) continue;
      const at = (x: unknown) => (isObject(x) ? x[k] : undefined);
      walk(at(a), at(b), [...steps, { key: k, path: `.${k}`, label: label(k) }], key, out);
    }
    return;
  }
  if (a === undefined && b === undefined) return;
  out.push(figure(a, b, steps, parent));
}

/** A list's rows matched across the two runs by their name fields (or position, if they have none). */
function pairRows(
  a: unknown[],
  b: unknown[],
): { id: string; label: string; fields: Set<string>; a: unknown; b: unknown }[] {
  const rows = new Map<string, { id: string; label: string; fields: Set<string>; a: unknown; b: unknown }>();
  const add = (list: unknown[], side: "a" | "b") => {
    const seen = new Map<string, number>();
    list.forEach((item, index) => {
      const who = identity(item, index);
      const n = (seen.get(who.id) ?? 0) + 1;
      seen.set(who.id, n);
      const id = n > 1 ? `${who.id}#${n}` : who.id;
      const row = rows.get(id) ?? {
        id,
        label: n > 1 ? `${who.label} (${n})` : who.label,
        fields: who.fields,
        a: undefined,
        b: undefined,
      };
      row[side] = item;
      rows.set(id, row);
    });
  };
  add(a, "a");
  add(b, "b");
  return [...rows.values()];
}

/** A list row's name: its identity fields ("tier=2" / "tier 2"), else its position ("#3" / "3"). */
function identity(item: unknown, index: number): { id: string; label: string; fields: Set<string> } {
  if (isObject(item)) {
    let fields = IDENTITY_FIELDS.filter((f) => typeof item[f] === "string" || typeof item[f] === "number");
    if (fields.length === 0) {
      fields = Object.keys(item).filter((k) => typeof item[k] === "string" && toDecimal(item[k]) === undefined);
    }
    if (fields.length) {
      return {
        id: fields.map((f) => `${f}=${String(item[f])}`).join(","),
        label: fields.map((f) => (typeof item[f] === "number" ? `${f} ${item[f]}` : String(item[f]))).join(" / "),
        fields: new Set(fields),
      };
    }
  }
  return { id: `#${index + 1}`, label: `#${index + 1}`, fields: new Set() };
}

/** How a leaf is read: by its key (…Fen, …Bps, …Seconds), its map, or its values. */
function kindOf(
  key: string,
  parent: string,
  a: Decimal | undefined,
  b: Decimal | undefined,
  text: boolean,
): FigureKind {
  if (text) return "text";
  if (/Fen$/.test(key) || FEN_MAPS.has(parent)) return "fen";
  if (/Bps$/.test(key)) return "bps";
  if (/Seconds$/.test(key)) return "seconds";
  return (a?.scale ?? 0) === 0 && (b?.scale ?? 0) === 0 ? "count" : "number";
}

const show = (x: unknown): string | null =>
  x === undefined || x === null ? null : typeof x === "string" ? x : JSON.stringify(x);

function figure(a: unknown, b: unknown, steps: Step[], parent: string): FigureRow {
  const da = toDecimal(a);
  const db = toDecimal(b);
  const text = (a !== undefined && !da) || (b !== undefined && !db);
  const kind = kindOf(steps.at(-1)!.key, parent, da, db, text);
  const inVolumes = steps[0].key === "volumes" && steps.length > 2;
  const section = inVolumes ? steps[1].label : steps[0].label;
  const rest = steps.slice(inVolumes ? 2 : 1);
  const both = !text && da !== undefined && db !== undefined;
  return {
    path: steps.map((s) => s.path).join(""),
    section,
    label: rest.length ? rest.map((s) => s.label).join(" · ") : section,
    kind,
    a: show(a),
    b: show(b),
    delta: both ? decimalText(subtract(db, da)) : null,
    ratio: both ? (ratio(db, da) ?? null) : null,
    changed: both ? !equal(da, db) : show(a) !== show(b),
  };
}

// ── checks and calibration ────────────────────────────────────────────────────────────────────

function compareChecks(a: ComparableReport, b: ComparableReport): { changes: CheckChange[]; compared: number } {
  const names = [...new Set([...a.checks.map((c) => c.name), ...b.checks.map((c) => c.name)])];
  const changes: CheckChange[] = [];
  for (const name of names) {
    const ca = a.checks.find((c) => c.name === name);
    const cb = b.checks.find((c) => c.name === name);
    if (ca && cb && ca.holds === cb.holds) continue;
    changes.push({
      name,
      holds: { a: ca?.holds ?? null, b: cb?.holds ?? null },
      detail: { a: ca?.detail ?? null, b: cb?.detail ?? null },
    });
  }
  return { changes, compared: names.length };
}

type CalibrationEntry = ComparableReport["calibration"][number];

function compareCalibration(
  a: ComparableReport,
  b: ComparableReport,
): { changes: CalibrationChange[]; compared: number } {
  const keyOf = (c: CalibrationEntry) => (c.role ? `${c.metric}/${c.role}` : c.metric);
  const keys = [...new Set([...a.calibration.map(keyOf), ...b.calibration.map(keyOf)])];
  const changes: CalibrationChange[] = [];
  const same = (x: unknown, y: unknown) => {
    const dx = toDecimal(x);
    const dy = toDecimal(y);
    return dx && dy ? equal(dx, dy) : x === y;
  };
  for (const key of keys) {
    const ca = a.calibration.find((c) => keyOf(c) === key);
    const cb = b.calibration.find((c) => keyOf(c) === key);
    const moved =
      !ca || !cb || ca.within !== cb.within || !same(ca.simulated, cb.simulated) || !same(ca.target, cb.target);
    if (!moved) continue;
    const c = (cb ?? ca)!;
    const da = toDecimal(ca?.simulated);
    const db = toDecimal(cb?.simulated);
    const pair = <T>(f: (x: CalibrationEntry) => T) => ({ a: ca ? f(ca) : null, b: cb ? f(cb) : null });
    changes.push({
      metric: c.metric,
      label: c.label ?? c.metric,
      ...(c.role ? { role: c.role } : {}),
      unit: c.unit ?? "",
      target: pair((x) => show(x.target)),
      simulated: pair((x) => show(x.simulated)),
      delta: da && db ? decimalText(subtract(db, da)) : null,
      ratio: da && db ? (ratio(db, da) ?? null) : null,
      deviation: pair((x) => (typeof x.deviation === "number" ? x.deviation : null)),
      tolerance: pair((x) => (typeof x.tolerance === "number" ? x.tolerance : null)),
      within: pair((x) => x.within),
    });
  }
  return { changes, compared: keys.length };
}
