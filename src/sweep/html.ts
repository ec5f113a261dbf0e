import { htmlHead } from "../report/html-page.js";
import { formatYuanShort } from "../domain/money.js";
import { escapeHtml as esc } from "../report/charts.js";
import { valueText } from "../sim/scenario/overrides.js";
import { formatSeeds } from "./grid.js";
import type { OutcomeUnit } from "./outcomes.js";
import type { CombinationStats, OutcomeStats, SweepSummary } from "./summary.js";

/*
 * sweep.html: per outcome, the spread across seeds of each combination of the varied values as a
 * box plot (whiskers min–max, box the quartiles, a line at the median, the mean with its 95%
 * interval, every seed a dot), and a table of the means with their 95% intervals. Self-contained:
 * inline CSS and SVG, no scripts, fonts or links; the same sweep.json gives the same bytes.
 */

const COLORS = {
  ink: "#1b2430",
  muted: "#5d6b7e",
  grid: "#e6eaf0",
  box: "#dbe8f6",
  edge: "#1d4e89",
  ci: "#e59f2a",
  dot: "#10a3a3",
};

/** A coordinate rounded to 0.1. */
const n = (x: number) => {
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) ? "0" : String(r);
};

/** A figure of an outcome for people, in its unit (statistics are floats: amounts are rounded to the fen). */
export function formatFigure(x: number, unit: OutcomeUnit): string {
  if (!Number.isFinite(x)) return "—";
  switch (unit) {
    case "fen":
      return formatYuanShort(BigInt(Math.round(x)));
    case "bps":
      return `${x.toFixed(2)} bp`;
    case "seconds":
      return `${group(x, x < 100 ? 1 : 0)} s`;
    case "mu":
      return `${group(x, 2)} mu`;
    default:
      return group(x, Number.isInteger(x) ? 0 : 2);
  }
}

