import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { lessonCommand } from "../../src/cli/lesson-command.js";
import { NotFoundError } from "../../src/domain/errors.js";
import { guaranteeFeeFen, maxPrincipalFen, splitLoss } from "../../src/domain/loans.js";
import { formatYuan, yuanToFen } from "../../src/domain/money.js";
import { daysToMaturity, discountFen, interestFen } from "../../src/domain/rates.js";
import {
  lessonJson,
  listLessons,
  renderStep,
  runLesson,
  type LessonRun,
  type StepResult,
} from "../../src/lessons/index.js";

/**
 * Classroom mode, played on the real contracts: every lesson runs to its end, every refusal it
 * teaches is the named custom error and changes nothing, and every number a lesson states is what
 * the chain did.
 */

const NAMES = [
  "split-three-tiers",
  "finance-at-a-bank",
  "why-splitting-matters",
  "clearing-at-maturity",
  "pay-on-delivery",
  "pledge-a-land-right",
  "default-and-4321",
  "what-the-rules-prevent",
];

const runs = new Map<string, LessonRun>();
const streamed = new Map<string, StepResult[]>();

beforeAll(async () => {
  for (const name of NAMES) {
    const seen: StepResult[] = [];
    runs.set(name, await runLesson(name, { onStep: (step) => void seen.push(step) }));
    streamed.set(name, seen);
  }
}, 120_000);

const run = (name: string) => runs.get(name)!;
const step = (name: string, title: string) => {
  const found = run(name).steps.find((s) => s.title.en === title);
  if (!found) throw new Error(`${name} has no step "${title}"`);
  return found;
};
const eventsOf = (s: StepResult, name: string) => s.events.filter((e) => e.name === name);
const arg = (s: StepResult, event: string, field: string) => {
  const found = eventsOf(s, event);
  expect(found, `${event} in step ${s.index}`).toHaveLength(1);
  return found[0].args[field] as bigint;
};
const delta = (s: StepResult, id: string) => s.balances.find((b) => b.id === id)?.delta ?? 0n;

