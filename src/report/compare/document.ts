import { formatYuan } from "../../domain/money.js";
import { fmtDeviation, fmtExact, groupDigits, mark, plural } from "../render-markdown.js";
import type { CalibrationChange, Comparison, FigureKind, FigureRow, Side } from "./diff.js";

/*
 * The comparison as a document: a header saying which run is which, then one table per section of
 * figures (a, b, b − a, b/a), the checks whose result changed and the calibration targets that
 * moved. Built once, rendered by the terminal, Markdown and HTML renderers. Cells are plain,
 * unescaped text; money is formatted from exact fen (to the fen, with thousands separators).
 */

export interface CompareColumn {
  head: string;
  align: "left" | "right" | "center";
}

export interface CompareRow {
  cells: string[];
  changed: boolean;
  /** The sign of b − a, for colour: "up", "down" or "" (equal, or not a number). */
  tone: "up" | "down" | "";
}

export interface CompareTable {
  id: string;
  /** Tables of a group are aligned together in the terminal. */
  group: "figures" | "checks" | "calibration";
  title: string;
  columns: CompareColumn[];
  rows: CompareRow[];
}

export interface CompareDocument {
  title: string;
  /** Which run each column is: "classroom, seed 1" and its file. */
  sides: { name: "a" | "b"; run: string; path: string }[];
  /** What both runs share. */
  basis: string;
  /** How ratios are rounded. */
  rounding: string;
  identical: boolean;
  /** One line: "12 of 150 figures differ; no check changed; 2 calibration targets moved", or "no difference…". */
  summary: string;
  tables: CompareTable[];
  /** Closing lines: hidden rows, unchanged checks. */
  notes: string[];
}

const DASH = "—";

/** A decimal with its integer part grouped: "-1234567.5" → "-1,234,567.5". */
function groupDecimal(text: string): string {
  const [whole, frac] = text.split(".");
  return groupDigits(whole) + (frac !== undefined ? `.${frac}` : "");
}

/** A figure's value for people: fen to the fen ("¥1,234.56"), "354.97 bp", "273,600 s", "1,395". */
export function fmtValue(kind: FigureKind, value: string | null): string {
  if (value === null) return DASH;
  if (kind === "text") return value;
  if (kind === "fen") return /^-?\d+$/.test(value) ? fmtExact(value) : groupDecimal(value);
  if (kind === "bps") return `${groupDecimal(value)} bp`;
  if (kind === "seconds") return `${groupDecimal(value)} s`;
  return groupDecimal(value);
}

/** b − a with its sign: "+¥1,234.56", "-3", "+10.24 bp"; an equal figure shows its zero ("¥0.00"). */
export function fmtDelta(kind: FigureKind, delta: string | null): string {
  if (delta === null) return DASH;
  const zero = /^-?0*(\.0*)?$/.test(delta);
  if (kind === "fen" && /^-?\d+$/.test(delta))
    return `${zero || delta.startsWith("-") ? "" : "+"}${formatYuan(BigInt(delta))}`;
  return `${zero || delta.startsWith("-") ? "" : "+"}${fmtValue(kind, delta)}`;
}

const toneOf = (delta: string | null): CompareRow["tone"] =>
  delta === null || /^-?0*(\.0*)?$/.test(delta) ? "" : delta.startsWith("-") ? "down" : "up";

/** "classroom, seed 1", with the run's `--set` changes if any. */
const run = (s: Side) =>
  `${s.scenario}, seed ${s.seed}${s.overrides?.length ? `, ${s.overrides.map((o) => `--set ${o}`).join(" ")}` : ""}`;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const left = (head: string): CompareColumn => ({ head, align: "left" });
const right = (head: string): CompareColumn => ({ head, align: "right" });
const center = (head: string): CompareColumn => ({ head, align: "center" });
const holds = (x: boolean | null) => (x === null ? DASH : mark(x));

/** The unit of a calibration value, as a figure kind. */
const calibrationKind = (unit: string): FigureKind => (unit === "fen" ? "fen" : unit === "bps" ? "bps" : "number");

