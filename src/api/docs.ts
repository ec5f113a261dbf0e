type Json = Record<string, unknown>;

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A plausible example value of a JSON schema (for the curl examples of the docs page). */
export function exampleOf(schema: Json | undefined, name = ""): unknown {
  if (!schema) return null;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) return exampleOf(schema.anyOf[0] as Json, name);
  switch (schema.type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const required = new Set((schema.required ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(props)) {
        if (required.has(key) || Object.keys(props).length <= 2) out[key] = exampleOf(value, key);
      }
      return out;
    }
    case "boolean":
      return false;
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? Math.max(schema.minimum, 1) : 1;
    case "string":
      if (schema.format === "date-time") return "2026-09-30T00:00:00+08:00";
      if (schema.format === "date") return "2026-09-30";
      if (/Fen$/.test(name)) return "300000000";
      if (/^(to|payee|seller|financier|lender|holder|issuer|borrower|guarantor|logistics)$/.test(name))
        return "scrap-recycler";
      if (String(schema.pattern ?? "").startsWith("^\\d")) return "1";
      return name || "text";
    default:
      return null;
  }
}

/**
 * A self-contained HTML page (no scripts, no CDN) listing every operation of an OpenAPI document:
 * method, path, who may call it, parameters, the request body's JSON Schema and a curl example.
 */
export function renderDocs(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const byTag = new Map<string, { method: string; path: string; op: Json }[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = ((op.tags as string[]) ?? ["Other"])[0];
      const list = byTag.get(tag) ?? [];
      list.push({ method, path, op });
      byTag.set(tag, list);
    }
  }
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => {
      const items = ops.map(({ method, path, op }) => operation(method, path, op)).join("\n");
      return `<section><h2 id="${escape(tag.replace(/\W+/g, "-").toLowerCase())}">${escape(tag)}</h2>${items}</section>`;
    })
    .join("\n");
  const toc = [...byTag.entries()]
    .map(
      ([tag, ops]) =>
        `<li><a href="#${escape(tag.replace(/\W+/g, "-").toLowerCase())}">${escape(tag)}</a> <span class="n">${ops.length}</span></li>`,
    )
    .join("");
  const count = [...byTag.values()].reduce((n, ops) => n + ops.length, 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(String(info.title))} — documentation</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1d2433;background:#f7f8fa}
header{background:#12355b;color:#fff;padding:1.5rem 2rem}header h1{margin:0 0 .3rem;font-size:1.5rem}header p{margin:.2rem 0;max-width:60rem;opacity:.9}
header a{color:#bfe0ff}main{max-width:64rem;margin:0 auto;padding:1rem 2rem 4rem}nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
h2{border-bottom:2px solid #d9dee7;padding-bottom:.3rem;margin-top:2.5rem}.n{color:#6b7485;font-size:.85em}
details{background:#fff;border:1px solid #d9dee7;border-radius:6px;margin:.5rem 0}summary{cursor:pointer;padding:.55rem .8rem;display:flex;gap:.8rem;align-items:baseline}
.m{font:600 .78rem ui-monospace,monospace;padding:.15rem .45rem;border-radius:4px;color:#fff;min-width:3.2rem;text-align:center}.get{background:#2f7d4f}.post{background:#1f5fae}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}.p{font-weight:600}.s{color:#4a5262}.lock{font-size:.75rem;background:#fff2d6;border:1px solid #e7c66b;border-radius:4px;padding:0 .35rem}
.body{padding:.2rem 1rem 1rem;border-top:1px solid #eef0f4}pre{background:#f2f4f8;padding:.7rem;border-radius:4px;overflow:auto}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eef0f4;vertical-align:top}
</style></head><body>
<header><h1>${escape(String(info.title))} <span class="n" style="color:#bfe0ff">${escape(String(info.version))} · ${count} operations</span></h1>
<p>${escape(String(info.description))}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors: <code>{"error":{"code","message","details"}}</code>.</p></header>
<main><nav><ul>${toc}</ul></nav>
${sections}
</main></body></html>
`;
}

function operation(method: string, path: string, op: Json): string {
  const params = (op.parameters ?? []) as Json[];
  const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] as
    Json | undefined;
  const schema = body?.schema as Json | undefined;
  const secured = Array.isArray(op.security) && op.security.length > 0;
  const responses = Object.entries(op.responses as Json)
    .map(([status]) => status)
    .join(", ");
  const paramRows = params
    .map(
      (p) =>
        `<tr><td><code>${escape(String(p.name))}</code></td><td>${escape(String(p.in))}${p.required ? ", required" : ""}</td><td>${escape(String(p.description ?? ""))}</td><td><code>${escape(JSON.stringify(p.schema))}</code></td></tr>`,
    )
    .join("");
  const example = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === "id" || /Id$/.test(name) ? "1" : name));
  const curl =
    method === "post"
      ? `curl -X POST http://127.0.0.1:3000${example} \\\n  -H "Authorization: Bearer $SCF_TOKEN" -H "Content-Type: application/json" \\\n  -d '${JSON.stringify(exampleOf(schema) ?? {})}'`
      : `curl http://127.0.0.1:3000${example}${secured ? ' -H "Authorization: Bearer $SCF_TOKEN"' : ""}`;
  return `<details id="${escape(String(op.operationId))}"><summary><span class="m ${method}">${method.toUpperCase()}</span><span class="p"><code>${escape(path)}</code></span><span class="s">${escape(String(op.summary ?? ""))}</span>${secured ? '<span class="lock">token</span>' : ""}</summary>
<div class="body">${op.description ? `<p>${escape(String(op.description))}</p>` : ""}
${paramRows ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>meaning</th><th>schema</th></tr>${paramRows}</table>` : ""}
${schema ? `<h4>Request body (JSON)</h4><pre>${escape(JSON.stringify(schema, null, 2))}</pre>` : ""}
<h4>Example</h4><pre>${escape(curl)}</pre>
<p class="s">Answers: ${escape(responses)} · operationId <code>${escape(String(op.operationId))}</code></p></div></details>`;
}
