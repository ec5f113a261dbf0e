import { htmlHead } from "./html-page.js";
import { formatYuanShort } from "../domain/money.js";
import type { Report } from "./build.js";
import {
  PALETTE,
  barList,
  calibrationChart,
  columnChart,
  donutChart,
  escapeHtml as esc,
  flowDiagram,
  type FlowLink,
  type FlowNode,
} from "./charts.js";
import {
  FINANCIER_ROLES,
  fmtCount,
  fmtDeviation,
  fmtDuration,
  fmtMoney,
  fmtPoints,
  fmtRate,
  fmtShare,
  fmtTolerance,
  kindText,
  plural,
  purposeText,
  reportDocument,
  roleText,
  sortRoles,
  tierText,
  type DocSection,
  type DocTable,
} from "./render-markdown.js";

/*
 * report.html: the same document as report.md, laid out as a dashboard page with inline SVG
 * charts. Self-contained (inline CSS, no scripts, fonts, images or links to anything outside the
 * page), prints on A4, and deterministic: the same report gives the same bytes.
 */

/** Fen (decimal string) as a float of yuan: only to size a chart mark. */
const yuan = (fen: string | bigint) => Number(fen) / 100;
const big = (fen: string) => BigInt(fen);
const max0 = (x: bigint) => (x > 0n ? x : 0n);
const cmpDesc = (a: bigint, b: bigint) => (b > a ? 1 : b < a ? -1 : 0);

/** An axis tick in yuan: 0 → "0", 2e8 → "¥200 m". */
const yuanTick = (v: number) => (v === 0 ? "0" : formatYuanShort(BigInt(Math.round(v * 100))).replace(".00 ", " "));

/** A card of the page's grid (a chart or a table), as HTML. */
type Block = string;

function chartCard(title: string, svg: string, opts: { wide?: boolean; note?: string } = {}): Block {
  return `<figure class="card chart-card${opts.wide ? " wide" : ""}"><figcaption>${esc(title)}</figcaption>${svg}${opts.note ? `<p class="note">${esc(opts.note)}</p>` : ""}</figure>`;
}

function tableCard(t: DocTable): Block {
  const cls = (c: { align?: string; muted?: boolean }) =>
    [c.align === "right" ? "num" : c.align === "center" ? "ctr" : "", c.muted ? "exact" : ""].filter(Boolean).join(" ");
  const attr = (c: { align?: string; muted?: boolean }) => (cls(c) ? ` class="${cls(c)}"` : "");
  const cell = (text: string, i: number) => {
    const col = t.columns[i] ?? {};
    const mark = text === "✓" ? ' class="ctr ok"' : text === "✗" ? ' class="ctr bad"' : attr(col);
    return `<td${mark}>${esc(text)}</td>`;
  };
  const head = `<thead><tr>${t.columns.map((c) => `<th${attr(c)}>${esc(c.head)}</th>`).join("")}</tr></thead>`;
  const body = t.rows.length
    ? `<tbody>${t.rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("")}</tbody>`
    : `<tbody><tr><td colspan="${t.columns.length}" class="empty">none</td></tr></tbody>`;
  const foot = t.foot?.length ? `<tfoot>${t.foot.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("")}</tfoot>` : "";
  return `<div class="card table-card${t.wide ? " wide" : ""}"><h3>${esc(t.title)}</h3><div class="scroll"><table>${head}${body}${foot}</table></div>${t.note ? `<p class="note">${esc(t.note)}</p>` : ""}</div>`;
}

// ── charts of each section ────────────────────────────────────────────────────────────────────

function participantCharts(r: Report): Block[] {
  const roles = sortRoles(Object.keys(r.participants.byRole)).sort(
    (a, b) => r.participants.byRole[b] - r.participants.byRole[a],
  );
  return [
    chartCard(
      "Members by role",
      barList({
        title: "Members of the consortium by role",
        rows: roles.map((role) => ({
          label: roleText(role),
          value: r.participants.byRole[role],
          display: fmtCount(r.participants.byRole[role]),
        })),
        color: PALETTE.issued,
        labelWidth: 230,
      }),
    ),
  ];
}

