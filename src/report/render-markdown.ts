import { formatYuan, formatYuanShort } from "../domain/money.js";
import { formatBps } from "../domain/rates.js";
import { ROLE_LABELS, ROLES } from "../domain/roles.js";
import type { Report, Volume } from "./build.js";

/*
 * The report as a document: the narrative, the sections and their tables, built once from a
 * `Report` and rendered by `renderMarkdown` (report.md) and `renderHtml` (report.html, which adds
 * the charts). Cells are plain, unescaped text: each renderer escapes for its own format.
 * Money stays a decimal string of fen until it is formatted (bigint arithmetic only).
 */

// ── formatting ────────────────────────────────────────────────────────────────────────────────

/** Groups the digits of an integer written in decimal: "-1234567" → "-1,234,567". */
export function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A count with thousands separators: 53655 → "53,655". */
export function fmtCount(n: number): string {
  return Number.isSafeInteger(n) ? groupDigits(String(n)) : String(n);
}

/** Fen (decimal string) in the compact form: "859083000000" → "¥8.59 bn". */
export function fmtMoney(fen: string): string {
  return formatYuanShort(BigInt(fen));
}

/** Fen (decimal string) to the fen: "859083000000" → "¥8,590,830,000.00". */
export function fmtExact(fen: string): string {
  return formatYuan(BigInt(fen));
}

/** "365.43" (basis points with two decimals) → 36543n; undefined if the text is not such a number. */
function hundredthsOfBp(bps: string): bigint | undefined {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(bps.trim());
  if (!m) return undefined;
  const abs = BigInt(m[2]) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -abs : abs;
}

/** Basis points (decimal string) as a percent rounded half up to 0.01%: "365.43" → "3.65%". */
export function fmtRate(bps: string | number): string {
  const h = hundredthsOfBp(String(bps));
  if (h === undefined) return `${bps} bp`;
  const abs = h < 0n ? -h : h;
  const rounded = (abs + 50n) / 100n;
  return formatBps(h < 0n ? -rounded : rounded);
}

/** Basis points (decimal string) as percentage points: "119.57" → "1.20 pp". */
export function fmtPoints(bps: string | number): string {
  return fmtRate(bps).replace(/%$/, " pp");
}

/** Basis points as written in the report: "365.43" → "365.43 bp". */
export function fmtBp(bps: string | number): string {
  return `${bps} bp`;
}

/** part / total as a percent with one decimal (bigint arithmetic, half up): "78.7%". */
export function fmtShare(part: bigint, total: bigint): string {
  if (total <= 0n) return "—";
  const permille = (part * 1000n + total / 2n) / total;
  return `${permille / 10n}.${permille % 10n}%`;
}

/** A relative deviation: -0.0572 → "-5.72%", 0.0624 → "+6.24%". */
export function fmtDeviation(deviation: number): string {
  const pct = (Math.abs(deviation) * 100).toFixed(2);
  return `${deviation > 0 ? "+" : deviation < 0 && pct !== "0.00" ? "-" : ""}${pct}%`;
}

/** A tolerance: 0.05 → "±5%". */
export function fmtTolerance(tolerance: number): string {
  return `±${Number((tolerance * 100).toFixed(2))}%`;
}

/** A duration in seconds for people: 0 → "0 s", 5400 → "1.5 h", 259200 → "3 days", 273600 → "3.17 days". */
export function fmtDuration(seconds: number): string {
  const trim = (x: string) => x.replace(/0+$/, "").replace(/\.$/, "");
  if (seconds < 120) return `${fmtCount(Math.round(seconds))} s`;
  if (seconds < 7_200) return `${trim((seconds / 60).toFixed(1))} min`;
  if (seconds < 172_800) return `${trim((seconds / 3_600).toFixed(1))} h`;
  return `${trim((seconds / 86_400).toFixed(2))} days`;
}

/** A count and its noun: (1, "voucher") → "1 voucher", (2468, "voucher") → "2,468 vouchers". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${fmtCount(n)} ${n === 1 ? noun : nouns}`;
}

/** A value in a calibration row, in the row's unit. */
export function fmtCalibrationValue(unit: "fen" | "bps", value: string): string {
  return unit === "fen" ? fmtMoney(value) : `${fmtBp(value)} (${fmtRate(value)})`;
}

// ── labels (English with the practitioners' Chinese) ───────────────────────────────────────

const ROLE_TEXT = ROLE_LABELS as Record<string, { en: string; zh: string } | undefined>;

/** "OperatorBank" → { en: "operator bank", zh: "运营银行" }; unknown roles keep their name. */
export function roleLabel(role: string): { en: string; zh: string } {
  return ROLE_TEXT[role] ?? { en: role, zh: "" };
}

/** "operator bank (运营银行)", capitalised. */
export function roleText(role: string): string {
  const l = roleLabel(role);
  return withZh(capitalise(l.en), l.zh);
}

