/*
 * The acting participant's loans (as borrower, lender or guarantor) and the steps it may take on
 * them now: apply (pledging a right where the product is secured), guarantee, approve and disburse,
 * repay, declare a default, dispose of the collateral, share the loss "4321", write off; the data
 * feed's weekly sales (flexible-repayment grace, 弹性还款). A refusal is shown in the service's words.
 */
import { listOf } from "../api.js";
import { call, ctx, errorText, finishWith, isMe, nameOf, participantOptions, post } from "../context.js";
import { dataTable, debounce, h, replace } from "../dom.js";
import { fmtDate } from "../format.js";
import { confirmForm, openForm } from "../form-dialog.js";
import { t } from "../i18n.js";
import { fenOf, fenToYuanInput, formatBps, formatFen } from "../money.js";
import { eventText } from "./events.js";

const MAX_ROWS = 100;
/** Who may borrow (LoanBook's borrower roles). */
const BORROWER_ROLES = ["Farmer", "Supplier", "Distributor", "Merchant", "CoreEnterprise"];
/** Roles without an e-CNY wallet: nothing for the loan book to take. */
const WALLETLESS = ["PlatformOperator", "CentralBank", "Regulator", "Registry", "Appraiser", "DataFeed"];
/** Closed without a debt left to show (a settled loan's note says what was recovered and lost). */
const CLOSED = ["Rejected", "Withdrawn", "Settled"];
const loanId = (l) => String(l.loanId ?? l.id);
const productId = (p) => String(p.productId ?? p.id);
const some = (ref) => !!ref && (typeof ref !== "object" || !!(ref.id ?? ref.address));

/** A loan's status as a coloured chip (the rural panel shows the same). */
export function loanStatusChip(l) {
  return h(
    "span",
    { class: `chip status status-${String(l.status).toLowerCase()}`, "data-testid": "loan-status" },
    t(`loan.${l.status}`, {}, l.status),
  );
}