function figureTables(figures: FigureRow[], onlyChanged: boolean): CompareTable[] {
  const sections = new Map<string, FigureRow[]>();
  for (const f of figures) {
    if (onlyChanged && !f.changed) continue;
    sections.set(f.section, [...(sections.get(f.section) ?? []), f]);
  }
  return [...sections.entries()].map(([section, rows]) => ({
    id: `figures.${section.replace(/[^A-Za-z0-9]+/g, "-")}`,
    group: "figures",
    title: capitalise(section),
    columns: [left("Figure"), right("a"), right("b"), right("b − a"), right("b/a")],
    rows: rows.map((f) => ({
      cells: [f.label, fmtValue(f.kind, f.a), fmtValue(f.kind, f.b), fmtDelta(f.kind, f.delta), f.ratio ?? DASH],
      changed: f.changed,
      tone: toneOf(f.delta),
    })),
  }));
}

function calibrationRow(c: CalibrationChange): CompareRow {
  const kind = calibrationKind(c.unit);
  const target =
    c.target.a === c.target.b || c.target.a === null || c.target.b === null
      ? fmtValue(kind, c.target.b ?? c.target.a)
      : `${fmtValue(kind, c.target.a)} → ${fmtValue(kind, c.target.b)}`;
  const deviation = (x: number | null) => (x === null ? DASH : fmtDeviation(x));
  return {
    cells: [
      c.role ? `${c.label} (${c.role})` : c.label,
      target,
      fmtValue(kind, c.simulated.a),
      fmtValue(kind, c.simulated.b),
      fmtDelta(kind, c.delta),
      c.ratio ?? DASH,
      `${deviation(c.deviation.a)} → ${deviation(c.deviation.b)}`,
      `${holds(c.within.a)} → ${holds(c.within.b)}`,
    ],
    changed: true,
    tone: toneOf(c.delta),
  };
}

/**
 * The comparison as a document. With `onlyChanged`, equal figures are left out (and counted in a
 * note). Two identical reports give no tables, only "no difference".
 */
export function compareDocument(c: Comparison, options: { onlyChanged?: boolean } = {}): CompareDocument {
  const changed = c.figures.filter((f) => f.changed).length;
  const h = c.basis.horizon;
  const doc: CompareDocument = {
    title: `Comparison: ${c.a.scenario}, seed ${c.a.seed} (a) and ${c.b.scenario}, seed ${c.b.seed} (b)`,
    sides: [
      { name: "a", run: run(c.a), path: c.a.path },
      { name: "b", run: run(c.b), path: c.b.path },
    ],
    basis: `${h.start}${h.end ? ` → ${h.end}` : ""} (${plural(h.days, "day")}), flow scale ${c.basis.flowScale}, ${plural(c.basis.participants, "participant")}`,
    rounding: `differences b − a are exact (money to the fen); ratios are ${c.ratioRounding} (— where a is 0)`,
    identical: c.identical,
    summary: c.identical
      ? `no difference: all ${plural(c.compared.figures, "figure")}, ${plural(c.compared.checks, "check")} and ${plural(c.compared.calibration, "calibration target")} are the same`
      : [
          changed ? `${changed} of ${plural(c.compared.figures, "figure")} differ` : "no figure differs",
          c.checks.length ? `${plural(c.checks.length, "check")} changed` : "no check changed",
          c.calibration.length
            ? `${plural(c.calibration.length, "calibration target")} moved`
            : "no calibration target moved",
        ].join("; "),
    tables: [],
    notes: [],
  };
  if (c.identical) return doc;
  doc.tables.push(...figureTables(c.figures, options.onlyChanged ?? false));
  if (options.onlyChanged && changed < c.figures.length) {
    doc.notes.push(`${plural(c.figures.length - changed, "equal figure")} hidden (--only-changed)`);
  }
  if (c.checks.length) {
    doc.tables.push({
      id: "checks",
      group: "checks",
      title: "Checks whose result changed",
      columns: [left("Check"), center("a"), center("b"), left("Detail")],
      rows: c.checks.map((k) => ({
        cells: [k.name, holds(k.holds.a), holds(k.holds.b), k.detail.b ?? k.detail.a ?? ""],
        changed: true,
        tone: "",
      })),
    });
  } else {
    doc.notes.push(`checks: none changed (${plural(c.compared.checks, "check")} compared)`);
  }
  if (c.calibration.length) {
    doc.tables.push({
      id: "calibration",
      group: "calibration",
      title: "Calibration targets that moved",
      columns: [
        left("Target"),
        right("Target value"),
        right("a"),
        right("b"),
        right("b − a"),
        right("b/a"),
        right("Deviation a → b"),
        center("Within a → b"),
      ],
      rows: c.calibration.map(calibrationRow),
    });
  } else {
    doc.notes.push(`calibration: no target moved (${plural(c.compared.calibration, "target")} compared)`);
  }
  return doc;
}
