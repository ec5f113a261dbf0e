import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { DecodedRevert } from "../chain/revert.js";
import type { Sender, TxOutcome, TxRequest } from "../chain/sender.js";
import { ScfError } from "../domain/errors.js";
import { writeAtomically } from "../durable/state-dir.js";
import type { Scenario } from "./scenario/schema.js";

/** What the engine needs of a sender: blocks of transactions in, outcomes out. */
export type BlockSender = Pick<Sender, "sendBlock">;

/** One mined transaction's outcome as a checkpoint keeps it. */
interface RecordedTx {
  h: string;
  ok: boolean;
  g: string;
  b: string;
  l: [string, string[], string, number][];
  c?: string;
  r?: DecodedRevert;
}

/** One block the engine sent, with its outcomes. */
interface RecordedBlock {
  ts?: string;
  txs: RecordedTx[];
}

/** `checkpoint.json`: what was run, how far it got, and the files that hold its blocks. */
export interface CheckpointMeta {
  version: 1;
  /** The `scf run` arguments the run was started with (a resume uses them again). */
  args: { scenario: string; seed?: number; days?: number; flowScale?: number };
  scenario: string;
  digest: string;
  seed: number;
  /** Simulated days completed. */
  day: number;
  date: string;
  transactions: number;
  segments: string[];
}

/**
 * A run's checkpoints: the outcome of every block the engine sent, written to the folder at the end
 * of every simulated month (or every `everyDays`), each segment a gzipped file written atomically,
 * then `checkpoint.json`. The agents keep their state in closures that cannot be saved, but they are
 * deterministic, so a resume runs them again from day one on a fresh chain: up to the last
 * checkpoint the engine gets its outcomes from the folder, while the same transactions go into the
 * same blocks without waiting for receipts (the chain's fastest mode), and every transaction hash
 * is checked against the kept one. From the checkpoint on, the run carries on as usual.
 */
export class RunCheckpoint {
  readonly dir: string;
  private meta: CheckpointMeta;
  private readonly replay: RecordedBlock[];
  private replayed = 0;
  private pending: RecordedBlock[] = [];
  private readonly everyDays?: number;
  private lastDay: number;

  private constructor(dir: string, meta: CheckpointMeta, replay: RecordedBlock[], everyDays?: number) {
    this.dir = dir;
    this.meta = meta;
    this.replay = replay;
    this.everyDays = everyDays;
    this.lastDay = meta.day;
  }

