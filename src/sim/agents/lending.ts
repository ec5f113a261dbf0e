import type { Participant } from "../../chain/cast.js";
import { accrue, applyPayment, instalments, splitLoss, type LoanBalance } from "../../domain/loans.js";
import type { Intent } from "../engine.js";
import type { LendingFlow, ProductSpec } from "../scenario/schema.js";
import type { World } from "../world.js";
import type { RightsBook, ShockBook } from "./books.js";
import { businessDaysIn, Pacer } from "./pacing.js";

const WAREHOUSE_RECEIPT = 3;
/** Per-payment cap of a verified personal wallet (¥50,000), in fen. */
const FARMER_CHUNK = 50_000_00n;
const SETTLE_HOUR = 9;

interface SimLoan {
  loanId: bigint;
  product: ProductSpec;
  borrower: string;
  lender: string;
  guarantor?: string;
  principal: bigint;
  rightId: bigint;
  collateralValue: bigint;
  disbursedDay: number;
  balance: LoanBalance;
  schedule: { dueDay: number; principal: bigint }[];
  /** Index of the first instalment the borrower will not pay (defaulting loans only). */
  defaultFrom?: number;
}

/**
 * Lending through the one loan engine: micro-loans, equipment loans, order financing, inventory
 * pledges and rural pledge loans, as the scenario's demand lines say. Borrowers apply (paced to
 * each line's annual volume), guarantors approve, lenders disburse in one transaction with the lien
 * and the guarantee fee; borrowers repay on their schedule, except the loans the scenario's
 * non-performing ratio makes default: those are declared in default after the grace period, their
 * collateral disposed of, and their loss shared 4321 through the guarantee.
 */
