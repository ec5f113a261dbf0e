import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ScfError } from "../../domain/errors.js";
import type { CalibrationRow, Report } from "../build.js";
import type { Check } from "../checks.js";

/**
 * A report.json as `scf compare` reads it: the keys it relies on, typed; everything else (the
 * volumes, sections a newer model adds) is walked generically.
 */
export type ComparableReport = Pick<Report, "scenario" | "seed" | "flowScale" | "horizon" | "participants"> & {
  title?: string;
  calibration: (CalibrationRow & { role?: string })[];
  checks: Check[];
  volumes: Record<string, unknown>;
} & Record<string, unknown>;

/** A report and the file it came from. */
export interface LoadedReport {
  path: string;
  report: ComparableReport;
}

/**
 * Reads a report.json written by `scf run` (or the folder holding one), refusing in one line a
 * missing file, a file that is not JSON and JSON that is not a report.
 */
export async function loadReport(path: string): Promise<LoadedReport> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, "report.json");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new ScfError("REPORT_NOT_FOUND", `${path}: no such file`);
    throw error;
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ScfError("REPORT_NOT_FOUND", `${path}: a folder without a report.json`);
    }
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ScfError("NOT_A_REPORT", `${file}: not JSON (a report.json written by \`scf run\` expected)`);
  }
  const missing = missingKey(value);
  if (missing) throw new ScfError("NOT_A_REPORT", `${file}: not a report.json of \`scf run\` (${missing})`);
  return { path: file, report: value as ComparableReport };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** What a report.json lacks that the comparison needs ("no \"volumes\""), or undefined. */
export function missingKey(value: unknown): string | undefined {
  if (!isObject(value)) return "not a JSON object";
  const wants: [string, (x: unknown) => boolean, string][] = [
    ["scenario", (x) => typeof x === "string", "a name"],
    ["seed", (x) => typeof x === "number", "a number"],
    ["flowScale", (x) => typeof x === "number", "a number"],
    ["horizon.start", (x) => typeof x === "string", "a date"],
    ["horizon.days", (x) => typeof x === "number", "a number"],
    ["participants.total", (x) => typeof x === "number", "a number"],
    [
      "participants.byRole",
      (x) => isObject(x) && Object.values(x).every((n) => typeof n === "number"),
      "counts by role",
    ],
    ["volumes", isObject, "an object"],
    ["calibration", Array.isArray, "a list"],
    ["checks", Array.isArray, "a list"],
  ];
  for (const [key, ok, what] of wants) {
    const found = key.split(".").reduce<unknown>((x, k) => (isObject(x) ? x[k] : undefined), value);
    if (found === undefined) return `no "${key}"`;
    if (!ok(found)) return `"${key}" is not ${what}`;
  }
  const calibration = value.calibration as unknown[];
  if (!calibration.every((c) => isObject(c) && typeof c.metric === "string" && typeof c.within === "boolean"))
    return `"calibration" rows without a metric or "within"`;
  const checks = value.checks as unknown[];
  if (!checks.every((c) => isObject(c) && typeof c.name === "string" && typeof c.holds === "boolean"))
    return `"checks" rows without a name or "holds"`;
  return undefined;
}

/**
 * Why two runs cannot be compared figure by figure (different horizon, flow scale or participants),
 * or an empty list. Different scenario names and seeds compare: a counterfactual that `extends` a
 * base scenario is the main use.
 */
export function incomparabilities(a: ComparableReport, b: ComparableReport): string[] {
  const reasons: string[] = [];
  const span = (r: ComparableReport) => `${r.horizon.start} for ${r.horizon.days} days`;
  if (a.horizon.start !== b.horizon.start || a.horizon.days !== b.horizon.days) {
    reasons.push(`different horizons (a starts ${span(a)}, b starts ${span(b)})`);
  }
  if (a.flowScale !== b.flowScale) reasons.push(`different flow scales (a ${a.flowScale}, b ${b.flowScale})`);
  if (a.participants.total !== b.participants.total) {
    reasons.push(`different participants (a has ${a.participants.total}, b has ${b.participants.total})`);
  } else {
    const roles = [...new Set([...Object.keys(a.participants.byRole), ...Object.keys(b.participants.byRole)])];
    const differ = roles.filter((r) => (a.participants.byRole[r] ?? 0) !== (b.participants.byRole[r] ?? 0));
    if (differ.length) {
      const counts = (r: ComparableReport) => differ.map((role) => `${r.participants.byRole[role] ?? 0} ${role}`);
      reasons.push(`different participants by role (a has ${counts(a).join(", ")}; b has ${counts(b).join(", ")})`);
    }
  }
  return reasons;
}

/** Refuses, in one line, two runs that cannot be compared. */
export function assertComparable(a: LoadedReport, b: LoadedReport): void {
  const reasons = incomparabilities(a.report, b.report);
  if (reasons.length) {
    throw new ScfError(
      "NOT_COMPARABLE",
      `cannot compare ${a.path} with ${b.path}: ${reasons.join("; ")} — runs compare only over the same horizon, flow scale and participants`,
      { details: { reasons } },
    );
  }
}
