import { Command, Option } from "commander";
import { existsSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ScfError } from "../domain/errors.js";
import { compareReports } from "../report/compare/diff.js";
import { assertComparable, loadReport } from "../report/compare/load.js";
import { COMPARE_FORMATS, renderComparison, type CompareFormat } from "../report/compare/render.js";
import { runCommand, userPath } from "./run-command.js";

interface CompareOptions {
  format: CompareFormat;
  out?: string;
  onlyChanged?: boolean;
}

/** `scf compare a/report.json b/report.json`: two runs' reports side by side, with b − a and b/a. */
export function compareCommand(): Command {
  return new Command("compare")
    .description(
      "compare two runs' reports (same horizon, flow scale and participants) side by side: every figure with b − a and b/a, the checks and calibration targets that changed",
    )
    .argument("<a>", "the first run's report.json (or the folder holding it): column a")
    .argument("<b>", "the second run's report.json (or the folder holding it): column b")
    .addOption(
      new Option("--format <format>", "an aligned table, Markdown, a self-contained HTML page or JSON")
        .choices(COMPARE_FORMATS)
        .default("terminal"),
    )
    .option("--out <file>", "write the comparison to this file instead of the standard output")
    .option("--only-changed", "leave out the figures that are equal in both runs")
    .action(
      runCommand(async (aArg: string, bArg: string, opts: CompareOptions) => {
        const out = opts.out ? userPath(opts.out) : undefined;
        if (out && existsSync(out) && statSync(out).isDirectory()) {
          throw new ScfError("INVALID_FLAG", `--out ${out}: a folder, not a file`);
        }
        const a = await loadReport(userPath(aArg));
        const b = await loadReport(userPath(bArg));
        assertComparable(a, b);
        const comparison = compareReports(a.report, b.report, { a: a.path, b: b.path });
        const text = renderComparison(comparison, opts.format, { onlyChanged: opts.onlyChanged });
        if (!out) {
          process.stdout.write(text);
          return;
        }
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, text);
        console.log(`comparison: ${out} (${comparison.identical ? "no difference" : "differences found"})`);
      }),
    );
}
