/*
 * Hand-made SVG charts, built as strings (every label escaped here; callers pass plain text).
 * Adapted from the report page's charts (src/report/charts.ts) so the dashboard speaks the same
 * visual language. Values are numbers used only to size marks; every figure shown is a display
 * string the caller formatted exactly from fen.
 */
import { escapeHtml as esc } from "./dom.js";

/** Coordinates rounded to 0.1, never "-0". */
function n(x) {
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) || r === 0 ? "0" : String(r);
}

export const PALETTE = {
  ink: "#1b2430",
  muted: "#5d6b7e",
  grid: "#e6eaf0",
  axis: "#c3cad5",
  issued: "#1d4e89",
  split: "#10a3a3",
  financed: "#e59f2a",
  cleared: "#2e8b57",
  outstanding: "#8a94a6",
  bad: "#c8553d",
  ok: "#2e8b57",
  band: "#d8f0e1",
  tiers: ["#1d4e89", "#3f7cbf", "#6b9fd6", "#93bde8", "#b7d3ef"],
  series: ["#1d4e89", "#10a3a3", "#e59f2a", "#7b5ea7", "#c8553d", "#2e8b57", "#8a94a6", "#d17fa0", "#5a8f29"],
};

function svgOpen(width, height, title) {
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(title)}" preserveAspectRatio="xMidYMid meet">` +
    `<title>${esc(title)}</title>`
  );
}

function text(x, y, content, opts = {}) {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    opts.anchor && opts.anchor !== "start" ? `text-anchor="${opts.anchor}"` : "",
    `font-size="${opts.size ?? 12}"`,
    opts.weight ? `font-weight="${opts.weight}"` : "",
    `fill="${opts.fill ?? PALETTE.ink}"`,
    opts.halo ? `stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"` : "",
  ].filter(Boolean);
  return `<text ${attrs.join(" ")}>${esc(content)}</text>`;
}

function rect(x, y, w, h, fill, tip, extra = "") {
  const body = `x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, w))}" height="${n(Math.max(0, h))}" fill="${fill}"${extra ? ` ${extra}` : ""}`;
  return tip ? `<rect ${body}><title>${esc(tip)}</title></rect>` : `<rect ${body}/>`;
}

/** A step of 1, 2, 2.5 or 5 × 10^k giving about `count` intervals up to `max`. */
export function niceScale(max, count = 4) {
  if (!(max > 0) || !Number.isFinite(max)) return { max: 1, step: 0.25 };
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const m = raw / mag;
  const step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * mag;
  return { max: step * Math.ceil(max / step - 1e-9), step };
}

/** Characters that render about twice as wide (CJK), for rough layout. */
function countWide(s) {
  let k = 0;
  for (const ch of s) if (ch.codePointAt(0) >= 0x2e80) k += 1;
  return k;
}

function legend(x, y, items) {
  let cx = x;
  let out = "";
  for (const it of items) {
    out += it.line
      ? `<line x1="${n(cx)}" y1="${n(y - 4)}" x2="${n(cx + 16)}" y2="${n(y - 4)}" stroke="${it.color}" stroke-width="2.5"/><circle cx="${n(cx + 8)}" cy="${n(y - 4)}" r="3" fill="${it.color}"/>`
      : rect(cx + 2, y - 10, 12, 12, it.color, undefined, `rx="2"`);
    out += text(cx + 22, y, it.name, { size: 12 });
    cx += 30 + it.name.length * 6.4 + countWide(it.name) * 5.6;
  }
  return out;
}

/**
 * Vertical grouped bars with optional lines over the same categories (e.g. months).
 * Series: { name, color, values: number[], labels: string[] }.
 */
