import { htmlHead } from "../html-page.js";
import { escapeHtml as esc } from "../charts.js";
import { escapeMarkdown } from "../render-markdown.js";
import type { Comparison } from "./diff.js";
import { compareDocument, type CompareColumn, type CompareDocument, type CompareTable } from "./document.js";

/*
 * The four outputs of `scf compare`: an aligned table for the terminal, Markdown, a self-contained
 * HTML page (inline CSS, no scripts, fonts or links), and JSON (the comparison model itself, values
 * exact as in report.json). All deterministic: the same two reports give the same bytes.
 */

export type CompareFormat = "terminal" | "markdown" | "html" | "json";
export const COMPARE_FORMATS: CompareFormat[] = ["terminal", "markdown", "html", "json"];

export interface RenderOptions {
  /** Leave out the figures that are equal in both runs. */
  onlyChanged?: boolean;
}

/** The comparison in one of the formats. */
export function renderComparison(c: Comparison, format: CompareFormat, options: RenderOptions = {}): string {
  if (format === "json") return compareJson(c, options);
  const doc = compareDocument(c, options);
  if (format === "markdown") return compareMarkdown(doc);
  if (format === "html") return compareHtml(doc);
  return compareTerminal(doc);
}

/** The model as JSON; with `onlyChanged`, only the figures that differ. */
export function compareJson(c: Comparison, options: RenderOptions = {}): string {
  const figures = options.onlyChanged ? c.figures.filter((f) => f.changed) : c.figures;
  return JSON.stringify({ ...c, figures }, null, 2) + "\n";
}

/** Whether the figures that differ need a mark: some figures shown differ and some do not. */
function isMarked(doc: CompareDocument): boolean {
  const rows = doc.tables.filter((t) => t.group === "figures").flatMap((t) => t.rows);
  return rows.some((r) => r.changed) && rows.some((r) => !r.changed);
}

// ── terminal ──────────────────────────────────────────────────────────────────────────────────

/** Columns a character takes in a terminal: 2 for CJK and other wide characters, else 1. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number, align: CompareColumn["align"]): string {
  const room = Math.max(0, width - displayWidth(text));
  if (align === "right") return " ".repeat(room) + text;
  if (align === "center") return " ".repeat(Math.floor(room / 2)) + text + " ".repeat(room - Math.floor(room / 2));
  return text + " ".repeat(room);
}

/** The widest name in the first column; a longer one gets a line of its own above its figures. */
const LABEL_WIDTH = 60;

/** The comparison as aligned text: the tables of a group share their column widths. */
export function compareTerminal(doc: CompareDocument): string {
  const lines = [
    doc.title,
    ...doc.sides.map((s) => `  ${s.name}  ${s.run}  ${s.path}`),
    `  both runs: ${doc.basis}`,
    `  ${doc.rounding}`,
    "",
    doc.summary,
  ];
  const widths = new Map<string, number[]>();
  for (const t of doc.tables) {
    const w = widths.get(t.group) ?? t.columns.map(() => 0);
    w[0] = Math.max(w[0], displayWidth(t.title));
    t.columns.forEach((c, i) => {
      if (i > 0) w[i] = Math.max(w[i], displayWidth(c.head));
    });
    for (const r of t.rows) {
      r.cells.forEach((cell, i) => {
        const width = i === 0 ? displayWidth(cell) + 2 : displayWidth(cell);
        if (i > 0 || width <= LABEL_WIDTH) w[i] = Math.max(w[i], width);
      });
    }
    widths.set(t.group, w);
  }
  const line = (cells: string[], t: CompareTable, w: number[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 && t.columns[i].align === "left" ? cell : pad(cell, w[i], t.columns[i].align),
      )
      .join("   ")
      .trimEnd();
  const marked = isMarked(doc);
  for (const t of doc.tables) {
    const w = widths.get(t.group)!;
    lines.push("", line([t.title, ...t.columns.slice(1).map((c) => c.head)], t, w));
    const star = marked && t.group === "figures";
    for (const r of t.rows) {
      const label = `${star && r.changed ? "* " : "  "}${r.cells[0]}`;
      if (displayWidth(label) <= LABEL_WIDTH) {
        lines.push(line([label, ...r.cells.slice(1)], t, w));
      } else {
        lines.push(label, line(["", ...r.cells.slice(1)], t, w)); // a long name on a line of its own
      }
    }
  }
  const notes = [...(marked ? ["* a figure that differs"] : []), ...doc.notes];
  if (notes.length) lines.push("", ...notes);
  return lines.join("\n") + "\n";
}

// ── Markdown ──────────────────────────────────────────────────────────────────────────────────

function markdownTable(t: CompareTable, boldChanged: boolean): string {
  const align = (c: CompareColumn) => (c.align === "right" ? "---:" : c.align === "center" ? ":---:" : "---");
  const cell = (text: string) => (text === "" ? " " : escapeMarkdown(text));
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    `## ${escapeMarkdown(t.title)}`,
    "",
    row(t.columns.map((c) => cell(c.head))),
    row(t.columns.map(align)),
    ...t.rows.map((r) =>
      row(r.cells.map((text, i) => (i === 0 && boldChanged && r.changed ? `**${cell(text)}**` : cell(text)))),
    ),
  ].join("\n");
}

