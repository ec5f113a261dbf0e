/*
 * Inline SVG charts for report.html, generated as strings: no scripts, no fonts, no external
 * references, so the page works offline and prints. Every label is escaped here; callers pass
 * plain text. Values are numbers used only to size marks (money is converted to a float for that
 * and nothing else); every figure shown is a display string the caller formatted exactly.
 * Coordinates are rounded to 0.1 so that the output is short and deterministic.
 */

/** Escapes text for HTML and SVG, in content and in attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`);
}

const esc = escapeHtml;

/** A coordinate: rounded to 0.1, never "-0". */
function n(x: number): string {
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
  tiers: ["#1d4e89", "#3f7cbf", "#7fb0e0", "#b7d3ef", "#dbe8f6"],
  series: ["#1d4e89", "#10a3a3", "#e59f2a", "#7b5ea7", "#c8553d", "#2e8b57", "#8a94a6", "#d17fa0", "#5a8f29"],
};

function svgOpen(width: number, height: number, title: string, description = ""): string {
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(title)}" preserveAspectRatio="xMidYMid meet">` +
    `<title>${esc(title)}${description ? ` — ${esc(description)}` : ""}</title>`
  );
}

function text(
  x: number,
  y: number,
  content: string,
  opts: {
    anchor?: "start" | "middle" | "end";
    size?: number;
    weight?: number;
    fill?: string;
    halo?: boolean;
    cls?: string;
  } = {},
): string {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    opts.anchor && opts.anchor !== "start" ? `text-anchor="${opts.anchor}"` : "",
    `font-size="${opts.size ?? 12}"`,
    opts.weight ? `font-weight="${opts.weight}"` : "",
    `fill="${opts.fill ?? PALETTE.ink}"`,
    opts.halo ? `stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"` : "",
    opts.cls ? `class="${opts.cls}"` : "",
  ].filter(Boolean);
  return `<text ${attrs.join(" ")}>${esc(content)}</text>`;
}

function rect(x: number, y: number, w: number, h: number, fill: string, tip?: string, extra = ""): string {
  const body = `x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, w))}" height="${n(Math.max(0, h))}" fill="${fill}"${extra ? ` ${extra}` : ""}`;
  return tip ? `<rect ${body}><title>${esc(tip)}</title></rect>` : `<rect ${body}/>`;
}

/** A step of 1, 2, 2.5 or 5 × 10^k giving about `count` intervals up to `max`. */
export function niceScale(max: number, count = 4): { max: number; step: number } {
  if (!(max > 0) || !Number.isFinite(max)) return { max: 1, step: 0.25 };
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const m = raw / mag;
  const step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * mag;
  return { max: step * Math.ceil(max / step - 1e-9), step };
}