export function installLendingAgents(
  world: World,
  flow: LendingFlow,
  productIds: Map<string, bigint>,
  rights: RightsBook,
  shocks: ShockBook,
): void {
  const { scenario, calendar, contracts } = world;
  const { loans, registry } = contracts;
  const rng = world.rng.fork("lending");
  const products = new Map(flow.products.map((p) => [p.id, p]));
  const logistics = world.ofKind("logistics");
  const appraisers = world.ofKind("appraiser");
  let receiptCounter = 0;

  // Non-performing loans: a quota of the planned lending, met with loans whose default falls in the horizon.
  const planned =
    flow.demand.reduce((sum, d) => sum + Number(d.annual), 0) * scenario.flowScale * (calendar.days / 365);
  const targetDefaulted = planned * flow.nonPerforming;
  let markedDefaulted = 0;
  const lines = flow.demand.map((d) => {
    const product = products.get(d.product)!;
    const firstDue =
      product.shape === "Instalments" ? Math.floor(product.termDays / product.instalments) : product.termDays;
    const perDay =
      (Number(d.annual) * scenario.flowScale * (calendar.days / 365)) / businessDaysIn(calendar, 0, calendar.days);
    return { d, product, perDay, lastEligibleDay: calendar.days - firstDue - product.graceDays - 3 };
  });
  const remainingEligible = (today: number) =>
    lines.reduce((sum, l) => sum + l.perDay * businessDaysIn(calendar, today, l.lastEligibleDay), 0);

  const chooseDefault = (day: number, principal: bigint, lastEligibleDay: number): boolean => {
    if (day > lastEligibleDay) return false;
    const gap = targetDefaulted - markedDefaulted;
    if (gap <= 0 || markedDefaulted + Number(principal) > targetDefaulted * 1.01) return false;
    const rest = remainingEligible(day);
    const p = rest <= 2 * gap ? 1 : gap / rest;
    if (!rng.chance(p)) return false;
    markedDefaulted += Number(principal);
    return true;
  };

  for (const line of lines) {
    const lineRng = rng.fork(`demand/${line.d.product}`);
    const borrowers = world.membersOf(line.d.borrowers);
    const pacer = new Pacer(line.perDay, () => world.sample(lineRng, line.d.size), undefined, "loans");
    // Loans that could not be originated yet (no free collateral): tried again on later days.
    let backlog: bigint[] = [];
    world.dayHooks.push((day) => {
      if (!calendar.isBusinessDay(day) || !productIds.has(line.product.id)) return;
      const sizes = [...backlog, ...pacer.due()];
      backlog = sizes.filter((size) => !originate(day, line, lineRng.pick(borrowers), size, lineRng));
    });
  }

  /** Individual farmers with a pledge loan still open: one at a time (their wallets are capped at ¥500,000). */
  const activeRural = new Set<string>();
  const VERIFIED_WALLET_CAP = 500_000_00n;
  const CLAIM_EVERY_DAYS = 7;
  const walletRoom = (borrower: string) =>
    world.kindOf.get(borrower.toLowerCase()) === "farmer"
      ? VERIFIED_WALLET_CAP - (world.balances.get(borrower.toLowerCase()) ?? 0n) - 10_000_00n
      : 1n << 100n;

  const originate = (
    day: number,
    line: (typeof lines)[number],
    borrower: Participant,
    size: bigint,
    lineRng: typeof rng,
  ): boolean => {
    const { d, product } = line;
    const productId = productIds.get(product.id)!;
    const guarantor =
      d.guaranteed > 0 && lineRng.chance(d.guaranteed) ? lineRng.pick(world.membersOf(d.guarantors)) : undefined;
    const maturityTime = calendar.midnight(day + product.termDays + 1);
    if (product.collateral === "PropertyRight" && product.purpose !== "InventoryPledge") {
      // A rural pledge loan: the borrower's best free right, within the LTV of its appraisal.
      const free = (address: string) =>
        world.kindOf.get(address.toLowerCase()) !== "farmer" || !activeRural.has(address.toLowerCase());
      let holder = borrower.address;
      let right = free(holder) ? rights.pledgeable(holder, calendar.at(day, 12), maturityTime, [0, 1, 2]) : undefined;
      for (let attempt = 0; !right && attempt < 12; attempt++) {
        holder = lineRng.pick(world.membersOf(d.borrowers)).address;
        if (free(holder)) right = rights.pledgeable(holder, calendar.at(day, 12), maturityTime, [0, 1, 2]);
      }
      if (!right) return false;
      const caps = [
        size,
        ((right.valueFen * BigInt(product.ltv)) / 10_000n / 10_000n) * 10_000n,
        (walletRoom(holder) / 10_000n) * 10_000n,
      ];
      const principal = caps.reduce((a, b) => (a < b ? a : b));
      if (principal < product.min) return false;
      right.pledged = true;
      activeRural.add(holder.toLowerCase());
      const pledged = right;
      world.later(0, "trade", () =>
        apply(day, line, holder, productId, principal, pledged.rightId, pledged.valueFen, guarantor),
      );
      return true;
    }
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
            borrower.address,
          ],
          (o) => {
            if (!o.ok) return;
            const rightId = world.event(o, "RightRegistered")!.rightId as bigint;
            world.later(0, "respond", () =>
              world.tx(registry, appraiser.address, "appraise", [rightId, value, maturityTime + 90 * 86_400], (a) => {
                if (a.ok)
                  world.later(0, "decide", () =>
                    apply(day, line, borrower.address, productId, size, rightId, value, guarantor),
                  );
              }),
            );
          },
        ),
      );
      return true;
    }
    world.later(0, "trade", () => apply(day, line, borrower.address, productId, size, 0n, 0n, guarantor));
    return true;
  };

  const apply = (
    day: number,
    line: (typeof lines)[number],
    borrower: string,
    productId: bigint,
    principal: bigint,
    rightId: bigint,
    collateralValue: bigint,
    guarantor: Participant | undefined,
  ): Intent =>
    world.tx(loans, borrower, "applyForLoan", [productId, principal, rightId, guarantor?.address ?? ZERO], (o) => {
      if (!o.ok) return;
      const loanId = world.event(o, "LoanApplied")!.loanId as bigint;
      const lender = world.members(line.product.lender)[0].address;
      const disburse = () => [
        ...world.fund(lender, principal),
        world.tx(loans, lender, "approveAndDisburse", [loanId], (a) => {
          if (!a.ok) return;
          const sim: SimLoan = {
            loanId,
            product: line.product,
            borrower,
            lender,
            guarantor: guarantor?.address,
            principal,
            rightId,
            collateralValue,
            disbursedDay: world.engine.today,
            balance: { outstanding: principal, interest: 0n, accruedAt: a.blockTime! },
            schedule:
              line.product.shape === "Instalments"
                ? instalments(principal, line.product.instalments, line.product.termDays)
                : [{ dueDay: line.product.termDays, principal }],
          };
          if (chooseDefault(world.engine.today, principal, line.lastEligibleDay)) sim.defaultFrom = 0;
          if (line.product.flexible) shocks.watch(borrower, 1);
          scheduleRepayment(sim, 0);
        }),
      ];
      if (guarantor) {
        world.later(0, "respond", () =>
          world.tx(loans, guarantor.address, "approveGuarantee", [loanId], (g) => {
            if (g.ok) world.later(0, "approve", disburse);
          }),
        );
      } else {
        world.later(0, "approve", disburse);
      }
    });

  // ── repayments ──
  const scheduleRepayment = (sim: SimLoan, index: number) => {
    if (index >= sim.schedule.length) return;
    const dueDay = sim.disbursedDay + sim.schedule[index].dueDay;
    if (sim.defaultFrom !== undefined && index >= sim.defaultFrom) {
      scheduleDefault(sim, dueDay);
      return;
    }
    if (dueDay >= calendar.days) return;
    world.engine.at(dueDay, "settle", () => repay(sim, index));
  };

  const repay = (sim: SimLoan, index: number): Intent[] | undefined => {
    const today = world.engine.today;
    if (shocks.isShocked(sim.borrower, today)) {
      // Sales collapsed: the borrower cannot pay now; it pays once the shock (and any grace) is over.
      const s = shocks.shocked.get(sim.borrower.toLowerCase())!;
      const resume = Math.max(s.to, calendar.dayOf(shocks.grace(sim.borrower)) + 1, today + 1);
      if (resume < calendar.days) world.engine.at(resume, "settle", () => repay(sim, index));
      return undefined;
    }
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
    return [
      ...world.fund(sim.borrower, amount),
      world.tx(loans, sim.borrower, "repay", [sim.loanId, amount], (o) => {
        if (!o.ok) return;
        sim.balance = applyPayment(accrued, amount);
        if (sim.balance.outstanding === 0n) {
          if (sim.product.flexible) shocks.watch(sim.borrower, -1);
          if (sim.rightId !== 0n) {
            rights.release(sim.rightId);
            activeRural.delete(sim.borrower.toLowerCase());
          }
        }
        if (amount < due) {
          const next = calendar.nextBusinessDay(world.engine.today + 1);
          if (next < calendar.days) world.engine.at(next, "settle", () => repay(sim, index));
        } else scheduleRepayment(sim, index + 1);
      }),
    ];
  };

  // ── default, disposal and the 4321 guarantee ──
  const scheduleDefault = (sim: SimLoan, dueDay: number) => {
    const day = dueDay + sim.product.graceDays + 1;
    if (day >= calendar.days) return;
    world.engine.at(day, "settle", () => declare(sim));
  };

  const declare = (sim: SimLoan): Intent | undefined => {
    const grace = shocks.grace(sim.borrower);
    const today = world.engine.today;
    if (grace > world.timeOf(today, SETTLE_HOUR)) {
      const after = calendar.dayOf(grace) + 1;
      if (after < calendar.days) world.engine.at(after, "settle", () => declare(sim));
      return undefined;
    }
    return world.tx(loans, sim.lender, "declareDefault", [sim.loanId], (o) => {
      if (!o.ok) return;
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
  };

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
}

const ZERO = "0x0000000000000000000000000000000000000000";
