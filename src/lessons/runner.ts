import { keccak256, toUtf8Bytes, type BaseContract, type Interface } from "ethers";
import { demoCast, materializeCast, type Participant } from "../chain/cast.js";
import { Clock, DAY, claimTimeline } from "../chain/clock.js";
import { connectRpc, createInProcessChain } from "../chain/connect.js";
import { deployConsortium, type Deployment } from "../chain/deploy.js";
import { txOf } from "../chain/handles.js";
import { ChainRevertError, formatRevert, type DecodedRevert } from "../chain/revert.js";
import type { TxOutcome } from "../chain/sender.js";
import { NotFoundError, ScfError } from "../domain/errors.js";
import { ROLE_LABELS } from "../domain/roles.js";
import type { ChainEvent } from "../ledger/decoder.js";
import { Ledger } from "../ledger/ledger.js";
import { LESSONS } from "./catalog/index.js";
import { describeEvent, isStandardEvent } from "../ledger/describe.js";
import { formatTime, tokenLabel, type Namer } from "../ledger/words.js";
import { formatArgs } from "./format.js";
import { namerOf } from "./names.js";
import { explainRefusal } from "./refusals.js";
import type {
  ActorInfo,
  BalanceChange,
  ContractKey,
  Lesson,
  LessonContext,
  LessonInfo,
  LessonRun,
  LessonStep,
  RunLessonOptions,
  StepResult,
  Text,
  TokenChange,
} from "./types.js";

/** Project time of every lesson's first step: Monday 2 March 2026, 09:00 in Beijing. */
export const LESSON_START = new Date("2026-03-02T09:00:00+08:00");

/** A lesson whose start a chain's clock has passed starts this much later (same weekday and hour). */
const WEEK = 7n * DAY;

/** Steps follow one another a minute apart unless the lesson moves the clock. */
const STEP_SECONDS = 60n;

/** Contract names of the deployment's handles. */
const CONTRACT_NAMES: Record<ContractKey, string> = {
  consortium: "Consortium",
  ecny: "ECNY",
  escrow: "PaymentEscrow",
  vouchers: "VoucherLedger",
  financing: "VoucherFinancing",
  registry: "PropertyRegistry",
  loans: "LoanBook",
};

let demoParticipants: Map<string, Participant> | undefined;

/** The demo cast with its addresses (the lessons' deployments use the default seed). */
function participant(id: string): Participant {
  demoParticipants ??= new Map(materializeCast(demoCast(), "scf").map((p) => [p.id, p]));
  const p = demoParticipants.get(id);
  if (!p) throw new ScfError("LESSON_BROKEN", `a lesson names "${id}", who is not in the demo cast`);
  return p;
}

function actorInfo(p: Participant, part?: Text): ActorInfo {
  return {
    id: p.id,
    address: p.address,
    name: { en: p.name, zh: p.nameZh ?? p.name },
    role: p.role,
    roleLabel: ROLE_LABELS[p.role],
    ...(part ? { part } : {}),
  };
}

function infoOf(lesson: Lesson): LessonInfo {
  return {
    name: lesson.name,
    title: lesson.title,
    summary: lesson.summary,
    instrument: lesson.instrument,
    lifecycle: lesson.lifecycle,
    ...(lesson.stored ? { stored: lesson.stored } : {}),
    actors: lesson.actors.map((a) => actorInfo(participant(a.id), a.part)),
    steps: lesson.steps.map((s) => ({
      title: s.title,
      actor: s.actor,
      contract: s.contract,
      method: s.method,
      ...(s.refusal ? { refusal: s.refusal.error } : {}),
    })),
  };
}

/**
 * The classroom's lessons: name (slug), title, summary, the instrument, the lifecycle, the actors
 * and an outline of the steps.
 * @example listLessons().map((l) => l.name) // ["split-three-tiers", "finance-at-a-bank", …]
 */
export function listLessons(): LessonInfo[] {
  return LESSONS.map(infoOf);
}

/** The lesson named `name`; an unknown name is a {@link NotFoundError} that lists the lessons. */
export function findLesson(name: string): Lesson {
  const lesson = LESSONS.find((l) => l.name === name);
  if (!lesson) {
    throw new NotFoundError(`no lesson "${name}" (the lessons: ${LESSONS.map((l) => l.name).join(", ")})`, { name });
  }
  return lesson;
}

