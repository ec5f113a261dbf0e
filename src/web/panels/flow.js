/*
 * The flow of voucher value (Sankey, hand-made SVG): from the payers (the steel group and other
 * core enterprises) down the supplier tiers (穿透), to the banks that financed pieces (保理), and
 * on to clearing at maturity (清分) or what is still outstanding. Built from the vouchers' lineage
 * trees, so every band is the sum of real tokens.
 */
import { listOf } from "../api.js";
import { call, errorText, nameOf } from "../context.js";
import { h, replace, svgBox } from "../dom.js";
import { PALETTE, sankey, tierColor } from "../charts.js";
import { fenOf, fenToChartNumber, formatFenShort } from "../money.js";
import { getLang, t } from "../i18n.js";
import { treeRoots, voucherId } from "./lineage.js";

const MAX_VOUCHERS = 120;
const MAX_TIER = 4;
const MAX_PAYERS = 4;

/** Adds the value of every token of one voucher to the flows (BigInt fen). */
function addVoucher(flows, voucher, roots) {
  const payer = `payer:${nameOf(voucher.payer)}`;
  const settlement = voucher.status === "Defaulted" ? "defaulted" : null;
  const nodeOf = (n) =>
    n.origin === "financed" || n.financing ? "banks" : `tier:${Math.min(MAX_TIER, Number(n.tier) || 1)}`;
  const link = (from, to, fen) => {
    if (fen <= 0n) return;
    const key = `${from}→${to}`;
    flows.set(key, (flows.get(key) ?? 0n) + fen);
  };
  /** The value a token received: its value now plus what it passed on. */
  const received = (n) => {
    const kids = Array.isArray(n.children) ? n.children : [];
    const passed = kids.reduce((s, k) => s + received(k), 0n);
    const now = n.status === "Merged" ? 0n : fenOf(n.valueFen ?? n.value);
    return fenOf(n.initialValueFen ?? n.initialValue) || now + passed;
  };
  const visit = (n) => {
    const here = nodeOf(n);
    for (const k of n.children ?? []) {
      link(here, nodeOf(k), received(k));
      visit(k);
    }
    const kept = n.status === "Merged" ? 0n : fenOf(n.valueFen ?? n.value);
    link(here, settlement ?? (n.status === "Cleared" ? "cleared" : "outstanding"), kept);
  };
  for (const r of roots) {
    link(payer, nodeOf(r), received(r));
    visit(r);
  }
}