function receivableCharts(r: Report): Block[] {
  const rc = r.volumes.receivables;
  const issued = big(rc.issued.amountFen);
  const financed = big(rc.financed.amountFen);
  const cleared = big(rc.cleared.amountFen);
  const outstanding = big(rc.outstanding.amountFen);
  const bankHeld = FINANCIER_ROLES.reduce((s, role) => s + (rc.heldByRole[role] ? big(rc.heldByRole[role]) : 0n), 0n);
  const bankCleared = max0(financed - bankHeld);
  const supplierKept = max0(issued - financed);
  const supplierCleared = max0(cleared - bankCleared);
  const supplierOutstanding = max0(outstanding - bankHeld);
  const deepest = rc.byTier.at(-1);
  const nodes: FlowNode[] = [
    {
      id: "issued",
      column: 0,
      label: "Issued (确权)",
      display: fmtMoney(rc.issued.amountFen),
      sub: plural(rc.issued.count, "voucher"),
      value: yuan(issued),
      color: PALETTE.issued,
    },
    {
      id: "suppliers",
      column: 1,
      label: "Kept by suppliers (供应商)",
      display: fmtMoney(supplierKept.toString()),
      sub: deepest ? `穿透 to tier ${deepest.tier}: ${plural(deepest.holders, "holder")} there` : undefined,
      value: yuan(supplierKept),
      color: PALETTE.split,
    },
    {
      id: "banks",
      column: 1,
      label: "Financed by banks (保理)",
      display: fmtMoney(rc.financed.amountFen),
      sub: `${plural(rc.financed.count, "piece")} at ${fmtRate(rc.financed.averageRateBps)}`,
      value: yuan(financed),
      color: PALETTE.financed,
    },
    {
      id: "cleared",
      column: 2,
      label: "Cleared at maturity (清分)",
      display: fmtMoney(rc.cleared.amountFen),
      sub: `${plural(rc.cleared.vouchers, "voucher")} fully cleared`,
      value: yuan(cleared),
      color: PALETTE.cleared,
    },
    {
      id: "outstanding",
      column: 2,
      label: "Outstanding at the end (未结清)",
      display: fmtMoney(rc.outstanding.amountFen),
      sub: `${plural(rc.outstanding.count, "voucher")}${rc.defaulted.count ? `, ${fmtCount(rc.defaulted.count)} defaulted` : ""}`,
      value: yuan(outstanding),
      color: PALETTE.outstanding,
    },
  ];
  const link = (from: string, to: string, fen: bigint): FlowLink => ({
    from,
    to,
    value: yuan(fen),
    display: fmtMoney(fen.toString()),
  });
  const links = [
    link("issued", "suppliers", supplierKept),
    link("issued", "banks", financed),
    link("suppliers", "cleared", supplierCleared),
    link("suppliers", "outstanding", supplierOutstanding),
    link("banks", "cleared", bankCleared),
    link("banks", "outstanding", bankHeld),
  ];
  const blocks: Block[] = [
    chartCard(
      "Where the voucher value went (凭证价值流向)",
      flowDiagram({
        title: "Voucher value: issued, kept by suppliers or financed by banks, then cleared or outstanding",
        columns: ["ISSUED 确权", "HELD BY 持有方", "AT THE END 期末"],
        nodes,
        links,
      }),
      {
        wide: true,
        note: "Issued = cleared + outstanding, to the fen. The bands out of the banks are derived: what banks still hold at the end is outstanding, the rest of the financed value is counted as cleared to them (recourse is not separated). Holdings are not broken down by tier in the report, so tiers 1–3 are one node here; penetration by tier is charted below.",
      },
    ),
  ];
  if (rc.byMonth.length) {
    const months = rc.byMonth.map((m) => m.month);
    const series = (name: string, color: string, key: "issuedFen" | "splitFen" | "financedFen" | "clearedFen") => ({
      name,
      color,
      values: rc.byMonth.map((m) => yuan(m[key])),
      labels: rc.byMonth.map((m) => fmtMoney(m[key])),
    });
    blocks.push(
      chartCard(
        "By month (Beijing time)",
        columnChart({
          title: "Vouchers by month: issued and cleared (bars), split and financed (lines)",
          categories: months,
          bars: [
            series("Issued 确权", PALETTE.issued, "issuedFen"),
            series("Cleared 清分", PALETTE.cleared, "clearedFen"),
          ],
          lines: [
            series("Split 拆分", PALETTE.split, "splitFen"),
            series("Financed 保理", PALETTE.financed, "financedFen"),
          ],
          tick: yuanTick,
        }),
        { wide: true },
      ),
    );
  }
  blocks.push(
    chartCard(
      "Penetration by tier (穿透)",
      barList({
        title: "Value created at each supplier tier",
        rows: rc.byTier.map((t, i) => ({
          label: `${tierText(t.tier)} · ${plural(t.tokens, "token")} · ${plural(t.holders, "holder")}`,
          value: yuan(t.amountFen),
          display: fmtMoney(t.amountFen),
          color: PALETTE.tiers[Math.min(i, PALETTE.tiers.length - 1)],
        })),
      }),
      { note: "Value created at a tier counts a piece split or financed within the tier again." },
    ),
  );
  const held = sortRoles(Object.keys(rc.heldByRole)).sort((a, b) =>
    cmpDesc(big(rc.heldByRole[a]), big(rc.heldByRole[b])),
  );
  const heldTotal = held.reduce((s, k) => s + big(rc.heldByRole[k]), 0n);
  blocks.push(
    chartCard(
      "Held at the end, by role",
      donutChart({
        title: "Outstanding voucher value by the role of its holder",
        slices: held.map((role, i) => ({
          label: roleText(role),
          value: yuan(rc.heldByRole[role]),
          display: `${fmtMoney(rc.heldByRole[role])} · ${fmtShare(big(rc.heldByRole[role]), heldTotal)}`,
          color: FINANCIER_ROLES.includes(role) ? PALETTE.financed : PALETTE.series[(i + 1) % PALETTE.series.length],
        })),
        center: [fmtMoney(heldTotal.toString()), "held"],
      }),
    ),
  );
  return blocks;
}