  /**
   * Starts checkpointing a new run into `dir` (whatever it held before is replaced).
   * @example const cp = RunCheckpoint.start("ckpt", scenario, 1, { scenario: "tangshan-steel" });
   */
  static start(
    dir: string,
    scenario: Scenario,
    seed: number,
    args: CheckpointMeta["args"],
    everyDays?: number,
  ): RunCheckpoint {
    if (existsSync(join(dir, "state.json"))) {
      throw new ScfError(
        "CHECKPOINT_OTHER_COMMAND",
        `${dir} holds the state of \`scf node\` or \`scf serve\`, not a checkpoint`,
      );
    }
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(dir))
      if (/^(segment-\d+\.json\.gz|checkpoint\.json)$/.test(file)) rmSync(join(dir, file));
    const meta: CheckpointMeta = {
      version: 1,
      args,
      scenario: scenario.name,
      digest: scenarioDigest(scenario),
      seed,
      day: 0,
      date: scenario.horizon.start,
      transactions: 0,
      segments: [],
    };
    const checkpoint = new RunCheckpoint(dir, meta, [], everyDays);
    checkpoint.writeMeta();
    return checkpoint;
  }

  /** Reads a checkpoint folder's `checkpoint.json` (to learn how the run was started). */
  static read(dir: string): CheckpointMeta {
    const path = join(dir, "checkpoint.json");
    if (!existsSync(path)) throw new ScfError("NO_CHECKPOINT", `${dir} holds no checkpoint (checkpoint.json)`);
    try {
      const meta = JSON.parse(readFileSync(path, "utf8")) as CheckpointMeta;
      if (meta.version !== 1) throw new Error(`version ${meta.version}`);
      return meta;
    } catch (cause) {
      throw new ScfError("CHECKPOINT_CORRUPT", `${path} is not a checkpoint`, { cause });
    }
  }

  /**
   * Opens a checkpoint to resume from it; the scenario and seed must be the run's own.
   * @example const cp = RunCheckpoint.resume("ckpt", scenario, 1);
   */
  static resume(dir: string, scenario: Scenario, seed: number, everyDays?: number): RunCheckpoint {
    const meta = RunCheckpoint.read(dir);
    if (meta.digest !== scenarioDigest(scenario) || meta.seed !== seed) {
      throw new ScfError(
        "CHECKPOINT_MISMATCH",
        `${dir} is a checkpoint of ${meta.scenario} with seed ${meta.seed} and other settings: resume it with the arguments it was started with`,
      );
    }
    const blocks: RecordedBlock[] = [];
    for (const segment of meta.segments) {
      const text = gunzipSync(readFileSync(join(dir, segment))).toString("utf8");
      blocks.push(...(JSON.parse(text, revive) as RecordedBlock[]));
    }
    return new RunCheckpoint(dir, meta, blocks, everyDays);
  }

  /** Days already simulated (and kept) when this run started. */
  get resumedDays(): number {
    return this.replay.length > 0 ? this.meta.day : 0;
  }

  /** True while the engine is still going over the checkpointed days. */
  get replaying(): boolean {
    return this.replayed < this.replay.length;
  }

  /** Wraps the run's sender: replays kept blocks first, then sends and records. */
  wrap(sender: Sender): BlockSender {
    return {
      sendBlock: async (requests: TxRequest[], options: { timestamp?: bigint } = {}): Promise<TxOutcome[]> => {
        if (this.replaying) return this.replayBlock(sender, requests, options.timestamp);
        const outcomes = await sender.sendBlock(requests, options);
        this.pending.push(record(outcomes, options.timestamp));
        return outcomes;
      },
    };
  }

  /**
   * Called at the start of each simulated day `day` (0-based) with its date: keeps what the days
   * before it sent, at the end of every month (or of every `everyDays`).
   */
  dayStarted(day: number, date: string, transactions: number): void {
    if (day <= this.meta.day || this.replaying) return;
    const monthEnded = date.endsWith("-01");
    const due = this.everyDays !== undefined ? day - this.lastDay >= this.everyDays : false;
    if (monthEnded || due) this.save(day, date, transactions);
  }

  /** Keeps everything sent so far (the end of the run). */
  finish(day: number, date: string, transactions: number): void {
    if (!this.replaying) this.save(day, date, transactions);
  }

  private save(day: number, date: string, transactions: number): void {
    if (this.pending.length > 0) {
      const name = `segment-${String(this.meta.segments.length).padStart(4, "0")}.json.gz`;
      const data = gzipSync(
        JSON.stringify(this.pending, (_, v: unknown) => (typeof v === "bigint" ? { $n: v.toString() } : v)),
      );
      writeAtomically(join(this.dir, name), data);
      this.meta.segments.push(name);
      this.pending = [];
    }
    this.meta = { ...this.meta, day, date, transactions };
    this.lastDay = day;
    this.writeMeta();
  }

  private async replayBlock(sender: Sender, requests: TxRequest[], timestamp?: bigint): Promise<TxOutcome[]> {
    const kept = this.replay[this.replayed];
    this.replayed += 1;
    const same = kept.txs.length === requests.length && kept.ts === timestamp?.toString();
    const hashes = same ? await sender.submitBlock(requests, timestamp) : [];
    const diverged = !same || hashes.some((hash, i) => hash !== kept.txs[i].h);
    if (diverged) {
      throw new ScfError(
        "CHECKPOINT_DIVERGED",
        `the run no longer produces the block kept in ${this.dir} (block ${this.replayed} of ${this.replay.length}): the code or the scenario changed since the checkpoint`,
      );
    }
    if (!this.replaying) this.replay.length = 0; // free the kept blocks once caught up
    return kept.txs.map((t, i) => ({
      request: requests[i],
      hash: t.h,
      ok: t.ok,
      gasUsed: BigInt(t.g),
      blockNumber: BigInt(t.b),
      logs: t.l.map(([address, topics, data, logIndex]) => ({ address, topics, data, logIndex })),
      contractAddress: t.c,
      blockTime: timestamp,
      revert: t.r,
    }));
  }

  private writeMeta(): void {
    writeAtomically(join(this.dir, "checkpoint.json"), JSON.stringify(this.meta, null, 2) + "\n");
  }
}

function record(outcomes: TxOutcome[], timestamp?: bigint): RecordedBlock {
  return {
    ts: timestamp?.toString(),
    txs: outcomes.map((o) => ({
      h: o.hash,
      ok: o.ok,
      g: o.gasUsed.toString(),
      b: o.blockNumber.toString(),
      l: o.logs.map((l) => [l.address, l.topics, l.data, l.logIndex] as [string, string[], string, number]),
      ...(o.contractAddress ? { c: o.contractAddress } : {}),
      ...(o.revert ? { r: o.revert } : {}),
    })),
  };
}

function revive(_: string, v: unknown): unknown {
  if (v && typeof v === "object" && "$n" in v && Object.keys(v).length === 1) return BigInt((v as { $n: string }).$n);
  return v;
}

/** A digest of a scenario's content (after --days and --flow-scale): a resume needs the same. */
export function scenarioDigest(scenario: Scenario): string {
  const text = JSON.stringify(scenario, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
