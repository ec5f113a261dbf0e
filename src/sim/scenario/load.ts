import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, parseDocument, type Document } from "yaml";
import { ScfError } from "../../domain/errors.js";
import { scenarioSchema, type Scenario } from "./schema.js";
import { checkScenario } from "./check.js";
import { applyOverrides, overrideText, type ScenarioOverride } from "./overrides.js";

/** A scenario file that cannot be used, with the file, line and field that are wrong. */
export class ScenarioError extends ScfError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("INVALID_SCENARIO", message, { details });
  }
}

/** The scenarios shipped with the project (`scenarios/*.yaml`), wherever it is run from. */
export const BUNDLED_SCENARIOS = fileURLToPath(new URL("../../../scenarios/", import.meta.url));

/** The file of a bundled scenario named `name` (`classroom` or `classroom.yaml`), if there is one. */
export function bundledScenario(name: string): string | undefined {
  if (/[\\/]/.test(name)) return undefined;
  const file = resolve(BUNDLED_SCENARIOS, name.endsWith(".yaml") ? name : `${name}.yaml`);
  return existsSync(file) ? file : undefined;
}

/**
 * Reads and validates a scenario file. Errors name the file, the line and the field:
 * `tangshan-steel.yaml:42: vouchers.face.median: amount "2,5" is not a decimal number of yuan`.
 * `overrides` (`--set path=value`) change fields before validation (see {@link parseScenario}).
 */
export async function loadScenario(path: string, overrides: readonly ScenarioOverride[] = []): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new ScenarioError(`cannot read scenario file ${path}`);
  }
  const readBase = (base: string) => {
    const beside = resolve(dirname(path), base);
    return readFileSync(existsSync(beside) ? beside : (bundledScenario(base) ?? beside), "utf8");
  };
  return parseScenario(text, basename(path), readBase, overrides);
}

/**
 * Validates scenario YAML text (see {@link loadScenario}). A scenario may start from another with
 * `extends: other.yaml` (a file beside it, or a bundled scenario by name: `extends: classroom`): its
 * own top-level fields replace the base's, and a field set to null (`rural: null`) removes it.
 * Its `set:` section (`path: value` lines, as --set takes them) changes single fields of the result.
 * Then `overrides` (`--set path=value`, see applyOverrides) change single fields, before validation:
 * a value the schema refuses gets the usual file and field error, naming the `--set` it came from.
 */
export function parseScenario(
  text: string,
  fileName = "scenario.yaml",
  readBase?: (path: string) => string,
  overrides: readonly ScenarioOverride[] = [],
): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new ScenarioError(`${fileName}:${line}: not valid YAML: ${e.message.split("\n")[0]}`);
  }
  let input = doc.toJS() as Record<string, unknown>;
  if (input && typeof input === "object" && "extends" in input) {
    input = resolveExtends(input, readBase, (base) => {
      throw new ScenarioError(`${fileName}:${lineOf(doc, lineCounter, ["extends"])}: extends: ${base}`);
    });
  }
  const isObject = typeof input === "object" && input !== null && !Array.isArray(input);
  // `set:` — a counterfactual changes single fields of the scenario it extends, as --set would.
  let fileSets: ScenarioOverride[] = [];
  if (isObject && "set" in input) {
    const sets = input.set;
    delete input.set;
    if (typeof sets !== "object" || sets === null || Array.isArray(sets)) {
      throw new ScenarioError(`${fileName}:${lineOf(doc, lineCounter, ["set"])}: set: expected "path: value" lines`);
    }
    fileSets = Object.entries(sets).map(([path, value]) => ({ path, value }));
    overrides = [...fileSets, ...overrides];
  }
  let overridden: ReturnType<typeof applyOverrides> = [];
  try {
    overridden = overrides.length > 0 && isObject ? applyOverrides(input, overrides, fileName) : [];
  } catch (error) {
    // A `set:` line of the file (not a --set flag) that names nothing: say so with its line.
    const fromFile = error instanceof ScfError && fileSets.find((o) => error.message.includes(`--set ${o.path}:`));
    if (!fromFile) throw error;
    const reason = (error as ScfError).message.replace(/^--set [^:]*: /, "");
    throw new ScenarioError(
      `${fileName}:${lineOf(doc, lineCounter, ["set", fromFile.path])}: set.${fromFile.path}: ${reason}`,
    );
  }
  /** " (--set a.b=1)" when the field at `path` was set on the command line (or lies under one that was). */
  const setBy = (path: (string | number)[]) => {
    const i = overridden.findLastIndex(
      (o) => o.length <= path.length && o.every((key, k) => String(key) === String(path[k])),
    );
    return i >= 0 ? ` (--set ${overrideText(overrides[i])})` : "";
  };
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path as (string | number)[];
    const field = issue.code === "unrecognized_keys" ? [...path, issue.keys[0]] : path;
    const line = lineOf(doc, lineCounter, field as (string | number)[]);
    const where = field.length ? `${field.join(".")}: ` : "";
    const message = issue.code === "unrecognized_keys" ? `unknown field "${issue.keys[0]}"` : issue.message;
    throw new ScenarioError(`${fileName}:${line}: ${where}${message}${setBy(field)}`, { path: field });
  }
  const problem = checkScenario(result.data);
  if (problem) {
    const line = lineOf(doc, lineCounter, problem.path);
    throw new ScenarioError(
      `${fileName}:${line}: ${problem.path.join(".")}: ${problem.message}${setBy(problem.path)}`,
      {
        path: problem.path,
      },
    );
  }
  return result.data;
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return 1;
}

/**
 * A scenario object with its `extends` chain resolved (a base may extend another, up to 8 deep): its
 * own top-level fields replace the base's (after the base's own `set:` lines), and a field set to null
 * removes it.
 */
function resolveExtends(
  input: Record<string, unknown>,
  readBase: ((path: string) => string) | undefined,
  fail: (reason: string) => never,
  depth = 0,
): Record<string, unknown> {
  if (!("extends" in input)) return input;
  const base = String(input.extends);
  if (depth >= 8) fail(`${base}: more than 8 scenarios extend one another (a loop?)`);
  let baseText: string;
  try {
    if (!readBase) throw new Error("no file");
    baseText = readBase(base);
  } catch {
    return fail(`cannot read ${base}`);
  }
  const baseDoc = parseDocument(baseText);
  if (baseDoc.errors.length > 0) fail(`${base} is not valid YAML`);
  const baseInput = baseDoc.toJS() as unknown;
  if (typeof baseInput !== "object" || baseInput === null || Array.isArray(baseInput))
    fail(`${base} is not a scenario`);
  const resolved = resolveExtends(baseInput as Record<string, unknown>, readBase, fail, depth + 1);
  // The base's own `set:` lines make the base what it is: they apply before this file's fields.
  const baseSets = resolved.set;
  delete resolved.set;
  if (typeof baseSets === "object" && baseSets !== null && !Array.isArray(baseSets)) {
    applyOverrides(
      resolved,
      Object.entries(baseSets).map(([path, value]) => ({ path, value })),
      base,
    );
  }
  const { extends: _ignored, ...own } = input;
  const merged: Record<string, unknown> = { ...resolved, ...own };
  for (const [key, value] of Object.entries(own)) if (value === null) delete merged[key];
  return merged;
}