function loanCharts(r: Report): Block[] {
  const lo = r.volumes.loans;
  const total = big(lo.disbursed.amountFen);
  const types = Object.entries(lo.byLenderType).sort(([, a], [, b]) => cmpDesc(big(a.amountFen), big(b.amountFen)));
  const purposes = Object.entries(lo.byPurpose).sort(([, a], [, b]) => cmpDesc(big(a.amountFen), big(b.amountFen)));
  if (!types.length && !purposes.length) return [];
  return [
    chartCard(
      "By lender type",
      donutChart({
        title: "Loans disbursed by lender type",
        slices: types.map(([type, v], i) => ({
          label: roleText(type),
          value: yuan(v.amountFen),
          display: `${fmtMoney(v.amountFen)} · ${fmtShare(big(v.amountFen), total)} · ${plural(v.count, "loan")}`,
          color: PALETTE.series[i % PALETTE.series.length],
        })),
        center: [fmtMoney(lo.disbursed.amountFen), "disbursed 放款"],
      }),
    ),
    chartCard(
      "By purpose",
      barList({
        title: "Loans disbursed by purpose",
        rows: purposes.map(([purpose, v], i) => ({
          label: `${purposeText(purpose)} · ${plural(v.count, "loan")}`,
          value: yuan(v.amountFen),
          display: fmtMoney(v.amountFen),
          color: PALETTE.series[(i + 2) % PALETTE.series.length],
        })),
      }),
    ),
  ];
}

