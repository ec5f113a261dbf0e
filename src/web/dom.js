/* A few DOM helpers: elements are built with `h`, never from unescaped strings. */

/**
 * Creates an element: h("button", { class: "btn", onclick: fn, text: "Split" }, child…).
 * Props: class, text, dataset, style (object of CSS properties), on* listeners, boolean
 * attributes (true → present), anything else as an attribute; null/undefined/false are skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style" && typeof value === "object")
      for (const [p, v] of Object.entries(value)) el.style.setProperty(p, String(v));
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, strings, arrays, nothing). */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** An element holding an SVG chart built as an escaped string (see charts.js). */
export function svgBox(markup, className = "chart-box") {
  const box = document.createElement("div");
  box.className = className;
  box.innerHTML = markup;
  return box;
}

/** Escapes text for HTML and SVG, in content and in attribute values. */
export function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
  );
}

/** Runs `fn` at most once per `ms`, after the last call (trailing debounce). */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * A table in a horizontal scroller, captioned for screen readers: `heads` as [label, class] pairs,
 * `rows` as <tr> elements; `empty` (a sentence) when there are no rows, `note` below when given.
 */
export function dataTable(caption, heads, rows, { empty, note } = {}) {
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
    note ? h("p", { class: "note" }, note) : null,
  );
}