function group(x: number, decimals: number): string {
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Ticks at a step of 1, 2, 2.5 or 5 × 10^k across [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const span = hi - lo;
  const raw = span / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const m = raw / mag;
  const step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * span; t += step)
    out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

/** The seeds' figures of one combination, for the dots. */
type Dots = { seed: number; value: number }[];

function boxPlot(outcome: OutcomeStats, dots: Map<string, Dots>): string {
  const rows = outcome.byCombination;
  const label = 210;
  const width = 760;
  const plot = width - label - 20;
  const rowH = 34;
  const top = 10;
  const height = top + rows.length * rowH + 28;
  let lo = Math.min(...rows.map((r) => Math.min(r.min, r.ci95?.low ?? r.min)));
  let hi = Math.max(...rows.map((r) => Math.max(r.max, r.ci95?.high ?? r.max)));
  if (hi === lo) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.05 : 1;
    lo -= pad;
    hi += pad;
  } else {
    const pad = (hi - lo) * 0.04;
    lo -= pad;
    hi += pad;
  }
  const x = (v: number) => label + ((v - lo) / (hi - lo)) * plot;
  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(outcome.name)}">`,
    `<title>${esc(outcome.name)}: spread across seeds</title>`,
  ];
  const axisY = top + rows.length * rowH;
  for (const t of ticks(lo, hi)) {
    parts.push(`<line x1="${n(x(t))}" y1="${top}" x2="${n(x(t))}" y2="${n(axisY)}" stroke="${COLORS.grid}"/>`);
    parts.push(
      `<text x="${n(x(t))}" y="${n(axisY + 16)}" text-anchor="middle" font-size="11" fill="${COLORS.muted}">${esc(formatFigure(t, outcome.unit))}</text>`,
    );
  }
  rows.forEach((r, i) => {
    const cy = top + i * rowH + rowH / 2;
    const name = shortKey(r);
    parts.push(
      `<text x="${label - 8}" y="${n(cy + 4)}" text-anchor="end" font-size="12" fill="${COLORS.ink}">${esc(name)}<title>${esc(r.key)}</title></text>`,
    );
    parts.push(`<line x1="${n(x(r.min))}" y1="${n(cy)}" x2="${n(x(r.max))}" y2="${n(cy)}" stroke="${COLORS.edge}"/>`);
    for (const v of [r.min, r.max])
      parts.push(`<line x1="${n(x(v))}" y1="${n(cy - 6)}" x2="${n(x(v))}" y2="${n(cy + 6)}" stroke="${COLORS.edge}"/>`);
    parts.push(
      `<rect x="${n(x(r.q1))}" y="${n(cy - 9)}" width="${n(Math.max(1, x(r.q3) - x(r.q1)))}" height="18" fill="${COLORS.box}" stroke="${COLORS.edge}"><title>${esc(
        `quartiles ${formatFigure(r.q1, outcome.unit)} – ${formatFigure(r.q3, outcome.unit)}`,
      )}</title></rect>`,
    );
    parts.push(
      `<line x1="${n(x(r.median))}" y1="${n(cy - 9)}" x2="${n(x(r.median))}" y2="${n(cy + 9)}" stroke="${COLORS.edge}" stroke-width="2.5"><title>median ${esc(formatFigure(r.median, outcome.unit))}</title></line>`,
    );
    for (const d of dots.get(r.key) ?? []) {
      parts.push(
        `<circle cx="${n(x(d.value))}" cy="${n(cy - 12)}" r="2.6" fill="${COLORS.dot}" fill-opacity="0.75"><title>seed ${d.seed}: ${esc(formatFigure(d.value, outcome.unit))}</title></circle>`,
      );
    }
    if (r.ci95) {
      parts.push(
        `<line x1="${n(x(r.ci95.low))}" y1="${n(cy + 13)}" x2="${n(x(r.ci95.high))}" y2="${n(cy + 13)}" stroke="${COLORS.ci}" stroke-width="3"><title>${esc(
          `95% interval of the mean ${formatFigure(r.ci95.low, outcome.unit)} – ${formatFigure(r.ci95.high, outcome.unit)}`,
        )}</title></line>`,
      );
    }
    parts.push(
      `<circle cx="${n(x(r.mean))}" cy="${n(cy + 13)}" r="3.5" fill="${COLORS.ci}" stroke="#fff"><title>mean ${esc(formatFigure(r.mean, outcome.unit))}</title></circle>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

/** A combination's name in a chart: its values without the paths' common parts. */
function shortKey(r: CombinationStats): string {
  if (r.values.length === 0) return "all seeds";
  const text = r.values.map((v) => `${v.path.split(".").at(-1)}=${valueText(v.value)}`).join(", ");
  return text.length > 32 ? `${text.slice(0, 31)}…` : text;
}

function statsTable(outcome: OutcomeStats): string {
  const f = (x: number | null | undefined) => (x === null || x === undefined ? "—" : formatFigure(x, outcome.unit));
  const rows = outcome.byCombination.map(
    (r) =>
      `<tr><th scope="row">${esc(r.values.length === 0 ? "all seeds" : r.key)}</th><td class="num">${r.n}</td>` +
      `<td class="num">${esc(f(r.mean))}</td>` +
      `<td class="num">${esc(r.ci95 ? `${f(r.ci95.low)} – ${f(r.ci95.high)}` : "—")}</td>` +
      `<td class="num">${esc(r.ci95 ? `± ${f(r.ci95.halfWidth)}` : "—")}</td>` +
      `<td class="num">${esc(f(r.sd))}</td><td class="num">${esc(f(r.min))}</td>` +
      `<td class="num">${esc(f(r.median))}</td><td class="num">${esc(f(r.max))}</td></tr>`,
  );
  return (
    `<table><thead><tr><th>combination</th><th class="num">n</th><th class="num">mean</th><th class="num">95% interval of the mean</th>` +
    `<th class="num">±</th><th class="num">sd</th><th class="num">min</th><th class="num">median</th><th class="num">max</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
  );
}

/** The group an outcome is shown in: `volumes.loans`, `financingCost`, `calibration`. */
function groupOf(name: string): string {
  const parts = name.split(".");
  return parts[0] === "volumes" ? parts.slice(0, 2).join(".") : parts[0];
}

const UNIT_TEXT: Record<OutcomeUnit, string> = {
  fen: "amount (shown in yuan; fen in sweep.json)",
  bps: "basis points",
  seconds: "seconds",
  mu: "mu",
  number: "count",
};

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans SC",sans-serif;color:${COLORS.ink};background:#f6f8fb}
.wrap{max-width:1040px;margin:0 auto;padding:0 20px}header{background:#13233a;color:#fff;padding:22px 0 18px}
header h1{margin:4px 0 10px;font-size:24px}.eyebrow{opacity:.75;font-size:12px;letter-spacing:.08em;text-transform:uppercase}
ul.meta{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px 22px}ul.meta .k{opacity:.7;margin-right:6px}
nav{margin:18px 0}nav a{margin-right:14px;color:#1d4e89}h2{margin:30px 0 10px;font-size:19px}
.card{background:#fff;border:1px solid #e1e6ee;border-radius:8px;padding:14px 16px;margin:0 0 16px}
.card h3{margin:0 0 2px;font-size:14px;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.unit{color:${COLORS.muted};font-size:12px;margin:0 0 6px}p.note{color:${COLORS.muted};font-size:13px}
table{border-collapse:collapse;width:100%;font-size:12.5px;margin-top:6px}th,td{padding:4px 8px;border-bottom:1px solid #edf0f4;text-align:left;vertical-align:top}
th{font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tbody th{font-weight:500;font-family:ui-monospace,Menlo,monospace;font-size:12px;word-break:break-all}
.legend{font-size:12px;color:${COLORS.muted}}.legend span{margin-right:14px}.sw{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
details{margin:6px 0 16px}summary{cursor:pointer;color:${COLORS.muted}}svg{display:block}
footer{color:${COLORS.muted};font-size:12px;padding:20px 0 40px}
@media print{body{background:#fff}.card{break-inside:avoid}}
`;

/** sweep.html from sweep.json. */
export function renderSweepHtml(s: SweepSummary): string {
  const dots = new Map<string, Map<string, Dots>>();
  for (const cell of s.cells) {
    for (const [name, figure] of Object.entries(cell.outcomes)) {
      let byKey = dots.get(name);
      if (!byKey) dots.set(name, (byKey = new Map()));
      const list = byKey.get(cell.key) ?? [];
      list.push({ seed: cell.seed, value: Number(figure) });
      byKey.set(cell.key, list);
    }
  }
  const groups = new Map<string, OutcomeStats[]>();
  for (const o of s.outcomes) {
    const g = groupOf(o.name);
    groups.set(g, [...(groups.get(g) ?? []), o]);
  }
  const meta: [string, string][] = [
    ["scenario", `${s.scenario} (${s.file.split(/[\\/]/).at(-1)})`],
    ["seeds", `${formatSeeds(s.seeds)} (${s.seeds.length})`],
    ["cells", String(s.cells.length)],
    ...(s.vary.length
      ? ([["varied", s.vary.map((a) => `${a.path} = ${a.values.map(valueText).join(", ")}`).join("; ")]] as [
          string,
          string,
        ][])
      : []),
    ...(s.set.length
      ? ([["set", s.set.map((o) => `${o.path}=${valueText(o.value)}`).join(" ")]] as [string, string][])
      : []),
    ...(s.days !== undefined ? ([["days", String(s.days)]] as [string, string][]) : []),
    ...(s.flowScale !== undefined ? ([["flow scale", String(s.flowScale)]] as [string, string][]) : []),
  ];
  const legend =
    `<p class="legend"><span><i class="sw" style="background:${COLORS.box};border:1px solid ${COLORS.edge}"></i>quartiles, median line, whiskers min–max</span>` +
    `<span><i class="sw" style="background:${COLORS.dot};border-radius:50%"></i>one seed</span>` +
    `<span><i class="sw" style="background:${COLORS.ci}"></i>mean and its 95% interval</span></p>`;
  const sections = [...groups].map(([g, outcomes]) => {
    const varying = outcomes.filter((o) => o.varies);
    const fixed = outcomes.filter((o) => !o.varies);
    const cards = varying.map(
      (o) =>
        `<section class="card" id="${esc(o.name)}"><h3>${esc(o.name)}</h3><p class="unit">${esc(UNIT_TEXT[o.unit])}</p>` +
        `${boxPlot(o, dots.get(o.name) ?? new Map())}${statsTable(o)}</section>`,
    );
    const same = fixed.length
      ? `<details><summary>${fixed.length} outcome${fixed.length === 1 ? "" : "s"} the same in every cell</summary><table><tbody>${fixed
          .map(
            (o) =>
              `<tr><th scope="row">${esc(o.name)}</th><td class="num">${esc(formatFigure(o.byCombination[0]?.mean ?? NaN, o.unit))}</td></tr>`,
          )
          .join("")}</tbody></table></details>`
      : "";
    return `<h2 id="g-${esc(g)}">${esc(g)}</h2>${cards.join("\n")}${same}`;
  });
  return [
    ...htmlHead(`Sweep — ${s.title || s.scenario}`, CSS),
    "</head>",
    "<body>",
    `<header><div class="wrap"><div class="eyebrow">scf sweep</div><h1>${esc(s.title || s.scenario)}</h1>`,
    `<ul class="meta">${meta.map(([k, v]) => `<li><span class="k">${esc(k)}</span>${esc(v)}</li>`).join("")}</ul></div></header>`,
    '<main class="wrap">',
    `<nav>${[...groups.keys()].map((g) => `<a href="#g-${esc(g)}">${esc(g)}</a>`).join("")}</nav>`,
    `<p class="note">${esc(s.statistics)}</p>`,
    legend,
    ...sections,
    "</main>",
    `<footer><div class="wrap">Each cell is one <code>scf run</code> of the scenario with its seed and values; its report is cells/&lt;combination&gt;/seed-&lt;s&gt;/report.json.</div></footer>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
