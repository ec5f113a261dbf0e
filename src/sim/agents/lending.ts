import type { Participant } from "../../chain/cast.js";
import { accrue, applyPayment, instalments, splitLoss, type LoanBalance } from "../../domain/loans.js";
import type { Intent } from "../engine.js";
import type { Economy } from "../economy/economy.js";
import type { Firm } from "../economy/firm.js";
import type { DemandSpec, LendingFlow, ProductSpec } from "../scenario/schema.js";
import type { World } from "../world.js";
import type { RightsBook, ShockBook } from "./books.js";
import type { RuralDesk } from "./rural.js";
import type { VoucherDesk } from "./vouchers.js";

const WAREHOUSE_RECEIPT = 3;
/** Per-payment cap of a verified personal wallet (¥50,000), in fen. */
const FARMER_CHUNK = 50_000_00n;
const SETTLE_HOUR = 9;

interface SimLoan {
  loanId: bigint;
  product: ProductSpec;
  borrower: string;
  firm?: Firm;
  lender: string;
  guarantor?: string;
  principal: bigint;
  rightId: bigint;
  collateralValue: bigint;
  disbursedDay: number;
  balance: LoanBalance;
  schedule: { dueDay: number; principal: bigint }[];
  /** First day an instalment went unpaid (the product's grace runs from it). */
  lateSince?: number;
}

type Line = { d: DemandSpec; product: ProductSpec; members: Set<string> };

/** What other agents may ask of the lenders: a steel order a distributor cannot pay from free cash. */
export interface LendingDesk {
  orderPlaced(buyer: string, amount: bigint): void;
}

/**
 * Lending through the one loan engine, driven by the firms' cash:
 * - a firm whose cash falls below its buffer first finances vouchers it holds, then applies for the
 *   first `cash` line it may borrow on (micro-loans, working capital, inventory pledges, rural
 *   pledge loans) for the shortfall; tier-1 and tier-2 suppliers upgrade equipment at the economy's
 *   investment rate and borrow for it; a distributor whose steel order would leave it short applies
 *   for order financing;
 * - guarantors approve, lenders disburse in one transaction with the lien and the guarantee fee;
 * - at each due date the borrower pays from its cash (a supplier finances vouchers first); a
 *   borrower that cannot pay within the product's grace period — or a flexible-repayment grace the
 *   data feed earned it — is declared in default, its collateral disposed of and its loss shared 4321.
 * No quota: the non-performing ratio is what the firms' cash flows make of it.
 */
