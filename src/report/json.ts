import type { Report } from "./build.js";

/** The report as pretty JSON (amounts are already decimal strings of fen). */
export function toJson(report: Report): string {
  return JSON.stringify(report, (_, value) => (typeof value === "bigint" ? value.toString() : value), 2) + "\n";
}