export function columnChart({ title, categories, bars, lines = [], tick, width = 960, height = 300 }) {
  const W = width;
  const H = height;
  const m = { top: 40, right: 16, bottom: 36, left: 86 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const all = [...bars, ...lines].flatMap((s) => s.values);
  const { max, step } = niceScale(Math.max(0, ...all));
  const y = (v) => m.top + ph - (v / max) * ph;
  const k = Math.max(1, categories.length);
  const slot = pw / k;
  const groupW = Math.min(slot * 0.72, 28 * Math.max(1, bars.length));
  const barW = groupW / Math.max(1, bars.length);
  let out = svgOpen(W, H, title);
  out += legend(m.left, 18, [
    ...bars.map((s) => ({ name: s.name, color: s.color })),
    ...lines.map((s) => ({ name: s.name, color: s.color, line: true })),
  ]);
  for (let v = 0; v <= max + step / 1e6; v += step) {
    out += `<line x1="${m.left}" y1="${n(y(v))}" x2="${W - m.right}" y2="${n(y(v))}" stroke="${v === 0 ? PALETTE.axis : PALETTE.grid}"/>`;
    out += text(m.left - 8, y(v) + 4, tick(v), { anchor: "end", size: 11, fill: PALETTE.muted });
  }
  categories.forEach((c, i) => {
    const x0 = m.left + i * slot + (slot - groupW) / 2;
    bars.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      out += rect(
        x0 + j * barW + 1,
        y(v),
        barW - 2,
        m.top + ph - y(v),
        s.color,
        `${c} · ${s.name}: ${s.labels[i] ?? ""}`,
        `rx="1.5"`,
      );
    });
    out += text(m.left + i * slot + slot / 2, H - m.bottom + 18, c, {
      anchor: "middle",
      size: 11,
      fill: PALETTE.muted,
    });
  });
  for (const s of lines) {
    const pts = s.values.map((v, i) => `${n(m.left + i * slot + slot / 2)},${n(y(v))}`);
    if (pts.length > 1)
      out += `<polyline points="${pts.join(" ")}" fill="none" stroke="${s.color}" stroke-width="2.5" stroke-linejoin="round"/>`;
    s.values.forEach((v, i) => {
      out += `<circle cx="${n(m.left + i * slot + slot / 2)}" cy="${n(y(v))}" r="3.5" fill="#fff" stroke="${s.color}" stroke-width="2"><title>${esc(`${categories[i]} · ${s.name}: ${s.labels[i] ?? ""}`)}</title></circle>`;
    });
  }
  return out + "</svg>";
}

/**
 * Horizontal bars, one per row ({ label, value, display, color?, zeroNote? }), the label above each
 * bar; an optional dashed reference line ({ value, label }).
 */
export function barList({ title, rows, reference, width = 480, color }) {
  const W = width;
  const rowH = 38;
  const m = { top: reference ? 26 : 8, right: 12, left: 4 };
  const valueRoom = 130;
  const pw = W - m.left - m.right - valueRoom;
  const H = m.top + rows.length * rowH + 6;
  const max = Math.max(0, reference?.value ?? 0, ...rows.map((r) => r.value)) || 1;
  const x = (v) => m.left + (v / max) * pw;
  let out = svgOpen(W, H, title);
  rows.forEach((r, i) => {
    const top = m.top + i * rowH;
    const barY = top + 17;
    const fill = r.color ?? color ?? PALETTE.issued;
    out += text(m.left, top + 12, r.label, { size: 12 });
    out += rect(m.left, barY, pw, 12, "#f0f3f7", undefined, `rx="2"`);
    if (r.value > 0)
      out += rect(m.left, barY, Math.max(x(r.value) - m.left, 1.5), 12, fill, `${r.label}: ${r.display}`, `rx="2"`);
    else out += `<circle cx="${n(m.left + 4)}" cy="${n(barY + 6)}" r="4" fill="${fill}"/>`;
    const note = r.value === 0 && r.zeroNote ? `${r.display} · ${r.zeroNote}` : r.display;
    out += text(m.left + pw + 8, barY + 10, note, { size: 12, weight: 600 });
  });
  if (reference) {
    const rx = x(reference.value);
    out += `<line x1="${n(rx)}" y1="${m.top - 6}" x2="${n(rx)}" y2="${n(H - 4)}" stroke="${PALETTE.bad}" stroke-width="1.5" stroke-dasharray="5 4"/>`;
    out += text(rx, m.top - 10, reference.label, {
      anchor: rx > W / 2 ? "end" : "start",
      size: 11,
      fill: PALETTE.bad,
      weight: 600,
    });
  }
  return out + "</svg>";
}

