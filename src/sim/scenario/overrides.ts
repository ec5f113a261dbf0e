import { parse } from "yaml";
import { ScfError } from "../../domain/errors.js";

/**
 * `--set path=value`: one field of a scenario changed from the command line (`scf run`, `scf sweep`).
 * `value` is the YAML value the text parsed to (a number, a boolean, a string such as "4.85%" or
 * "1,000,000", null, or a flow list such as [10, 20]).
 */
export interface ScenarioOverride {
  path: string;
  value: unknown;
}

const PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * Parses the text of one `--set` flag, `payments.eCnyAdoption=0.8`: the dotted path up to the first
 * `=`, then a YAML value. A malformed flag is a one-line error.
 * @example parseOverride("vouchers.byTier.2.split=0") // { path: "vouchers.byTier.2.split", value: 0 }
 */
export function parseOverride(text: string, flag = "--set"): ScenarioOverride {
  const eq = text.indexOf("=");
  const path = eq < 0 ? text : text.slice(0, eq);
  if (eq < 0 || !isOverridePath(path)) {
    throw new ScfError(
      "INVALID_FLAG",
      `${flag} "${text}": expected path=value with a dotted path, e.g. payments.eCnyAdoption=0.8`,
    );
  }
  return { path, value: parseValue(text.slice(eq + 1), `${flag} ${path}`) };
}

/** True for a dotted path of field names, list ids and indexes: `lending.products.pear.flexible`. */
export function isOverridePath(path: string): boolean {
  return PATH.test(path) && !path.split(".").includes("__proto__");
}

/**
 * A value as YAML reads it in a scenario file: `0.8` a number, `true` a boolean, `4.85%` and
 * `1,000,000` strings, `null` (or nothing) null, `[10, 20]` a list.
 */
export function parseValue(text: string, what = "value"): unknown {
  try {
    return parse(text) as unknown;
  } catch (error) {
    throw new ScfError(
      "INVALID_FLAG",
      `${what}: "${text}" is not a YAML value (${firstLine(error).replace(/:$/, "")})`,
    );
  }
}

/** `path=value` again, as a person would type it (for messages and folder names). */
export function overrideText(o: ScenarioOverride): string {
  return `${o.path}=${valueText(o.value)}`;
}

/** A parsed value as YAML text on one line: 0.8, true, 4.85%, [10, 20]. */
export function valueText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "null";
  if (typeof value === "object") return JSON.stringify(value).replace(/,/g, ", ");
  return String(value);
}

type Node = Record<string, unknown> | unknown[];

const isNode = (x: unknown): x is Node => typeof x === "object" && x !== null;

/** True when `list` is a list of objects that carry an `id` (participants, loan products). */
function hasIds(list: unknown[]): boolean {
  return list.length > 0 && list.every((e) => isNode(e) && !Array.isArray(e) && typeof e.id === "string");
}

/**
 * Where `key` is in `parent`: an object's field, an element of a list of objects with ids by its id,
 * any other list's element by its index. Undefined when there is no such place.
 */
function locate(parent: Node, key: string): { exists: boolean; index?: number } {
  if (!Array.isArray(parent)) return { exists: Object.hasOwn(parent, key) };
  if (hasIds(parent)) {
    const index = parent.findIndex((e) => (e as Record<string, unknown>).id === key);
    return index >= 0 ? { exists: true, index } : { exists: false };
  }
  if (!/^\d+$/.test(key)) return { exists: false };
  const index = Number(key);
  return index < parent.length ? { exists: true, index } : { exists: false };
}

/** What a list holds, to say which keys would have worked. */
function keysOf(parent: Node): string {
  if (Array.isArray(parent)) {
    if (hasIds(parent)) return `ids: ${parent.map((e) => (e as Record<string, unknown>).id).join(", ")}`;
    return parent.length === 0 ? "no entries" : `indexes 0 to ${parent.length - 1}`;
  }
  const keys = Object.keys(parent);
  return keys.length ? `fields: ${keys.join(", ")}` : "no fields";
}

/**
 * Applies `overrides` in order to a scenario as parsed from YAML (after `extends` is resolved, before
 * validation: the schema judges the values). Dotted paths: `vouchers.byTier.2.split`; a list whose
 * elements have an `id` is addressed by id (`lending.products.pear.flexible`), any other by index
 * (`calibration.0.tolerance`). Every section on the path must exist; the last key may be new (the
 * schema decides whether it is allowed), and `null` removes it. A path whose section does not exist is
 * a one-line error naming it. Returns each override's path with list elements as indexes (the
 * schema's way of naming fields).
 */
export function applyOverrides(
  input: Record<string, unknown>,
  overrides: readonly ScenarioOverride[],
  fileName = "the scenario",
): (string | number)[][] {
  const resolved: (string | number)[][] = [];
  for (const o of overrides) {
    const keys = o.path.split(".");
    const fail = (message: string): never => {
      throw new ScfError("UNKNOWN_OVERRIDE_PATH", `--set ${o.path}: ${message}`, { details: { path: o.path } });
    };
    let node: Node = input;
    const at: (string | number)[] = [];
    for (let depth = 0; depth < keys.length - 1; depth++) {
      const key = keys[depth];
      const here = keys.slice(0, depth + 1).join(".");
      const place = locate(node, key);
      if (!place.exists) {
        const around = depth === 0 ? "" : ` (${keys.slice(0, depth).join(".")} has ${keysOf(node)})`;
        fail(`${fileName} has no ${here}${around}`);
      }
      at.push(Array.isArray(node) ? place.index! : key);
      const next: unknown = Array.isArray(node) ? node[place.index!] : node[key];
      if (!isNode(next)) fail(`${here} is a value (${valueText(next)}), not a section with fields`);
      node = next as Node;
    }
    const last = keys[keys.length - 1];
    if (Array.isArray(node)) {
      const place = locate(node, last);
      if (!place.exists) fail(`${fileName} has no ${o.path} (${keys.slice(0, -1).join(".")} has ${keysOf(node)})`);
      at.push(place.index!);
      if (o.value === null) node.splice(place.index!, 1);
      else node[place.index!] = o.value;
    } else {
      at.push(last);
      if (o.value === null) delete node[last];
      else node[last] = o.value;
    }
    resolved.push(at);
  }
  return resolved;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
