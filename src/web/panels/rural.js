/*
 * Rural property-right pledges (农村产权抵押): registered rights with their appraisal and lien, the
 * loans they secure, and the loan products. The acting participant's steps on its loans are in the
 * loans panel (panels/loans.js).
 */
import { listOf } from "../api.js";
import { call, errorText, nameOf } from "../context.js";
import { dataTable, h, replace } from "../dom.js";
import { fenOf, formatBps, formatFen } from "../money.js";
import { fmtDate } from "../format.js";
import { t } from "../i18n.js";
import { loanStatusChip } from "./loans.js";

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
  const state = { rights: [], loans: [], products: [], error: null };

  function table(caption, heads, rows, empty, total = rows.length) {
    const note = total > rows.length ? t("rural.partial", { n: rows.length, total }) : undefined;
    return dataTable(caption, heads, rows, { empty, note });
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
            h("td", {}, loanStatusChip(l)),
          );
        }),
        t("rural.noLoans"),
        state.loans.length,
      ),
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