class Context implements LessonContext {
  now = 0n;
  readonly vars = new Map<string, bigint>();
  readonly refs = new Map<string, string>();

  constructor(
    readonly d: Deployment,
    readonly ledger: Ledger,
    readonly start: bigint,
    private readonly lesson: string,
  ) {}

  get state() {
    return this.ledger.state;
  }

  addr(id: string): string {
    return this.d.cast.get(id).address;
  }

  get(name: string): bigint {
    const value = this.vars.get(name);
    if (value === undefined)
      throw new ScfError("LESSON_BROKEN", `lesson ${this.lesson} uses "${name}" before a step remembered it`);
    return value;
  }

  set(name: string, value: bigint): void {
    this.vars.set(name, value);
  }

  ref(text: string): string {
    const hash = keccak256(toUtf8Bytes(text));
    this.refs.set(hash.toLowerCase(), text);
    return hash;
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Every address inside a call's arguments (structs and arrays included), in order. */
function addressesIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string" && ADDRESS.test(value)) out.push(value.toLowerCase());
  else if (Array.isArray(value)) for (const v of value) addressesIn(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) addressesIn(v, out);
  return out;
}

const TOKEN_FIELDS = ["tokenId", "fromTokenId", "toTokenId", "newTokenId"];

/** The vouchers a step touched: from its arguments and from its voucher events. */
function slotsOf(step: LessonStep, args: readonly unknown[], names: string[], events: ChainEvent[]): Set<bigint> {
  const slots = new Set<bigint>();
  if (step.contract === "vouchers" || step.contract === "financing") {
    names.forEach((name, i) => {
      if (TOKEN_FIELDS.includes(name)) slots.add(BigInt(args[i] as bigint) >> 32n);
      if (name === "slotId") slots.add(BigInt(args[i] as bigint));
    });
  }
  for (const e of events) {
    if (e.contract !== "VoucherLedger" && e.contract !== "VoucherFinancing") continue;
    if (e.args.slotId !== undefined) slots.add(BigInt(e.args.slotId as bigint));
    for (const field of TOKEN_FIELDS) {
      const id = e.args[field];
      if (id !== undefined && BigInt(id as bigint) !== 0n) slots.add(BigInt(id as bigint) >> 32n);
    }
  }
  slots.delete(0n);
  return slots;
}

function duration(seconds: bigint): Text {
  const days = seconds / DAY;
  const hours = (seconds % DAY) / 3600n;
  const minutes = (seconds % 3600n) / 60n;
  const en = [
    days ? `${days} day${days === 1n ? "" : "s"}` : "",
    hours ? `${hours} h` : "",
    minutes ? `${minutes} min` : "",
  ];
  const zh = [days ? `${days} 天` : "", hours ? `${hours} 小时` : "", minutes ? `${minutes} 分钟` : ""];
  return { en: en.filter(Boolean).join(" ") || "0 min", zh: zh.filter(Boolean).join(" ") || "0 分钟" };
}

/**
 * Runs a lesson on a fresh in-process consortium (every contract, the demo cast, sign mode: each
 * step is a real transaction signed by its actor's key), step by step, at fixed project times, so
 * that two runs give the same results to the byte. With `chain` or `rpcUrl`, the consortium is
 * deployed afresh on that chain; if its clock is past the lesson's start and cannot be set back,
 * the lesson starts that many whole weeks later (the returned `startTime` says when). Each step's result is passed to `onStep` as soon
 * as it is done, then all are returned. A step the chain refuses is the lesson when the lesson
 * expects that refusal (nothing is recorded and nothing changes); any other refusal, or an expected
 * refusal that does not come, fails the run with a {@link ScfError}.
 * @example const run = await runLesson("finance-at-a-bank", { onStep: (s) => console.log(s.title.en) });
 */
export async function runLesson(name: string, options: RunLessonOptions = {}): Promise<LessonRun> {
  const lesson = findLesson(name);
  const info = infoOf(lesson);
  const asked = BigInt(Math.floor((options.startTime ?? LESSON_START).getTime() / 1000));
  // Automine off: every block (deployment, clock moves, steps) is mined at a time the lesson chooses,
  // so block times never depend on the wall clock and two runs are identical, hashes included.
  const chain =
    options.chain ??
    (options.rpcUrl
      ? await connectRpc(options.rpcUrl)
      : await createInProcessChain({ automine: false, startTime: new Date(Number(asked - 7_200n) * 1000) }));
  const timeline = await claimTimeline(chain, asked - 7_200n, { step: WEEK }).catch(async (error: unknown) => {
    if (!options.chain) await chain.close();
    throw error;
  });
  const start = timeline.from + 7_200n;
  try {
    const d = await deployConsortium(chain, demoCast(), { mode: "sign", blockTime: () => start - 3_600n });
    const ledger = await Ledger.create(d, { keepEvents: true });
    const fresh: ChainEvent[] = [];
    ledger.subscribe((events) => fresh.push(...events));
    await ledger.sync();
    fresh.length = 0;
    const clock = new Clock(d.sender, d.contracts.consortium, d.cast.first("PlatformOperator").address);
    const ctx = new Context(d, ledger, start, lesson.name);
    const names = namerOf(ledger.state, d.cast, d.addresses);
    const steps: StepResult[] = [];
    let time = start - STEP_SECONDS;
    for (const [i, step] of lesson.steps.entries()) {
      ctx.now = time;
      const previous = time;
      time = step.clock
        ? "days" in step.clock
          ? time + BigInt(step.clock.days) * DAY
          : step.clock.to(ctx)
        : time + STEP_SECONDS;
      await clock.advanceTo(time); // views and the preflight then see the step's time
      ctx.now = time;
      const result = await runStep(lesson, i, step, ctx, { names, fresh, previous });
      steps.push(result);
      await options.onStep?.(result);
    }
    return { lesson: info, startTime: start, contracts: d.addresses, steps };
  } finally {
    await timeline.release();
    if (!options.chain) await chain.close();
  }
}

async function runStep(
  lesson: Lesson,
  index: number,
  step: LessonStep,
  ctx: Context,
  env: { names: Namer; fresh: ChainEvent[]; previous: bigint },
): Promise<StepResult> {
  const { d, state } = ctx;
  const where = `lesson ${lesson.name}, step ${index + 1} ("${step.title.en}")`;
  const actor = d.cast.get(step.actor);
  const contract: BaseContract = d.contracts[step.contract];
  const fragment = (contract.interface as Interface).getFunction(step.method);
  if (!fragment)
    throw new ScfError("LESSON_BROKEN", `${where}: ${CONTRACT_NAMES[step.contract]} has no function ${step.method}`);
  const args = await step.args(ctx);
  const figures = step.predict ? await step.predict(ctx) : {};
  const explanation = typeof step.explain === "function" ? step.explain(ctx) : step.explain;

  const balancesBefore = new Map(state.ecny.balances);
  const tokensBefore = new Map([...state.tokens].map(([id, t]) => [id, { value: t.value, status: t.status }]));

  let outcome: TxOutcome | undefined;
  let revert: DecodedRevert | undefined;
  try {
    outcome = await d.sender.send(txOf(contract, actor.address, step.method, args, step.title.en), {
      preflight: true,
      throwOnRevert: true,
      timestamp: ctx.now,
    });
  } catch (error) {
    if (!(error instanceof ChainRevertError)) throw error;
    revert = error.revert;
  }
  if (step.refusal && !revert) {
    throw new ScfError(
      "LESSON_BROKEN",
      `${where}: expected the chain to refuse it with ${step.refusal.error}, but it went through`,
    );
  }
  if (step.refusal && revert && revert.name !== step.refusal.error) {
    throw new ScfError(
      "LESSON_BROKEN",
      `${where}: expected ${step.refusal.error}, the chain refused with ${formatRevert(revert)}`,
    );
  }
  if (!step.refusal && revert) {
    throw new ScfError("LESSON_FAILED", `${where}: the chain refused it: ${formatRevert(revert)}`, {
      details: { revert },
    });
  }

  await ctx.ledger.sync();
  const chainEvents = outcome ? env.fresh.filter((e) => e.txHash === outcome.hash) : [];
  env.fresh.length = 0;
  for (const [key, spec] of Object.entries(step.capture ?? {})) {
    const [eventName, field] = spec.split(".");
    const found = chainEvents.find((e) => e.name === eventName && e.args[field] !== undefined);
    if (!found) throw new ScfError("LESSON_BROKEN", `${where}: no ${spec} to remember as "${key}"`);
    ctx.set(key, BigInt(found.args[field] as bigint));
  }

  const describeOptions = { names: env.names, refs: ctx.refs };
  const events = chainEvents.map((e) => ({
    contract: e.contract,
    name: e.name,
    args: e.args,
    text: describeEvent(e, state, describeOptions),
    standard: isStandardEvent(e),
  }));

  // e-CNY balances: the actor, the accounts in the arguments, the watched ones, then any that moved.
  const involved = [
    actor.address.toLowerCase(),
    ...addressesIn(args),
    ...(step.watch ?? []).map((id) => ctx.addr(id).toLowerCase()),
  ];
  const balance = (map: Map<string, bigint>, a: string) => map.get(a) ?? 0n;
  const after = state.ecny.balances;
  for (const a of new Set([...balancesBefore.keys(), ...after.keys()])) {
    if (balance(balancesBefore, a) !== balance(after, a)) involved.push(a);
  }
  const balances: BalanceChange[] = [];
  for (const a of new Set(involved)) {
    const member = d.cast.byAddress(a);
    const changed = balance(balancesBefore, a) !== balance(after, a);
    if (!state.wallets.has(a) || (!member && !changed)) continue; // no wallet, or a project contract that did not move
    balances.push({
      address: a,
      ...(member ? { id: member.id } : {}),
      name: env.names(a),
      before: balance(balancesBefore, a),
      after: balance(after, a),
      delta: balance(after, a) - balance(balancesBefore, a),
    });
  }

  const tokens: TokenChange[] = [];
  const argNames = fragment.inputs.map((p) => p.name);
  for (const slot of [...slotsOf(step, args, argNames, chainEvents)].sort((x, y) => (x < y ? -1 : 1))) {
    for (const id of state.vouchers.get(slot)?.tokenIds ?? []) {
      const t = state.tokens.get(id);
      if (!t) continue;
      const before = tokensBefore.get(id);
      tokens.push({
        tokenId: id,
        slotId: slot,
        label: tokenLabel(id),
        owner: t.owner,
        ownerName: env.names(t.owner),
        tier: t.tier,
        parentTokenId: t.parentTokenId,
        before: before?.value ?? 0n,
        after: t.value,
        ...(before ? { statusBefore: before.status } : {}),
        status: t.status,
      });
    }
  }

  const moved = ctx.now - env.previous;
  const clock = step.clock
    ? {
        en: `The clock moves ${duration(moved).en} forward, to ${formatTime(ctx.now)}: ${step.clock.why.en}`,
        zh: `时钟前进 ${duration(moved).zh}，到 ${formatTime(ctx.now)}：${step.clock.why.zh}`,
      }
    : undefined;

  const result: StepResult = {
    lesson: lesson.name,
    index: index + 1,
    total: lesson.steps.length,
    title: step.title,
    explanation,
    time: ctx.now,
    timeText: formatTime(ctx.now),
    ...(clock ? { clock } : {}),
    actor: actorInfo(actor),
    transaction: {
      contract: CONTRACT_NAMES[step.contract],
      function: step.method,
      signature: fragment.format("sighash"),
      args: formatArgs(fragment, args, { names: env.names, refs: ctx.refs }),
      from: actor.address,
      ...(outcome ? { hash: outcome.hash, blockNumber: outcome.blockNumber, gasUsed: outcome.gasUsed } : {}),
    },
    status: revert ? "refused" : "confirmed",
    ...(revert && step.refusal
      ? {
          refusal: {
            error: revert.name,
            args: revert.args,
            expected: true,
            explanation: explainRefusal(revert, env.names, ctx.refs),
            rule: step.refusal.rule,
          },
        }
      : {}),
    events,
    balances,
    tokens,
    figures,
    notes: [],
  };
  result.notes = step.notes ? await step.notes(ctx, result) : [];
  return result;
}