/** A donut with its legend on the right; slices { label, value, display, color }; centre: two lines. */
export function donutChart({ title, slices: all, center, width = 480 }) {
  const W = width;
  const rowH = 36;
  const slices = all.filter((s) => s.value > 0);
  const H = Math.max(190, 24 + slices.length * rowH);
  const cx = 95;
  const cy = H / 2;
  const R = 80;
  const r = 50;
  const total = slices.reduce((s, x) => s + x.value, 0);
  let out = svgOpen(W, H, title);
  if (total <= 0) {
    out += `<circle cx="${cx}" cy="${n(cy)}" r="${(R + r) / 2}" fill="none" stroke="${PALETTE.grid}" stroke-width="${R - r}"/>`;
  } else if (slices.length === 1) {
    out += `<circle cx="${cx}" cy="${n(cy)}" r="${(R + r) / 2}" fill="none" stroke="${slices[0].color}" stroke-width="${R - r}"><title>${esc(`${slices[0].label}: ${slices[0].display}`)}</title></circle>`;
  } else {
    let a0 = -Math.PI / 2;
    for (const s of slices) {
      const a1 = a0 + (s.value / total) * Math.PI * 2;
      const large = a1 - a0 > Math.PI ? 1 : 0;
      const p = (a, rad) => `${n(cx + rad * Math.cos(a))} ${n(cy + rad * Math.sin(a))}`;
      out += `<path d="M${p(a0, R)} A${R} ${R} 0 ${large} 1 ${p(a1, R)} L${p(a1, r)} A${r} ${r} 0 ${large} 0 ${p(a0, r)} Z" fill="${s.color}" stroke="#fff" stroke-width="1.5"><title>${esc(`${s.label}: ${s.display}`)}</title></path>`;
      a0 = a1;
    }
  }
  out += text(cx, cy - 2, center[0], { anchor: "middle", size: 14, weight: 700 });
  out += text(cx, cy + 16, center[1], { anchor: "middle", size: 11, fill: PALETTE.muted });
  const lx = 200;
  const ly = cy - (slices.length * rowH) / 2;
  slices.forEach((s, i) => {
    const top = ly + i * rowH;
    out += rect(lx, top + 4, 12, 12, s.color, undefined, `rx="2"`);
    out += text(lx + 20, top + 14, s.label, { size: 12, weight: 600 });
    out += text(lx + 20, top + 30, s.display, { size: 11.5, fill: PALETTE.muted });
  });
  if (!slices.length) out += text(lx, cy + 4, center[2] ?? "", { size: 12, fill: PALETTE.muted });
  return out + "</svg>";
}

/**
 * A left-to-right Sankey diagram: nodes ({ id, column, label, display, sub?, value, color, tint?,
 * bottom? }) stacked in columns on one scale from the top (a lone `bottom` node sits at the bottom of
 * its column), bands ({ from, to, value, display }) as wide as the value they carry, in the colour
 * of their source (of their target when it is `tint`ed).
 * Bands leave and enter each node ordered by the position of the node at their other end, so that
 * they cross as little as possible. Hand-laid-out; meant for a few nodes per column.
 */