/** The comparison as Markdown: the header as a list, a table per section; differing figures in bold. */
export function compareMarkdown(doc: CompareDocument): string {
  const out = [
    `# ${escapeMarkdown(doc.title)}`,
    "",
    ...doc.sides.map((s) => `- **${s.name}:** ${escapeMarkdown(s.run)} (${escapeMarkdown(s.path)})`),
    `- **Both runs:** ${escapeMarkdown(doc.basis)}`,
    `- **Rounding:** ${escapeMarkdown(doc.rounding)}`,
    "",
    `**${escapeMarkdown(doc.summary)}**`,
    "",
  ];
  const bold = isMarked(doc);
  for (const t of doc.tables) out.push(markdownTable(t, bold && t.group === "figures"), "");
  if (bold) out.push("*Figures in bold differ.*", "");
  for (const n of doc.notes) out.push(`*${escapeMarkdown(n)}*`, "");
  return out.join("\n");
}

// ── HTML ──────────────────────────────────────────────────────────────────────────────────────

const CSS = `
:root{--ink:#1b2430;--muted:#5d6b7e;--line:#dde3ea;--bg:#f4f6f9;--card:#fff;--brand:#1d4e89;--up:#1f7a4d;--down:#b3261e;--hl:#fff7e0}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg)}
.wrap{max-width:1200px;margin:0 auto;padding:0 24px}
header{background:var(--brand);color:#fff;padding:22px 0 18px}
header h1{margin:0 0 10px;font-size:22px}
header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;font-size:13px}
header dt{font-weight:700;opacity:.85}header dd{margin:0;word-break:break-all}
.summary{font-weight:700;margin:18px 0 0;padding:10px 14px;background:var(--card);border:1px solid var(--line);border-left:4px solid var(--brand);border-radius:8px}
.summary.same{border-left-color:var(--up)}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px;margin:16px 0;overflow-x:auto}
h2{font-size:16px;margin:0 0 8px}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;border-bottom:1.5px solid var(--line);padding:5px 8px;white-space:nowrap}
td{padding:5px 8px;border-bottom:1px solid #eef1f5;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ctr{text-align:center}
tr.changed td{background:var(--hl)}
tr.changed td:first-child{font-weight:600}
td.up{color:var(--up)}td.down{color:var(--down)}
.notes{color:var(--muted);font-size:12px;padding:4px 0 32px}
@media print{body{background:#fff}.card{break-inside:avoid}tr.changed td{background:none}}
`;

function htmlTable(t: CompareTable): string {
  const cls = (c: CompareColumn) => (c.align === "right" ? ' class="num"' : c.align === "center" ? ' class="ctr"' : "");
  const delta = t.columns.findIndex((c) => c.head === "b − a");
  const cell = (text: string, i: number, tone: string) => {
    const classes = [
      t.columns[i].align === "right" ? "num" : t.columns[i].align === "center" ? "ctr" : "",
      i === delta ? tone : "",
    ]
      .filter(Boolean)
      .join(" ");
    return `<td${classes ? ` class="${classes}"` : ""}>${esc(text)}</td>`;
  };
  const head = `<thead><tr>${t.columns.map((c) => `<th${cls(c)}>${esc(c.head)}</th>`).join("")}</tr></thead>`;
  const body = t.rows
    .map((r) => `<tr${r.changed ? ' class="changed"' : ""}>${r.cells.map((x, i) => cell(x, i, r.tone)).join("")}</tr>`)
    .join("");
  return `<section class="card" id="${esc(t.id)}"><h2>${esc(t.title)}</h2><table>${head}<tbody>${body}</tbody></table></section>`;
}

/** The comparison as a self-contained page: inline CSS, no scripts, no external assets; every string escaped. */
export function compareHtml(doc: CompareDocument): string {
  const meta = [
    ...doc.sides.map((s) => [s.name, `${s.run} — ${s.path}`]),
    ["both runs", doc.basis],
    ["rounding", doc.rounding],
  ];
  const marked = isMarked(doc);
  const notes = [...(marked ? ["Highlighted figures differ."] : []), ...doc.notes];
  return [
    ...htmlHead(doc.title, CSS, "scf compare"),
    "</head>",
    "<body>",
    `<header><div class="wrap"><h1>${esc(doc.title)}</h1><dl>${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl></div></header>`,
    '<main class="wrap">',
    `<p class="summary${doc.identical ? " same" : ""}">${esc(doc.summary)}</p>`,
    ...doc.tables.map(htmlTable),
    notes.length ? `<div class="notes">${notes.map((n) => `<p>${esc(n)}</p>`).join("")}</div>` : "",
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
