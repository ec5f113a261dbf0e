/*
 * Vouchers and their lineage (拆分流转): the list of vouchers, and for the chosen one a tree of its
 * tokens (holder, role, tier, value, status, financed-by) under a bar showing how the face is held
 * right now. Refetched live on every chain event; tokens that just appeared are highlighted. The
 * acting participant gets the actions the chain would accept from it (split, transfer, finance,
 * pledge, repay, clear…); the service still decides, and its refusal is shown in its own words.
 */
import { listOf } from "../api.js";
import {
  FINANCIER_ROLES,
  announce,
  call,
  ctx,
  errorText,
  idOf,
  isMe,
  nameOf,
  nowMs,
  participantOptions,
  post,
  roleText,
  toast,
  who,
} from "../context.js";
import { debounce, h, replace } from "../dom.js";
import { fenOf, fenToYuanInput, formatBps, formatFen, fraction, shareText } from "../money.js";
import { fmtDate, slotOfToken, tokenLabel, toMillis } from "../format.js";
import { openForm } from "../form-dialog.js";
import { t } from "../i18n.js";
import { tierColor, PALETTE } from "../charts.js";

// ── reading the service's records (tolerant of small naming differences) ──────────────────────

export const voucherId = (v) => String(v.slotId ?? v.id ?? v.voucherId ?? "");
export const voucherFace = (v) => v.faceFen ?? v.face ?? v.amountFen ?? "0";
export const voucherMaturity = (v) => v.maturity ?? v.maturityAt ?? v.dueAt;
const tokenIdOf = (n) => String(n.tokenId ?? n.id ?? "");
const valueOf = (n) => n.valueFen ?? n.value ?? "0";
const childrenOf = (n) => (Array.isArray(n.children) ? n.children : []);
const financingOf = (n) => n.financing ?? n.financedBy ?? null;
const isFinancedPiece = (n) => n.origin === "financed" || !!financingOf(n);
const HOLDER_ROLES_EXCLUDED = ["Regulator", "CentralBank", "PlatformOperator", "DataFeed"];
const ISSUER_ROLES = ["CoreEnterprise", "Supplier", "Distributor"];

/** The root token(s) of a tree response: { tree }, { root }, { roots }, [nodes] or a node. */
export function treeRoots(response) {
  if (!response) return [];
  if (Array.isArray(response)) return response;
  for (const key of ["tree", "root", "roots", "tokens"]) {
    const x = response[key];
    if (Array.isArray(x)) return x;
    if (x && typeof x === "object") return [x];
  }
  return response.tokenId !== undefined ? [response] : [];
}

/** Every node of a forest, depth first. */
export function walk(nodes, out = [], depth = 0) {
  for (const node of nodes) {
    out.push({ node, depth });
    walk(childrenOf(node), out, depth + 1);
  }
  return out;
}

function statusChip(kind, status) {
  return h(
    "span",
    { class: `chip status status-${String(status ?? "").toLowerCase()}` },
    t(`${kind}.${status}`, {}, status ?? "—"),
  );
}

