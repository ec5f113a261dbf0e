/*
 * The settlement timeline: voucher maturities, repayments and clearing, loan maturities, on one
 * time axis with the chain's "now"; a table of the same dates; and the simulated clock's control.
 */
import { listOf } from "../api.js";
import { call, ctx, errorText, nameOf, nowMs, post, toast, announce } from "../context.js";
import { h, replace, svgBox } from "../dom.js";
import { PALETTE, timelineChart } from "../charts.js";
import { AmountError, formatFen } from "../money.js";
import { fmtDate, toMillis } from "../format.js";
import { t } from "../i18n.js";
import { openForm } from "../form-dialog.js";
import { voucherFace, voucherId, voucherMaturity } from "./lineage.js";

const MAX_LANES = 10;
const MAX_LOANS = 40;
const MAX_ROWS = 40;

export function timelinePanel(root, getVouchers, onClock) {
  const chartBox = root.querySelector("[data-part=timeline]");
  const tableBox = root.querySelector("[data-part=timeline-table]");
  const clockBox = root.querySelector("[data-part=clock]");
  const state = { loans: [], error: null };

  function marksOf(vouchers, loans) {
    const marks = [];
    for (const v of vouchers) {
      const lane = t("lineage.voucherNo", { id: voucherId(v) });
      const face = formatFen(voucherFace(v));
      const add = (time, kind) => {
        const ms = toMillis(time);
        if (Number.isFinite(ms))
          marks.push({
            lane,
            time: ms,
            kind,
            label: `${lane} · ${t(`timeline.${kind}`)} · ${fmtDate(ms)} · ${face}`,
            amount: face,
            who: `${nameOf(v.payer)} → ${nameOf(v.payee)}`,
          });
      };
      add(v.acceptedAt ?? v.issuedAt, "issued");
      add(voucherMaturity(v), "maturity");
      add(v.repaidAt, "repaid");
      add(v.clearedAt, "cleared");
      add(v.defaultedAt, "defaulted");
    }
    for (const l of loans) {
      const lane = t("timeline.loans");
      const ms = toMillis(l.maturity);
      if (Number.isFinite(ms)) {
        const id = l.loanId ?? l.id;
        const amount = formatFen(l.principalFen ?? l.principal ?? "0");
        marks.push({
          lane,
          time: ms,
          kind: l.status === "Defaulted" ? "defaulted" : l.status === "Repaid" ? "repaid" : "maturity",
          label: `${t("timeline.loanNo", { id })} · ${nameOf(l.borrower)} · ${amount} · ${fmtDate(ms)}`,
          amount,
          who: nameOf(l.borrower),
          loan: id,
        });
      }
    }
    return marks;
  }

  function render() {
    const all = getVouchers().filter((v) => !["Pending", "Rejected"].includes(v.status));
    const now = nowMs();
    // the vouchers closest to now (due soon or just settled) get a lane each
    const vouchers = [...all]
      .sort((a, b) => Math.abs(toMillis(voucherMaturity(a)) - now) - Math.abs(toMillis(voucherMaturity(b)) - now))
      .slice(0, MAX_LANES);
    vouchers.sort((a, b) => toMillis(voucherMaturity(a)) - toMillis(voucherMaturity(b)));
    const loans = state.loans
      .filter((l) => l.maturity !== undefined && l.maturity !== null)
      .sort((a, b) => Math.abs(toMillis(a.maturity) - now) - Math.abs(toMillis(b.maturity) - now))
      .slice(0, MAX_LOANS);
    const marks = marksOf(vouchers, loans);
    const lanes = [...new Set(marks.map((m) => m.lane))];
    if (!marks.length) {
      replace(chartBox, h("p", { class: "empty" }, state.error ?? t("timeline.empty")));
      replace(tableBox);
    } else {
      replace(
        chartBox,
        svgBox(
          timelineChart({
            title: t("timeline.title"),
            lanes,
            marks,
            now,
            tickLabel: (ms) => fmtDate(ms),
            legendItems: [
              { name: t("timeline.issued"), color: PALETTE.issued },
              { name: t("timeline.maturity"), color: PALETTE.outstanding },
              { name: t("timeline.repaid"), color: PALETTE.financed },
              { name: t("timeline.cleared"), color: PALETTE.cleared },
              { name: t("timeline.defaulted"), color: PALETTE.bad },
              { name: t("timeline.now"), color: PALETTE.bad, line: true },
            ],
          }),
        ),
        all.length > MAX_LANES
          ? h("p", { class: "note" }, t("timeline.partial", { n: MAX_LANES, total: all.length }))
          : null,
      );
      // the dates closest to today, in calendar order
      const rows = marks
        .filter((m) => m.kind !== "issued")
        .sort((a, b) => Math.abs(a.time - now) - Math.abs(b.time - now))
        .slice(0, MAX_ROWS)
        .sort((a, b) => a.time - b.time);
      replace(
        tableBox,
        h(
          "div",
          { class: "scroll" },
          h(
            "table",
            {},
            h("caption", { class: "sr-only" }, t("timeline.tableCaption")),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, t("timeline.date")),
                h("th", { scope: "col" }, t("timeline.what")),
                h("th", { scope: "col" }, t("timeline.parties")),
                h("th", { scope: "col", class: "num" }, t("timeline.amount")),
              ),
            ),
            h(
              "tbody",
              {},
              rows.map((m) =>
                h(
                  "tr",
                  { class: m.time <= now ? "past" : "" },
                  h("td", { class: "nowrap" }, fmtDate(m.time)),
                  h(
                    "td",
                    {},
                    h("span", { class: `dot k-${m.kind}`, "aria-hidden": "true" }),
                    `${m.loan !== undefined ? t("timeline.loanNo", { id: m.loan }) : m.lane} · ${t(`timeline.${m.kind}`)}`,
                  ),
                  h("td", {}, m.who),
                  h("td", { class: "num" }, m.amount),
                ),
              ),
            ),
          ),
        ),
      );
    }
    replace(
      clockBox,
      h("span", { class: "clock-now" }, t("timeline.chainNow", { date: fmtDate(now) })),
      ctx.me?.role === "PlatformOperator"
        ? h(
            "button",
            { type: "button", class: "btn small", "data-action": "advance-clock", onclick: advance },
            t("action.advanceClock"),
          )
        : h("span", { class: "muted small" }, t("timeline.clockHint")),
    );
  }

  async function advance() {
    const message = await openForm({
      title: t("form.clockTitle"),
      intro: t("form.clockIntro"),
      fields: [{ name: "days", label: t("form.days"), type: "number", value: "30", min: "1" }],
      submitLabel: t("action.advanceClock"),
      onSubmit: async ({ days }) => {
        const n = Number(days);
        if (!Number.isInteger(n) || n <= 0) throw new AmountError("form.daysInvalid");
        await post("/api/clock/advance", { days: n });
        return t("done.clock", { days: n });
      },
    });
    if (message) {
      toast(message);
      announce(message);
      await onClock();
    }
  }

  return {
    async load() {
      try {
        state.loans = listOf(await call("/api/loans?limit=1000"), "loans");
        state.error = null;
      } catch (e) {
        state.error = errorText(e);
      }
      render();
    },
    render,
  };
}