const PURPOSES: Record<string, { en: string; zh: string }> = {
  Agricultural: { en: "agricultural", zh: "涉农贷款" },
  WorkingCapital: { en: "working capital", zh: "流动资金贷款" },
  Equipment: { en: "equipment upgrade", zh: "设备更新贷款" },
  OrderFinancing: { en: "order financing", zh: "订单融资" },
  InventoryPledge: { en: "inventory pledge", zh: "存货质押" },
  Unknown: { en: "unknown product", zh: "" },
};

/** "WorkingCapital" → "Working capital (流动资金贷款)". */
export function purposeText(purpose: string): string {
  const l = PURPOSES[purpose] ?? { en: purpose, zh: "" };
  return withZh(capitalise(l.en), l.zh);
}

const KINDS: Record<string, { en: string; zh: string }> = {
  LandManagement: { en: "land management right", zh: "土地经营权" },
  Forest: { en: "forest right", zh: "林权" },
  Aquaculture: { en: "aquaculture right", zh: "水域滩涂养殖权" },
  WarehouseReceipt: { en: "warehouse receipt", zh: "仓单" },
};

/** "Forest" → "Forest right (林权)". */
export function kindText(kind: string): string {
  const l = KINDS[kind] ?? { en: kind, zh: "" };
  return withZh(capitalise(l.en), l.zh);
}

const TIER_ZH = ["", "一级供应商", "二级供应商", "三级供应商", "四级供应商", "五级供应商"];

/** 2 → "Tier 2 (二级供应商)". */
export function tierText(tier: number): string {
  return withZh(`Tier ${tier}`, TIER_ZH[tier] ?? `${tier}级供应商`);
}