export function flowPanel(root, getVouchers) {
  const box = root.querySelector("[data-part=flow]");
  const state = { flows: null, counted: 0, total: 0, error: null };

  async function load() {
    try {
      const vouchers = getVouchers().length ? getVouchers() : listOf(await call("/api/vouchers"), "vouchers");
      const chosen = vouchers.filter((v) => !["Pending", "Rejected"].includes(v.status)).slice(0, MAX_VOUCHERS);
      const flows = new Map();
      const queue = [...chosen];
      const worker = async () => {
        while (queue.length) {
          const v = queue.shift();
          const tree = await call(`/api/vouchers/${encodeURIComponent(voucherId(v))}/tree`);
          addVoucher(flows, { ...v, ...(tree?.voucher ?? {}) }, treeRoots(tree));
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      state.flows = flows;
      state.counted = chosen.length;
      state.total = vouchers.filter((v) => !["Pending", "Rejected"].includes(v.status)).length;
      state.error = null;
    } catch (e) {
      state.error = errorText(e);
    }
    render();
  }

  function render() {
    if (state.error) return replace(box, h("p", { class: "error-text", role: "alert" }, state.error));
    if (!state.flows) return replace(box, h("p", { class: "loading" }, t("common.loading")));
    if (!state.flows.size) return replace(box, h("p", { class: "empty" }, t("flow.empty")));
    const lang = getLang();
    const totals = new Map();
    const inflow = new Map();
    for (const [key, fen] of state.flows) {
      const [from, to] = key.split("→");
      totals.set(from, (totals.get(from) ?? 0n) + fen);
      inflow.set(to, (inflow.get(to) ?? 0n) + fen);
    }
    const size = (id) => {
      const a = totals.get(id) ?? 0n;
      const b = inflow.get(id) ?? 0n;
      return a > b ? a : b;
    };
    // payers: the largest few, the rest together
    const payers = [...totals.keys()]
      .filter((k) => k.startsWith("payer:"))
      .sort((a, b) => (size(b) > size(a) ? 1 : -1));
    const flows = new Map();
    const rename = (id) => (id.startsWith("payer:") && payers.indexOf(id) >= MAX_PAYERS ? "payer:…" : id);
    for (const [key, fen] of state.flows) {
      const [from, to] = key.split("→").map(rename);
      flows.set(`${from}→${to}`, (flows.get(`${from}→${to}`) ?? 0n) + fen);
    }
    const tiers = [...new Set([...flows.keys()].flatMap((k) => k.split("→")).filter((k) => k.startsWith("tier:")))]
      .map((k) => Number(k.slice(5)))
      .sort((a, b) => a - b);
    const maxTier = Math.max(1, ...tiers);
    const hasBanks = [...flows.keys()].some((k) => k.includes("banks"));
    const bankCol = maxTier + 1;
    const endCol = hasBanks ? maxTier + 2 : maxTier + 1;
    const columns = [t("flow.colPayers")];
    for (let i = 1; i <= maxTier; i++)
      columns.push(i === MAX_TIER ? t("flow.colTierPlus", { tier: i }) : t("flow.colTier", { tier: i }));
    if (hasBanks) columns.push(t("flow.colBanks"));
    columns.push(t("flow.colEnd"));
    const recompute = (id) => {
      let a = 0n;
      let b = 0n;
      for (const [key, fen] of flows) {
        const [from, to] = key.split("→");
        if (from === id) a += fen;
        if (to === id) b += fen;
      }
      return a > b ? a : b;
    };
    const ids = [...new Set([...flows.keys()].flatMap((k) => k.split("→")))];
    const order = (id) =>
      id.startsWith("payer:")
        ? id === "payer:…"
          ? 99
          : payers.indexOf(id)
        : ["cleared", "outstanding", "defaulted"].indexOf(id);
    const nodes = ids
      .map((id) => {
        const fen = recompute(id);
        const display = formatFenShort(fen, lang);
        if (id.startsWith("payer:"))
          return {
            id,
            column: 0,
            label: id === "payer:…" ? t("flow.otherPayers") : id.slice(6),
            display,
            value: fenToChartNumber(fen),
            color: PALETTE.issued,
          };
        if (id.startsWith("tier:")) {
          const tier = Number(id.slice(5));
          return {
            id,
            column: tier,
            label: t("tier.n", { tier }),
            display,
            value: fenToChartNumber(fen),
            color: tierColor(tier, false),
          };
        }
        if (id === "banks")
          return {
            id,
            column: bankCol,
            label: t("flow.banks"),
            display,
            value: fenToChartNumber(fen),
            color: PALETTE.financed,
            tint: true,
            bottom: true,
          };
        const colors = { cleared: PALETTE.cleared, outstanding: PALETTE.outstanding, defaulted: PALETTE.bad };
        return {
          id,
          column: endCol,
          label: t(`flow.${id}`),
          display,
          value: fenToChartNumber(fen),
          color: colors[id],
          tint: id !== "outstanding",
        };
      })
      .sort((a, b) => a.column - b.column || order(a.id) - order(b.id));
    const links = [...flows].map(([key, fen]) => {
      const [from, to] = key.split("→");
      return { from, to, value: fenToChartNumber(fen), display: formatFenShort(fen, lang) };
    });
    replace(
      box,
      svgBox(sankey({ title: t("flow.title"), columns, nodes, links, width: 1100, height: 340 })),
      h(
        "p",
        { class: "note" },
        t("flow.note"),
        state.counted < state.total ? ` ${t("flow.partial", { n: state.counted, total: state.total })}` : "",
      ),
    );
  }

  return { load, render };
}