function ecnyCharts(r: Report): Block[] {
  const pay = r.volumes.payments;
  const lat = pay.payOnDelivery.latency;
  const days = (s: number) => s / 86_400;
  const blocks: Block[] = [
    chartCard(
      "Settlement latency against the 3-day baseline",
      barList({
        title: "Delay between delivery and payment, pay on delivery versus conventional",
        rows: [
          {
            label: "Pay on delivery (货到自动付款): median",
            value: days(lat.medianSeconds),
            display: fmtDuration(lat.medianSeconds),
            color: PALETTE.cleared,
            zeroNote: "real time",
          },
          {
            label: "Pay on delivery: 95th percentile",
            value: days(lat.p95Seconds),
            display: fmtDuration(lat.p95Seconds),
            color: PALETTE.cleared,
            zeroNote: "real time",
          },
          {
            label: "Pay on delivery: slowest",
            value: days(lat.maxSeconds),
            display: fmtDuration(lat.maxSeconds),
            color: PALETTE.cleared,
            zeroNote: "real time",
          },
          {
            label: "Conventional scheduled (定期支付): median",
            value: days(pay.scheduled.latency.medianSeconds),
            display: fmtDuration(pay.scheduled.latency.medianSeconds),
            color: PALETTE.outstanding,
          },
          {
            label: "Conventional scheduled: 95th percentile",
            value: days(pay.scheduled.latency.p95Seconds),
            display: fmtDuration(pay.scheduled.latency.p95Seconds),
            color: PALETTE.outstanding,
          },
        ],
        reference: {
          value: days(lat.baselineSeconds),
          label: `baseline ${fmtDuration(lat.baselineSeconds)} (传统结算)`,
        },
      }),
    ),
  ];
  const pod = pay.payOnDelivery;
  const locked = big(pod.locked.amountFen);
  blocks.push(
    chartCard(
      "Pay-on-delivery orders (货到自动付款)",
      donutChart({
        title: "Pay-on-delivery orders by outcome",
        slices: [
          { label: "Released on delivery (自动付款)", v: pod.released, color: PALETTE.cleared },
          { label: "Refunded (退款)", v: pod.refunded, color: PALETTE.bad },
          { label: "Still open (未结)", v: pod.open, color: PALETTE.outstanding },
        ].map((s) => ({
          label: s.label,
          value: yuan(s.v.amountFen),
          display: `${fmtMoney(s.v.amountFen)} · ${fmtShare(big(s.v.amountFen), locked)} · ${plural(s.v.count, "order")}`,
          color: s.color,
        })),
        center: [fmtMoney(pod.locked.amountFen), "locked 锁定"],
      }),
    ),
  );
  return blocks;
}

function ruralCharts(r: Report): Block[] {
  const pl = r.volumes.pledges;
  return [
    chartCard(
      "Valued on chain, by kind",
      barList({
        title: "Appraised value of registered rights by kind",
        rows: pl.byKind.map((k, i) => ({
          label: `${kindText(k.kind)} · ${fmtCount(k.count)}`,
          value: yuan(k.valuedFen),
          display: fmtMoney(k.valuedFen),
          color: PALETTE.series[(i + 5) % PALETTE.series.length],
        })),
      }),
    ),
  ];
}

function costCharts(r: Report): Block[] {
  const fc = r.financingCost;
  const bp = (s: string | number) => Number(s);
  return [
    chartCard(
      "Voucher financing against the benchmark",
      barList({
        title: "Average voucher financing rate against the working-capital benchmark",
        rows: [
          {
            label: "Voucher financing (凭证融资), value-weighted",
            value: bp(fc.averageDiscountRateBps),
            display: fmtRate(fc.averageDiscountRateBps),
            color: PALETTE.financed,
          },
          {
            label: "Working-capital loan benchmark (流动资金贷款)",
            value: bp(fc.benchmarkBps),
            display: fmtRate(fc.benchmarkBps),
            color: PALETTE.outstanding,
          },
        ],
      }),
      { note: `Difference: ${fmtPoints(fc.spreadBps)} (${fc.spreadBps} bp).` },
    ),
  ];
}