/** Creates the panel in `root` (the section element). */
export function lineagePanel(root) {
  const listBox = root.querySelector("[data-part=voucher-list]");
  const issueBox = root.querySelector("[data-part=issue]");
  const filterInput = root.querySelector("[data-part=voucher-filter]");
  const detail = root.querySelector("[data-part=voucher-detail]");
  const state = {
    vouchers: [],
    selected: sessionStorage.getItem("scf.voucher") ?? "",
    tree: null,
    voucher: null,
    seen: new Map(),
    seenFor: "",
    fresh: new Set(),
    requests: [],
    error: null,
  };

  filterInput.addEventListener("input", () => renderList());

  async function loadList() {
    try {
      state.vouchers = listOf(await call("/api/vouchers?limit=1000"), "vouchers");
      state.listError = null;
      if (!state.selected || !state.vouchers.some((v) => voucherId(v) === state.selected)) {
        state.selected = state.vouchers.length ? voucherId(state.vouchers[0]) : "";
      }
    } catch (e) {
      state.listError = errorText(e);
    }
    renderList();
  }

  async function loadTree() {
    if (!state.selected) {
      state.tree = null;
      renderDetail();
      return;
    }
    const slot = state.selected;
    try {
      const [response, requests] = await Promise.all([
        call(`/api/vouchers/${encodeURIComponent(slot)}/tree`),
        call("/api/financing?status=Open&limit=1000").catch(() => null),
      ]);
      if (slot !== state.selected) return;
      state.requests = listOf(requests, "requests").filter((r) => slotOfToken(r.tokenId) === slot);
      state.tree = response;
      const inList = state.vouchers.find((v) => voucherId(v) === slot);
      state.voucher = { ...(inList ?? {}), ...(response?.voucher ?? {}) };
      state.error = null;
      markFresh(slot, walk(treeRoots(response)));
    } catch (e) {
      state.error = errorText(e);
    }
    renderDetail();
  }

  /** Remembers the tokens seen; those new since the last look at this voucher are "fresh". */
  function markFresh(slot, nodes) {
    const first = state.seenFor !== slot;
    const fresh = new Set();
    const seen = new Map();
    for (const { node } of nodes) {
      const id = tokenIdOf(node);
      const value = String(valueOf(node));
      const before = state.seen.get(id);
      if (!first && (before === undefined || before !== `${value}/${node.status}`)) fresh.add(id);
      seen.set(id, `${value}/${node.status}`);
    }
    const added = nodes.filter(({ node }) => !first && !state.seen.has(tokenIdOf(node)));
    state.seen = seen;
    state.seenFor = slot;
    state.fresh = fresh;
    if (added.length) {
      announce(
        added
          .map(({ node }) =>
            t("lineage.newToken", {
              token: tokenLabel(tokenIdOf(node)),
              holder: nameOf(node.owner ?? node.holder),
              amount: formatFen(valueOf(node)),
            }),
          )
          .join(" "),
      );
    }
  }

  function select(slot) {
    state.selected = slot;
    sessionStorage.setItem("scf.voucher", slot);
    renderList();
    state.tree = null;
    renderDetail();
    loadTree();
  }

  // ── the list of vouchers ──

  function renderList() {
    replace(
      issueBox,
      ctx.me && ISSUER_ROLES.includes(ctx.me.role)
        ? h(
            "button",
            { class: "btn primary small", type: "button", onclick: issue, "data-testid": "issue-voucher" },
            t("lineage.issue"),
          )
        : null,
    );
    if (state.listError) return replace(listBox, h("p", { class: "error-text", role: "alert" }, state.listError));
    const q = filterInput.value.trim().toLowerCase();
    const rows = state.vouchers.filter((v) => {
      if (!q) return true;
      return [voucherId(v), nameOf(v.payer), nameOf(v.payee), v.status].join(" ").toLowerCase().includes(q);
    });
    if (!rows.length)
      return replace(
        listBox,
        h("p", { class: "empty" }, t(state.vouchers.length ? "lineage.noMatch" : "lineage.noVouchers")),
      );
    replace(
      listBox,
      h(
        "ul",
        { class: "voucher-items" },
        rows.map((v) => {
          const id = voucherId(v);
          const selected = id === state.selected;
          return h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: `voucher-item${selected ? " selected" : ""}`,
                "aria-pressed": selected ? "true" : "false",
                "data-slot-id": id,
                onclick: () => select(id),
              },
              h(
                "span",
                { class: "vi-top" },
                h("strong", {}, t("lineage.voucherNo", { id })),
                statusChip("voucher", v.status),
              ),
              h("span", { class: "vi-parties" }, `${nameOf(v.payer)} → ${nameOf(v.payee)}`),
              h(
                "span",
                { class: "vi-meta" },
                h("span", { class: "num" }, formatFen(voucherFace(v))),
                h("span", {}, t("lineage.due", { date: fmtDate(voucherMaturity(v)) })),
              ),
            ),
          );
        }),
      ),
    );
  }

  // ── the chosen voucher ──

  function renderDetail() {
    if (!state.selected) return replace(detail, h("p", { class: "empty" }, t("lineage.noVouchers")));
    if (state.error) return replace(detail, h("p", { class: "error-text", role: "alert" }, state.error));
    if (!state.tree) return replace(detail, h("p", { class: "loading" }, t("common.loading")));
    const v = state.voucher ?? {};
    const face = voucherFace(v) ?? "0";
    const roots = treeRoots(state.tree);
    const nodes = walk(roots);
    replace(
      detail,
      voucherHeader(v, nodes),
      holdingsBar(v, nodes, face),
      roots.length
        ? h(
            "div",
            {
              class: "tree-scroll",
              tabindex: "0",
              role: "region",
              "aria-label": t("lineage.treeLabel", { id: voucherId(v) }),
            },
            h(
              "ul",
              { class: "tree", "data-testid": "lineage-tree" },
              roots.map((r) => treeNode(r, v, face)),
            ),
          )
        : h("p", { class: "empty" }, t(v.status === "Pending" ? "lineage.pending" : "lineage.noTokens")),
      financingRequests(v),
    );
  }

  function voucherHeader(v, nodes) {
    const id = voucherId(v);
    const maturity = toMillis(voucherMaturity(v));
    const days = Number.isFinite(maturity) ? Math.ceil((maturity - nowMs()) / 86_400_000) : NaN;
    const dueText = !Number.isFinite(days)
      ? ""
      : days > 0
        ? t("lineage.inDays", { days })
        : days === 0
          ? t("lineage.dueToday")
          : t("lineage.daysAgo", { days: -days });
    const holders = new Set(
      nodes.filter(({ node }) => fenOf(valueOf(node)) > 0n).map(({ node }) => idOf(node.owner ?? node.holder)),
    );
    const deepest = nodes.reduce((m, { node }) => Math.max(m, Number(node.tier) || 0), 0);
    return h(
      "div",
      { class: "voucher-head" },
      h(
        "div",
        { class: "vh-title" },
        h("h3", { id: "voucher-title" }, t("lineage.voucherNo", { id }), " ", statusChip("voucher", v.status)),
        h(
          "p",
          { class: "vh-parties" },
          h("span", {}, t("lineage.payer"), " ", h("strong", {}, nameOf(v.payer))),
          h("span", { "aria-hidden": "true" }, " → "),
          h("span", {}, t("lineage.firstPayee"), " ", h("strong", {}, nameOf(v.payee))),
        ),
      ),
      h(
        "dl",
        { class: "facts" },
        fact(t("lineage.face"), formatFen(voucherFace(v))),
        fact(t("lineage.maturity"), `${fmtDate(voucherMaturity(v))}${dueText ? ` · ${dueText}` : ""}`),
        fact(t("lineage.holders"), String(holders.size)),
        fact(t("lineage.tokens"), String(nodes.length)),
        fact(t("lineage.depth"), deepest ? t("tier.n", { tier: deepest }) : "—"),
        v.tradeRef || v.tradeHash ? fact(t("lineage.trade"), String(v.tradeRef ?? v.tradeHash).slice(0, 20)) : null,
      ),
      h("div", { class: "vh-actions" }, voucherActions(v)),
    );
  }

  function fact(label, value) {
    return h("div", {}, h("dt", {}, label), h("dd", {}, value));
  }

  function voucherActions(v) {
    if (!ctx.me) return h("p", { class: "hint" }, t("lineage.actAsHint"));
    const id = voucherId(v);
    const status = v.status;
    const past = toMillis(voucherMaturity(v)) <= nowMs();
    const out = [];
    const btn = (key, handler, cls = "") =>
      h(
        "button",
        { type: "button", class: `btn small ${cls}`, "data-action": key, onclick: handler },
        t(`action.${key}`),
      );
    if (status === "Pending" && isMe(v.payee)) {
      out.push(
        btn(
          "accept",
          () =>
            confirmPost(
              `/api/vouchers/${id}/accept`,
              t("confirm.accept", { id, amount: formatFen(voucherFace(v)) }),
              t("done.accept"),
            ),
          "primary",
        ),
      );
      out.push(
        btn(
          "reject",
          () => confirmPost(`/api/vouchers/${id}/reject`, t("confirm.reject", { id }), t("done.reject"), true),
          "danger",
        ),
      );
    }
    if (["Active", "Overdue", "Defaulted"].includes(status) && isMe(v.payer)) {
      out.push(
        btn(
          "repay",
          () =>
            confirmPost(
              `/api/vouchers/${id}/repay`,
              t("confirm.repay", { id, amount: formatFen(voucherFace(v)) }),
              t("done.repay"),
            ),
          "primary",
        ),
      );
    }
    if (status === "Repaid" && past)
      out.push(
        btn(
          "clear",
          () => confirmPost(`/api/vouchers/${id}/clear`, t("confirm.clear", { id }), t("done.clear")),
          "primary",
        ),
      );
    if ((status === "Overdue" || (status === "Active" && past)) && !isMe(v.payer))
      out.push(
        btn(
          "default",
          () => confirmPost(`/api/vouchers/${id}/default`, t("confirm.default", { id }), t("done.default"), true),
          "danger",
        ),
      );
    return out.length ? out : null;
  }

  // ── the holdings bar: the face as the pieces held right now ──

  function holdingsBar(v, nodes, face) {
    const pieces = nodes.map(({ node }) => node).filter((n) => fenOf(valueOf(n)) > 0n && n.status !== "Merged");
    if (!pieces.length || fenOf(face) <= 0n) return null;
    const legendTiers = [...new Set(pieces.filter((p) => !isFinancedPiece(p)).map((p) => Number(p.tier) || 1))].sort();
    return h(
      "figure",
      { class: "holdings" },
      h("figcaption", {}, t("lineage.holdingsTitle"), h("span", { class: "muted" }, ` · ${t("lineage.holdingsNote")}`)),
      h(
        "div",
        {
          class: "hbar",
          role: "img",
          "aria-label": pieces.map((p) => `${nameOf(p.owner ?? p.holder)} ${formatFen(valueOf(p))}`).join(", "),
        },
        pieces.map((p) => {
          const w = fraction(valueOf(p), face) * 100;
          const cleared = p.status === "Cleared";
          const seg = h(
            "span",
            {
              class: `hseg${cleared ? " cleared" : ""}${!cleared && (isFinancedPiece(p) || Number(p.tier) >= 3) ? " light" : ""}${state.fresh.has(tokenIdOf(p)) ? " fresh" : ""}`,
              title: `${tokenLabel(tokenIdOf(p))} · ${nameOf(p.owner ?? p.holder)} · ${formatFen(valueOf(p))} (${shareText(valueOf(p), face)})`,
              style: { width: `${w}%`, "--seg": cleared ? PALETTE.cleared : tierColor(p.tier, isFinancedPiece(p)) },
            },
            w > 11 ? h("span", { class: "hseg-label" }, nameOf(p.owner ?? p.holder)) : null,
          );
          return seg;
        }),
      ),
      h(
        "ul",
        { class: "legend" },
        legendTiers.map((tier) =>
          h("li", {}, h("i", { style: { "--c": tierColor(tier, false) } }), t("tier.n", { tier })),
        ),
        pieces.some(isFinancedPiece)
          ? h("li", {}, h("i", { style: { "--c": PALETTE.financed } }), t("lineage.legendFinanced"))
          : null,
        pieces.some((p) => p.status === "Cleared")
          ? h("li", {}, h("i", { style: { "--c": PALETTE.cleared } }), t("lineage.legendCleared"))
          : null,
      ),
    );
  }

  // ── the tree ──

  function treeNode(node, v, face) {
    const kids = childrenOf(node);
    return h(
      "li",
      { class: "tnode" },
      tokenCard(node, v, face),
      kids.length
        ? h(
            "ul",
            { class: "tchildren" },
            kids.map((k) => treeNode(k, v, face)),
          )
        : null,
    );
  }

  function tokenCard(node, v, face) {
    const id = tokenIdOf(node);
    const owner = who(node.owner ?? node.holder) ?? {};
    const financing = financingOf(node);
    const financed = isFinancedPiece(node);
    const mine = isMe(owner);
    const value = valueOf(node);
    const status = node.status ?? "Live";
    const tier = Number(node.tier) || 1;
    const pledgee = node.pledgee ?? node.pledgedTo;
    return h(
      "article",
      {
        class: `tcard${financed ? " financed" : ""}${mine ? " mine" : ""}${state.fresh.has(id) ? " fresh" : ""} st-${String(status).toLowerCase()}`,
        style: { "--tier": status === "Cleared" ? PALETTE.cleared : tierColor(tier, financed) },
        "data-token-id": id,
        "data-owner": owner.id ?? "",
        "data-testid": "token-card",
        "aria-label": t("lineage.cardLabel", {
          token: tokenLabel(id),
          holder: nameOf(owner),
          amount: formatFen(value),
        }),
      },
      h(
        "div",
        { class: "tc-top" },
        h(
          "span",
          { class: "tid", title: t("lineage.tokenId", { id }) },
          t("lineage.tokenShort", { token: node.label ?? tokenLabel(id) }),
        ),
        h("span", { class: "chip tier" }, financed ? t("lineage.financedPiece") : t("tier.n", { tier })),
        statusChip("token", status),
      ),
      h(
        "div",
        { class: "tc-holder" },
        h("strong", {}, nameOf(owner)),
        h("span", { class: "role" }, roleText(owner.role)),
        mine ? h("span", { class: "chip you" }, t("common.you")) : null,
      ),
      h("div", { class: "tc-value num" }, formatFen(value)),
      h(
        "div",
        { class: "tc-share" },
        h(
          "span",
          { class: "share-bar", "aria-hidden": "true" },
          h("i", { style: { width: `${fraction(value, face) * 100}%` } }),
        ),
        h("span", {}, t("lineage.ofFace", { share: shareText(value, face) })),
      ),
      financing
        ? h(
            "p",
            { class: "tc-fin" },
            t("lineage.financedBy", {
              bank: nameOf(financing.financier ?? owner),
              rate: financing.rateBps !== undefined ? formatBps(financing.rateBps) : "—",
            }),
            financing.recourse ? ` · ${t("lineage.withRecourse")}` : ` · ${t("lineage.withoutRecourse")}`,
            financing.seller ? ` · ${t("lineage.soldBy", { seller: nameOf(financing.seller) })}` : null,
            (financing.discountFen ?? financing.discount)
              ? ` · ${t("lineage.discount", { amount: formatFen(financing.discountFen ?? financing.discount) })}`
              : null,
          )
        : null,
      pledgee ? h("p", { class: "tc-fin" }, t("lineage.pledgedTo", { lender: nameOf(pledgee) })) : null,
      node.paid || node.paidFen
        ? h(
            "p",
            { class: "tc-paid" },
            t("lineage.paid", { amount: formatFen(node.paid?.amountFen ?? node.paid?.amount ?? node.paidFen) }),
          )
        : null,
      tokenActions(node, v, owner, status),
    );
  }

  function tokenActions(node, v, owner, status) {
    if (!ctx.me) return null;
    const id = tokenIdOf(node);
    const mine = isMe(owner);
    const open = ["Active"].includes(v.status) && !(toMillis(voucherMaturity(v)) <= nowMs());
    const out = [];
    const btn = (key, handler) =>
      h(
        "button",
        {
          type: "button",
          class: "btn tiny",
          "data-action": key,
          onclick: handler,
          "aria-label": `${t(`action.${key}`)} ${tokenLabel(id)}`,
        },
        t(`action.${key}`),
      );
    if (mine && status === "Live" && open) {
      out.push(
        btn("split", () => split(node)),
        btn("transfer", () => transfer(node)),
        btn("finance", () => finance(node)),
        btn("pledge", () => pledge(node)),
      );
    }
    const pledgee = node.pledgee ?? node.pledgedTo;
    if (status === "Pledged" && pledgee && isMe(pledgee))
      out.push(
        btn("release", () =>
          confirmPost(`/api/tokens/${id}/release`, t("confirm.release", { token: tokenLabel(id) }), t("done.release")),
        ),
      );
    if (status === "Unclaimed")
      out.push(
        btn("claim", () =>
          confirmPost(
            `/api/tokens/${id}/claim`,
            t("confirm.claim", { token: tokenLabel(id), holder: nameOf(owner) }),
            t("done.claim"),
          ),
        ),
      );
    return out.length ? h("div", { class: "tc-actions" }, out) : null;
  }

  function financingRequests(v) {
    const requests = (state.requests ?? []).filter((r) => (r.status ?? "Open") === "Open");
    if (!requests.length) return null;
    return h(
      "div",
      { class: "requests" },
      h("h4", {}, t("lineage.requests")),
      h(
        "ul",
        {},
        requests.map((r) => {
          const rid = String(r.requestId ?? r.id);
          const mineToApprove = isMe(r.financier);
          return h(
            "li",
            {},
            t("lineage.requestText", {
              id: rid,
              holder: nameOf(r.holder ?? r.seller),
              bank: nameOf(r.financier),
              amount: formatFen(r.valueFen ?? r.value ?? r.amountFen),
              rate: formatBps(r.rateBps),
              token: r.tokenLabel ?? tokenLabel(r.tokenId),
            }),
            mineToApprove
              ? h(
                  "span",
                  { class: "inline-actions" },
                  h(
                    "button",
                    {
                      type: "button",
                      class: "btn tiny primary",
                      "data-action": "approve",
                      onclick: () =>
                        confirmPost(
                          `/api/financing/${rid}/approve`,
                          t("confirm.approve", { id: rid }),
                          t("done.approve"),
                        ),
                    },
                    t("action.approve"),
                  ),
                  h(
                    "button",
                    {
                      type: "button",
                      class: "btn tiny danger",
                      "data-action": "reject",
                      onclick: () =>
                        confirmPost(
                          `/api/financing/${rid}/reject`,
                          t("confirm.rejectFinancing", { id: rid }),
                          t("done.rejectFinancing"),
                          true,
                        ),
                    },
                    t("action.reject"),
                  ),
                )
              : null,
          );
        }),
      ),
    );
  }

  // ── actions ──

  const holders = () => participantOptions((p) => !HOLDER_ROLES_EXCLUDED.includes(p.role) && !isMe(p));
  const financiers = () => participantOptions((p) => FINANCIER_ROLES.includes(p.role));

  async function after(message) {
    if (!message) return;
    toast(message);
    announce(message);
    await Promise.all([loadTree(), loadList()]);
  }

  async function split(node) {
    const id = tokenIdOf(node);
    const value = valueOf(node);
    await after(
      await openForm({
        title: t("form.splitTitle", { token: tokenLabel(id) }),
        intro: t("form.splitIntro", { amount: formatFen(value) }),
        testId: "split-form",
        fields: [
          { name: "to", label: t("form.receiver"), type: "select", options: holders() },
          {
            name: "amount",
            label: t("form.amountYuan"),
            type: "amount",
            placeholder: "1,000,000.00",
            hint: t("form.splitHint", { amount: formatFen(value) }),
          },
        ],
        submitLabel: t("action.split"),
        onSubmit: async ({ to, amount }) => {
          await post(`/api/tokens/${id}/split`, { to, amountFen: amount });
          return t("done.split", { amount: formatFen(amount), to: nameOf(to) });
        },
      }),
    );
  }

  async function transfer(node) {
    const id = tokenIdOf(node);
    await after(
      await openForm({
        title: t("form.transferTitle", { token: tokenLabel(id) }),
        intro: t("form.transferIntro", { amount: formatFen(valueOf(node)) }),
        fields: [{ name: "to", label: t("form.receiver"), type: "select", options: holders() }],
        submitLabel: t("action.transfer"),
        onSubmit: async ({ to }) => {
          await post(`/api/tokens/${id}/transfer`, { to });
          return t("done.transfer", { token: tokenLabel(id), to: nameOf(to) });
        },
      }),
    );
  }

  async function finance(node) {
    const id = tokenIdOf(node);
    const value = valueOf(node);
    await after(
      await openForm({
        title: t("form.financeTitle", { token: tokenLabel(id) }),
        intro: t("form.financeIntro"),
        fields: [
          { name: "financier", label: t("form.financier"), type: "select", options: financiers() },
          {
            name: "amount",
            label: t("form.amountYuan"),
            type: "amount",
            value: fenToYuanInput(value),
            hint: t("form.splitHint", { amount: formatFen(value) }),
          },
          { name: "rate", label: t("form.rate"), type: "rate", value: "3.65", hint: t("form.rateHint") },
          { name: "recourse", label: t("form.recourse"), type: "checkbox", value: false, hint: t("form.recourseHint") },
        ],
        submitLabel: t("action.finance"),
        onSubmit: async ({ financier, amount, rate, recourse }) => {
          const res = await post(`/api/tokens/${id}/financing`, {
            financier,
            amountFen: amount,
            rateBps: rate,
            recourse,
          });
          const rid = res?.result?.requestId ?? res?.requestId;
          return t("done.finance", { bank: nameOf(financier), amount: formatFen(amount), id: rid ?? "" });
        },
      }),
    );
  }

  async function pledge(node) {
    const id = tokenIdOf(node);
    await after(
      await openForm({
        title: t("form.pledgeTitle", { token: tokenLabel(id) }),
        intro: t("form.pledgeIntro"),
        fields: [{ name: "lender", label: t("form.lender"), type: "select", options: financiers() }],
        submitLabel: t("action.pledge"),
        onSubmit: async ({ lender }) => {
          await post(`/api/tokens/${id}/pledge`, { lender });
          return t("done.pledge", { token: tokenLabel(id), lender: nameOf(lender) });
        },
      }),
    );
  }

  async function issue() {
    const defaultDate = fmtDate(nowMs() + 180 * 86_400_000);
    await after(
      await openForm({
        title: t("form.issueTitle"),
        intro: t("form.issueIntro"),
        testId: "issue-form",
        fields: [
          {
            name: "payee",
            label: t("form.payee"),
            type: "select",
            options: participantOptions((p) => ["Supplier", "Distributor"].includes(p.role) && !isMe(p)),
          },
          { name: "amount", label: t("form.amountYuan"), type: "amount", placeholder: "1,000,000.00" },
          {
            name: "maturity",
            label: t("form.maturity"),
            type: "date",
            value: defaultDate,
            hint: t("form.maturityHint"),
          },
          {
            name: "tradeRef",
            label: t("form.tradeRef"),
            type: "text",
            value: `PO-${Date.now().toString(36).toUpperCase()}`,
            hint: t("form.tradeRefHint"),
          },
        ],
        submitLabel: t("action.issue"),
        onSubmit: async ({ payee, amount, maturity, tradeRef }) => {
          const res = await post("/api/vouchers", { payee, amountFen: amount, maturity, tradeRef });
          const slot = res?.result?.slotId ?? res?.slotId;
          if (slot !== undefined) select(String(slot));
          return t("done.issue", { amount: formatFen(amount), payee: nameOf(payee) });
        },
      }),
    );
  }

  async function confirmPost(path, question, done, danger = false) {
    await after(
      await openForm({
        title: t("form.confirmTitle"),
        intro: question,
        fields: [],
        danger,
        submitLabel: t("action.confirm"),
        onSubmit: async () => {
          await post(path, {});
          return done;
        },
      }),
    );
  }

  const refreshSoon = debounce(() => Promise.all([loadTree(), loadList()]), 250);

  return {
    async load() {
      await loadList();
      await loadTree();
    },
    render() {
      renderList();
      renderDetail();
    },
    /** A chain event arrived: refetch when it concerns vouchers. */
    onEvent(event) {
      const c = String(event?.contract ?? "");
      if (!c || c.startsWith("Voucher")) refreshSoon();
    },
    /** Vouchers as last loaded (other panels reuse them). */
    get vouchers() {
      return state.vouchers;
    },
    select,
  };
}