export function loansPanel(root) {
  const box = root.querySelector("[data-part=my-loans]");
  const tools = root.querySelector("[data-part=loan-tools]");
  const state = { owner: null, loading: false, loans: [], total: 0, products: [], rights: [], disposable: new Set() };
  const products = () => new Map(state.products.map((p) => [productId(p), p]));

  // ── what is shown ──

  function render() {
    const who = ctx.me ? String(ctx.me.id) : "";
    if (state.owner !== who) {
      replace(tools);
      replace(box, h("p", { class: "muted" }, t("common.loading")));
      if (!state.loading) load();
      return;
    }
    renderTools();
    if (state.error) return replace(box, h("p", { class: "error-text", role: "alert" }, state.error));
    if (!ctx.me) return replace(box, h("p", { class: "empty" }, t("loans.observer")));
    const byId = products();
    replace(
      box,
      dataTable(
        t("loans.heading"),
        [
          [t("rural.loan")],
          [t("loans.yourPart")],
          [t("loans.parties")],
          [t("rural.principal"), "num"],
          [t("rural.outstanding"), "num"],
          [t("rural.due")],
          [t("rural.status")],
          [t("loans.actions")],
        ],
        state.loans.map((l) => row(l, byId.get(String(l.productId)))),
        {
          empty: t(ctx.me.role === "DataFeed" ? "loans.noneActive" : "loans.none"),
          note:
            state.total > state.loans.length ? t("rural.partial", { n: state.loans.length, total: state.total }) : "",
        },
      ),
    );
  }

  function renderTools() {
    const me = ctx.me;
    replace(
      tools,
      me && BORROWER_ROLES.includes(me.role) && state.products.length
        ? h(
            "button",
            { type: "button", class: "btn small primary", "data-action": "apply-loan", onclick: apply },
            t("action.applyLoan"),
          )
        : null,
      me && !WALLETLESS.includes(me.role)
        ? h(
            "button",
            { type: "button", class: "btn small", "data-action": "allow-loan-book", onclick: allow },
            t("loans.action.allow"),
          )
        : null,
    );
  }

  const lenderOf = (l, product) => (some(l.lender) ? l.lender : product?.lender);

  function row(l, product) {
    const lender = lenderOf(l, product);
    const parts = [
      isMe(l.borrower) && "borrower",
      isMe(lender) && "lender",
      some(l.guarantor) && isMe(l.guarantor) && "guarantor",
    ].filter(Boolean);
    const party = (key, ref) => h("div", {}, h("span", { class: "muted" }, `${t(`loans.part.${key}`)}: `), nameOf(ref));
    return h(
      "tr",
      { "data-testid": "loan-row", "data-loan": loanId(l), "data-status": l.status },
      h(
        "td",
        {},
        h("strong", {}, `#${loanId(l)}`),
        h("div", { class: "muted small" }, product?.name ?? l.productName ?? ""),
        product
          ? h(
              "div",
              { class: "muted small" },
              `${formatBps(product.rateBps)} · ${t("loans.days", { n: product.termDays })}`,
            )
          : null,
        some(l.rightId) && String(l.rightId) !== "0"
          ? h("div", { class: "muted small" }, t("loans.pledged", { id: l.rightId }))
          : null,
      ),
      h(
        "td",
        {},
        parts.map((p) => h("span", { class: "chip you" }, t(`loans.part.${p}`))),
      ),
      h(
        "td",
        { class: "small" },
        party("borrower", l.borrower),
        party("lender", lender),
        some(l.guarantor) ? party("guarantor", l.guarantor) : null,
      ),
      h("td", { class: "num" }, formatFen(l.principalFen)),
      h("td", { class: "num" }, CLOSED.includes(l.status) ? "—" : formatFen(l.outstandingFen)),
      h("td", { class: "nowrap" }, fmtDate(l.maturity)),
      h("td", {}, loanStatusChip(l), statusNote(l)),
      h("td", {}, actions(l, product, lender)),
    );
  }

  function statusNote(l) {
    const note = (text) => h("div", { class: "muted small" }, text);
    if (l.status === "Applied" && some(l.guarantor))
      return note(t(l.guaranteeApprovedAt ? "loans.guaranteed" : "loans.awaitingGuarantee"));
    if (l.status === "Defaulted") return note(t("loans.debtAtDefault", { amount: formatFen(l.debtAtDefaultFen) }));
    if (l.status === "Settled") {
      const loss = l.riskShares?.loss ?? l.writtenOffFen;
      const key = l.riskShares ? "loans.shared" : l.writtenOffFen ? "loans.writtenOff" : "loans.recovered";
      return note(t(key, { recovered: formatFen(l.recoveredFen), loss: formatFen(loss ?? "0") }));
    }
    if (fenOf(l.heldSurplusFen) > 0n) return note(t("loans.surplusHeld", { amount: formatFen(l.heldSurplusFen) }));
    return null;
  }

  /** The buttons for what the acting participant may do on this loan now. */
  function actions(l, product, lender) {
    const id = loanId(l);
    const out = [];
    const btn = (action, onclick, cls = "") =>
      h(
        "button",
        { type: "button", class: `btn tiny ${cls}`, "data-action": action, onclick },
        t(`loans.action.${action}`),
      );
    const guaranteed = !some(l.guarantor) || !!l.guaranteeApprovedAt;
    const mine = {
      borrower: isMe(l.borrower),
      lender: isMe(lender),
      guarantor: some(l.guarantor) && isMe(l.guarantor),
    };
    const step =
      (path, question, done, danger = false) =>
      () =>
        confirmed(`/api/loans/${id}/${path}`, question, done, danger);

    if (l.status === "Applied") {
      if (mine.guarantor && !l.guaranteeApprovedAt)
        out.push(btn("guarantee", step("guarantee", t("confirm.guarantee", { id }), t("done.guarantee")), "primary"));
      if (mine.lender && guaranteed)
        out.push(
          btn(
            "disburse",
            step("approve", t("confirm.approveLoan", { id, amount: formatFen(l.principalFen) }), t("done.approveLoan")),
            "primary",
          ),
        );
      if (mine.lender)
        out.push(btn("reject", step("reject", t("confirm.rejectLoan", { id }), t("done.rejectLoan"), true), "danger"));
      if (mine.borrower)
        out.push(
          btn("withdraw", step("withdraw", t("loans.confirm.withdraw", { id }), t("loans.done.withdraw"), true)),
        );
    }
    if ((l.status === "Active" || l.status === "Defaulted") && mine.borrower)
      out.push(btn("repay", () => repay(l), "primary"));
    if (l.status === "Active" && mine.lender) {
      const question = t("loans.confirm.default", { id, days: product?.graceDays ?? "—" });
      out.push(btn("default", step("default", question, t("done.defaultLoan"), true), "danger"));
    }
    if (l.status === "Active" && ctx.me?.role === "DataFeed") out.push(btn("sales", () => sales(l)));
    if (l.status === "Defaulted" && mine.lender) {
      if (state.disposable.has(id)) out.push(btn("dispose", () => dispose(l), "primary"));
      else if (some(l.guarantor))
        out.push(
          btn(
            "callGuarantee",
            step(
              "risk-sharing",
              t("loans.confirm.callGuarantee", { id, guarantor: nameOf(l.guarantor) }),
              t("loans.done.callGuarantee"),
            ),
            "primary",
          ),
        );
      else
        out.push(
          btn(
            "writeOff",
            step("write-off", t("loans.confirm.writeOff", { id }), t("loans.done.writeOff"), true),
            "danger",
          ),
        );
    }
    if (mine.borrower && fenOf(l.heldSurplusFen) > 0n) out.push(btn("claimSurplus", () => claimSurplus(l)));
    return out.length ? h("div", { class: "inline-actions" }, out) : null;
  }

  // ── the steps ──

  const finish = (message) => finishWith(message, load);

  async function confirmed(path, question, done, danger) {
    await finish(await confirmForm(question, async () => (await post(path, {}), done), { danger }));
  }

  async function repay(l) {
    const id = loanId(l);
    let owed = null;
    try {
      owed = (await call(`/api/loans/${id}`))?.owed ?? null;
    } catch {
      /* the form still works: the chain says what is owed if the amount is too much */
    }
    const total = owed?.totalFen ?? l.outstandingFen;
    await finish(
      await openForm({
        title: t("form.repayLoanTitle", { id }),
        intro: owed
          ? t("loans.owedNow", {
              total: formatFen(owed.totalFen),
              principal: formatFen(owed.principalFen),
              interest: formatFen(owed.interestFen),
            })
          : t("form.repayLoanIntro", { amount: formatFen(l.outstandingFen) }),
        testId: "repay-form",
        fields: [
          {
            name: "amount",
            label: t("form.amountYuan"),
            type: "amount",
            value: fenToYuanInput(total),
            hint: t("loans.repayHint"),
          },
        ],
        submitLabel: t("loans.action.repay"),
        onSubmit: async ({ amount }) => {
          await post(`/api/loans/${id}/repayments`, { amountFen: amount });
          return t("done.repayLoan", { amount: formatFen(amount) });
        },
      }),
    );
  }

  async function dispose(l) {
    const id = loanId(l);
    const borrower = String(l.borrower?.id ?? "");
    await finish(
      await openForm({
        title: t("loans.disposeTitle", { id, right: l.rightId }),
        intro: t("loans.disposeIntro", { debt: formatFen(l.outstandingFen) }),
        fields: [
          {
            name: "buyer",
            label: t("loans.buyer"),
            type: "select",
            value: String(ctx.me.id),
            options: participantOptions((p) => String(p.id) !== borrower && !WALLETLESS.includes(p.role)),
          },
          { name: "price", label: t("loans.price"), type: "amount" },
        ],
        submitLabel: t("loans.action.dispose"),
        onSubmit: async ({ buyer, price }) => {
          await post(`/api/loans/${id}/disposal`, { buyer, priceFen: price });
          return t("loans.done.dispose", { amount: formatFen(price), buyer: nameOf(buyer) });
        },
      }),
    );
  }

  async function claimSurplus(l) {
    const id = loanId(l);
    await finish(
      await openForm({
        title: t("loans.claimTitle", { id }),
        fields: [
          { name: "amount", label: t("form.amountYuan"), type: "amount", value: fenToYuanInput(l.heldSurplusFen) },
        ],
        submitLabel: t("loans.action.claimSurplus"),
        onSubmit: async ({ amount }) => {
          await post(`/api/loans/${id}/surplus-claims`, { amountFen: amount });
          return t("loans.done.claim", { amount: formatFen(amount) });
        },
      }),
    );
  }

  /** The data feed posts the borrower's weekly sales; two fallen weeks running earn it a grace period. */
  async function sales(l) {
    await finish(
      await openForm({
        title: t("loans.salesTitle", { name: nameOf(l.borrower) }),
        intro: t("loans.salesIntro"),
        fields: [
          { name: "week", label: t("loans.week"), type: "number", min: 0 },
          { name: "sales", label: t("loans.sales"), type: "amount" },
        ],
        submitLabel: t("loans.action.sales"),
        onSubmit: async ({ week, sales: salesFen }) => {
          const res = await post("/api/sales", { borrower: String(l.borrower?.id), weekIndex: Number(week), salesFen });
          const events = res?.events ?? [];
          const said =
            events.find((e) => e.name === "FlexibleGraceGranted") ?? events.find((e) => e.name === "WeeklySalesPosted");
          return said ? eventText(said) : t("loans.done.sales");
        },
      }),
    );
  }

  async function allow() {
    await finish(
      await openForm({
        title: t("loans.allowTitle"),
        intro: t("loans.allowIntro"),
        fields: [{ name: "amount", label: t("form.amountYuan"), type: "amount" }],
        submitLabel: t("loans.action.allow"),
        onSubmit: async ({ amount }) => {
          await post("/api/allowances", { spender: "LoanBook", amountFen: amount });
          return t("loans.done.allow", { amount: formatFen(amount) });
        },
      }),
    );
  }

  async function apply() {
    const byId = products();
    const free = state.rights.filter((r) => !r.lien);
    const done = openForm({
      title: t("form.applyTitle"),
      intro: t("form.applyIntro"),
      testId: "apply-form",
      fields: [
        {
          name: "productId",
          label: t("rural.product"),
          type: "select",
          options: state.products.map((p) => ({
            value: productId(p),
            label: `${p.name} · ${nameOf(p.lender)} · ${formatBps(p.rateBps)}${p.collateral === "PropertyRight" ? ` · ${t("loans.secured")}` : ""}`,
          })),
        },
        { name: "amount", label: t("form.amountYuan"), type: "amount", hint: " " },
        {
          name: "rightId",
          label: t("loans.pledge"),
          type: "select",
          hint: t("loans.pledgeHint"),
          options: [
            { value: "0", label: t("rural.noCollateral") },
            ...free.map((r) => ({
              value: String(r.rightId),
              label: `#${r.rightId} · ${t(`kind.${r.kind}`, {}, r.kind)} · ${r.village ?? ""}${r.appraisal ? ` · ${formatFen(r.appraisal.valueFen)}` : ""}`,
            })),
          ],
        },
        {
          name: "guarantor",
          label: t("form.guarantor"),
          type: "select",
          required: false,
          options: [{ value: "", label: t("form.noGuarantor") }, ...participantOptions((p) => p.role === "Guarantor")],
        },
      ],
      submitLabel: t("action.applyLoan"),
      onSubmit: async ({ productId: pid, amount, rightId, guarantor }) => {
        const body = { productId: pid, principalFen: amount };
        if (rightId && rightId !== "0") body.rightId = rightId;
        if (guarantor) body.guarantor = guarantor;
        await post("/api/loans", body);
        return t("done.applyLoan", { amount: formatFen(amount) });
      },
    });
    // The pledge is asked for only where the chosen product is secured; the bounds follow the product.
    const dialog = document.getElementById("form-dialog");
    const select = dialog.querySelector("select[name=productId]");
    const pledge = dialog.querySelector("select[name=rightId]");
    const bounds = dialog.querySelector("input[name=amount]")?.closest(".field")?.querySelector("small");
    const sync = () => {
      const p = byId.get(select.value);
      pledge.closest(".field").hidden = p?.collateral !== "PropertyRight";
      if (p?.collateral !== "PropertyRight") pledge.value = "0";
      if (bounds)
        bounds.textContent = p?.minPrincipalFen
          ? t("loans.bounds", {
              min: formatFen(p.minPrincipalFen),
              max: formatFen(p.maxPrincipalFen),
              days: p.termDays,
            })
          : "";
    };
    select?.addEventListener("change", sync);
    sync();
    await finish(await done);
  }

  // ── loading ──

  async function load() {
    const me = ctx.me;
    const who = me ? String(me.id) : "";
    state.loading = true;
    try {
      const productList = listOf(await call("/api/products"), "products");
      let loans = [];
      let total = 0;
      let rights = [];
      const disposable = new Set();
      if (me) {
        const query = me.role === "DataFeed" ? "status=Active" : `participant=${encodeURIComponent(who)}`;
        const res = await call(`/api/loans?${query}&limit=${MAX_ROWS}`);
        loans = listOf(res, "loans");
        total = Number(res?.total ?? loans.length);
        if (BORROWER_ROLES.includes(me.role))
          rights = listOf(await call(`/api/rights?holder=${encodeURIComponent(who)}&limit=1000`), "rights");
        // a defaulted secured loan's right can be sold while it still carries this loan's lien
        const byId = new Map(productList.map((p) => [productId(p), p]));
        const secured = loans.filter(
          (l) => l.status === "Defaulted" && some(l.rightId) && isMe(lenderOf(l, byId.get(String(l.productId)))),
        );
        await Promise.all(
          secured.map(async (l) => {
            const right = await call(`/api/rights/${l.rightId}`);
            if (String(right?.lien?.loanId ?? "") === loanId(l)) disposable.add(loanId(l));
          }),
        );
      }
      if ((ctx.me ? String(ctx.me.id) : "") !== who) {
        state.loading = false;
        return load(); // the user switched meanwhile: load for whom it acts as now
      }
      Object.assign(state, { owner: who, loans, total, products: productList, rights, disposable, error: null });
    } catch (e) {
      Object.assign(state, { owner: who, loans: [], total: 0, error: errorText(e) });
    } finally {
      state.loading = false;
    }
    render();
  }

  const loadSoon = debounce(load, 400);

  return {
    load,
    render,
    onEvent(event) {
      if (String(event?.contract ?? "") === "LoanBook") loadSoon();
    },
  };
}
