import type { Ledger } from "../ledger/ledger.js";

/** A reconciliation check of a report: what it states and whether it held. */
export interface Check {
  name: string;
  holds: boolean;
  detail: string;
}

/**
 * Reconciles the indexed state with itself and with the contracts' own views:
 * vouchers (Σ cleared + Σ live == face), e-CNY conservation, custody balances of the system
 * contracts, the 4321 splits, and a sample of indexed records against the chain.
 */
export async function runChecks(ledger: Ledger): Promise<Check[]> {
  const s = ledger.state;
  const { contracts, addresses } = ledger.deployment;
  const checks: Check[] = [];
  const balanceOf = (name: string) => s.ecny.balances.get(addresses[name].toLowerCase()) ?? 0n;

  // Every voucher: Σ value of its tokens (cleared ones keep theirs) == face; paid out ≤ face; cleared ⇒ paid == face.
  let vouchersChecked = 0;
  const broken: string[] = [];
  for (const v of s.vouchers.values()) {
    if (v.acceptedAt === undefined) continue;
    vouchersChecked += 1;
    let live = 0n;
    let cleared = 0n;
    for (const id of v.tokenIds) {
      const t = s.tokens.get(id)!;
      if (t.status === "Cleared") cleared += t.value;
      else if (t.status !== "Merged") live += t.value;
    }
    if (
      live + cleared !== v.face ||
      v.paidOut > v.face ||
      (v.status === "Cleared" && v.paidOut !== v.face) ||
      cleared !== v.paidOut
    ) {
      broken.push(`#${v.slotId}`);
    }
  }
  checks.push({
    name: "every voucher: Σ cleared + Σ live == face",
    holds: broken.length === 0,
    detail:
      broken.length === 0
        ? `${vouchersChecked} vouchers reconcile to the fen`
        : `broken: ${broken.slice(0, 10).join(", ")}`,
  });

  // e-CNY conservation: indexed balances, the contract's total supply and net issuance agree.
  const supply = await contracts.ecny.totalSupply();
  let sum = 0n;
  for (const v of s.ecny.balances.values()) sum += v;
  const net = s.ecny.issuedFen - s.ecny.redeemedFen;
  checks.push({
    name: "e-CNY conserved: total supply == Σ balances == issued − redeemed",
    holds: supply === sum && sum === net,
    detail: `supply ${supply}, Σ balances ${sum}, issued − redeemed ${net} (fen)`,
  });

  // Custody: the escrow holds exactly what is open; the voucher ledger what was repaid and not yet paid out.
  let openEscrow = 0n;
  for (const o of s.orders.values()) if (o.status === "Open") openEscrow += o.amount;
  for (const x of s.schedules.values()) if (x.status === "Open") openEscrow += x.amount;
  checks.push({
    name: "escrow holds exactly the open orders and scheduled payments",
    holds: balanceOf("PaymentEscrow") === openEscrow,
    detail: `escrow balance ${balanceOf("PaymentEscrow")}, open ${openEscrow} (fen)`,
  });
  let owedToHolders = 0n;
  for (const v of s.vouchers.values()) if (v.repaidAt !== undefined) owedToHolders += v.face - v.paidOut;
  checks.push({
    name: "voucher ledger holds exactly the repaid value not yet paid to holders",
    holds: balanceOf("VoucherLedger") === owedToHolders,
    detail: `ledger balance ${balanceOf("VoucherLedger")}, owed to holders ${owedToHolders} (fen)`,
  });
  const heldSurplus = [...s.loans.values()].reduce((sum, l) => sum + l.heldSurplus, 0n);
  checks.push({
    name: "loan book holds exactly the disposal surpluses held for borrowers; the financing module holds nothing",
    holds: balanceOf("LoanBook") === heldSurplus && balanceOf("VoucherFinancing") === 0n,
    detail: `LoanBook ${balanceOf("LoanBook")}, held surpluses ${heldSurplus}, VoucherFinancing ${balanceOf("VoucherFinancing")} (fen)`,
  });

  // 4321: each loss split to the fen.
  const shared = [...s.loans.values()].filter((l) => l.riskShares);
  const badShares = shared.filter((l) => {
    const r = l.riskShares!;
    return r.national + r.provincial + r.lender + r.guarantor !== r.loss;
  });
  checks.push({
    name: "risk shares sum to each loss to the fen",
    holds: badShares.length === 0,
    detail: `${shared.length} shared losses${badShares.length ? `, broken: ${badShares.map((l) => l.loanId).join(", ")}` : ""}`,
  });

  // The index agrees with the contracts' own views (every participant's balance; a sample of vouchers and loans).
  const mismatches: string[] = [];
  for (const [address, balance] of s.ecny.balances) {
    if ((await contracts.ecny.balanceOf(address)) !== balance) mismatches.push(`balance of ${address}`);
  }
  const sample = <T>(items: T[], n: number) =>
    items.filter((_, i) => i % Math.max(1, Math.floor(items.length / n)) === 0).slice(0, n);
  for (const v of sample([...s.vouchers.values()], 40)) {
    const view = await contracts.vouchers.voucherOf(v.slotId);
    if (view.face !== v.face || Number(view.tokenCount) !== v.tokenIds.length) mismatches.push(`voucher ${v.slotId}`);
    for (const id of v.tokenIds.slice(0, 20)) {
      const t = await contracts.vouchers.tokenOf(id);
      const mine = s.tokens.get(id)!;
      if (t.value !== mine.value || t.owner.toLowerCase() !== mine.owner || Number(t.tier) !== mine.tier)
        mismatches.push(`token ${id}`);
    }
  }
  for (const l of sample([...s.loans.values()], 40)) {
    const view = await contracts.loans.loanOf(l.loanId);
    if (
      view.principal !== l.principal ||
      ((l.status === "Active" || l.status === "Repaid") && view.outstanding !== l.outstanding) ||
      (await contracts.loans.heldSurplus(l.loanId)) !== l.heldSurplus
    ) {
      mismatches.push(`loan ${l.loanId}`);
    }
  }
  checks.push({
    name: "indexed state agrees with the contracts' views",
    holds: mismatches.length === 0,
    detail:
      mismatches.length === 0
        ? `all ${s.ecny.balances.size} balances and sampled vouchers, tokens and loans agree`
        : mismatches.slice(0, 10).join(", "),
  });
  return checks;
}
