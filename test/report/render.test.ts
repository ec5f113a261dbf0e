import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Report } from "../../src/report/build.js";
import { renderHtml } from "../../src/report/render-html.js";
import { renderMarkdown } from "../../src/report/render-markdown.js";

const fixture = (name: "tangshan" | "classroom"): Report =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}-report.json`, import.meta.url), "utf8"));

/** What a browser shows for escaped text, written independently of the renderer. */
const html = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** What a Markdown reader sees escaped (the renderer's escapes: no HTML, emphasis or table breaks). */
const md = (s: string) => s.replace(/[\\`*_[\]<>|&~#]/g, (c) => `\\${c}`);

/** The Markdown table row whose first cell is `first` (escaped), split into its cells. */
function mdRow(doc: string, first: string): string[] {
  const line = doc.split("\n").find((l) => l.startsWith(`| ${md(first)} |`));
  expect(line, `a row for ${first}`).toBeDefined();
  return line!
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

/** Every Markdown table (consecutive "|" lines) has as many cells in each row as in its header. */
function expectWellFormedTables(doc: string): void {
  const cells = (line: string) => line.slice(2, -2).split(/(?<!\\) \| /).length;
  let header = 0;
  for (const line of doc.split("\n")) {
    if (!line.startsWith("|")) {
      header = 0;
      continue;
    }
    expect(line.endsWith(" |"), line).toBe(true);
    if (header === 0) header = cells(line);
    else expect(cells(line), line).toBe(header);
  }
}

/** The HTML table row that contains `text` (escaped), as its cells' text. */
function htmlRow(page: string, text: string): string[] {
  const row = page.match(/<tr>.*?<\/tr>/g)?.find((r) => r.includes(`>${html(text)}<`));
  expect(row, `a row for ${text}`).toBeDefined();
  return [...row!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
}

const HEADLINES: Record<"tangshan" | "classroom", string[]> = {
  tangshan: [
    "¥8.59 bn", // vouchers issued
    "¥8,590,830,000.00",
    "2,468",
    "5,863", // split pieces
    "¥2.36 bn",
    "¥1.80 bn", // financed
    "3.65%",
    "365.43 bp",
    "¥5.73 bn", // cleared
    "¥2.86 bn", // outstanding
    "6,425", // loans
    "¥4.59 bn",
    "1.70%", // non-performing
    "169.98 bp",
    "53,655", // e-CNY payments
    "¥23.23 bn",
    "¥3.72 bn", // rural rights valued
    "¥3,718,783,000.00",
    "1,247", // participants
    "1.20 pp", // cheaper than the benchmark
    "3.17 days", // conventional scheduled payments
    "10,044,344,938", // gas
  ],
  classroom: [
    "¥68.22 m",
    "¥68,220,000.00",
    "¥22.17 m",
    "3.67%",
    "367.49 bp",
    "¥39.98 m",
    "¥3.65 m",
    "13.15%",
    "1315.06 bp",
    "177",
    "¥115.56 m",
    "¥34.84 m",
    "1.18 pp",
    "27",
  ],
};

describe("the Markdown and HTML reports", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const name of ["tangshan", "classroom"] as const) {
    it(`shows the ${name} run's headline numbers exactly in both formats`, () => {
      const report = fixture(name);
      const doc = renderMarkdown(report);
      const page = renderHtml(report);
      for (const figure of HEADLINES[name]) {
        expect(doc, `report.md shows ${figure}`).toContain(figure);
        expect(page, `report.html shows ${figure}`).toContain(html(figure));
      }
      expect(doc.startsWith(`# ${md(report.title)}\n`)).toBe(true);
      expect(page).toContain(`<title>${html(report.title)}</title>`);
      for (const text of [report.scenario, `${report.horizon.start} → ${report.horizon.end}`]) {
        expect(doc).toContain(md(text));
        expect(page).toContain(html(text));
      }
    });

    it(`lists the ${name} run's vouchers, tiers, months and lenders as table rows`, () => {
      const report = fixture(name);
      const rc = report.volumes.receivables;
      const doc = renderMarkdown(report);
      const page = renderHtml(report);
      expect(mdRow(doc, "Issued (确权)").slice(0, 4)).toEqual([
        "Issued (确权)",
        rc.issued.count.toLocaleString("en-US"),
        expect.stringMatching(/^¥/),
        formatExact(rc.issued.amountFen),
      ]);
      expect(htmlRow(page, "Issued (确权)")[3]).toBe(formatExact(rc.issued.amountFen));
      for (const m of rc.byMonth) expect(mdRow(doc, m.month)).toHaveLength(5);
      for (const t of rc.byTier)
        expect(mdRow(doc, `Tier ${t.tier} (${["", "一", "二", "三"][t.tier]}级供应商)`)[1]).toBe(
          t.tokens.toLocaleString("en-US"),
        );
      expectWellFormedTables(doc);
      for (const l of report.volumes.loans.byLender) {
        expect(mdRow(doc, l.lender)[3]).toBe(formatExact(l.amountFen));
        expect(htmlRow(page, l.lender)[3]).toBe(formatExact(l.amountFen));
      }
    });

    it(`lists every calibration row of the ${name} run with target, simulated value, deviation and verdict`, () => {
      const report = fixture(name);
      const doc = renderMarkdown(report);
      const page = renderHtml(report);
      expect(report.calibration.length).toBeGreaterThan(0);
      for (const c of report.calibration) {
        const deviation = `${c.deviation > 0 ? "+" : c.deviation < 0 ? "-" : ""}${(Math.abs(c.deviation) * 100).toFixed(2)}%`;
        const value = (x: string) => (c.unit === "fen" ? formatShort(x) : `${x} bp`);
        const row = mdRow(doc, c.label);
        expect(row[1]).toContain(value(c.target));
        expect(row[2]).toContain(value(c.simulated));
        expect(row[3]).toBe(deviation);
        expect(row[4]).toBe(`±${c.tolerance * 100}%`);
        expect(row[5]).toBe(c.within ? "✓" : "✗");
        const cells = htmlRow(page, c.label);
        expect(cells[1]).toContain(html(value(c.target)));
        expect(cells[2]).toContain(html(value(c.simulated)));
        expect(cells[3]).toBe(deviation);
        expect(cells[5]).toBe(c.within ? "✓" : "✗");
      }
    });

    it(`lists every reconciliation check of the ${name} run with its verdict and detail`, () => {
      const report = fixture(name);
      const doc = renderMarkdown(report);
      const page = renderHtml(report);
      for (const c of report.checks) {
        const line = doc.split("\n").find((l) => l.includes(`| ${md(c.name)} |`));
        expect(line).toBe(`| ${c.holds ? "✓" : "✗"} | ${md(c.name)} | ${md(c.detail)} |`);
        expect(htmlRow(page, c.name)).toEqual([c.holds ? "✓" : "✗", html(c.name), html(c.detail)]);
      }
    });
  }

  it("writes report.html as one self-contained page: no scripts, links, fonts or images from elsewhere", () => {
    for (const name of ["tangshan", "classroom"] as const) {
      const page = renderHtml(fixture(name));
      expect(page.startsWith("<!doctype html>")).toBe(true);
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/<link/i);
      expect(page).not.toMatch(/https?:\/\//i);
      expect(page).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
      expect(page).not.toMatch(/<img|<iframe|<object|<embed|@import|url\(|@font-face|\ssrc=/i);
      expect(page).not.toMatch(/NaN|Infinity|undefined/);
      expect(page.match(/<style>/g)).toHaveLength(1);
      expect(page.match(/<svg /g)!.length).toBe(page.match(/<\/svg>/g)!.length);
    }
  });

  it("draws the monthly, flow, tier, lender, purpose, latency and calibration charts", () => {
    const report = fixture("tangshan");
    const page = renderHtml(report);
    for (const label of [
      "Vouchers by month",
      "Voucher value: issued",
      "Value created at each supplier tier",
      "Loans disbursed by lender type",
      "Loans disbursed by purpose",
      "Delay between delivery and payment",
      "Calibration: simulated figures",
    ]) {
      expect(page).toMatch(new RegExp(`<svg [^>]*aria-label="${label}`));
    }
    for (const m of report.volumes.receivables.byMonth) {
      expect(page).toContain(`<title>${m.month} · Issued 确权: ${formatShort(m.issuedFen)}</title>`);
      expect(page).toContain(`<title>${m.month} · Financed 保理: ${formatShort(m.financedFen)}</title>`);
    }
    expect(page).toContain("baseline 3 days (传统结算)");
    expect(page).toContain("Issued (确权) → Financed by banks (保理): ¥1.80 bn");
  });

  it("escapes names, titles and details that contain markup, quotes and table pipes", () => {
    const report = fixture("classroom");
    const evil = {
      title: `<script>alert("pwned")</script> & 'Co'`,
      scenario: `x"><img src=x onerror=alert(1)>`,
      lender: `Evil <b>Bank</b> | "quoted" & 'single'`,
      product: `</td></tr></table><iframe src=//evil.example>`,
      check: `<style>body{display:none}</style>`,
      label: `<svg onload=alert(1)> *bold* _under_ [link](javascript:x)`,
      contract: `</style><script>steal()</script>`,
    };
    report.title = evil.title;
    report.scenario = evil.scenario;
    report.volumes.loans.byLender[0].lender = evil.lender;
    report.volumes.loans.byProduct[0].product = evil.product;
    report.volumes.loans.byProduct[0].lender = evil.lender;
    report.checks[0].name = evil.check;
    report.checks[0].detail = evil.label;
    report.calibration[0].label = evil.label;
    report.chain.contracts[evil.contract] = "0x0000000000000000000000000000000000000000";
    report.participants.byRole[evil.lender] = 1;
    report.volumes.receivables.heldByRole[evil.lender] = "100";
    report.volumes.loans.byLenderType[evil.lender] = { count: 1, amountFen: "100" };

    const page = renderHtml(report);
    for (const raw of Object.values(evil)) expect(page).not.toContain(raw);
    expect(page).not.toMatch(/<script|<img|<iframe|<b>|<svg onload/);
    expect(page).not.toMatch(/<a [^>]*href="(?!#)/);
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    expect(page).toContain(`<title>${html(evil.title)}</title>`);
    expect(page).toContain(`<h1>${html(evil.title)}</h1>`);
    for (const text of Object.values(evil)) expect(page).toContain(html(text));

    const doc = renderMarkdown(report);
    expect(doc).not.toMatch(/(?<!\\)<(script|img|iframe|b>|svg|style|\/)/); // every "<" is escaped as "\<"
    expect(doc.startsWith(`# ${md(evil.title)}\n`)).toBe(true);
    for (const text of Object.values(evil)) expect(doc).toContain(md(text));
    // the pipe in the lender's name does not add a column to the rows it is in
    expect(doc).toContain(`| ${md(evil.lender)} | 1 |`);
    expectWellFormedTables(doc);
  });

  it("gives the same output for the same report, whatever the clock says, and leaves the report unchanged", () => {
    const report = fixture("tangshan");
    const before = JSON.stringify(report);
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2001-02-03T04:05:06Z"));
    const doc1 = renderMarkdown(report);
    const page1 = renderHtml(report);
    vi.setSystemTime(new Date("2039-12-31T23:59:59Z"));
    const doc2 = renderMarkdown(structuredClone(report));
    const page2 = renderHtml(structuredClone(report));
    expect(doc2).toBe(doc1);
    expect(page2).toBe(page1);
    expect(JSON.stringify(report)).toBe(before);
    for (const out of [doc1, page1]) {
      expect(out).not.toContain("2001-02-03");
      expect(out).not.toContain("2039");
    }
  });

  it("marks the run timings as the only part that varies between runs, and has no timestamp without them", () => {
    const report = fixture("tangshan");
    const doc = renderMarkdown(report);
    const page = renderHtml(report);
    expect(doc).toContain(
      "## Run (运行)\n\nWall-clock timings of this run on its machine: the only part of the report that varies",
    );
    expect(page).toContain('<section id="run" class="run">');
    for (const out of [doc, page]) expect(out.split(report.run!.startedAt)).toHaveLength(2);

    const { run: _run, ...stable } = report;
    const doc2 = renderMarkdown(stable);
    const page2 = renderHtml(stable);
    for (const out of [doc2, page2]) {
      expect(out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
      expect(out).not.toContain("Wall-clock");
    }
  });

  it("says how long pay on delivery took when it was not immediate", () => {
    const report = fixture("classroom");
    report.volumes.payments.payOnDelivery.latency = {
      medianSeconds: 90,
      p95Seconds: 5_400,
      maxSeconds: 7_200,
      baselineSeconds: 259_200,
    };
    const doc = renderMarkdown(report);
    expect(doc).toContain(
      "a median 90 s after delivery (95th percentile 90 min), against a conventional baseline of 3 days",
    );
    expect(mdRow(doc, "Pay on delivery: delivery → payment")).toEqual([
      "Pay on delivery: delivery → payment",
      "90 s",
      "90 min",
      "2 h",
    ]);
    expect(renderHtml(report)).toContain("90 s after delivery vs 3 days");
  });

  it("renders a run where nothing happened without failing or printing NaN", () => {
    const report = emptyReport();
    const doc = renderMarkdown(report);
    const page = renderHtml(report);
    for (const out of [doc, page]) {
      expect(out).not.toMatch(/NaN|Infinity|undefined|null/);
      expect(out).toContain("No receivable vouchers were issued.");
    }
    expect(doc).toContain("This run has no calibration targets");
  });
});

function formatShort(fen: string): string {
  const units: [bigint, string][] = [
    [100_000_000_000n, "bn"],
    [100_000_000n, "m"],
    [100_000n, "k"],
  ];
  const abs = BigInt(fen);
  for (const [size, unit] of units) {
    if (abs >= size) {
      const h = (abs * 100n + size / 2n) / size;
      return `¥${h / 100n}.${(h % 100n).toString().padStart(2, "0")} ${unit}`;
    }
  }
  return formatExact(fen);
}

function formatExact(fen: string): string {
  const f = BigInt(fen);
  return `¥${(f / 100n).toLocaleString("en-US")}.${(f % 100n).toString().padStart(2, "0")}`;
}

/** A report of a run in which nothing happened (every figure zero, every list empty). */
function emptyReport(): Report {
  const zero = { count: 0, amountFen: "0" };
  const r = fixture("classroom");
  r.participants = { total: 0, byRole: {} };
  r.volumes = {
    receivables: {
      issued: zero,
      split: zero,
      transferred: zero,
      financed: { ...zero, discountFen: "0", averageRateBps: "0.00" },
      cleared: { ...zero, vouchers: 0 },
      outstanding: zero,
      overdue: zero,
      defaulted: zero,
      recourse: zero,
      byTier: [],
      byMonth: [],
      heldByRole: {},
    },
    loans: {
      disbursed: zero,
      repaid: zero,
      outstanding: zero,
      defaulted: zero,
      interestPaidFen: "0",
      guaranteed: { ...zero, feesFen: "0" },
      byLenderType: {},
      byLender: [],
      byPurpose: {},
      byProduct: [],
      riskSharing: { loans: 0, lossFen: "0", nationalFen: "0", provincialFen: "0", lenderFen: "0", guarantorFen: "0" },
      recoveredFen: "0",
      writtenOffFen: "0",
      graceGranted: 0,
      nonPerformingRatioBps: "0.00",
    },
    payments: {
      ecny: { transfers: zero, issuedFen: "0", redeemedFen: "0", supplyFen: "0", wallets: 0 },
      payOnDelivery: {
        locked: zero,
        released: zero,
        refunded: zero,
        open: zero,
        latency: { medianSeconds: 0, p95Seconds: 0, maxSeconds: 0, baselineSeconds: 259_200 },
      },
      scheduled: { ...zero, released: zero, latency: { medianSeconds: 0, p95Seconds: 0 } },
    },
    pledges: {
      rightsRegistered: zero,
      byKind: [],
      rightsValued: zero,
      liens: 0,
      pledgeLoans: zero,
      warehouseReceipts: zero,
      disposals: { ...zero, surplusFen: "0", heldFen: "0" },
    },
  };
  r.financingCost = { averageDiscountRateBps: "0.00", benchmarkBps: 0, spreadBps: "0.00" };
  r.calibration = [];
  r.checks = [];
  r.chain = { blocks: 0, transactions: 0, gasUsed: "0", reverted: 0, contracts: {} };
  delete r.run;
  return r;
}