function withZh(en: string, zh: string): string {
  return zh ? `${en} (${zh})` : en;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Roles in the order of the consortium's role enum, unknown ones after, by name. */
export function sortRoles(roles: string[]): string[] {
  const order = (r: string) => {
    const i = (ROLES as readonly string[]).indexOf(r);
    return i < 0 ? ROLES.length : i;
  };
  return [...roles].sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Roles whose holdings are "financed by banks" in the voucher flow (banks and factors). */
export const FINANCIER_ROLES = ["OperatorBank", "MicroLender"];

const sumFen = (values: string[]) => values.reduce((s, v) => s + BigInt(v), 0n);

// ── the document ──────────────────────────────────────────────────────────────────────────────

export interface DocColumn {
  head: string;
  align?: "left" | "right" | "center";
  /** Secondary column (the exact amounts): shown smaller in the HTML page. */
  muted?: boolean;
}

export interface DocTable {
  id: string;
  title: string;
  columns: DocColumn[];
  rows: string[][];
  /** Closing rows (totals). */
  foot?: string[][];
  note?: string;
  /** Spans the whole width of the HTML page. */
  wide?: boolean;
}

export interface DocSection {
  id: string;
  title: string;
  zh: string;
  intro?: string;
  tables: DocTable[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  meta: { label: string; value: string }[];
  narrative: string[];
  sections: DocSection[];
  footer: string;
}

const left = (head: string): DocColumn => ({ head });
const right = (head: string): DocColumn => ({ head, align: "right" });
const center = (head: string): DocColumn => ({ head, align: "center" });
const exactCol: DocColumn = { head: "Exact", align: "right", muted: true };
const DASH = "—";

/** ✓ or ✗. */
export const mark = (ok: boolean) => (ok ? "✓" : "✗");

const volumeColumns = (first: string) => [left(first), right("Count"), right("Amount"), exactCol, left("Note")];
/** Label, count, amount, exact amount. */
const volumeCells = (label: string, v: Volume) => [
  label,
  fmtCount(v.count),
  fmtMoney(v.amountFen),
  fmtExact(v.amountFen),
];
/** Label, count, amount, exact amount, note. */
const volumeRow = (label: string, v: Volume, note: string) => [...volumeCells(label, v), note];
/** An amount without a count. */
const amountCells = (label: string, fen: string) => [label, DASH, fmtMoney(fen), fmtExact(fen)];

/** The "what happened" paragraphs, generated from the numbers. */
export function whatHappened(r: Report): string[] {
  const rc = r.volumes.receivables;
  const lo = r.volumes.loans;
  const pay = r.volumes.payments;
  const pl = r.volumes.pledges;
  const paragraphs: string[] = [];

  const cores = r.participants.byRole.CoreEnterprise ?? 0;
  const deepest = rc.byTier.at(-1);
  let p = `Over ${plural(r.horizon.days, "day")} from ${r.horizon.start} to ${r.horizon.end}, ${plural(r.participants.total, "participant")} worked on one consortium chain.`;
  if (rc.issued.count > 0) {
    p += ` ${cores > 0 ? `${plural(cores, "core enterprise")} confirmed (确权)` : "Core enterprises confirmed (确权)"} ${plural(rc.issued.count, "receivable voucher")} worth ${fmtMoney(rc.issued.amountFen)}.`;
    if (rc.split.count > 0) {
      p += ` Holders split (拆分) ${fmtMoney(rc.split.amountFen)} of them down the chain in ${plural(rc.split.count, "piece")}`;
      p +=
        deepest && deepest.tier > 1
          ? `, reaching tier ${deepest.tier} (${plural(deepest.holders, "holder")} there).`
          : ".";
    }
    if (rc.financed.count > 0) {
      p += ` ${fmtMoney(rc.financed.amountFen)} was sold to financiers (保理) in ${plural(rc.financed.count, "piece")} at an average ${fmtRate(rc.financed.averageRateBps)}`;
      p +=
        r.financingCost.benchmarkBps > 0
          ? `, ${fmtPoints(r.financingCost.spreadBps).replace(" pp", " percentage points")} ${hundredthsOfBp(r.financingCost.spreadBps)! >= 0n ? "below" : "above"} the ${fmtRate(r.financingCost.benchmarkBps)} working-capital benchmark.`
          : ".";
    }
    p += ` At maturity ${fmtMoney(rc.cleared.amountFen)} was cleared (清分) to the holders of ${plural(rc.cleared.count, "token")}; ${fmtMoney(rc.outstanding.amountFen)} on ${plural(rc.outstanding.count, "voucher")} was still outstanding at the end`;
    const troubles: string[] = [];
    if (rc.overdue.count > 0)
      troubles.push(`${plural(rc.overdue.count, "voucher")} overdue (逾期, ${fmtMoney(rc.overdue.amountFen)})`);
    if (rc.defaulted.count > 0)
      troubles.push(`${plural(rc.defaulted.count, "voucher")} defaulted (违约, ${fmtMoney(rc.defaulted.amountFen)})`);
    if (rc.recourse.count > 0)
      troubles.push(`recourse (追索) exercised on ${plural(rc.recourse.count, "financed piece")}`);
    p += troubles.length ? `; ${troubles.join(", ")}.` : ", with nothing overdue or defaulted.";
  } else {
    p += " No receivable vouchers were issued.";
  }
  paragraphs.push(p);

  if (lo.disbursed.count > 0) {
    const types = Object.entries(lo.byLenderType)
      .sort(([, a], [, b]) =>
        BigInt(b.amountFen) > BigInt(a.amountFen) ? 1 : BigInt(b.amountFen) < BigInt(a.amountFen) ? -1 : 0,
      )
      .map(([type, v]) => `${roleLabel(type).en} ${fmtMoney(v.amountFen)}`);
    let q = `Lenders disbursed (放款) ${plural(lo.disbursed.count, "loan")} worth ${fmtMoney(lo.disbursed.amountFen)}${types.length ? ` (${types.join(", ")})` : ""}; ${plural(lo.repaid.count, "loan")} ${lo.repaid.count === 1 ? "was" : "were"} repaid in full and ${fmtMoney(lo.outstanding.amountFen)} was still owed at the end.`;
    q += ` ${plural(lo.defaulted.count, "loan")} defaulted (${fmtMoney(lo.defaulted.amountFen)}), a non-performing ratio (不良率) of ${fmtRate(lo.nonPerformingRatioBps)}`;
    const after: string[] = [];
    if (lo.riskSharing.loans > 0)
      after.push(
        `${plural(lo.riskSharing.loans, "loss", "losses")} shared under the 4321 rule (${fmtMoney(lo.riskSharing.lossFen)})`,
      );
    if (BigInt(lo.recoveredFen) > 0n) after.push(`${fmtMoney(lo.recoveredFen)} recovered`);
    if (BigInt(lo.writtenOffFen) > 0n) after.push(`${fmtMoney(lo.writtenOffFen)} written off`);
    q += after.length ? `; ${after.join(", ")}.` : ".";
    if (lo.graceGranted > 0)
      q += ` ${plural(lo.graceGranted, "grace period")} (弹性还款) ${lo.graceGranted === 1 ? "was" : "were"} granted instead of calling a loan.`;
    paragraphs.push(q);
  }

  const pod = pay.payOnDelivery;
  let e = `${plural(pay.ecny.transfers.count, "e-CNY payment")} (数字人民币) moved ${fmtMoney(pay.ecny.transfers.amountFen)} between ${plural(pay.ecny.wallets, "wallet")}.`;
  if (pod.locked.count > 0) {
    const median = pod.latency.medianSeconds;
    e += ` Pay on delivery (货到自动付款) released ${plural(pod.released.count, "order")} (${fmtMoney(pod.released.amountFen)}) ${median === 0 ? "at the moment of delivery (median 0 s, 95th percentile" : `a median ${fmtDuration(median)} after delivery (95th percentile`} ${fmtDuration(pod.latency.p95Seconds)}), against a conventional baseline of ${fmtDuration(pod.latency.baselineSeconds)}`;
    e +=
      pay.scheduled.released.count > 0
        ? `; conventional scheduled payments took a median ${fmtDuration(pay.scheduled.latency.medianSeconds)}.`
        : ".";
  }
  if (pl.rightsValued.count > 0) {
    e += ` ${plural(pl.rightsValued.count, "rural right")} (农村产权) ${pl.rightsValued.count === 1 ? "was" : "were"} valued on chain at ${fmtMoney(pl.rightsValued.amountFen)} and backed ${plural(pl.pledgeLoans.count, "pledge loan")} (${fmtMoney(pl.pledgeLoans.amountFen)}).`;
    if (pl.disposals.count > 0) {
      e += ` After defaults, ${plural(pl.disposals.count, "pledged right")} ${pl.disposals.count === 1 ? "was" : "were"} sold (处置) for ${fmtMoney(pl.disposals.amountFen)}, leaving ${fmtMoney(pl.disposals.surplusFen)} of surplus to the borrowers`;
      e +=
        pl.disposals.heldFen === "0"
          ? "."
          : ` (${fmtMoney(pl.disposals.heldFen)} of it still held by the loan book until their capped wallets have room).`;
    }
  }
  paragraphs.push(e);

  const within = r.calibration.filter((c) => c.within);
  const outside = r.calibration.filter((c) => !c.within);
  const holding = r.checks.filter((c) => c.holds).length;
  let c = r.calibration.length
    ? `Calibration: ${fmtCount(within.length)} of ${plural(r.calibration.length, "target")} within tolerance${outside.length ? ` (outside: ${outside.map((x) => `${x.label} ${fmtDeviation(x.deviation)}`).join("; ")})` : ""}.`
    : "No calibration targets for this run.";
  c +=
    r.checks.length === 0
      ? " No reconciliation checks were run."
      : holding === r.checks.length
        ? ` All ${plural(r.checks.length, "reconciliation check")} hold.`
        : ` ${fmtCount(r.checks.length - holding)} of ${plural(r.checks.length, "reconciliation check")} did not hold: ${r.checks
            .filter((x) => !x.holds)
            .map((x) => x.name)
            .join("; ")}.`;
  paragraphs.push(c);
  return paragraphs;
}

/** The report as a document of sections and tables (shared by the Markdown and HTML renderers). */
export function reportDocument(r: Report): ReportDocument {
  const rc = r.volumes.receivables;
  const lo = r.volumes.loans;
  const pay = r.volumes.payments;
  const pl = r.volumes.pledges;
  const sections: DocSection[] = [];

  // participants
  const roles = sortRoles(Object.keys(r.participants.byRole));
  sections.push({
    id: "participants",
    title: "Participants",
    zh: "联盟成员",
    intro: `${plural(r.participants.total, "member")} of the consortium, one account each on the chain.`,
    tables: [
      {
        id: "participants.byRole",
        title: "Members by role",
        columns: [left("Role"), right("Members"), right("Share")],
        rows: roles.map((role) => [
          roleText(role),
          fmtCount(r.participants.byRole[role]),
          fmtShare(BigInt(r.participants.byRole[role]), BigInt(r.participants.total)),
        ]),
        foot: [["Total", fmtCount(r.participants.total), ""]],
      },
    ],
  });

  // receivable vouchers
  const monthTotal = (k: "issuedFen" | "splitFen" | "financedFen" | "clearedFen") =>
    fmtMoney(sumFen(rc.byMonth.map((m) => m[k])).toString());
  const held = sortRoles(Object.keys(rc.heldByRole));
  const heldTotal = sumFen(held.map((k) => rc.heldByRole[k]));
  sections.push({
    id: "receivables",
    title: "Receivable vouchers",
    zh: "应收账款电子凭证",
    intro:
      "Core enterprises confirm what they owe as vouchers; holders split them down the supply chain, sell pieces to banks, or hold them to maturity, when the platform clears the money to every holder.",
    tables: [
      {
        id: "receivables.lifecycle",
        title: "Lifecycle",
        wide: true,
        columns: volumeColumns("Stage"),
        rows: [
          volumeRow(
            "Issued (确权)",
            rc.issued,
            "vouchers confirmed by core enterprises and accepted by tier-1 suppliers",
          ),
          volumeRow("Split (拆分)", rc.split, "pieces passed down to lower-tier suppliers"),
          volumeRow("Transferred (流转)", rc.transferred, "tokens moved whole to another holder"),
          volumeRow(
            "Financed (保理)",
            rc.financed,
            `pieces sold to financiers at an average ${fmtRate(rc.financed.averageRateBps)} (${fmtBp(rc.financed.averageRateBps)}); discount ${fmtMoney(rc.financed.discountFen)}`,
          ),
          volumeRow(
            "Cleared (清分)",
            rc.cleared,
            `tokens paid at maturity; ${plural(rc.cleared.vouchers, "voucher")} fully cleared`,
          ),
          volumeRow("Outstanding (未结清)", rc.outstanding, "open vouchers: face not yet paid out"),
          volumeRow("Overdue (逾期)", rc.overdue, "active vouchers past maturity at the end"),
          volumeRow("Defaulted (违约)", rc.defaulted, "vouchers whose payer defaulted"),
          volumeRow("Recourse (追索)", rc.recourse, "financed pieces on which the financier exercised recourse"),
        ],
      },
      {
        id: "receivables.byTier",
        title: "Penetration by tier (穿透)",
        columns: [left("Tier"), right("Tokens"), right("Holders"), right("Value"), exactCol],
        rows: rc.byTier.map((t) => [
          tierText(t.tier),
          fmtCount(t.tokens),
          fmtCount(t.holders),
          fmtMoney(t.amountFen),
          fmtExact(t.amountFen),
        ]),
        note: "Value is the sum of the initial values of the tokens created at each tier; a piece split or financed within a tier counts again, so the tiers do not add up to the amount issued.",
      },
      {
        id: "receivables.heldByRole",
        title: "Held at the end, by role",
        columns: [left("Role"), right("Value held"), exactCol, right("Share")],
        rows: held.map((role) => [
          roleText(role),
          fmtMoney(rc.heldByRole[role]),
          fmtExact(rc.heldByRole[role]),
          fmtShare(BigInt(rc.heldByRole[role]), heldTotal),
        ]),
        foot: [["Total", fmtMoney(heldTotal.toString()), fmtExact(heldTotal.toString()), ""]],
      },
      {
        id: "receivables.byMonth",
        title: "By month (Beijing time)",
        wide: true,
        columns: [
          left("Month"),
          right("Issued (确权)"),
          right("Split (拆分)"),
          right("Financed (保理)"),
          right("Cleared (清分)"),
        ],
        rows: rc.byMonth.map((m) => [
          m.month,
          fmtMoney(m.issuedFen),
          fmtMoney(m.splitFen),
          fmtMoney(m.financedFen),
          fmtMoney(m.clearedFen),
        ]),
        foot: [
          [
            "Total",
            monthTotal("issuedFen"),
            monthTotal("splitFen"),
            monthTotal("financedFen"),
            monthTotal("clearedFen"),
          ],
        ],
      },
    ],
  });

  // loans
  const disbursed = BigInt(lo.disbursed.amountFen);
  const byAmount = <T>(entries: [string, T][], fen: (t: T) => string) =>
    [...entries].sort(([ka, a], [kb, b]) => {
      const d = BigInt(fen(b)) - BigInt(fen(a));
      return d > 0n ? 1 : d < 0n ? -1 : ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  const rs = lo.riskSharing;
  const loss = BigInt(rs.lossFen);
  const shareRow = (label: string, fen: string) => [label, fmtShare(BigInt(fen), loss), fmtMoney(fen), fmtExact(fen)];
  sections.push({
    id: "loans",
    title: "Loans",
    zh: "贷款",
    intro:
      "Banks and micro-loan companies lend on platform data and pledged rights; guarantors re-guarantee, and losses on guaranteed micro loans are shared by the 4321 rule.",
    tables: [
      {
        id: "loans.book",
        title: "Loan book",
        wide: true,
        columns: volumeColumns("Loans"),
        rows: [
          volumeRow("Disbursed (放款)", lo.disbursed, "principal lent"),
          volumeRow("Repaid (结清)", lo.repaid, "loans repaid in full (principal)"),
          volumeRow("Outstanding (在贷余额)", lo.outstanding, "principal still owed on active loans"),
          volumeRow(
            "Defaulted (违约)",
            lo.defaulted,
            `principal of defaulted loans; non-performing ratio ${fmtRate(lo.nonPerformingRatioBps)}`,
          ),
          volumeRow("Guaranteed (担保)", lo.guaranteed, `guarantee fees ${fmtMoney(lo.guaranteed.feesFen)}`),
        ],
      },
      {
        id: "loans.figures",
        title: "Key figures",
        columns: [left("Figure"), right("Value"), { head: "Detail", align: "right", muted: true }],
        rows: [
          ["Non-performing ratio (不良率)", fmtRate(lo.nonPerformingRatioBps), fmtBp(lo.nonPerformingRatioBps)],
          ["Interest paid (利息)", fmtMoney(lo.interestPaidFen), fmtExact(lo.interestPaidFen)],
          ["Guarantee fees (担保费)", fmtMoney(lo.guaranteed.feesFen), fmtExact(lo.guaranteed.feesFen)],
          ["Recovered after default (回收)", fmtMoney(lo.recoveredFen), fmtExact(lo.recoveredFen)],
          ["Written off (核销)", fmtMoney(lo.writtenOffFen), fmtExact(lo.writtenOffFen)],
          ["Grace periods granted (弹性还款)", fmtCount(lo.graceGranted), "instead of calling the loan"],
        ],
      },
      {
        id: "loans.riskSharing",
        title: `4321 risk sharing (风险分担): ${plural(rs.loans, "loss", "losses")}`,
        columns: [left("Party"), right("Share"), right("Amount"), exactCol],
        rows: [
          shareRow("National guarantee fund (国家融资担保基金)", rs.nationalFen),
          shareRow("Provincial re-guarantor (省级再担保)", rs.provincialFen),
          shareRow("Lending bank (贷款银行)", rs.lenderFen),
          shareRow("Local guarantor (地方担保机构)", rs.guarantorFen),
        ],
        foot: [["Losses shared", loss > 0n ? "100.0%" : DASH, fmtMoney(rs.lossFen), fmtExact(rs.lossFen)]],
        note: "The rule: national fund 20%, provincial re-guarantor 30%, lending bank 20%, local guarantor 30%.",
      },
      {
        id: "loans.byLenderType",
        title: "By lender type",
        columns: [left("Lender type"), right("Loans"), right("Amount"), right("Share")],
        rows: byAmount(Object.entries(lo.byLenderType), (v) => v.amountFen).map(([type, v]) => [
          roleText(type),
          fmtCount(v.count),
          fmtMoney(v.amountFen),
          fmtShare(BigInt(v.amountFen), disbursed),
        ]),
      },
      {
        id: "loans.byPurpose",
        title: "By purpose",
        columns: [left("Purpose"), right("Loans"), right("Amount"), right("Share")],
        rows: byAmount(Object.entries(lo.byPurpose), (v) => v.amountFen).map(([purpose, v]) => [
          purposeText(purpose),
          fmtCount(v.count),
          fmtMoney(v.amountFen),
          fmtShare(BigInt(v.amountFen), disbursed),
        ]),
      },
      {
        id: "loans.byLender",
        title: "By lender",
        wide: true,
        columns: [left("Lender"), right("Loans"), right("Amount"), exactCol, right("Share")],
        rows: lo.byLender.map((l) => [
          l.lender,
          fmtCount(l.count),
          fmtMoney(l.amountFen),
          fmtExact(l.amountFen),
          fmtShare(BigInt(l.amountFen), disbursed),
        ]),
      },
      {
        id: "loans.byProduct",
        title: "By product",
        wide: true,
        columns: [left("Product"), left("Lender"), right("Loans"), right("Amount"), exactCol],
        rows: lo.byProduct.map((p) => [
          p.product,
          p.lender,
          fmtCount(p.count),
          fmtMoney(p.amountFen),
          fmtExact(p.amountFen),
        ]),
      },
    ],
  });

  // e-CNY
  const pod = pay.payOnDelivery;
  const lat = pod.latency;
  sections.push({
    id: "ecny",
    title: "e-CNY payments",
    zh: "数字人民币",
    intro:
      "The central bank issues e-CNY to operator banks, which fund the participants' wallets. Pay on delivery locks the price in escrow and releases it when the delivery is confirmed on chain.",
    tables: [
      {
        id: "ecny.money",
        title: "Money",
        columns: [left("Line"), right("Count"), right("Amount"), exactCol],
        rows: [
          volumeCells("Payments between wallets (支付)", pay.ecny.transfers),
          amountCells("Issued to operator banks (发行)", pay.ecny.issuedFen),
          amountCells("Redeemed (回笼)", pay.ecny.redeemedFen),
          amountCells("In circulation at the end (流通)", pay.ecny.supplyFen),
          ["Wallets (钱包)", fmtCount(pay.ecny.wallets), DASH, DASH],
        ],
      },
      {
        id: "ecny.payOnDelivery",
        title: "Pay on delivery (货到自动付款)",
        columns: [left("Orders"), right("Count"), right("Amount"), exactCol],
        rows: [
          volumeCells("Locked in escrow (锁定)", pod.locked),
          volumeCells("Released on delivery (自动付款)", pod.released),
          volumeCells("Refunded (退款)", pod.refunded),
          volumeCells("Still open (未结)", pod.open),
        ],
      },
      {
        id: "ecny.latency",
        title: "Settlement latency",
        columns: [left("Settlement"), right("Median"), right("95th pct"), right("Max")],
        rows: [
          [
            "Pay on delivery: delivery → payment",
            fmtDuration(lat.medianSeconds),
            fmtDuration(lat.p95Seconds),
            fmtDuration(lat.maxSeconds),
          ],
          [
            "Conventional scheduled: agreed → paid",
            fmtDuration(pay.scheduled.latency.medianSeconds),
            fmtDuration(pay.scheduled.latency.p95Seconds),
            DASH,
          ],
          ["Conventional baseline (传统结算)", fmtDuration(lat.baselineSeconds), DASH, DASH],
        ],
      },
      {
        id: "ecny.scheduled",
        title: "Conventional scheduled payments (定期支付)",
        columns: [left("Payments"), right("Count"), right("Amount"), exactCol],
        rows: [volumeCells("Scheduled", pay.scheduled), volumeCells("Released", pay.scheduled.released)],
      },
    ],
  });

  // rural rights
  sections.push({
    id: "rural",
    title: "Rural property rights",
    zh: "农村产权抵押",
    intro:
      "Land management, forest and aquaculture rights (三权) are registered, appraised and pledged on chain; warehouse receipts are pledged the same way.",
    tables: [
      {
        id: "rural.summary",
        title: "Rights and pledges",
        columns: [left("Line"), right("Count"), right("Amount"), exactCol],
        rows: [
          volumeCells("Rural rights registered (确权登记)", pl.rightsRegistered),
          volumeCells("Valued on chain (评估)", pl.rightsValued),
          ["Liens registered (抵押登记)", fmtCount(pl.liens), DASH, DASH],
          volumeCells("Pledge loans (抵押贷款)", pl.pledgeLoans),
          volumeCells("Warehouse receipts (仓单)", pl.warehouseReceipts),
          volumeCells("Collateral sold after a default (处置)", pl.disposals),
          [
            "Surplus due to borrowers (余款)",
            DASH,
            fmtMoney(pl.disposals.surplusFen),
            fmtExact(pl.disposals.surplusFen),
          ],
          [
            "of which held by the loan book (代管)",
            DASH,
            fmtMoney(pl.disposals.heldFen),
            fmtExact(pl.disposals.heldFen),
          ],
        ],
      },
      {
        id: "rural.byKind",
        title: "By kind",
        columns: [left("Kind"), right("Rights"), right("Area (亩 mu)"), right("Valued"), exactCol],
        rows: pl.byKind.map((k) => [
          kindText(k.kind),
          fmtCount(k.count),
          k.kind === "WarehouseReceipt" ? DASH : groupDigits(k.areaMu),
          fmtMoney(k.valuedFen),
          fmtExact(k.valuedFen),
        ]),
      },
    ],
  });

  // financing cost
  const fc = r.financingCost;
  const spread = hundredthsOfBp(fc.spreadBps) ?? 0n;
  sections.push({
    id: "cost",
    title: "Financing cost",
    zh: "融资成本",
    tables: [
      {
        id: "cost.rates",
        title: "Voucher financing against the working-capital benchmark",
        columns: [left("Rate"), right("Percent"), right("Basis points")],
        rows: [
          [
            "Voucher financing, value-weighted average (凭证融资)",
            fmtRate(fc.averageDiscountRateBps),
            fmtBp(fc.averageDiscountRateBps),
          ],
          ["Working-capital loan benchmark (流动资金贷款)", fmtRate(fc.benchmarkBps), fmtBp(fc.benchmarkBps)],
          [
            spread >= 0n ? "Voucher financing is cheaper by" : "Voucher financing is dearer by",
            fmtPoints(fc.spreadBps.replace(/^-/, "")),
            fmtBp(fc.spreadBps.replace(/^-/, "")),
          ],
        ],
      },
    ],
  });

  // calibration
  const within = r.calibration.filter((c) => c.within).length;
  sections.push({
    id: "calibration",
    title: "Calibration",
    zh: "校准",
    intro: r.calibration.length
      ? `Simulated figures against the scenario's published targets: ${fmtCount(within)} of ${fmtCount(r.calibration.length)} within tolerance. "Fitted": \`scf calibrate\` fitted a structural parameter to the figure, so matching it is no evidence; "predicted": held out of the fit, an outcome of the model. Agents never read the targets.`
      : "This run has no calibration targets (a shortened or rescaled run drops them).",
    tables: r.calibration.length
      ? [
          {
            id: "calibration.rows",
            title: "Targets",
            wide: true,
            columns: [
              left("Metric"),
              right("Target"),
              right("Simulated"),
              right("Deviation"),
              right("Tolerance"),
              center("Within"),
              left("Role"),
            ],
            rows: r.calibration.map((c) => [
              c.label,
              fmtCalibrationValue(c.unit, c.target),
              fmtCalibrationValue(c.unit, c.simulated),
              fmtDeviation(c.deviation),
              fmtTolerance(c.tolerance),
              mark(c.within),
              c.role ?? "—",
            ]),
          },
        ]
      : [],
  });

  // checks
  const holding = r.checks.filter((c) => c.holds).length;
  sections.push({
    id: "checks",
    title: "Checks",
    zh: "对账检查",
    intro: `Reconciliations of the indexed chain state with itself and with the contracts: ${fmtCount(holding)} of ${fmtCount(r.checks.length)} hold.`,
    tables: [
      {
        id: "checks.rows",
        title: "Reconciliation",
        wide: true,
        columns: [center("Holds"), left("Check"), left("Detail")],
        rows: r.checks.map((c) => [mark(c.holds), c.name, c.detail]),
      },
    ],
  });

  // chain
  sections.push({
    id: "chain",
    title: "Chain",
    zh: "联盟链",
    tables: [
      {
        id: "chain.figures",
        title: "Figures",
        columns: [left("Figure"), right("Value")],
        rows: [
          ["Blocks", fmtCount(r.chain.blocks)],
          ["Transactions", fmtCount(r.chain.transactions)],
          ["Gas used", groupDigits(r.chain.gasUsed)],
          ["Reverted transactions", fmtCount(r.chain.reverted)],
        ],
      },
      {
        id: "chain.contracts",
        title: "Contracts",
        columns: [left("Contract"), left("Address")],
        rows: Object.entries(r.chain.contracts).map(([name, address]) => [name, address]),
      },
    ],
  });

  // run timings
  if (r.run) {
    const run = r.run;
    sections.push({
      id: "run",
      title: "Run",
      zh: "运行",
      intro:
        "Wall-clock timings of this run on its machine: the only part of the report that varies between runs of the same scenario and seed.",
      tables: [
        {
          id: "run.timings",
          title: "Timings",
          wide: true,
          columns: [left("Figure"), right("Value")],
          rows: [
            ["Started at", run.startedAt || DASH],
            ["Node.js", run.node],
            ["Deploy", `${run.deploySeconds.toFixed(1)} s`],
            ["Simulate", `${run.simulateSeconds.toFixed(1)} s`],
            ["Index", `${run.indexSeconds.toFixed(1)} s`],
            ["Total", `${run.totalSeconds.toFixed(1)} s`],
            ["Transactions simulated", fmtCount(run.transactions)],
            ["Throughput", `${fmtCount(Math.round(run.txPerSecond))} tx/s`],
            ["Peak memory", `${fmtCount(run.peakRssMb)} MB`],
            ...(run.peakHeapMb !== undefined
              ? [["of which the JavaScript heap (peak)", `${fmtCount(run.peakHeapMb)} MB`]]
              : []),
            ...(run.profile
              ? [
                  ["Simulate: chain mining blocks", `${run.profile.miningSeconds.toFixed(1)} s`],
                  ["Simulate: handing transactions over (JSON-RPC)", `${run.profile.submitSeconds.toFixed(1)} s`],
                  ["Simulate: reading receipts (JSON-RPC)", `${run.profile.receiptsSeconds.toFixed(1)} s`],
                  ["Simulate: agents, economy and engine", `${run.profile.agentsSeconds.toFixed(1)} s`],
                ]
              : []),
          ],
        },
      ],
    });
  }

  return {
    title: r.title,
    subtitle: "Supply-chain finance on a consortium chain · simulation report (联盟链供应链金融 · 模拟报告)",
    meta: [
      { label: "Scenario", value: r.scenario },
      { label: "Seed", value: String(r.seed) },
      { label: "Flow scale", value: String(r.flowScale) },
      { label: "Horizon", value: `${r.horizon.start} → ${r.horizon.end} (${plural(r.horizon.days, "day")})` },
      { label: "Participants", value: fmtCount(r.participants.total) },
    ],
    narrative: whatHappened(r),
    sections,
    footer:
      "Computed from chain events only, through the one indexer. Amounts are exact to the fen in report.json; compact figures (k, m, bn) are rounded to two decimals for reading. Same scenario and seed, same report, except the run timings.",
  };
}

// ── Markdown ──────────────────────────────────────────────────────────────────────────────────

/** Escapes text for Markdown (inline and table cells): no HTML, no emphasis, no broken tables. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, " ").replace(/[\\`*_[\]<>|&~#]/g, (c) => `\\${c}`);
}

function markdownTable(t: DocTable): string {
  const align = (c: DocColumn) => (c.align === "right" ? "---:" : c.align === "center" ? ":---:" : "---");
  const line = (cells: string[]) => `| ${cells.map((c) => (c === "" ? " " : escapeMarkdown(c))).join(" | ")} |`;
  const lines = [
    `### ${escapeMarkdown(t.title)}`,
    "",
    line(t.columns.map((c) => c.head)),
    `| ${t.columns.map(align).join(" | ")} |`,
    ...t.rows.map(line),
    ...(t.foot ?? []).map(
      (cells) => `| ${cells.map((c) => (c === "" ? " " : `**${escapeMarkdown(c)}**`)).join(" | ")} |`,
    ),
  ];
  if (t.rows.length === 0) lines.push(`| ${t.columns.map((_, i) => (i === 0 ? "*none*" : " ")).join(" | ")} |`);
  if (t.note) lines.push("", `*${escapeMarkdown(t.note)}*`);
  return lines.join("\n");
}

/**
 * report.md: the report as a readable document for a researcher or a lecturer — title, run
 * parameters, what happened, then one section per instrument with Markdown tables.
 * Deterministic: the same report gives the same text (no clock, no locale).
 * @example await writeFile("out/report.md", renderMarkdown(report));
 */
export function renderMarkdown(report: Report): string {
  const doc = reportDocument(report);
  const out: string[] = [
    `# ${escapeMarkdown(doc.title)}`,
    "",
    escapeMarkdown(doc.subtitle),
    "",
    ...doc.meta.map((m) => `- **${escapeMarkdown(m.label)}:** ${escapeMarkdown(m.value)}`),
    "",
    "## What happened",
    "",
    ...doc.narrative.flatMap((p) => [escapeMarkdown(p), ""]),
  ];
  for (const s of doc.sections) {
    out.push(`## ${escapeMarkdown(s.title)} (${escapeMarkdown(s.zh)})`, "");
    if (s.intro) out.push(escapeMarkdown(s.intro), "");
    for (const t of s.tables) out.push(markdownTable(t), "");
  }
  out.push("---", "", `*${escapeMarkdown(doc.footer)}*`, "");
  return out.join("\n");
}
