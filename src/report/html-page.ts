import { escapeHtml as esc } from "./charts.js";

/** The opening of a self-contained HTML page (report, comparison, sweep): up to and including `<style>`. */
export function htmlHead(title: string, css: string, generator?: string): string[] {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(generator ? [`<meta name="generator" content="${esc(generator)}">`] : []),
    `<title>${esc(title)}</title>`,
    `<style>${css}</style>`,
  ];
}
