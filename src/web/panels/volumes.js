/*
 * Volumes (from GET /api/volumes, the simulator report's `volumes`): key figures, vouchers issued /
 * split / financed / cleared, loans by lender type, pay-on-delivery latency against the 3-day
 * baseline, and rural pledges.
 */
import { call, errorText, roleText } from "../context.js";
import { h, replace, svgBox } from "../dom.js";
import { PALETTE, barList, columnChart, donutChart } from "../charts.js";
import { fenOf, fenToChartNumber, formatBps, formatFenShort, shareText } from "../money.js";
import { fmtCount, fmtDuration } from "../format.js";
import { getLang, t } from "../i18n.js";

const vol = (x) => ({ count: Number(x?.count ?? 0), fen: String(x?.amountFen ?? "0") });

export function volumesPanel(kpiRoot, chartRoot) {
  const state = { volumes: null, error: null };
  const money = (fen) => formatFenShort(fen, getLang());

  function kpi(label, value, sub, color) {
    return h(
      "div",
      { class: "kpi", style: color ? { "--kpi": color } : undefined },
      h("div", { class: "kpi-label" }, label),
      h("div", { class: "kpi-value num" }, value),
      h("div", { class: "kpi-sub" }, sub),
    );
  }

  function card(title, svg, note, wide = false) {
    return h(
      "figure",
      { class: `card chart-card${wide ? " wide" : ""}` },
      h("figcaption", {}, title),
      svgBox(svg),
      note ? h("p", { class: "note" }, note) : null,
    );
  }

  function render() {
    if (state.error) {
      replace(kpiRoot, h("p", { class: "error-text", role: "alert" }, state.error));
      replace(chartRoot);
      return;
    }
    const v = state.volumes;
    if (!v) return replace(kpiRoot, h("p", { class: "loading" }, t("common.loading")));
    const rc = v.receivables ?? {};
    const lo = v.loans ?? {};
    const pay = v.payments ?? {};
    const pl = v.pledges ?? {};
    const issued = vol(rc.issued);
    const split = vol(rc.split);
    const financed = vol(rc.financed);
    const cleared = vol(rc.cleared);
    const outstanding = vol(rc.outstanding);
    const loans = vol(lo.disbursed);
    const lat = pay.payOnDelivery?.latency ?? {};
    const released = vol(pay.payOnDelivery?.released).count;
    replace(
      kpiRoot,
      kpi(t("kpi.issued"), money(issued.fen), t("kpi.vouchers", { n: fmtCount(issued.count) }), PALETTE.issued),
      kpi(t("kpi.split"), money(split.fen), t("kpi.pieces", { n: fmtCount(split.count) }), PALETTE.split),
      kpi(
        t("kpi.financed"),
        money(financed.fen),
        financed.count
          ? t("kpi.atRate", { n: fmtCount(financed.count), rate: formatBps(rc.financed?.averageRateBps ?? "0") })
          : t("kpi.noneYet"),
        PALETTE.financed,
      ),
      kpi(
        t("kpi.cleared"),
        money(cleared.fen),
        t("kpi.outstanding", { amount: money(outstanding.fen) }),
        PALETTE.cleared,
      ),
      kpi(
        t("kpi.loans"),
        money(loans.fen),
        t("kpi.npl", { n: fmtCount(loans.count), ratio: formatBps(lo.nonPerformingRatioBps ?? "0") }),
        PALETTE.series[3],
      ),
      kpi(
        t("kpi.pod"),
        released ? fmtDuration(lat.medianSeconds ?? 0, getLang()) : "—",
        t(released ? "kpi.baseline" : "kpi.noOrders", {
          baseline: fmtDuration(lat.baselineSeconds ?? 259_200, getLang()),
          n: fmtCount(released),
        }),
        PALETTE.series[1],
      ),
    );
    const cards = [];
    cards.push(
      card(
        t("vol.vouchersTitle"),
        barList({
          title: t("vol.vouchersTitle"),
          rows: [
            { key: "issued", v: issued, color: PALETTE.issued },
            { key: "split", v: split, color: PALETTE.split },
            { key: "financed", v: financed, color: PALETTE.financed },
            { key: "cleared", v: cleared, color: PALETTE.cleared },
            { key: "outstanding", v: outstanding, color: PALETTE.outstanding },
          ].map((r) => ({
            label: `${t(`vol.${r.key}`)} · ${fmtCount(r.v.count)}`,
            value: fenToChartNumber(r.v.fen),
            display: money(r.v.fen),
            color: r.color,
          })),
        }),
        t("vol.vouchersNote"),
      ),
    );
    const types = Object.entries(lo.byLenderType ?? {}).sort(([, a], [, b]) =>
      fenOf(b.amountFen) > fenOf(a.amountFen) ? 1 : -1,
    );
    cards.push(
      card(
        t("vol.loansTitle"),
        donutChart({
          title: t("vol.loansTitle"),
          slices: types.map(([type, x], i) => ({
            label: roleText(type),
            value: fenToChartNumber(x.amountFen),
            display: `${money(x.amountFen)} · ${shareText(x.amountFen, loans.fen)} · ${t("vol.loansN", { n: fmtCount(x.count) })}`,
            color: PALETTE.series[i % PALETTE.series.length],
          })),
          center: [money(loans.fen), t("vol.disbursed"), t("vol.noLoans")],
        }),
      ),
    );
    const days = (s) => (Number(s) || 0) / 86_400;
    const lang = getLang();
    cards.push(
      card(
        t("vol.latencyTitle"),
        barList({
          title: t("vol.latencyTitle"),
          rows: [
            ["vol.podMedian", lat.medianSeconds],
            ["vol.podP95", lat.p95Seconds],
            ["vol.podMax", lat.maxSeconds],
          ].map(([key, seconds]) => ({
            label: t(key),
            value: released ? days(seconds) : 0,
            display: released ? fmtDuration(seconds ?? 0, lang) : "—",
            color: PALETTE.cleared,
            zeroNote: released ? t("vol.realTime") : undefined,
          })),
          reference: {
            value: days(lat.baselineSeconds ?? 259_200),
            label: t("vol.baseline", { d: fmtDuration(lat.baselineSeconds ?? 259_200, lang) }),
          },
        }),
        released
          ? t("vol.latencyNote", { n: fmtCount(released) })
          : t("vol.noPod", { d: fmtDuration(lat.baselineSeconds ?? 259_200, lang) }),
      ),
    );
    const kinds = pl.byKind ?? [];
    cards.push(
      card(
        t("vol.pledgesTitle"),
        barList({
          title: t("vol.pledgesTitle"),
          rows: kinds.length
            ? kinds.map((k, i) => ({
                label: `${t(`kind.${k.kind}`, {}, k.kind)} · ${fmtCount(k.count)}`,
                value: fenToChartNumber(k.valuedFen),
                display: money(k.valuedFen),
                color: PALETTE.series[(i + 5) % PALETTE.series.length],
              }))
            : [{ label: t("vol.noRights"), value: 0, display: "—" }],
        }),
        t("vol.pledgesNote", {
          rights: fmtCount(vol(pl.rightsRegistered).count),
          liens: fmtCount(pl.liens ?? 0),
          loans: fmtCount(vol(pl.pledgeLoans).count),
          amount: money(vol(pl.pledgeLoans).fen),
        }),
      ),
    );
    const months = rc.byMonth ?? [];
    if (months.length > 1) {
      const series = (key, name, color) => ({
        name,
        color,
        values: months.map((m) => fenToChartNumber(m[key])),
        labels: months.map((m) => money(m[key])),
      });
      cards.push(
        card(
          t("vol.monthTitle"),
          columnChart({
            title: t("vol.monthTitle"),
            categories: months.map((m) => m.month),
            bars: [
              series("issuedFen", t("vol.issued"), PALETTE.issued),
              series("clearedFen", t("vol.cleared"), PALETTE.cleared),
            ],
            lines: [
              series("splitFen", t("vol.split"), PALETTE.split),
              series("financedFen", t("vol.financed"), PALETTE.financed),
            ],
            tick: (x) => (x === 0 ? "0" : formatFenShort(BigInt(Math.round(x * 100)), lang)),
          }),
          null,
          true,
        ),
      );
    }
    replace(chartRoot, cards);
  }

  return {
    async load() {
      try {
        const res = await call("/api/volumes");
        state.volumes = res?.volumes ?? res;
        state.error = null;
      } catch (e) {
        state.error = errorText(e);
      }
      render();
    },
    render,
  };
}