export function sankey({ title, columns, nodes, links, width = 1100, height = 380 }) {
  const W = width;
  const H = height;
  const top = 34;
  const bottom = 10;
  const gap = 22;
  const nodeW = 14;
  const labelLeft = 150;
  const labelRight = 150;
  const cols = columns.length;
  const colX = (c) => labelLeft + (c * (W - labelLeft - labelRight - nodeW)) / Math.max(1, cols - 1);
  const byColumn = columns.map((_, c) => nodes.filter((x) => x.column === c));
  const avail = H - top - bottom;
  const scale = Math.min(
    ...byColumn.map((list) => {
      const total = list.reduce((s, x) => s + Math.max(0, x.value), 0);
      return total > 0 ? (avail - gap * Math.max(0, list.length - 1)) / total : Infinity;
    }),
  );
  const k = Number.isFinite(scale) ? scale : 0;
  const pos = new Map();
  byColumn.forEach((list, c) => {
    const heights = list.map((x) => Math.max(3, Math.max(0, x.value) * k));
    const used = heights.reduce((s, x) => s + x, 0) + gap * Math.max(0, list.length - 1);
    let y = list.length === 1 && list[0].bottom ? top + avail - used : top;
    list.forEach((node, i) => {
      pos.set(node.id, { x: colX(c), y, h: heights[i], node });
      y += heights[i] + gap;
    });
  });
  const bands = links
    .filter((l) => pos.has(l.from) && pos.has(l.to) && l.value > 0)
    .map((l) => ({ ...l, a: pos.get(l.from), b: pos.get(l.to), h: Math.max(1, l.value * k) }));
  const outOffset = new Map();
  const inOffset = new Map();
  for (const band of [...bands].sort((p, q) => p.b.y - q.b.y)) {
    const o = outOffset.get(band.from) ?? 0;
    band.y0 = band.a.y + o;
    outOffset.set(band.from, o + band.h);
  }
  for (const band of [...bands].sort((p, q) => p.a.y - q.a.y)) {
    const o = inOffset.get(band.to) ?? 0;
    band.y1 = band.b.y + o;
    inOffset.set(band.to, o + band.h);
  }
  let out = svgOpen(W, H, title);
  columns.forEach((label, c) => {
    const anchor = c === 0 ? "start" : c === cols - 1 ? "end" : "middle";
    const x = c === 0 ? 4 : c === cols - 1 ? W - 4 : colX(c) + nodeW / 2;
    out += text(x, 14, label, { anchor, size: 11.5, weight: 700, fill: PALETTE.muted });
  });
  for (const band of bands) {
    const x0 = band.a.x + nodeW;
    const x1 = band.b.x;
    const xm = (x0 + x1) / 2;
    const { y0, y1, h } = band;
    out +=
      `<path class="band" d="M${n(x0)} ${n(y0)} C${n(xm)} ${n(y0)} ${n(xm)} ${n(y1)} ${n(x1)} ${n(y1)} L${n(x1)} ${n(y1 + h)} C${n(xm)} ${n(y1 + h)} ${n(xm)} ${n(y0 + h)} ${n(x0)} ${n(y0 + h)} Z" fill="${band.b.node.tint ? band.b.node.color : band.a.node.color}" fill-opacity="0.3">` +
      `<title>${esc(`${band.a.node.label} → ${band.b.node.label}: ${band.display}`)}</title></path>`;
  }
  for (const p of pos.values()) {
    const c = p.node.column;
    out += rect(p.x, p.y, nodeW, p.h, p.node.color, `${p.node.label}: ${p.node.display}`, `rx="2"`);
    const lines = [p.node.label, p.node.display, ...(p.node.sub ? [p.node.sub] : [])];
    const first = c === 0;
    const tx = first ? p.x - 8 : p.x + nodeW + 6;
    const anchor = first ? "end" : "start";
    const ty = p.y + Math.min(p.h / 2, 40) - (lines.length - 1) * 7 + 4;
    lines.forEach((line, i) => {
      out += text(tx, ty + i * 14, line, {
        anchor,
        size: i === 1 ? 12.5 : 11,
        weight: i === 0 ? 600 : i === 1 ? 700 : undefined,
        fill: i === 2 ? PALETTE.muted : PALETTE.ink,
        halo: true,
      });
    });
  }
  return out + "</svg>";
}