export function installLendingAgents(
  world: World,
  flow: LendingFlow,
  productIds: Map<string, bigint>,
  rights: RightsBook,
  shocks: ShockBook,
  economy: Economy,
  desk: VoucherDesk | undefined,
  ruralDesk?: RuralDesk,
): LendingDesk {
  const { scenario, calendar, contracts } = world;
  const { loans, registry } = contracts;
  const rng = world.rng.fork("lending");
  const products = new Map(flow.products.map((p) => [p.id, p]));
  const logistics = world.ofKind("logistics");
  const appraisers = world.ofKind("appraiser");
  let receiptCounter = 0;

  const lines: Line[] = flow.demand.map((d) => ({
    d,
    product: products.get(d.product)!,
    members: new Set(world.membersOf(d.borrowers).map((p) => p.address.toLowerCase())),
  }));
  const firms = [...economy.firms.values()];
  const principalFor = (line: Line, need: bigint): bigint => {
    const unit = line.d.size.roundTo > 0n ? line.d.size.roundTo : 1n;
    let principal = ((need + unit - 1n) / unit) * unit;
    const min = line.d.size.min > line.product.min ? line.d.size.min : line.product.min;
    const max = line.d.size.max < line.product.max ? line.d.size.max : line.product.max;
    if (principal < min) principal = min;
    if (principal > max) principal = max;
    return principal;
  };
  /** A lender lends to a member of the line's groups without a loan of that product, in good standing and solvent. */
  const mayBorrow = (firm: Firm, line: Line) =>
    !firm.defaulted && firm.equity > 0n && line.members.has(firm.address) && !firm.openLoans.has(line.product.id);

  // ── needs: cash below the buffer, equipment upgrades ──
  const investRng = rng.fork("investment");
  world.dayHooks.push((day) => {
    if (!calendar.isBusinessDay(day)) return;
    for (const firm of firms) {
      let need = firm.need;
      if (need <= 0n || firm.defaulted) continue;
      if (firm.kind === "supplier" && desk) need -= desk.financeFor(firm, need);
      if (need <= 0n) continue;
      for (const line of lines) {
        if (line.d.need !== "cash" || !mayBorrow(firm, line) || !productIds.has(line.product.id)) continue;
        if (originate(day, line, firm, principalFor(line, need))) break;
      }
    }
    const chance = scenario.economy.investmentRate / economy.businessDaysPerYear;
    for (const line of lines) {
      if (line.d.need !== "investment" || !productIds.has(line.product.id)) continue;
      for (const firm of firms) {
        if (!investRng.chance(chance) || !mayBorrow(firm, line)) continue;
        originate(day, line, firm, principalFor(line, world.sample(investRng, line.d.size)), true);
      }
    }
  });

  const lendingDesk: LendingDesk = {
    orderPlaced(buyer, amount) {
      const firm = economy.firm(buyer);
      if (!firm || firm.free + firm.pendingIn >= amount) return;
      const day = world.engine.today;
      for (const line of lines) {
        if (line.d.need !== "orders" || !mayBorrow(firm, line) || !productIds.has(line.product.id)) continue;
        if (originate(day, line, firm, principalFor(line, amount - firm.free))) return;
      }
    },
  };

  /** Individual farmers with a pledge loan still open: one at a time (their wallets are capped at ¥500,000). */
  const VERIFIED_WALLET_CAP = 500_000_00n;
  const CLAIM_EVERY_DAYS = 7;
  const walletRoom = (borrower: string) =>
    world.kindOf.get(borrower.toLowerCase()) === "farmer"
      ? VERIFIED_WALLET_CAP - (world.balances.get(borrower.toLowerCase()) ?? 0n) - 10_000_00n
      : 1n << 100n;

  /** Starts a loan for `firm` on `line`; false if it cannot (no collateral yet). */
  const originate = (day: number, line: Line, firm: Firm, size: bigint, spend = false): boolean => {
    const { d, product } = line;
    const lineRng = rng.fork(`apply/${firm.address}/${day}/${product.id}`);
    const productId = productIds.get(product.id)!;
    const guarantor =
      d.guaranteed > 0 && lineRng.chance(d.guaranteed) ? lineRng.pick(world.membersOf(d.guarantors)) : undefined;
    const maturityTime = calendar.midnight(day + product.termDays + 1);
    const borrower = firm.address;
    const start = (principal: bigint) => {
      firm.openLoans.add(product.id);
      if (!spend) firm.pendingIn += principal;
    };
    if (product.collateral === "PropertyRight" && product.purpose !== "InventoryPledge") {
      // A rural pledge loan: the borrower's best free right, within the LTV of its appraisal.
      const right = rights.pledgeable(borrower, calendar.at(day, 12), maturityTime, [0, 1, 2]);
      if (!right) {
        ruralDesk?.registerFor(borrower);
        return false;
      }
      const caps = [
        size,
        ((right.valueFen * BigInt(product.ltv)) / 10_000n / 10_000n) * 10_000n,
        (walletRoom(borrower) / 10_000n) * 10_000n,
      ];
      const principal = caps.reduce((a, b) => (a < b ? a : b));
      if (principal < product.min) return false;
      right.pledged = true;
      start(principal);
      const pledged = right;
      world.later(0, "trade", () =>
        apply(line, firm, productId, principal, pledged.rightId, pledged.valueFen, guarantor, spend),
      );
      return true;
    }
    start(size);
    if (product.purpose === "InventoryPledge") {
      // A warehouse receipt for the distributor's stock, registered and appraised, then pledged.
      const warehouse = lineRng.pick(logistics);
      const appraiser = lineRng.pick(appraisers);
      const value = (size * 10_000n) / BigInt(product.ltv) + 100_000n;
      const cert = `TS-WR-${calendar.date(day).slice(0, 4)}-${String(++receiptCounter).padStart(6, "0")}`;
      world.later(0, "trade", () =>
        world.tx(
          registry,
          warehouse.address,
          "register",
          [
            WAREHOUSE_RECEIPT,
            cert,
            "唐山市",
            "曹妃甸物流园",
            100n,
            calendar.at(day, 0),
            maturityTime + 180 * 86_400,
            borrower,
          ],
          (o) => {
            if (!o.ok) return abandon(firm, product.id, size, spend);
            const rightId = world.event(o, "RightRegistered")!.rightId as bigint;
            world.later(0, "respond", () =>
              world.tx(registry, appraiser.address, "appraise", [rightId, value, maturityTime + 90 * 86_400], (a) => {
                if (!a.ok) return abandon(firm, product.id, size, spend);
                world.later(0, "decide", () => apply(line, firm, productId, size, rightId, value, guarantor, spend));
              }),
            );
          },
        ),
      );
      return true;
    }
    world.later(0, "trade", () => apply(line, firm, productId, size, 0n, 0n, guarantor, spend));
    return true;
  };

  const abandon = (firm: Firm, productId: string, principal: bigint, spend: boolean) => {
    firm.openLoans.delete(productId);
    if (!spend) firm.pendingIn -= principal;
  };

  const apply = (
    line: Line,
    firm: Firm,
    productId: bigint,
    principal: bigint,
    rightId: bigint,
    collateralValue: bigint,
    guarantor: Participant | undefined,
    spend: boolean,
  ): Intent =>
    world.tx(loans, firm.address, "applyForLoan", [productId, principal, rightId, guarantor?.address ?? ZERO], (o) => {
      if (!o.ok) return abandon(firm, line.product.id, principal, spend);
      const loanId = world.event(o, "LoanApplied")!.loanId as bigint;
      const lender = world.members(line.product.lender)[0].address;
      const disburse = () => [
        ...world.fund(lender, principal),
        world.tx(loans, lender, "approveAndDisburse", [loanId], (a) => {
          if (!a.ok) return abandon(firm, line.product.id, principal, spend);
          firm.debt += principal;
          if (spend)
            firm.equipment += principal; // the loan pays the machine's supplier: no cash stays
          else {
            firm.pendingIn -= principal;
            firm.cash += principal;
          }
          const sim: SimLoan = {
            loanId,
            product: line.product,
            borrower: firm.address,
            firm,
            lender,
            guarantor: guarantor?.address,
            principal,
            rightId,
            collateralValue,
            disbursedDay: world.engine.today,
            balance: { outstanding: principal, interest: 0n, accruedAt: world.engine.blockTime },
            schedule:
              line.product.shape === "Instalments"
                ? instalments(principal, line.product.instalments, line.product.termDays)
                : [{ dueDay: line.product.termDays, principal }],
          };
          if (line.product.flexible) shocks.watch(firm.address, 1);
          scheduleRepayment(sim, 0);
        }),
      ];
      if (guarantor) {
        world.later(0, "respond", () =>
          world.tx(loans, guarantor.address, "approveGuarantee", [loanId], (g) => {
            if (g.ok) world.later(0, "approve", disburse);
            else abandon(firm, line.product.id, principal, spend);
          }),
        );
      } else {
        world.later(0, "approve", disburse);
      }
    });

  // ── repayments, from the borrower's cash ──
  const scheduleRepayment = (sim: SimLoan, index: number) => {
    if (index >= sim.schedule.length) return;
    const dueDay = sim.disbursedDay + sim.schedule[index].dueDay;
    if (dueDay >= calendar.days) return;
    world.engine.at(dueDay, "settle", () => repay(sim, index));
  };

  /** Tries again on the next business day (within the horizon). */
  const retry = (sim: SimLoan, index: number) => {
    const next = calendar.nextBusinessDay(world.engine.today + 1);
    if (next < calendar.days) world.engine.at(next, "settle", () => repay(sim, index));
  };

  const repay = (sim: SimLoan, index: number): Intent[] | Intent | undefined => {
    const today = world.engine.today;
    const now = world.timeOf(today, SETTLE_HOUR);
    const accrued = accrue(sim.balance, now, sim.product.rate, 365n);
    const last = index === sim.schedule.length - 1;
    const principalDue =
      sim.schedule.slice(0, index + 1).reduce((s, i) => s + i.principal, 0n) - (sim.principal - accrued.outstanding);
    const due = last
      ? accrued.outstanding + accrued.interest
      : accrued.interest + (principalDue > 0n ? principalDue : 0n);
    if (due === 0n) {
      scheduleRepayment(sim, index + 1);
      return undefined;
    }
    // A farmer's personal wallet pays at most ¥50,000 at a time: larger dues go in daily chunks.
    const farmer = world.kindOf.get(sim.borrower.toLowerCase()) === "farmer";
    const amount = farmer && due > FARMER_CHUNK ? FARMER_CHUNK : due;
    const firm = sim.firm;
    if (firm && firm.cash < amount) {
      // Short of cash: a supplier finances vouchers it holds; the lender waits out the product's
      // grace (and any flexible-repayment grace), then declares the loan in default.
      sim.lateSince ??= today;
      firm.owing = amount;
      if (firm.kind === "supplier") desk?.financeFor(firm, amount - firm.cash + firm.bufferFen);
      const defaultable = sim.lateSince + sim.product.graceDays + 1;
      if (today >= defaultable && shocks.grace(sim.borrower) <= now) {
        return declare(sim, index);
      }
      retry(sim, index);
      return undefined;
    }
    if (firm) {
      firm.cash -= amount;
      firm.owing = 0n;
    }
    return [
      ...world.fund(sim.borrower, amount),
      world.tx(loans, sim.borrower, "repay", [sim.loanId, amount], (o) => {
        if (!o.ok) {
          if (firm) firm.cash += amount;
          return;
        }
        const after = applyPayment(accrued, amount);
        if (firm) firm.debt -= sim.balance.outstanding - after.outstanding;
        sim.balance = after;
        if (sim.balance.outstanding === 0n) closed(sim);
        if (amount < due) retry(sim, index);
        else {
          sim.lateSince = undefined;
          scheduleRepayment(sim, index + 1);
        }
      }),
    ];
  };

  /** A loan repaid in full: its lien is released and the firm may borrow on the product again. */
  const closed = (sim: SimLoan) => {
    if (sim.product.flexible) shocks.watch(sim.borrower, -1);
    if (sim.rightId !== 0n) rights.release(sim.rightId);
    sim.firm?.openLoans.delete(sim.product.id);
  };

  // ── default, disposal and the 4321 guarantee ──
  const declare = (sim: SimLoan, index: number): Intent =>
    world.tx(loans, sim.lender, "declareDefault", [sim.loanId], (o) => {
      if (!o.ok) return retry(sim, index);
      if (sim.firm) {
        sim.firm.defaulted = true;
        sim.firm.owing = 0n;
      }
      if (sim.product.flexible) shocks.watch(sim.borrower, -1);
      const debt = world.event(o, "LoanDefaulted")!.debt as bigint;
      if (sim.rightId !== 0n) {
        // The lender takes the collateral at 70% of its appraisal; proceeds settle the debt and the
        // surplus goes to the borrower (the loan book holds what a farmer's capped wallet cannot take).
        const price = ((sim.collateralValue * 7n) / 10n / 100n) * 100n;
        world.later(0, "approve", () => [
          ...world.fund(sim.lender, price),
          world.tx(loans, sim.lender, "dispose", [sim.loanId, sim.lender, price], (p) => {
            if (!p.ok) return;
            const recovered = world.event(p, "CollateralDisposed")!.toLender as bigint;
            if (recovered < debt) world.later(1, "approve", () => settleLoss(sim, debt - recovered));
            const held = world.event(p, "SurplusHeld");
            if (held) claimSurplus(sim, held.amount as bigint);
          }),
        ]);
      } else {
        world.later(1, "approve", () => settleLoss(sim, debt));
      }
    });

  /** The borrower takes a held surplus in parts, as its wallet has room (tried weekly). */
  const claimSurplus = (sim: SimLoan, held: bigint) => {
    world.later(CLAIM_EVERY_DAYS, "approve", () => {
      const room = walletRoom(sim.borrower);
      const amount = room < held ? room : held;
      if (amount <= 0n) return claimSurplus(sim, held);
      return world.tx(loans, sim.borrower, "claimSurplus", [sim.loanId, amount], (o) => {
        if (o.ok && amount < held) claimSurplus(sim, held - amount);
      });
    });
  };

  const settleLoss = (sim: SimLoan, loss: bigint): Intent[] => {
    if (!sim.guarantor) return [world.tx(loans, sim.lender, "writeOff", [sim.loanId])];
    const shares = splitLoss(loss, sim.product.riskShares);
    const provincial = world.ofKind("reguarantor")[0].address;
    const national = world.ofKind("national-fund")[0].address;
    return [
      ...world.fund(national, shares.national),
      ...world.fund(provincial, shares.provincial),
      ...world.fund(sim.guarantor, shares.guarantor),
      world.tx(loans, sim.lender, "callGuarantee", [sim.loanId]),
    ];
  };
  return lendingDesk;
}

const ZERO = "0x0000000000000000000000000000000000000000";
