/*
 * A worker of `scf sweep` (a child process, forked by pool.ts): it loops, receiving one cell at a
 * time and running it with the same code as `scf run` (simulateToFolder), writing the cell's
 * report.json, and answering done or failed. It exits when told to stop or when its parent goes
 * away (the IPC channel closes: a killed sweep leaves no worker behind).
 */
import { ScfError } from "../domain/errors.js";
import { simulateToFolder } from "../cli/simulate.js";
import type { ToWorker, FromWorker } from "./pool.js";

const send = (message: FromWorker) => process.send?.(message);

process.on("disconnect", () => process.exit(0));
process.on("message", (message: ToWorker) => {
  if (message.type === "stop") process.exit(0);
  void runCell(message);
});

async function runCell(job: Extract<ToWorker, { type: "run" }>): Promise<void> {
  try {
    const report = await simulateToFolder(job.args, {
      out: job.out,
      files: job.files,
      command: "scf sweep",
      quiet: true,
    });
    const failed = report.checks.filter((c) => !c.holds);
    if (failed.length > 0) {
      send({
        type: "failed",
        id: job.id,
        message: `a reconciliation check did not hold (${failed.map((c) => c.name).join(", ")}; see its report.json)`,
      });
    } else send({ type: "done", id: job.id });
  } catch (error) {
    if (process.env.SCF_DEBUG === "1") console.error(error);
    const message =
      error instanceof ScfError
        ? error.message
        : `${(error instanceof Error ? error.message : String(error)).split("\n")[0]} (unexpected; run with SCF_DEBUG=1 for details)`;
    send({ type: "failed", id: job.id, message });
  }
}

send({ type: "ready" });