/**
 * A timeline: lanes of dated marks on one time axis, with "now". Marks: { lane, time (ms), kind
 * ("maturity" | "repaid" | "cleared" | "defaulted" | "issued"), label }.
 */
export function timelineChart({ title, lanes, marks, now, tickLabel, width = 1100, legendItems = [] }) {
  const W = width;
  const laneH = 34;
  const m = { top: 40, right: 24, bottom: 30, left: 170 };
  const H = m.top + lanes.length * laneH + m.bottom;
  const times = marks.map((x) => x.time).concat(now ? [now] : []);
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (!Number.isFinite(t0)) {
    t0 = Date.now();
    t1 = t0 + 86_400_000;
  }
  const pad = Math.max((t1 - t0) * 0.04, 86_400_000);
  t0 -= pad;
  t1 += pad;
  const pw = W - m.left - m.right;
  const x = (t) => m.left + ((t - t0) / (t1 - t0)) * pw;
  let out = svgOpen(W, H, title);
  out += legend(m.left, 16, legendItems);
  const ticks = 6;
  for (let i = 0; i <= ticks; i++) {
    const t = t0 + ((t1 - t0) * i) / ticks;
    out += `<line x1="${n(x(t))}" y1="${m.top - 6}" x2="${n(x(t))}" y2="${H - m.bottom}" stroke="${PALETTE.grid}"/>`;
    out += text(x(t), H - m.bottom + 16, tickLabel(t), {
      anchor: i === 0 ? "start" : i === ticks ? "end" : "middle",
      size: 11,
      fill: PALETTE.muted,
    });
  }
  lanes.forEach((lane, i) => {
    const y = m.top + i * laneH + laneH / 2;
    out += `<line x1="${m.left}" y1="${n(y)}" x2="${W - m.right}" y2="${n(y)}" stroke="${PALETTE.grid}" stroke-dasharray="2 3"/>`;
    out += text(m.left - 10, y + 4, lane, { anchor: "end", size: 12, weight: 600 });
  });
  const colors = {
    issued: PALETTE.issued,
    maturity: PALETTE.outstanding,
    repaid: PALETTE.financed,
    cleared: PALETTE.cleared,
    defaulted: PALETTE.bad,
  };
  for (const mark of marks) {
    const li = lanes.indexOf(mark.lane);
    if (li < 0) continue;
    const y = m.top + li * laneH + laneH / 2;
    const cx = x(mark.time);
    const fill = colors[mark.kind] ?? PALETTE.ink;
    const tip = `<title>${esc(mark.label)}</title>`;
    if (mark.kind === "maturity")
      out += `<path d="M${n(cx)} ${n(y - 7)} L${n(cx + 7)} ${n(y)} L${n(cx)} ${n(y + 7)} L${n(cx - 7)} ${n(y)} Z" fill="#fff" stroke="${fill}" stroke-width="2">${tip}</path>`;
    else
      out += `<circle cx="${n(cx)}" cy="${n(y)}" r="5.5" fill="${fill}" stroke="#fff" stroke-width="1.5">${tip}</circle>`;
  }
  if (now) {
    out += `<line x1="${n(x(now))}" y1="${m.top - 10}" x2="${n(x(now))}" y2="${H - m.bottom}" stroke="${PALETTE.bad}" stroke-width="1.5" stroke-dasharray="5 4"/>`;
  }
  return out + "</svg>";
}

/** The colour of a voucher token: banks' financed pieces amber, supplier tiers in blues. */
export function tierColor(tier, financed) {
  if (financed) return PALETTE.financed;
  const i = Math.max(1, Number(tier) || 1) - 1;
  return PALETTE.tiers[Math.min(i, PALETTE.tiers.length - 1)];
}
