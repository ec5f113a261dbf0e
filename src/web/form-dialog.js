/*
 * One modal form for every action (split, finance, pay…): labelled fields, exact money parsing,
 * the service's refusal shown in the dialog in its own words, focus kept inside while open.
 */
import { ApiError } from "./api.js";
import { errorText } from "./context.js";
import { h, replace } from "./dom.js";
import { AmountError, percentToBps, yuanToFen } from "./money.js";
import { t } from "./i18n.js";

let seq = 0;

/**
 * Opens the form. Fields: { name, label, type: "select" | "amount" | "rate" | "text" | "date" |
 * "number" | "checkbox", options: [{ value, label, group }], value, hint, required, placeholder }.
 * "amount" fields are yuan typed by people and reach `onSubmit` as decimal strings of fen; "rate"
 * fields are percents and arrive as basis points. `onSubmit(values)` returns the success message.
 */
export function openForm({ title, intro, fields, submitLabel, danger = false, onSubmit, testId }) {
  const dialog = document.getElementById("form-dialog");
  const id = `f${++seq}`;
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const inputs = new Map();
  const rows = fields.map((f) => {
    const inputId = `${id}-${f.name}`;
    const hintId = f.hint ? `${inputId}-hint` : undefined;
    const errId = `${inputId}-err`;
    let input;
    if (f.type === "select") {
      input = h("select", { id: inputId, name: f.name, required: f.required !== false, "aria-describedby": hintId });
      const groups = new Map();
      for (const o of f.options) {
        const option = h("option", { value: o.value }, o.label);
        if (String(o.value) === String(f.value ?? "")) option.selected = true;
        if (o.group) {
          if (!groups.has(o.group)) groups.set(o.group, h("optgroup", { label: o.group }));
          groups.get(o.group).append(option);
        } else input.append(option);
      }
      for (const g of groups.values()) input.append(g);
    } else if (f.type === "checkbox") {
      input = h("input", { id: inputId, name: f.name, type: "checkbox", "aria-describedby": hintId });
      input.checked = !!f.value;
    } else {
      const type = f.type === "date" ? "date" : f.type === "number" ? "number" : "text";
      input = h("input", {
        id: inputId,
        name: f.name,
        type,
        required: f.required !== false,
        inputmode: f.type === "amount" || f.type === "rate" ? "decimal" : undefined,
        autocomplete: "off",
        placeholder: f.placeholder,
        min: f.min,
        "aria-describedby": [hintId, errId].filter(Boolean).join(" "),
      });
      if (f.value !== undefined) input.value = String(f.value);
    }
    inputs.set(f.name, { field: f, input, err: h("span", { class: "field-error", id: errId }) });
    const prefix = f.type === "amount" ? h("span", { class: "affix", "aria-hidden": "true" }, "¥") : null;
    const suffix = f.type === "rate" ? h("span", { class: "affix", "aria-hidden": "true" }, "%") : null;
    if (f.type === "checkbox")
      return h(
        "div",
        { class: "field check" },
        input,
        h("label", { for: inputId }, f.label),
        f.hint ? h("small", { id: hintId }, f.hint) : null,
      );
    return h(
      "div",
      { class: "field" },
      h("label", { for: inputId }, f.label),
      h("div", { class: "input-row" }, prefix, input, suffix),
      f.hint ? h("small", { id: hintId }, f.hint) : null,
      inputs.get(f.name).err,
    );
  });
  const submit = h(
    "button",
    { type: "submit", class: `btn ${danger ? "danger" : "primary"}` },
    submitLabel ?? t("action.confirm"),
  );
  const cancel = h(
    "button",
    { type: "button", class: "btn ghost", onclick: () => dialog.close("cancel") },
    t("action.cancel"),
  );
  const form = h(
    "form",
    { method: "dialog", novalidate: true, "data-testid": testId ?? "action-form" },
    h("h2", { id: `${id}-title` }, title),
    intro ? h("p", { class: "dialog-intro" }, intro) : null,
    rows,
    error,
    h("div", { class: "dialog-actions" }, cancel, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const values = {};
    let bad = null;
    for (const [name, { field, input, err }] of inputs) {
      err.textContent = "";
      input.removeAttribute("aria-invalid");
      try {
        if (field.type === "checkbox") values[name] = input.checked;
        else if (field.type === "amount") values[name] = yuanToFen(input.value);
        else if (field.type === "rate") values[name] = percentToBps(input.value);
        else {
          const v = input.value.trim();
          if (!v && field.required !== false) throw new AmountError("form.required");
          values[name] = v;
        }
      } catch (e) {
        err.textContent = errorText(e);
        input.setAttribute("aria-invalid", "true");
        bad ??= input;
      }
    }
    if (bad) {
      bad.focus();
      return;
    }
    submit.disabled = true;
    submit.setAttribute("aria-busy", "true");
    try {
      const message = await onSubmit(values);
      dialog.close("done");
      dialog.dispatchEvent(new CustomEvent("done", { detail: message }));
    } catch (e) {
      error.textContent = e instanceof ApiError || e instanceof AmountError ? errorText(e) : t("error.unexpected");
      error.hidden = false;
      if (!(e instanceof ApiError) && !(e instanceof AmountError)) console.error(e);
    } finally {
      submit.disabled = false;
      submit.removeAttribute("aria-busy");
    }
  });
  replace(dialog, form);
  dialog.setAttribute("aria-labelledby", `${id}-title`);
  dialog.showModal();
  const first = form.querySelector("input:not([type=checkbox]), select, input");
  first?.focus();
  return new Promise((resolve) => {
    const done = (e) => resolve(e.detail);
    dialog.addEventListener("done", done, { once: true });
    dialog.addEventListener("close", () => setTimeout(() => resolve(undefined), 0), { once: true });
  });
}

/**
 * A yes-or-no dialog: `question`, then `onConfirm()` does the work and returns the success message;
 * a refusal is shown in the dialog in the service's words, like any form's.
 */
export function confirmForm(question, onConfirm, { danger = false, submitLabel } = {}) {
  return openForm({
    title: t("form.confirmTitle"),
    intro: question,
    fields: [],
    danger,
    submitLabel,
    onSubmit: onConfirm,
  });
}
