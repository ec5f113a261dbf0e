/*
 * Rural property-right pledges (农村产权抵押): registered rights with their appraisal and lien, the
 * loans they secure, and the loan products; the acting participant's steps (apply, guarantee,
 * approve, repay) where its role allows them.
 */
import { listOf } from "../api.js";
import { announce, call, ctx, errorText, isMe, nameOf, participantOptions, post, toast } from "../context.js";
import { h, replace } from "../dom.js";
import { fenOf, formatBps, formatFen } from "../money.js";
import { fmtDate } from "../format.js";
import { t } from "../i18n.js";
import { openForm } from "../form-dialog.js";

const MAX_ROWS = 100;
const idOfRight = (r) => String(r.rightId ?? r.id);
const idOfLoan = (l) => String(l.loanId ?? l.id);
const idOfProduct = (p) => String(p.productId ?? p.id);
const principal = (l) => l.principalFen ?? l.principal ?? "0";

/** Centi-mu as mu with two decimals: "1250" → "12.50". */
function mu(r) {
  if (r.areaMu !== undefined) return String(r.areaMu);
  const c = fenOf(r.areaCentiMu);
  return `${c / 100n}.${(c % 100n).toString().padStart(2, "0")}`;
}

export function ruralPanel(root) {
  const rightsBox = root.querySelector("[data-part=rights]");
  const loansBox = root.querySelector("[data-part=loans]");
  const applyBox = root.querySelector("[data-part=apply]");
  const state = { rights: [], loans: [], products: [], error: null };

  function table(caption, heads, rows, empty, total = rows.length) {
    if (!rows.length) return h("p", { class: "empty" }, empty);
    return h(
      "div",
      {},
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          {},
          h("caption", { class: "sr-only" }, caption),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              heads.map(([label, cls]) => h("th", { scope: "col", class: cls }, label)),
            ),
          ),
          h("tbody", {}, rows),
        ),
      ),
      total > rows.length ? h("p", { class: "note" }, t("rural.partial", { n: rows.length, total })) : null,
    );
  }

  function render() {
    if (state.error) {
      replace(rightsBox, h("p", { class: "error-text", role: "alert" }, state.error));
      replace(loansBox);
      return;
    }
    const products = new Map(state.products.map((p) => [idOfProduct(p), p]));
    replace(
      rightsBox,
      table(
        t("rural.rightsTitle"),
        [
          [t("rural.right")],
          [t("rural.kind")],
          [t("rural.location")],
          [t("rural.area"), "num"],
          [t("rural.holder")],
          [t("rural.appraised"), "num"],
          [t("rural.lien")],
        ],
        state.rights.slice(0, MAX_ROWS).map((r) => {
          const appraisal = r.appraisal;
          const lien = r.lien;
          return h(
            "tr",
            {},
            h("td", {}, h("strong", {}, `#${idOfRight(r)}`), h("div", { class: "muted small" }, r.certificateNo ?? "")),
            h("td", {}, t(`kind.${r.kind}`, {}, r.kind)),
            h("td", {}, [r.county, r.village].filter(Boolean).join(" · ")),
            h("td", { class: "num" }, `${mu(r)} ${t("rural.mu")}`),
            h("td", {}, nameOf(r.holder)),
            h(
              "td",
              { class: "num" },
              appraisal ? formatFen(appraisal.valueFen ?? appraisal.value) : "—",
              appraisal?.validUntil
                ? h("div", { class: "muted small" }, t("rural.validUntil", { date: fmtDate(appraisal.validUntil) }))
                : null,
            ),
            h(
              "td",
              {},
              lien
                ? h(
                    "span",
                    { class: "chip status status-pledged" },
                    t("rural.lienBy", { lender: nameOf(lien.lender), loan: lien.loanId ?? "" }),
                  )
                : h("span", { class: "muted" }, t("rural.free")),
            ),
          );
        }),
        t("rural.noRights"),
        state.rights.length,
      ),
    );
    replace(
      loansBox,
      table(
        t("rural.loansTitle"),
        [
          [t("rural.loan")],
          [t("rural.borrower")],
          [t("rural.product")],
          [t("rural.principal"), "num"],
          [t("rural.outstanding"), "num"],
          [t("rural.collateral")],
          [t("rural.due")],
          [t("rural.status")],
          [""],
        ],
        state.loans.slice(0, MAX_ROWS).map((l) => {
          const product = products.get(String(l.productId));
          const right =
            l.rightId !== undefined && l.rightId !== null && String(l.rightId) !== "0" ? `#${l.rightId}` : "—";
          return h(
            "tr",
            { class: right !== "—" ? "pledge-loan" : "" },
            h("td", {}, h("strong", {}, `#${idOfLoan(l)}`)),
            h("td", {}, nameOf(l.borrower)),
            h(
              "td",
              {},
              product?.name ?? l.productName ?? `#${l.productId ?? "—"}`,
              product
                ? h("div", { class: "muted small" }, `${nameOf(product.lender)} · ${formatBps(product.rateBps)}`)
                : null,
            ),
            h("td", { class: "num" }, formatFen(principal(l))),
            h("td", { class: "num" }, formatFen(l.outstandingFen ?? l.outstanding ?? "0")),
            h("td", {}, right),
            h("td", { class: "nowrap" }, fmtDate(l.maturity)),
            h(
              "td",
              {},
              h(
                "span",
                { class: `chip status status-${String(l.status).toLowerCase()}` },
                t(`loan.${l.status}`, {}, l.status),
              ),
            ),
            h("td", {}, loanActions(l, product)),
          );
        }),
        t("rural.noLoans"),
        state.loans.length,
      ),
    );
    replace(
      applyBox,
      ctx.me && ["Farmer", "Supplier", "Distributor", "Merchant"].includes(ctx.me.role) && state.products.length
        ? h("button", { type: "button", class: "btn small primary", onclick: apply }, t("action.applyLoan"))
        : null,
    );
  }

  function loanActions(l, product) {
    if (!ctx.me) return null;
    const id = idOfLoan(l);
    const out = [];
    const btn = (key, handler, cls = "") =>
      h(
        "button",
        { type: "button", class: `btn tiny ${cls}`, "data-action": key, onclick: handler },
        t(`action.${key}`),
      );
    const lender = l.lender || product?.lender;
    if (l.status === "Applied" && isMe(l.guarantor) && !l.guaranteeApprovedAt)
      out.push(
        btn("guarantee", () =>
          simple(`/api/loans/${id}/guarantee`, t("confirm.guarantee", { id }), t("done.guarantee")),
        ),
      );
    if (l.status === "Applied" && isMe(lender)) {
      out.push(
        btn(
          "approve",
          () =>
            simple(
              `/api/loans/${id}/approve`,
              t("confirm.approveLoan", { id, amount: formatFen(principal(l)) }),
              t("done.approveLoan"),
            ),
          "primary",
        ),
      );
      out.push(
        btn(
          "reject",
          () => simple(`/api/loans/${id}/reject`, t("confirm.rejectLoan", { id }), t("done.rejectLoan"), true),
          "danger",
        ),
      );
    }
    if (l.status === "Active" && isMe(l.borrower)) out.push(btn("repayLoan", () => repay(l)));
    if (l.status === "Active" && isMe(lender))
      out.push(
        btn(
          "defaultLoan",
          () => simple(`/api/loans/${id}/default`, t("confirm.defaultLoan", { id }), t("done.defaultLoan"), true),
          "danger",
        ),
      );
    return out.length ? h("div", { class: "inline-actions" }, out) : null;
  }

  async function finish(message) {
    if (!message) return;
    toast(message);
    announce(message);
    await load();
  }

  async function simple(path, question, done, danger = false) {
    await finish(
      await openForm({
        title: t("form.confirmTitle"),
        intro: question,
        fields: [],
        danger,
        onSubmit: async () => {
          await post(path, {});
          return done;
        },
      }),
    );
  }

  async function repay(l) {
    const id = idOfLoan(l);
    await finish(
      await openForm({
        title: t("form.repayLoanTitle", { id }),
        intro: t("form.repayLoanIntro", { amount: formatFen(l.outstandingFen ?? l.outstanding ?? "0") }),
        fields: [{ name: "amount", label: t("form.amountYuan"), type: "amount" }],
        onSubmit: async ({ amount }) => {
          await post(`/api/loans/${id}/repayments`, { amountFen: amount });
          return t("done.repayLoan", { amount: formatFen(amount) });
        },
      }),
    );
  }

  async function apply() {
    const myRights = state.rights.filter((r) => isMe(r.holder) && !r.lien);
    await finish(
      await openForm({
        title: t("form.applyTitle"),
        intro: t("form.applyIntro"),
        fields: [
          {
            name: "productId",
            label: t("rural.product"),
            type: "select",
            options: state.products.map((p) => ({
              value: idOfProduct(p),
              label: `${p.name} · ${nameOf(p.lender)} · ${formatBps(p.rateBps)}`,
            })),
          },
          { name: "amount", label: t("form.amountYuan"), type: "amount" },
          {
            name: "rightId",
            label: t("rural.collateral"),
            type: "select",
            options: [
              { value: "0", label: t("rural.noCollateral") },
              ...myRights.map((r) => ({
                value: idOfRight(r),
                label: `#${idOfRight(r)} · ${t(`kind.${r.kind}`, {}, r.kind)} · ${r.village ?? ""}`,
              })),
            ],
          },
          {
            name: "guarantor",
            label: t("form.guarantor"),
            type: "select",
            options: [
              { value: "", label: t("form.noGuarantor") },
              ...participantOptions((p) => p.role === "Guarantor"),
            ],
            required: false,
          },
        ],
        submitLabel: t("action.applyLoan"),
        onSubmit: async ({ productId, amount, rightId, guarantor }) => {
          const body = { productId, principalFen: amount };
          if (rightId && rightId !== "0") body.rightId = rightId;
          if (guarantor) body.guarantor = guarantor;
          await post("/api/loans", body);
          return t("done.applyLoan", { amount: formatFen(amount) });
        },
      }),
    );
  }

  async function load() {
    try {
      const [rights, loans, products] = await Promise.all([
        call("/api/rights?limit=1000"),
        call("/api/loans?limit=1000"),
        call("/api/products"),
      ]);
      state.rights = listOf(rights, "rights");
      state.loans = listOf(loans, "loans");
      state.products = listOf(products, "products");
      state.error = null;
    } catch (e) {
      state.error = errorText(e);
    }
    render();
  }

  return {
    load,
    render,
    onEvent(event) {
      const c = String(event?.contract ?? "");
      if (c === "LoanBook" || c === "PropertyRegistry") load();
    },
  };
}