function calibrationCharts(r: Report): Block[] {
  if (!r.calibration.length) return [];
  const value = (unit: "fen" | "bps", x: string) => (unit === "fen" ? yuan(x) : Number(x));
  const show = (unit: "fen" | "bps", x: string) => (unit === "fen" ? fmtMoney(x) : fmtRate(x));
  return [
    chartCard(
      "Target against simulated",
      calibrationChart({
        title: "Calibration: simulated figures against the scenario's targets with their tolerance",
        rows: r.calibration.map((c) => ({
          label: c.label,
          target: value(c.unit, c.target),
          simulated: value(c.unit, c.simulated),
          tolerance: c.tolerance,
          deviation: c.deviation,
          within: c.within,
          targetText: show(c.unit, c.target),
          simulatedText: show(c.unit, c.simulated),
          deviationText: fmtDeviation(c.deviation),
          toleranceText: fmtTolerance(c.tolerance),
        })),
      }),
      { wide: true },
    ),
  ];
}

const CHARTS: Record<string, (r: Report) => Block[]> = {
  participants: participantCharts,
  receivables: receivableCharts,
  loans: loanCharts,
  ecny: ecnyCharts,
  rural: ruralCharts,
  cost: costCharts,
  calibration: calibrationCharts,
};

function sectionHtml(s: DocSection, r: Report): string {
  const blocks = [...(CHARTS[s.id]?.(r) ?? []), ...s.tables.map(tableCard)];
  const grid = blocks.join("");
  return (
    `<section id="${esc(s.id)}"${s.id === "run" ? ' class="run"' : ""}><div class="section-head"><h2>${esc(s.title)} <span class="zh" lang="zh-Hans">${esc(s.zh)}</span></h2>` +
    `${s.intro ? `<p class="intro">${esc(s.intro)}</p>` : ""}</div><div class="grid">${grid}</div></section>`
  );
}

function kpis(r: Report): string {
  const rc = r.volumes.receivables;
  const lo = r.volumes.loans;
  const pay = r.volumes.payments;
  const pl = r.volumes.pledges;
  const lat = pay.payOnDelivery.latency;
  const deepest = rc.byTier.at(-1)?.tier ?? 0;
  const cards: { label: string; zh: string; value: string; sub: string; tone?: string }[] = [
    {
      label: "Vouchers issued",
      zh: "确权",
      value: fmtMoney(rc.issued.amountFen),
      sub: `${plural(rc.issued.count, "voucher")} · reached tier ${deepest}`,
    },
    {
      label: "Financed by banks",
      zh: "保理",
      value: fmtMoney(rc.financed.amountFen),
      sub: `avg ${fmtRate(rc.financed.averageRateBps)} · ${fmtPoints(r.financingCost.spreadBps.replace(/^-/, ""))} ${r.financingCost.spreadBps.startsWith("-") ? "over" : "under"} benchmark`,
    },
    {
      label: "Cleared to holders",
      zh: "清分",
      value: fmtMoney(rc.cleared.amountFen),
      sub: `${plural(rc.cleared.vouchers, "voucher")} fully cleared`,
    },
    {
      label: "Loans disbursed",
      zh: "放款",
      value: fmtMoney(lo.disbursed.amountFen),
      sub: plural(lo.disbursed.count, "loan"),
    },
    {
      label: "Non-performing ratio",
      zh: "不良率",
      value: fmtRate(lo.nonPerformingRatioBps),
      sub: `${plural(lo.defaulted.count, "loan")} defaulted · ${fmtMoney(lo.defaulted.amountFen)}`,
    },
    {
      label: "e-CNY payments",
      zh: "数字人民币",
      value: fmtMoney(pay.ecny.transfers.amountFen),
      sub: plural(pay.ecny.transfers.count, "payment"),
    },
    {
      label: "Pay on delivery, median",
      zh: "货到自动付款",
      value: lat.medianSeconds === 0 ? "real time" : fmtDuration(lat.medianSeconds),
      sub: `${fmtDuration(lat.medianSeconds)} after delivery vs ${fmtDuration(lat.baselineSeconds)}`,
    },
    {
      label: "Rural rights valued",
      zh: "农村产权",
      value: fmtMoney(pl.rightsValued.amountFen),
      sub: `${plural(pl.rightsValued.count, "right")} · ${plural(pl.pledgeLoans.count, "pledge loan")}`,
    },
  ];
  return `<div class="kpis">${cards
    .map(
      (c) =>
        `<div class="kpi"><div class="kpi-label">${esc(c.label)} <span class="zh" lang="zh-Hans">${esc(c.zh)}</span></div><div class="kpi-value">${esc(c.value)}</div><div class="kpi-sub">${esc(c.sub)}</div></div>`,
    )
    .join("")}</div>`;
}

