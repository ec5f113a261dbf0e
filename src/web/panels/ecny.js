/*
 * e-CNY (数字人民币): the acting participant's wallet (balance, category, caps), a payment, and the
 * pay-on-delivery orders (货到自动付款): the logistics member's confirmation pays the seller at once.
 */
import { listOf } from "../api.js";
import { call, ctx, errorText, finishWith, isMe, nameOf, nowMs, participantOptions, post } from "../context.js";
import { h, replace } from "../dom.js";
import { formatFen } from "../money.js";
import { fmtDate, fmtDateTime, fmtDuration, toMillis } from "../format.js";
import { getLang, t } from "../i18n.js";
import { openForm } from "../form-dialog.js";

const orderId = (o) => String(o.orderId ?? o.id);
const amountOf = (o) => o.amountFen ?? o.amount ?? "0";
/** A delivery reference: the API gives { hex, text }. */
const refText = (ref) => (ref && typeof ref === "object" ? (ref.text ?? ref.hex ?? "") : (ref ?? ""));

export function ecnyPanel(root) {
  const walletBox = root.querySelector("[data-part=wallet]");
  const ordersBox = root.querySelector("[data-part=orders]");
  const mineOnly = root.querySelector("[data-part=orders-mine]");
  const state = { wallet: null, walletError: null, orders: [], error: null };
  mineOnly.addEventListener("change", () => render());

  function render() {
    renderWallet();
    renderOrders();
  }

  function renderWallet() {
    if (!ctx.me) return replace(walletBox, h("p", { class: "hint" }, t("ecny.actAsHint")));
    if (state.walletError) return replace(walletBox, h("p", { class: "error-text", role: "alert" }, state.walletError));
    const w = state.wallet;
    if (!w) return replace(walletBox, h("p", { class: "loading" }, t("common.loading")));
    const caps = w.caps ?? {};
    const balance = w.balanceFen ?? w.balance ?? ctx.me.balance ?? "0";
    const category = w.category ?? w.wallet?.category;
    replace(
      walletBox,
      h(
        "div",
        { class: "wallet" },
        h(
          "div",
          { class: "wallet-who" },
          nameOf(ctx.me),
          category ? h("span", { class: "chip" }, t(`wallet.${category}`, {}, String(category))) : null,
          w.frozen ? h("span", { class: "chip status status-frozen" }, t("wallet.frozen")) : null,
        ),
        h("div", { class: "wallet-balance num", "data-testid": "wallet-balance" }, formatFen(balance)),
        h(
          "dl",
          { class: "facts small" },
          (caps.perPaymentFen ?? caps.perPayment)
            ? h(
                "div",
                {},
                h("dt", {}, t("wallet.perPayment")),
                h("dd", {}, formatFen(caps.perPaymentFen ?? caps.perPayment)),
              )
            : null,
          (caps.dailyFen ?? caps.daily)
            ? h("div", {}, h("dt", {}, t("wallet.daily")), h("dd", {}, formatFen(caps.dailyFen ?? caps.daily)))
            : null,
          (caps.balanceFen ?? caps.balance)
            ? h("div", {}, h("dt", {}, t("wallet.balanceCap")), h("dd", {}, formatFen(caps.balanceFen ?? caps.balance)))
            : null,
          w.spentTodayFen !== undefined
            ? h("div", {}, h("dt", {}, t("wallet.spentToday")), h("dd", {}, formatFen(w.spentTodayFen)))
            : null,
          w.bank ? h("div", {}, h("dt", {}, t("wallet.bank")), h("dd", {}, nameOf(w.bank))) : null,
        ),
        h(
          "div",
          { class: "inline-actions" },
          h(
            "button",
            { type: "button", class: "btn small primary", "data-action": "pay", onclick: pay },
            t("action.pay"),
          ),
          h(
            "button",
            { type: "button", class: "btn small", "data-action": "order", onclick: newOrder },
            t("action.newOrder"),
          ),
        ),
      ),
    );
  }

  function renderOrders() {
    if (state.error) return replace(ordersBox, h("p", { class: "error-text", role: "alert" }, state.error));
    const mine = mineOnly.checked && ctx.me;
    const orders = state.orders
      .filter((o) => !mine || isMe(o.buyer) || isMe(o.seller) || isMe(o.logistics))
      .slice(0, 50);
    if (!orders.length) return replace(ordersBox, h("p", { class: "empty" }, t("ecny.noOrders")));
    const lang = getLang();
    replace(
      ordersBox,
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          {},
          h("caption", { class: "sr-only" }, t("ecny.ordersTitle")),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              [
                t("ecny.order"),
                t("ecny.buyer"),
                t("ecny.seller"),
                t("ecny.logistics"),
                [t("ecny.amount"), "num"],
                t("ecny.deadline"),
                t("ecny.status"),
                t("ecny.latency"),
                "",
              ].map((x) =>
                Array.isArray(x) ? h("th", { scope: "col", class: x[1] }, x[0]) : h("th", { scope: "col" }, x),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            orders.map((o) => {
              const delivered = toMillis(o.deliveredAt);
              const paid = toMillis(o.paidAt ?? o.releasedAt);
              const latency =
                Number.isFinite(delivered) && Number.isFinite(paid)
                  ? fmtDuration(Math.max(0, (paid - delivered) / 1000), lang)
                  : "—";
              return h(
                "tr",
                {},
                h(
                  "td",
                  {},
                  h("strong", {}, `#${orderId(o)}`),
                  h("div", { class: "muted small" }, refText(o.deliveryRef)),
                ),
                h("td", {}, nameOf(o.buyer)),
                h("td", {}, nameOf(o.seller)),
                h("td", {}, nameOf(o.logistics)),
                h("td", { class: "num" }, formatFen(amountOf(o))),
                h("td", { class: "nowrap" }, fmtDateTime(o.deadline)),
                h(
                  "td",
                  {},
                  h(
                    "span",
                    { class: `chip status status-${String(o.status).toLowerCase()}` },
                    t(`order.${o.status}`, {}, o.status),
                  ),
                ),
                h("td", {}, latency),
                h("td", {}, orderActions(o)),
              );
            }),
          ),
        ),
      ),
    );
  }

  function orderActions(o) {
    if (!ctx.me || o.status !== "Open") return null;
    const id = orderId(o);
    const out = [];
    if (isMe(o.logistics))
      out.push(
        h(
          "button",
          {
            type: "button",
            class: "btn tiny primary",
            "data-action": "confirm-delivery",
            onclick: () => confirmDelivery(o),
          },
          t("action.confirmDelivery"),
        ),
      );
    if (isMe(o.buyer) && toMillis(o.deadline) <= nowMs())
      out.push(
        h(
          "button",
          {
            type: "button",
            class: "btn tiny",
            "data-action": "refund",
            onclick: () => simple(`/api/orders/${id}/refund`, t("confirm.refund", { id }), t("done.refund")),
          },
          t("action.refund"),
        ),
      );
    return out.length ? h("div", { class: "inline-actions" }, out) : null;
  }

  const finish = (message) => finishWith(message, load);

  async function simple(path, question, done) {
    await finish(
      await openForm({
        title: t("form.confirmTitle"),
        intro: question,
        fields: [],
        onSubmit: async () => (await post(path, {}), done),
      }),
    );
  }

  async function confirmDelivery(o) {
    const id = orderId(o);
    await finish(
      await openForm({
        title: t("form.deliveryTitle", { id }),
        intro: t("form.deliveryIntro", { amount: formatFen(amountOf(o)), seller: nameOf(o.seller) }),
        fields: [{ name: "deliveryRef", label: t("form.deliveryRef"), type: "text", value: refText(o.deliveryRef) }],
        submitLabel: t("action.confirmDelivery"),
        onSubmit: async ({ deliveryRef }) => {
          await post(`/api/orders/${id}/confirm`, { deliveryRef });
          return t("done.delivery", { amount: formatFen(amountOf(o)), seller: nameOf(o.seller) });
        },
      }),
    );
  }

  async function pay() {
    await finish(
      await openForm({
        title: t("form.payTitle"),
        intro: t("form.payIntro"),
        fields: [
          {
            name: "to",
            label: t("form.payee"),
            type: "select",
            options: participantOptions((p) => !isMe(p) && !!p.wallet),
          },
          { name: "amount", label: t("form.amountYuan"), type: "amount" },
        ],
        submitLabel: t("action.pay"),
        onSubmit: async ({ to, amount }) => {
          await post("/api/payments", { to, amountFen: amount });
          return t("done.pay", { amount: formatFen(amount), to: nameOf(to) });
        },
      }),
    );
  }

  async function newOrder() {
    await finish(
      await openForm({
        title: t("form.orderTitle"),
        intro: t("form.orderIntro"),
        fields: [
          {
            name: "seller",
            label: t("ecny.seller"),
            type: "select",
            options: participantOptions((p) => !isMe(p) && !!p.wallet && p.role !== "Logistics"),
          },
          { name: "amount", label: t("form.amountYuan"), type: "amount" },
          {
            name: "logistics",
            label: t("ecny.logistics"),
            type: "select",
            options: participantOptions((p) => p.role === "Logistics"),
          },
          {
            name: "deliveryRef",
            label: t("form.deliveryRef"),
            type: "text",
            value: `DLV-${Date.now().toString(36).toUpperCase()}`,
          },
          { name: "deadline", label: t("ecny.deadline"), type: "date", value: fmtDate(nowMs() + 7 * 86_400_000) },
        ],
        submitLabel: t("action.newOrder"),
        onSubmit: async ({ seller, amount, logistics, deliveryRef, deadline }) => {
          await post("/api/orders", {
            seller,
            amountFen: amount,
            logistics,
            deliveryRef,
            deadline: `${deadline}T23:59:59+08:00`,
          });
          return t("done.order", { amount: formatFen(amount), seller: nameOf(seller) });
        },
      }),
    );
  }

  async function load() {
    const tasks = [
      call("/api/orders?limit=1000")
        .then((r) => {
          state.orders = listOf(r, "orders").sort((a, b) => Number(orderId(b)) - Number(orderId(a)));
          state.error = null;
        })
        .catch((e) => (state.error = errorText(e))),
    ];
    if (ctx.me)
      tasks.push(
        call(`/api/wallets/${encodeURIComponent(ctx.me.id)}`)
          .then((w) => {
            state.wallet =
              w?.wallet && typeof w.wallet === "object" && !w.balance && !w.balanceFen ? { ...w.wallet, ...w } : w;
            state.walletError = null;
          })
          .catch((e) => (state.walletError = errorText(e))),
      );
    else state.wallet = null;
    await Promise.all(tasks);
    render();
  }

  return {
    load,
    render,
    onEvent(event) {
      const c = String(event?.contract ?? "");
      if (!c || c === "ECNY" || c === "PaymentEscrow" || c.startsWith("Voucher")) load();
    },
  };
}
