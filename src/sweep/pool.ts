import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ScfError } from "../domain/errors.js";
import type { ReportFile, RunArgs } from "../cli/simulate.js";

/** What the sweep sends a worker: a cell to run, or the end. */
export type ToWorker = { type: "run"; id: number; args: RunArgs; out: string; files: ReportFile[] } | { type: "stop" };

/** What a worker answers. */
export type FromWorker =
  { type: "ready" } | { type: "done"; id: number } | { type: "failed"; id: number; message: string };

/** One cell to run: its run, the folder for its report, and its name for messages. */
export interface PoolJob {
  id: number;
  args: RunArgs;
  out: string;
  label: string;
}

/** The worker module, run by tsx (as bin/scf.js runs the CLI). */
const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/**
 * Runs `jobs` on `size` long-lived worker processes (each loads the code and the contracts once,
 * then takes cells one after another). Resolves when every job is done. The first cell that fails
 * stops the pool: the other workers are killed (their cells were not finished) and the promise
 * rejects with one line naming the cell. `stop()` ends it the same way (Ctrl-C).
 */
export class WorkerPool {
  private readonly workers = new Set<ChildProcess>();
  private stopping?: ScfError;
  private reject?: (error: ScfError) => void;

  constructor(
    private readonly size: number,
    private readonly files: ReportFile[] = ["json"],
  ) {}

  run(jobs: readonly PoolJob[], onDone: (job: PoolJob) => void): Promise<void> {
    const queue = [...jobs];
    let running = 0;
    return new Promise<void>((resolve, reject) => {
      this.reject = reject;
      const finish = (error?: ScfError) => {
        if (error) {
          this.stopping ??= error;
          this.killAll();
          reject(this.stopping);
        } else if (queue.length === 0 && running === 0 && !this.stopping && !finished) {
          finished = true; // every worker is told to stop; resolved once the last has exited
          for (const w of this.workers) w.send({ type: "stop" } satisfies ToWorker);
        }
      };
      let finished = false;
      if (queue.length === 0) return resolve();
      const count = Math.max(1, Math.min(this.size, queue.length));
      for (let i = 0; i < count; i++) {
        const worker = fork(WORKER, [], {
          execArgv: ["--import", TSX],
          stdio: ["ignore", "ignore", process.env.SCF_DEBUG === "1" ? "inherit" : "pipe", "ipc"],
          serialization: "json",
        });
        this.workers.add(worker);
        let stderr = "";
        worker.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
        let current: PoolJob | undefined;
        const next = () => {
          current = queue.shift();
          if (!current) return finish();
          running += 1;
          worker.send({ type: "run", id: current.id, args: current.args, out: current.out, files: this.files });
        };
        worker.on("message", (message: FromWorker) => {
          if (this.stopping) return;
          if (message.type === "ready") return next();
          running -= 1;
          const job = current!;
          current = undefined;
          if (message.type === "failed")
            return finish(new ScfError("SWEEP_CELL_FAILED", `cell ${job.label}: ${message.message}`));
          onDone(job);
          next();
        });
        worker.on("exit", (code, signal) => {
          this.workers.delete(worker);
          if (finished && !this.stopping) {
            if (this.workers.size === 0) resolve();
            return;
          }
          if (this.stopping || (!current && code === 0)) return;
          const last = stderr.trim().split("\n").at(-1);
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          finish(
            new ScfError(
              "SWEEP_WORKER_DIED",
              `${current ? `cell ${current.label}` : "a worker between cells"}: the worker process ${how}${last ? ` (${last})` : ""}`,
            ),
          );
        });
        worker.on("error", (error) => {
          if (!finished) finish(new ScfError("SWEEP_WORKER_DIED", `a worker process failed: ${error.message}`));
        });
      }
    });
  }

  /** Stops the pool at once (the cells running are dropped): `run` rejects with `reason`. */
  stop(reason: ScfError): void {
    this.stopping ??= reason;
    this.killAll();
    this.reject?.(this.stopping);
  }

  private killAll(): void {
    for (const w of this.workers) w.kill("SIGKILL");
  }
}
