import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, parseDocument, type Document } from "yaml";
import { ScfError } from "../../domain/errors.js";
import { scenarioSchema, type Scenario } from "./schema.js";
import { checkScenario } from "./check.js";

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
 */
export async function loadScenario(path: string): Promise<Scenario> {
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
  return parseScenario(text, basename(path), readBase);
}

/**
 * Validates scenario YAML text (see {@link loadScenario}). A scenario may start from another with
 * `extends: other.yaml` (a file beside it, or a bundled scenario by name: `extends: classroom`): its
 * own top-level fields replace the base's, and a field set to null (`rural: null`) removes it.
 */
export function parseScenario(text: string, fileName = "scenario.yaml", readBase?: (path: string) => string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new ScenarioError(`${fileName}:${line}: not valid YAML: ${e.message.split("\n")[0]}`);
  }
  let input = doc.toJS() as Record<string, unknown>;
  if (input && typeof input === "object" && "extends" in input) {
    const base = String(input.extends);
    let baseText: string;
    try {
      if (!readBase) throw new Error("no file");
      baseText = readBase(base);
    } catch {
      throw new ScenarioError(`${fileName}:${lineOf(doc, lineCounter, ["extends"])}: extends: cannot read ${base}`);
    }
    const baseDoc = parseDocument(baseText);
    const { extends: _ignored, ...own } = input;
    input = { ...(baseDoc.toJS() as Record<string, unknown>), ...own };
    for (const [key, value] of Object.entries(own)) if (value === null) delete (input as Record<string, unknown>)[key];
  }
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path as (string | number)[];
    const field = issue.code === "unrecognized_keys" ? [...path, issue.keys[0]] : path;
    const line = lineOf(doc, lineCounter, field as (string | number)[]);
    const where = field.length ? `${field.join(".")}: ` : "";
    const message = issue.code === "unrecognized_keys" ? `unknown field "${issue.keys[0]}"` : issue.message;
    throw new ScenarioError(`${fileName}:${line}: ${where}${message}`, { path: field });
  }
  const problem = checkScenario(result.data);
  if (problem) {
    const line = lineOf(doc, lineCounter, problem.path);
    throw new ScenarioError(`${fileName}:${line}: ${problem.path.join(".")}: ${problem.message}`, {
      path: problem.path,
    });
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