const CSS = `
:root{--ink:#1b2430;--muted:#5d6b7e;--line:#e3e8ef;--bg:#f4f6f9;--card:#fff;--brand:#1d4e89;--brand2:#0f2a4a;--ok:#2e8b57;--bad:#c8553d;--warn:#b7791f}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.wrap{max-width:1200px;margin:0 auto;padding:0 28px}
header.top{background:linear-gradient(135deg,var(--brand2),var(--brand));color:#fff;padding:30px 0 26px}
header.top .eyebrow{font-size:12px;letter-spacing:.08em;text-transform:uppercase;opacity:.75}
header.top h1{margin:6px 0 4px;font-size:28px;line-height:1.25;font-weight:700}
header.top .subtitle{opacity:.85;margin:0 0 16px}
.meta{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0;list-style:none}
.meta li{background:rgba(255,255,255,.12);border:1px solid rgba(255,255,255,.22);border-radius:999px;padding:3px 12px;font-size:12.5px}
.meta .k{font-weight:600;opacity:.75;margin-right:6px}
.status{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.pill{border-radius:999px;padding:3px 12px;font-size:12.5px;font-weight:600;background:#fff}
.pill.ok{color:var(--ok)}.pill.bad{color:var(--bad)}.pill.warn{color:var(--warn)}
nav.toc{position:sticky;top:0;z-index:2;background:rgba(244,246,249,.95);border-bottom:1px solid var(--line);backdrop-filter:blur(4px)}
nav.toc .wrap{display:flex;flex-wrap:wrap;gap:4px 18px;padding-top:8px;padding-bottom:8px;font-size:13px}
nav.toc a{color:var(--muted);text-decoration:none}nav.toc a:hover{color:var(--brand)}
main{padding:22px 0 10px}
.kpis{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;border-top:3px solid var(--brand)}
.kpi-label{font-size:12px;color:var(--muted);font-weight:600}
.kpi-value{font-size:25px;font-weight:700;letter-spacing:-.01em;margin:2px 0;font-variant-numeric:tabular-nums}
.kpi-sub{font-size:12px;color:var(--muted)}
.story{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--brand);border-radius:10px;padding:14px 20px;margin:18px 0 6px}
.story h2{font-size:15px;margin:0 0 6px}
.story p{margin:0 0 8px;max-width:95ch}.story p:last-child{margin-bottom:0}
section{margin:30px 0 0}
.section-head{margin:0 0 12px}
h2{font-size:20px;margin:0;font-weight:700}
.zh{color:var(--muted);font-weight:500}
.intro{margin:4px 0 0;color:var(--muted);max-width:100ch}
.grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin:0;min-width:0;break-inside:avoid;page-break-inside:avoid}
.card.wide{grid-column:1/-1}
.card h3,.card figcaption{font-size:13.5px;font-weight:700;margin:0 0 8px}
svg.chart{display:block;height:auto;max-width:100%}
svg.chart text{font-family:inherit}
.note{font-size:12px;color:var(--muted);margin:8px 0 0}
.scroll{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;border-bottom:1.5px solid var(--line);padding:6px 8px;white-space:nowrap}
td{padding:6px 8px;border-bottom:1px solid #eef1f5;vertical-align:top}
tbody tr:hover td{background:#f8fafc}
tfoot td{font-weight:700;border-top:1.5px solid var(--line);border-bottom:0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ctr{text-align:center}
td.exact,th.exact{color:var(--muted);font-size:12px}
td.ok{color:var(--ok);font-weight:700;font-size:15px}td.bad{color:var(--bad);font-weight:700;font-size:15px}
td.empty{color:var(--muted);font-style:italic}
section.run .card{border-style:dashed}
footer{color:var(--muted);font-size:12px;padding:26px 0 40px}
@media (max-width:900px){.kpis{grid-template-columns:repeat(2,minmax(0,1fr))}.grid{grid-template-columns:1fr}}
@media print{
@page{size:A4;margin:12mm}
body{background:#fff;font-size:11px}
.wrap{max-width:none;padding:0}
nav.toc{display:none}
header.top{padding:16px 14px;border-radius:8px}
header.top h1{font-size:21px}
.kpis{grid-template-columns:repeat(4,minmax(0,1fr));gap:8px}
.kpi{padding:8px 10px}.kpi-value{font-size:18px}
.card{border-color:#d5dbe3;padding:10px 12px}
section{margin-top:18px;break-before:auto}
h2{break-after:avoid}
.section-head{break-after:avoid}
table{font-size:10.5px}
tbody tr:hover td{background:none}
}
`;

