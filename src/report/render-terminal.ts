import { formatBps } from "../domain/rates.js";
import { formatYuanShort } from "../domain/money.js";
import type { Report, Volume } from "./build.js";

const money = (fen: string) => formatYuanShort(BigInt(fen));
const v = (x: Volume) => `${String(x.count).padStart(7)}  ${money(x.amountFen).padStart(14)}`;

/** The summary table printed at the end of `scf run`. */
export function renderTerminal(r: Report): string {
  const rc = r.volumes.receivables;
  const lo = r.volumes.loans;
  const pay = r.volumes.payments;
  const pl = r.volumes.pledges;
  const lines = [
    `${r.title}  (scenario ${r.scenario}, seed ${r.seed}, ${r.horizon.start} → ${r.horizon.end}, ${r.participants.total} participants)`,
    "",
    "Receivable vouchers                 count          amount",
    `  issued (确权)                   ${v(rc.issued)}`,
    `  split down the tiers (拆分)     ${v(rc.split)}`,
    `  transferred whole (流转)        ${v(rc.transferred)}`,
    `  financed (保理)                 ${v(rc.financed)}   avg ${rc.financed.averageRateBps} bp`,
    `  cleared to holders (清分)       ${v(rc.cleared)}`,
    `  outstanding                     ${v(rc.outstanding)}`,
    `  overdue / defaulted             ${v(rc.overdue)}  /  ${rc.defaulted.count}`,
    `  deepest tier reached            ${rc.byTier.at(-1)?.tier ?? 0}`,
    "Loans",
    `  disbursed                       ${v(lo.disbursed)}`,
    `  repaid                          ${v(lo.repaid)}`,
    `  defaulted                       ${v(lo.defaulted)}   non-performing ${formatBps(Math.round(Number(lo.nonPerformingRatioBps)))}`,
    `  guaranteed                      ${v(lo.guaranteed)}   4321 losses shared: ${lo.riskSharing.loans}`,
    `  grace periods granted (弹性还款) ${String(lo.graceGranted).padStart(6)}`,
    "e-CNY",
    `  payments between wallets        ${v(pay.ecny.transfers)}`,
    `  pay on delivery released        ${v(pay.payOnDelivery.released)}   latency median ${pay.payOnDelivery.latency.medianSeconds} s vs ${pay.payOnDelivery.latency.baselineSeconds} s`,
    `  conventional (scheduled)        ${v(pay.scheduled)}`,
    "Rural rights",
    `  valued on chain                 ${v(pl.rightsValued)}`,
    `  pledge loans                    ${v(pl.pledgeLoans)}`,
    `  collateral sold (处置)          ${v(pl.disposals)}   surplus to borrowers ${money(pl.disposals.surplusFen)}, held ${money(pl.disposals.heldFen)}`,
    `Financing cost: vouchers ${r.financingCost.averageDiscountRateBps} bp vs benchmark ${r.financingCost.benchmarkBps} bp (${r.financingCost.spreadBps} bp cheaper)`,
    `Chain: ${r.chain.blocks} blocks, ${r.chain.transactions} transactions, ${r.chain.gasUsed} gas, ${r.chain.reverted} reverted`,
  ];
  if (r.calibration.length) {
    lines.push(
      "",
      "Calibration (fitted: a parameter was fitted to it; predicted: held out)   target        simulated   deviation",
    );
    for (const c of r.calibration) {
      const fmt = (x: string) => (c.unit === "fen" ? money(x) : `${x} bp`);
      lines.push(
        `  ${c.within ? "✓" : "✗"} ${(c.role ?? "—").padEnd(9)} ${c.label.padEnd(60).slice(0, 60)} ${fmt(c.target).padStart(12)} ${fmt(c.simulated).padStart(14)}   ${(c.deviation * 100).toFixed(2)}%`,
      );
    }
  }
  lines.push("", "Checks");
  for (const c of r.checks) lines.push(`  ${c.holds ? "✓" : "✗"} ${c.name}: ${c.detail}`);
  if (r.run) {
    lines.push(
      "",
      `Run: ${r.run.transactions} transactions simulated in ${r.run.simulateSeconds.toFixed(1)} s (${Math.round(r.run.txPerSecond)} tx/s), total ${r.run.totalSeconds.toFixed(1)} s, peak memory ${r.run.peakRssMb} MB`,
    );
    const p = r.run.profile;
    if (p) {
      const s = (x: number) => `${x.toFixed(1)} s`;
      lines.push(
        `  where the simulation's time went: chain mining ${s(p.miningSeconds)}, handing transactions over ${s(p.submitSeconds)}, reading receipts ${s(p.receiptsSeconds)}, agents ${s(p.agentsSeconds)}`,
      );
    }
  }
  return lines.join("\n");
}