describe("the lesson catalogue", () => {
  it("lists all eight lessons, each with a title, a summary, the instrument and its actors in both languages", () => {
    const lessons = listLessons();
    expect(lessons.map((l) => l.name)).toEqual(NAMES);
    for (const l of lessons) {
      for (const text of [l.title, l.summary, l.instrument, l.lifecycle]) {
        expect(text.en.length).toBeGreaterThan(0);
        expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(l.actors.length).toBeGreaterThan(0);
      for (const a of l.actors) expect(a.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(l.steps.length).toBeGreaterThan(0);
    }
  });

  it("refuses an unknown lesson with a message that names the lessons", async () => {
    await expect(runLesson("atlantis")).rejects.toThrow(NotFoundError);
    await expect(runLesson("atlantis")).rejects.toThrow(/no lesson "atlantis" \(the lessons: split-three-tiers, /);
  });
});

describe.each(NAMES)("the lesson %s", (name) => {
  it("runs to the end on the real contracts, every step explained in both languages", () => {
    const info = listLessons().find((l) => l.name === name)!;
    const steps = run(name).steps;
    expect(steps).toHaveLength(info.steps.length);
    for (const s of steps) {
      expect(s.explanation.en.length).toBeGreaterThan(0);
      expect(s.explanation.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(s.transaction.from).toBe(s.actor.address);
      if (s.status === "confirmed") {
        expect(s.transaction.hash).toMatch(/^0x[0-9a-f]{64}$/);
        expect(s.events.length).toBeGreaterThan(0);
      }
    }
    expect(steps.map((s) => s.time)).toEqual(
      [...steps.map((s) => s.time)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });

  it("streams every step to the callback as it is done", () => {
    expect(streamed.get(name)).toEqual(run(name).steps);
  });

  it("refuses exactly the moves it expects, with the named error, and those refusals change nothing", () => {
    const info = listLessons().find((l) => l.name === name)!;
    run(name).steps.forEach((s, i) => {
      const expected = info.steps[i].refusal;
      expect(s.status).toBe(expected ? "refused" : "confirmed");
      if (!expected) return;
      expect(s.refusal?.error).toBe(expected);
      expect(s.refusal?.expected).toBe(true);
      expect(s.refusal?.explanation.en).not.toMatch(/^The contract refused/);
      expect(s.transaction.hash).toBeUndefined();
      expect(s.events).toEqual([]);
      expect(s.balances.length + s.tokens.length, "the state the refusal left alone is shown").toBeGreaterThan(0);
      for (const b of s.balances) expect([b.after, b.delta]).toEqual([b.before, 0n]);
      for (const t of s.tokens) expect([t.after, t.status]).toEqual([t.before, t.statusBefore]);
    });
  });

  it("describes every event it produces in plain words", () => {
    for (const s of run(name).steps) {
      for (const e of s.events) {
        expect(e.text.en, `${e.contract}.${e.name}`).not.toContain(`${e.contract}.${e.name}(`);
        expect(e.text.zh.length).toBeGreaterThan(0);
      }
    }
  });
});

describe("what the lessons state is what the chain did", () => {
  it("splits down to tier 3 with the steel group's payer and maturity, the pieces adding up to the face", () => {
    const s = step("split-three-tiers", "The recycler pays its collector (tier 3)");
    expect(s.tokens.map((t) => [t.tier, t.after])).toEqual([
      [1, yuanToFen("5,500,000")],
      [2, yuanToFen("1,900,000")],
      [3, yuanToFen("600,000")],
    ]);
    expect(s.tokens[2].parentTokenId).toBe(s.tokens[1].tokenId);
    expect(s.tokens[1].parentTokenId).toBe(s.tokens[0].tokenId);
    expect(s.notes[0].en).toContain("└─ #1.3 Qian'an Scrap Collector · tier 3");
  });

  it("pays financing proceeds of exactly value − discount, the discount rounded half up over the days left", () => {
    const lesson = run("finance-at-a-bank");
    const maturity = arg(lesson.steps[1], "VoucherIssued", "maturity");
    const approvals = lesson.steps.filter((s) => s.transaction.function === "approveFinancing");
    expect(approvals).toHaveLength(2);
    for (const s of approvals) {
      const value = arg(s, "VoucherFinanced", "value");
      const rate = arg(s, "VoucherFinanced", "rateBps");
      const days = arg(s, "VoucherFinanced", "days_");
      const discount = arg(s, "VoucherFinanced", "discount");
      expect(days).toBe(daysToMaturity(s.time, maturity));
      expect(discount).toBe(discountFen(value, rate, days));
      expect(s.figures).toMatchObject({ value, discount, proceeds: value - discount, days });
      const seller = arg(s, "VoucherFinanced", "recourse") ? "scrap-recycler" : "rolling-mill";
      const financier = arg(s, "VoucherFinanced", "recourse") ? "micro-lender" : "lead-bank";
      expect(delta(s, seller)).toBe(value - discountFen(value, rate, days));
      expect(delta(s, financier)).toBe(-(value - discount));
    }
    // ¥3,000,000 at 3.45% for 90 days: ¥25,520.55 discount, ¥2,974,479.45 paid.
    expect(approvals[0].figures.discount).toBe(yuanToFen("25,520.55"));
    expect(delta(approvals[0], "rolling-mill")).toBe(yuanToFen("2,974,479.45"));
    expect(arg(approvals[1], "VoucherFinanced", "recourse")).toBe(true);
  });

  it("states what splitting saves a tier-3 collector against a micro-loan: the difference its events imply, in fen", () => {
    const name = "why-splitting-matters";
    const refused = step(name, "Way A, without splitting: the collector has nothing to sell");
    expect(refused.refusal?.error).toBe("VoucherNotOwner");
    expect(refused.refusal?.explanation.en).toContain("belongs to Luannan Scrap Recycling");

    const disbursed = step(name, "Way A: the micro-lender disburses");
    const financed = step(name, "Way B: the bank buys the piece and pays at once");
    const repaid = step(name, "Way A: the collector repays the micro-loan with interest");
    const principal = arg(disbursed, "LoanDisbursed", "principal");
    const interest = arg(repaid, "RepaymentMade", "interestPart");
    const value = arg(financed, "VoucherFinanced", "value");
    const days = arg(financed, "VoucherFinanced", "days_");
    const discount = arg(financed, "VoucherFinanced", "discount");
    const loanDays = (repaid.time - disbursed.time) / 86_400n;

    // the same need, met both ways: the same amount over the same days
    expect([value, days]).toEqual([principal, loanDays]);
    expect(arg(financed, "VoucherFinanced", "seller").toString().toLowerCase()).toBe(
      disbursed.balances.find((b) => b.id === "scrap-collector")!.address,
    );
    // each charge is its contract's rule, rounded half up to the fen once
    expect(interest).toBe(interestFen(principal, 550, loanDays, 365n));
    expect(discount).toBe(discountFen(value, arg(financed, "VoucherFinanced", "rateBps"), days));
    expect(delta(disbursed, "scrap-collector")).toBe(principal);
    expect(delta(financed, "scrap-collector")).toBe(value - discount);
    expect(delta(repaid, "scrap-collector")).toBe(-(principal + interest));
    // the bank is paid by the steel group's clearing, not by the collector
    const cleared = step(name, "Clearing pays the bank, not the collector's debt");
    expect(delta(cleared, "lead-bank")).toBe(value);
    expect(delta(cleared, "scrap-collector")).toBe(0n);

    const gap = interest - discount;
    expect(gap).toBe(yuanToFen("1,824.66")); // ¥5,424.66 − ¥3,600.00 on ¥400,000 for 90 days
    const fen = gap.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const en = repaid.notes.map((n) => n.en).join("\n");
    const zh = repaid.notes.map((n) => n.zh).join("\n");
    expect(en).toContain(
      `${formatYuan(interest)} − ${formatYuan(discount)} = ${formatYuan(gap)}, that is ${fen} fen saved`,
    );
    expect(zh).toContain(`${formatYuan(interest)} − ${formatYuan(discount)} = ${formatYuan(gap)}`);
    expect(zh).toContain(`节省 ${fen} 分`);
    expect(en).toContain("Rounding rule: each contract rounds its own charge once, half up to the fen");
    expect(zh).toContain("四舍五入到分");
    const compare =
      "scf run no-splitting --out out/no-splitting && scf compare out/report.json out/no-splitting/report.json";
    expect(en).toContain(compare);
    expect(zh).toContain(compare);
  });

  it("clears each holder exactly its value at maturity, skips the frozen wallet, and pays the face in total", () => {
    const lesson = run("clearing-at-maturity");
    const face = arg(lesson.steps[1], "VoucherIssued", "face");
    const repay = step("clearing-at-maturity", "At maturity the steel group pays once");
    expect(delta(repay, "steel-group")).toBe(-face);
    const holdings = repay.figures;
    const paid = lesson.steps.flatMap((s) =>
      eventsOf(s, "VoucherTokenPaid").map((e) => ({
        step: s,
        holder: String(e.args.holder),
        amount: e.args.amount as bigint,
      })),
    );
    expect(paid).toHaveLength(4);
    expect(paid.reduce((sum, p) => sum + p.amount, 0n)).toBe(face);
    for (const p of paid) {
      const id = p.step.balances.find((b) => b.address === p.holder.toLowerCase())!.id!;
      expect(p.amount).toBe(holdings[id]);
      expect(delta(p.step, id)).toBe(p.amount);
    }
    const page2 = step("clearing-at-maturity", "Clearing, page 2: a frozen wallet is skipped");
    expect(eventsOf(page2, "PaymentSkipped")[0].args.reason).toBe(2n); // Frozen
    expect(arg(page2, "VoucherTokenUnclaimed", "amount")).toBe(yuanToFen("400,000"));
    expect(delta(page2, "scrap-collector")).toBe(0n);
    expect(delta(page2, "lead-bank")).toBe(yuanToFen("2,000,000"));
    const claim = step("clearing-at-maturity", "The collector claims its piece");
    expect(delta(claim, "scrap-collector")).toBe(yuanToFen("400,000"));
    expect(eventsOf(claim, "VoucherCleared")).toHaveLength(1);
  });

  it("pays the seller in the delivery's own transaction and refunds the undelivered order after its deadline", () => {
    const confirmed = step("pay-on-delivery", "Delivery confirmed: the distributor is paid at once");
    expect(confirmed.events.map((e) => e.name)).toEqual(["Transfer", "DeliveryConfirmed"]);
    expect(delta(confirmed, "distributor")).toBe(yuanToFen("86,400"));
    const refunded = step("pay-on-delivery", "Undelivered by the deadline: the money goes back");
    expect(refunded.time).toBe(
      arg(step("pay-on-delivery", "The store locks the price of the cement"), "OrderLocked", "deadline"),
    );
    expect(delta(refunded, "merchant")).toBe(yuanToFen("12,600"));
    const capped = step("pay-on-delivery", "An anonymous wallet hits its per-payment cap");
    expect(capped.refusal?.args).toMatchObject({ cap: yuanToFen("2,000"), amount: yuanToFen("2,600") });
  });

  it("lends 60% of the appraisal with the lien in the same transaction, and the repayment with interest releases it", () => {
    const disbursed = step("pledge-a-land-right", "Lien and disbursement in one transaction (抵押 + 放款)");
    const principal = maxPrincipalFen(yuanToFen("2,000,000"), 6_000);
    expect(principal).toBe(yuanToFen("1,200,000"));
    expect(disbursed.events.filter((e) => !e.standard).map((e) => e.name)).toEqual([
      "LienPlaced",
      "Transfer",
      "LoanDisbursed",
    ]);
    expect(delta(disbursed, "pear-coop")).toBe(principal);
    const repaid = step("pledge-a-land-right", "Repayment with interest releases the lien (还款解押)");
    const days = (repaid.time - disbursed.time) / 86_400n;
    const interest = interestFen(principal, 435, days, 365n);
    expect(repaid.figures).toMatchObject({ principal, days, interest, total: principal + interest });
    expect(arg(repaid, "RepaymentMade", "interestPart")).toBe(interest);
    expect(delta(repaid, "pear-coop")).toBe(-(principal + interest));
    expect(delta(repaid, "rural-bank")).toBe(principal + interest);
    expect(eventsOf(repaid, "LienReleased")).toHaveLength(1);
  });

  it("collects the guarantee fee at disbursement and shares the loss 4321, the shares summing to the loss to the fen", () => {
    const disbursed = step("default-and-4321", "Disbursement collects the guarantee fee");
    const fee = guaranteeFeeFen(yuanToFen("300,000"), 87, 90);
    expect(arg(disbursed, "LoanDisbursed", "guaranteeFee")).toBe(fee);
    expect(delta(disbursed, "guarantor")).toBe(fee);
    expect(delta(disbursed, "scrap-collector")).toBe(yuanToFen("300,000") - fee);

    const defaulted = step("default-and-4321", "After the grace days: default (违约)");
    const loss = arg(defaulted, "LoanDefaulted", "debt");
    expect(loss).toBe(defaulted.figures.debt);
    const shared = step("default-and-4321", 'The loss is shared "4321"');
    const shares = splitLoss(loss, { national: 2_000, provincial: 3_000, lender: 2_000, guarantor: 3_000 });
    const onChain = {
      national: arg(shared, "RiskShared", "national"),
      provincial: arg(shared, "RiskShared", "provincial"),
      lender: arg(shared, "RiskShared", "lender"),
      guarantor: arg(shared, "RiskShared", "guarantor"),
    };
    expect(onChain).toEqual(shares);
    expect(arg(shared, "RiskShared", "loss")).toBe(loss);
    expect(onChain.national + onChain.provincial + onChain.lender + onChain.guarantor).toBe(loss);
    expect(delta(shared, "national-fund")).toBe(-onChain.national);
    expect(delta(shared, "provincial-reguarantor")).toBe(-onChain.provincial);
    expect(delta(shared, "guarantor")).toBe(-onChain.guarantor);
    expect(delta(shared, "micro-lender")).toBe(loss - onChain.lender);
  });

  it("grants a grace period after two weeks of sales 45% down, instead of a default, and the store repays", () => {
    const week13 = step("default-and-4321", "Week 13: a second fallen week earns a grace period");
    const graceUntil = arg(week13, "FlexibleGraceGranted", "graceUntil");
    const refused = step("default-and-4321", "The store's loan cannot be called during its grace");
    expect(refused.refusal?.args).toMatchObject({ graceUntil });
    const repaid = step("default-and-4321", "Sales recover: the store repays in full");
    expect(eventsOf(repaid, "LoanRepaid")).toHaveLength(1);
    expect(delta(repaid, "merchant")).toBe(-repaid.figures.debt);
  });

  it("refuses each bad move of the rules lesson with its own custom error", () => {
    const refusals = run("what-the-rules-prevent")
      .steps.filter((s) => s.refusal)
      .map((s) => s.refusal!.error);
    expect(refusals).toEqual([
      "VoucherCreditLineExceeded",
      "VoucherTradeHashUsed",
      "VoucherBelowMinSplitUnit",
      "VoucherValueExceedsBalance",
      "MemberNotActive",
      "MemberNotActive",
      "VoucherTermTooLong",
      "VoucherAcceptanceRequired",
      "ECNYNoWallet",
      "ECNYPerPaymentCapExceeded",
      "LoanBookAboveLtv",
      "RegistryLienExists",
      "MemberRoleNotAllowed",
      "VoucherMatured",
    ]);
    const [nonMember, suspended] = run("what-the-rules-prevent").steps.filter(
      (s) => s.refusal?.error === "MemberNotActive",
    );
    expect([nonMember.refusal!.args.status, suspended.refusal!.args.status]).toEqual([0n, 2n]); // None, Suspended
  });
});

describe("a lesson run", () => {
  it("gives identical step outputs when run twice", async () => {
    const again = await runLesson("finance-at-a-bank");
    expect(lessonJson(again)).toBe(lessonJson(run("finance-at-a-bank")));
  });

  it("renders a refused step with the error, its facts and the rule, in either language", () => {
    const s = step("what-the-rules-prevent", "A split after maturity");
    const en = renderStep(s, "en");
    expect(en).toContain("Refused, as the lesson expects: VoucherMatured");
    expect(en).toContain("nothing was recorded and nothing changed");
    const zh = renderStep(s, "zh");
    expect(zh).toContain("按课程预期被拒绝：VoucherMatured");
    expect(zh).toContain("到期后只能清分");
  });
});

describe("scf lesson", () => {
  const output: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    output.length = 0;
  });
  const capture = () => {
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void output.push(args.join(" ")));
    vi.spyOn(process, "exit").mockImplementation((code?: string | number | null) => {
      throw new Error(`exit ${code}`);
    });
  };

  it("lists the lessons without a name, in the language asked for", async () => {
    capture();
    await lessonCommand().parseAsync(["--lang", "zh"], { from: "user" });
    const text = output.join("");
    for (const name of NAMES) expect(text).toContain(name);
    expect(text).toContain("凭证拆分流转到三级供应商");
  });

  it("runs a lesson step by step as text", async () => {
    capture();
    await lessonCommand().parseAsync(["split-three-tiers"], { from: "user" });
    const text = output.join("");
    expect(text).toContain("═══ Split a voucher down three tiers (split-three-tiers) ═══");
    expect(text).toContain("── Step 5/5");
    expect(text).toContain("└─ #1.3 Qian'an Scrap Collector · tier 3 · ¥600,000.00");
  });

  it("answers an unknown lesson with one line and a non-zero exit", async () => {
    capture();
    await expect(lessonCommand().parseAsync(["atlantis"], { from: "user" })).rejects.toThrow("exit 1");
    expect(output).toHaveLength(1);
    expect(output[0]).toMatch(/^scf: no lesson "atlantis" \(the lessons: /);
  });
});