function legend(x: number, y: number, items: { name: string; color: string; line?: boolean }[]): string {
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

/** Characters that render about twice as wide (CJK), for rough layout. */
function countWide(s: string): number {
  let k = 0;
  for (const ch of s) if (ch.codePointAt(0)! >= 0x2e80) k += 1;
  return k;
}

// ── column chart (bars and lines by category) ───────────────────────────────────────────────

export interface Series {
  name: string;
  color: string;
  values: number[];
  /** The figure shown for each value (hover). */
  labels: string[];
}

/**
 * Vertical grouped bars with optional lines over the same categories (e.g. months).
 * @param tick formats an axis value (same unit as the values).
 */
export function columnChart(opts: {
  title: string;
  categories: string[];
  bars: Series[];
  lines?: Series[];
  tick: (value: number) => string;
  width?: number;
  height?: number;
}): string {
  const W = opts.width ?? 960;
  const H = opts.height ?? 320;
  const lines = opts.lines ?? [];
  const m = { top: 40, right: 16, bottom: 36, left: 78 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const all = [...opts.bars, ...lines].flatMap((s) => s.values);
  const { max, step } = niceScale(Math.max(0, ...all));
  const y = (v: number) => m.top + ph - (v / max) * ph;
  const k = Math.max(1, opts.categories.length);
  const slot = pw / k;
  const groupW = Math.min(slot * 0.72, 28 * Math.max(1, opts.bars.length));
  const barW = groupW / Math.max(1, opts.bars.length);
  let out = svgOpen(W, H, opts.title);
  out += legend(m.left, 18, [
    ...opts.bars.map((s) => ({ name: s.name, color: s.color })),
    ...lines.map((s) => ({ name: s.name, color: s.color, line: true })),
  ]);
  for (let v = 0; v <= max + step / 1e6; v += step) {
    out += `<line x1="${m.left}" y1="${n(y(v))}" x2="${W - m.right}" y2="${n(y(v))}" stroke="${v === 0 ? PALETTE.axis : PALETTE.grid}"/>`;
    out += text(m.left - 8, y(v) + 4, opts.tick(v), { anchor: "end", size: 11, fill: PALETTE.muted });
  }
  opts.categories.forEach((c, i) => {
    const x0 = m.left + i * slot + (slot - groupW) / 2;
    opts.bars.forEach((s, j) => {
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
      out += `<circle cx="${n(m.left + i * slot + slot / 2)}" cy="${n(y(v))}" r="3.5" fill="#fff" stroke="${s.color}" stroke-width="2"><title>${esc(`${opts.categories[i]} · ${s.name}: ${s.labels[i] ?? ""}`)}</title></circle>`;
    });
  }
  return out + "</svg>";
}

// ── horizontal bars ─────────────────────────────────────────────────────────────────────────

export interface BarRow {
  label: string;
  value: number;
  /** The figure printed at the end of the bar. */
  display: string;
  color?: string;
  /** Printed in place of a bar when the value is 0 (e.g. "real time"). */
  zeroNote?: string;
}

/** Horizontal bars, one per row, the label above each bar; optional dashed reference line. */
export function barList(opts: {
  title: string;
  rows: BarRow[];
  reference?: { value: number; label: string };
  width?: number;
  color?: string;
  /** Put each label on the bar's line, in a column this wide (compact; for short labels). */
  labelWidth?: number;
}): string {
  const W = opts.width ?? 480;
  const inline = opts.labelWidth ?? 0;
  const rowH = inline ? 24 : 38;
  const m = { top: opts.reference ? 26 : 8, right: 12, left: 4 + inline };
  const valueRoom = inline ? 70 : 120;
  const pw = W - m.left - m.right - valueRoom;
  const H = m.top + opts.rows.length * rowH + 6;
  const max = Math.max(0, opts.reference?.value ?? 0, ...opts.rows.map((r) => r.value)) || 1;
  const x = (v: number) => m.left + (v / max) * pw;
  let out = svgOpen(W, H, opts.title);
  opts.rows.forEach((r, i) => {
    const top = m.top + i * rowH;
    const barY = inline ? top + 5 : top + 17;
    const color = r.color ?? opts.color ?? PALETTE.issued;
    out += inline
      ? text(m.left - 8, top + 15, r.label, { anchor: "end", size: 12 })
      : text(m.left, top + 12, r.label, { size: 12 });
    out += rect(m.left, barY, pw, 12, "#f0f3f7", undefined, `rx="2"`);
    if (r.value > 0)
      out += rect(m.left, barY, Math.max(x(r.value) - m.left, 1.5), 12, color, `${r.label}: ${r.display}`, `rx="2"`);
    else out += `<circle cx="${n(m.left + 4)}" cy="${n(barY + 6)}" r="4" fill="${color}"/>`;
    const note = r.value === 0 && r.zeroNote ? `${r.display} · ${r.zeroNote}` : r.display;
    out += text(m.left + pw + 8, barY + 10, note, { size: 12, weight: 600 });
  });
  if (opts.reference) {
    const rx = x(opts.reference.value);
    out += `<line x1="${n(rx)}" y1="${m.top - 6}" x2="${n(rx)}" y2="${n(H - 4)}" stroke="${PALETTE.bad}" stroke-width="1.5" stroke-dasharray="5 4"/>`;
    out += text(rx, m.top - 10, opts.reference.label, {
      anchor: rx > W / 2 ? "end" : "start",
      size: 11,
      fill: PALETTE.bad,
      weight: 600,
    });
  }
  return out + "</svg>";
}

// ── donut ───────────────────────────────────────────────────────────────────────────────────

export interface Slice {
  label: string;
  value: number;
  /** Amount and share, as shown in the legend. */
  display: string;
  color: string;
}

/** A donut with its legend on the right; the centre shows two lines (e.g. a total). */
export function donutChart(opts: { title: string; slices: Slice[]; center: [string, string]; width?: number }): string {
  const W = opts.width ?? 480;
  const rowH = 36;
  const slices = opts.slices.filter((s) => s.value > 0);
  const H = Math.max(190, 24 + slices.length * rowH);
  const cx = 95;
  const cy = H / 2;
  const R = 80;
  const r = 50;
  const total = slices.reduce((s, x) => s + x.value, 0);
  let out = svgOpen(W, H, opts.title);
  if (total <= 0) {
    out += `<circle cx="${cx}" cy="${n(cy)}" r="${(R + r) / 2}" fill="none" stroke="${PALETTE.grid}" stroke-width="${R - r}"/>`;
  } else if (slices.length === 1) {
    out += `<circle cx="${cx}" cy="${n(cy)}" r="${(R + r) / 2}" fill="none" stroke="${slices[0].color}" stroke-width="${R - r}"><title>${esc(`${slices[0].label}: ${slices[0].display}`)}</title></circle>`;
  } else {
    let a0 = -Math.PI / 2;
    for (const s of slices) {
      const a1 = a0 + (s.value / total) * Math.PI * 2;
      const large = a1 - a0 > Math.PI ? 1 : 0;
      const p = (a: number, rad: number) => `${n(cx + rad * Math.cos(a))} ${n(cy + rad * Math.sin(a))}`;
      out += `<path d="M${p(a0, R)} A${R} ${R} 0 ${large} 1 ${p(a1, R)} L${p(a1, r)} A${r} ${r} 0 ${large} 0 ${p(a0, r)} Z" fill="${s.color}" stroke="#fff" stroke-width="1.5"><title>${esc(`${s.label}: ${s.display}`)}</title></path>`;
      a0 = a1;
    }
  }
  out += text(cx, cy - 2, opts.center[0], { anchor: "middle", size: 15, weight: 700 });
  out += text(cx, cy + 16, opts.center[1], { anchor: "middle", size: 11, fill: PALETTE.muted });
  const lx = 200;
  const ly = cy - (slices.length * rowH) / 2;
  slices.forEach((s, i) => {
    const top = ly + i * rowH;
    out += rect(lx, top + 4, 12, 12, s.color, undefined, `rx="2"`);
    out += text(lx + 20, top + 14, s.label, { size: 12, weight: 600 });
    out += text(lx + 20, top + 30, s.display, { size: 11.5, fill: PALETTE.muted });
  });
  return out + "</svg>";
}

// ── calibration: target vs simulated, with the tolerance band ───────────────────────────────

export interface CalibrationBar {
  label: string;
  target: number;
  simulated: number;
  tolerance: number;
  deviation: number;
  within: boolean;
  targetText: string;
  simulatedText: string;
  deviationText: string;
  toleranceText: string;
}

/**
 * One row per calibration target: target and simulated bars on a common scale with the ±tolerance
 * band around the target, and beside them the deviation on a zoomed scale with the same band.
 */
export function calibrationChart(opts: { title: string; rows: CalibrationBar[]; width?: number }): string {
  const W = opts.width ?? 960;
  const rowH = 84;
  const top = 22;
  const H = top + opts.rows.length * rowH;
  const barX = 150;
  const barW = 470;
  const devX = barX + barW + 50;
  const devW = W - devX - 12;
  const zoom = Math.max(0.02, ...opts.rows.map((r) => Math.max(r.tolerance * 2, Math.abs(r.deviation) * 1.25)));
  const dx = (d: number) => devX + devW / 2 + (Math.max(-zoom, Math.min(zoom, d)) / zoom) * (devW / 2);
  let out = svgOpen(W, H, opts.title);
  out += text(barX, 12, "target and simulated · green band: ± tolerance", { size: 11, fill: PALETTE.muted });
  out += text(devX + devW / 2, 12, "deviation from target", { anchor: "middle", size: 11, fill: PALETTE.muted });
  opts.rows.forEach((r, i) => {
    const y0 = top + i * rowH;
    const color = r.within ? PALETTE.ok : PALETTE.bad;
    out += `<line x1="0" y1="${n(y0)}" x2="${W}" y2="${n(y0)}" stroke="${PALETTE.grid}"/>`;
    out += text(0, y0 + 20, `${r.within ? "✓" : "✗"} ${r.label}`, {
      size: 13,
      weight: 700,
      fill: r.within ? PALETTE.ink : PALETTE.bad,
    });
    out += text(W, y0 + 20, `${r.deviationText} (tolerance ${r.toleranceText})`, {
      anchor: "end",
      size: 12,
      weight: 600,
      fill: color,
    });
    // target and simulated bars on a common scale, the band around the target
    const b0 = y0 + 30;
    const max = Math.max(r.target * (1 + r.tolerance), r.simulated, 1e-9) * 1.04;
    const sx = (v: number) => barX + (Math.max(0, v) / max) * barW;
    out += text(0, b0 + 12, `target ${r.targetText}`, { size: 11.5, fill: PALETTE.muted });
    out += text(0, b0 + 31, `simulated ${r.simulatedText}`, { size: 11.5, weight: 600 });
    const lo = sx(r.target * (1 - r.tolerance));
    out += rect(
      lo,
      b0 - 3,
      sx(r.target * (1 + r.tolerance)) - lo,
      42,
      PALETTE.band,
      `${r.toleranceText} around the target`,
    );
    out += rect(barX, b0 + 2, sx(r.target) - barX, 13, "#b8c2d0", `target ${r.targetText}`, `rx="2"`);
    out += rect(barX, b0 + 21, sx(r.simulated) - barX, 13, color, `simulated ${r.simulatedText}`, `rx="2"`);
    out += `<line x1="${n(sx(r.target))}" y1="${n(b0 - 5)}" x2="${n(sx(r.target))}" y2="${n(b0 + 41)}" stroke="${PALETTE.ink}" stroke-width="1.2"/>`;
    // deviation on a zoomed scale, the same band
    out += rect(devX, b0 + 8, devW, 20, "#f0f3f7", undefined, `rx="2"`);
    out += rect(dx(-r.tolerance), b0 + 8, dx(r.tolerance) - dx(-r.tolerance), 20, PALETTE.band);
    out += `<line x1="${n(dx(0))}" y1="${n(b0 + 3)}" x2="${n(dx(0))}" y2="${n(b0 + 33)}" stroke="${PALETTE.ink}" stroke-width="1.2"/>`;
    out += `<line x1="${n(dx(0))}" y1="${n(b0 + 18)}" x2="${n(dx(r.deviation))}" y2="${n(b0 + 18)}" stroke="${color}" stroke-width="3"/>`;
    out += `<circle cx="${n(dx(r.deviation))}" cy="${n(b0 + 18)}" r="5.5" fill="${color}" stroke="#fff" stroke-width="1.5"><title>${esc(`${r.label}: ${r.deviationText}`)}</title></circle>`;
    out += text(devX, b0 + 42, `-${trimZeros((zoom * 100).toFixed(1))}%`, { size: 10, fill: PALETTE.muted });
    out += text(dx(0), b0 + 42, "0", { anchor: "middle", size: 10, fill: PALETTE.muted });
    out += text(devX + devW, b0 + 42, `+${trimZeros((zoom * 100).toFixed(1))}%`, {
      anchor: "end",
      size: 10,
      fill: PALETTE.muted,
    });
  });
  return out + "</svg>";
}

function trimZeros(x: string): string {
  return x.includes(".") ? x.replace(/0+$/, "").replace(/\.$/, "") : x;
}

// ── flow (Sankey-like) ──────────────────────────────────────────────────────────────────────

export interface FlowNode {
  id: string;
  column: number;
  label: string;
  /** The amount, as shown. */
  display: string;
  /** A third line (e.g. a count or a note). */
  sub?: string;
  value: number;
  color: string;
}

export interface FlowLink {
  from: string;
  to: string;
  value: number;
  display: string;
}

/**
 * A left-to-right flow diagram: nodes stacked in columns, heights on one scale, bands between
 * them as wide as the flow they carry. Hand-laid-out; meant for a few nodes per column.
 */
export function flowDiagram(opts: {
  title: string;
  nodes: FlowNode[];
  links: FlowLink[];
  columns: string[];
  width?: number;
  height?: number;
}): string {
  const W = opts.width ?? 960;
  const H = opts.height ?? 340;
  const top = 34;
  const bottom = 10;
  const gap = 26;
  const nodeW = 16;
  const labelLeft = 150;
  const labelRight = 210;
  const cols = opts.columns.length;
  const colX = (c: number) => labelLeft + (c * (W - labelLeft - labelRight - nodeW)) / Math.max(1, cols - 1);
  const byColumn = opts.columns.map((_, c) => opts.nodes.filter((x) => x.column === c));
  const avail = H - top - bottom;
  const scale = Math.min(
    ...byColumn.map((list) => {
      const total = list.reduce((s, x) => s + Math.max(0, x.value), 0);
      return total > 0 ? (avail - gap * Math.max(0, list.length - 1)) / total : Infinity;
    }),
  );
  const k = Number.isFinite(scale) ? scale : 0;
  const pos = new Map<string, { x: number; y: number; h: number; out: number; in: number; node: FlowNode }>();
  byColumn.forEach((list, c) => {
    const heights = list.map((x) => Math.max(2, Math.max(0, x.value) * k));
    const used = heights.reduce((s, h) => s + h, 0) + gap * Math.max(0, list.length - 1);
    let y = top + (avail - used) / 2;
    list.forEach((node, i) => {
      pos.set(node.id, { x: colX(c), y, h: heights[i], out: 0, in: 0, node });
      y += heights[i] + gap;
    });
  });
  let out = svgOpen(W, H, opts.title);
  opts.columns.forEach((title, c) => {
    const anchor = c === 0 ? "start" : c === cols - 1 ? "end" : "middle";
    const x =
      c === 0 ? colX(c) - labelLeft + 4 : c === cols - 1 ? colX(c) + nodeW + labelRight - 4 : colX(c) + nodeW / 2;
    out += text(x, 14, title, { anchor, size: 11.5, weight: 700, fill: PALETTE.muted });
  });
  for (const l of opts.links) {
    const a = pos.get(l.from);
    const b = pos.get(l.to);
    if (!a || !b || !(l.value > 0)) continue;
    const h = Math.max(1, l.value * k);
    const x0 = a.x + nodeW;
    const x1 = b.x;
    const y0 = a.y + a.out;
    const y1 = b.y + b.in;
    a.out += h;
    b.in += h;
    const xm = (x0 + x1) / 2;
    out +=
      `<path d="M${n(x0)} ${n(y0)} C${n(xm)} ${n(y0)} ${n(xm)} ${n(y1)} ${n(x1)} ${n(y1)} L${n(x1)} ${n(y1 + h)} C${n(xm)} ${n(y1 + h)} ${n(xm)} ${n(y0 + h)} ${n(x0)} ${n(y0 + h)} Z" fill="${a.node.color}" fill-opacity="0.28">` +
      `<title>${esc(`${a.node.label} → ${b.node.label}: ${l.display}`)}</title></path>`;
  }
  for (const p of pos.values()) {
    const c = p.node.column;
    out += rect(p.x, p.y, nodeW, p.h, p.node.color, `${p.node.label}: ${p.node.display}`, `rx="2"`);
    const lines = [p.node.label, p.node.display, ...(p.node.sub ? [p.node.sub] : [])];
    const first = c === 0;
    const last = c === cols - 1;
    const tx = first ? p.x - 8 : p.x + nodeW + 8;
    const anchor = first ? "end" : "start";
    const ty = p.y + p.h / 2 - (lines.length - 1) * 8 + 4;
    lines.forEach((line, i) => {
      out += text(tx, ty + i * 16, line, {
        anchor,
        size: i === 1 ? 13 : 11.5,
        weight: i === 0 ? 600 : i === 1 ? 700 : undefined,
        fill: i === 2 ? PALETTE.muted : PALETTE.ink,
        halo: !first && !last,
      });
    });
  }
  return out + "</svg>";
}