/**
 * report.html: the report as a self-contained dashboard page — the same content as report.md,
 * with inline SVG charts (monthly vouchers, value flow, penetration by tier, loans by lender type
 * and purpose, pay-on-delivery latency, calibration). Every embedded string is escaped.
 * @example await writeFile("out/report.html", renderHtml(report));
 */
export function renderHtml(report: Report): string {
  const doc = reportDocument(report);
  const within = report.calibration.filter((c) => c.within).length;
  const holding = report.checks.filter((c) => c.holds).length;
  const pills = [
    report.calibration.length
      ? `<span class="pill ${within === report.calibration.length ? "ok" : "warn"}">Calibration ${fmtCount(within)}/${fmtCount(report.calibration.length)} within tolerance</span>`
      : "",
    `<span class="pill ${holding === report.checks.length ? "ok" : "bad"}">Checks ${fmtCount(holding)}/${fmtCount(report.checks.length)} hold</span>`,
  ].join("");
  const toc = doc.sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join("");
  return [
    ...htmlHead(doc.title, CSS, "scf report"),
    "</head>",
    "<body>",
    `<header class="top"><div class="wrap"><div class="eyebrow">${esc(doc.subtitle)}</div><h1>${esc(doc.title)}</h1>`,
    `<ul class="meta">${doc.meta.map((m) => `<li><span class="k">${esc(m.label)}</span>${esc(m.value)}</li>`).join("")}</ul>`,
    `<div class="status">${pills}</div></div></header>`,
    `<nav class="toc"><div class="wrap">${toc}</div></nav>`,
    '<main class="wrap">',
    kpis(report),
    `<div class="story"><h2>What happened</h2>${doc.narrative.map((p) => `<p>${esc(p)}</p>`).join("")}</div>`,
    ...doc.sections.map((s) => sectionHtml(s, report)),
    "</main>",
    `<footer><div class="wrap">${esc(doc.footer)}</div></footer>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
