import { createHash } from "node:crypto";
import { ScfError } from "../domain/errors.js";
import { isOverridePath, parseValue, valueText, type ScenarioOverride } from "../sim/scenario/overrides.js";

/** A sweep has at most this many cells (value combinations × seeds). */
export const MAX_CELLS = 1_000;

/** The largest seed `scf run --seed` accepts. */
const MAX_SEED = 2 ** 31;

/** One `--vary path=v1,v2,…`: a field of the scenario and the values it takes, in order. */
export interface VaryAxis {
  path: string;
  values: unknown[];
}

/** One combination of the varied values (one value per `--vary`): a column of the sweep. */
export interface Combination {
  /** `payments.eCnyAdoption=0.5` (`+` between several), or `base` without `--vary`. */
  key: string;
  /** The folder under `cells/` (the key, made safe as a file name). */
  folder: string;
  values: ScenarioOverride[];
}

/** One run of the sweep: a combination and a seed. */
export interface SweepCell {
  combination: Combination;
  seed: number;
  /** `--set` flags first, then the combination's values: what `scf run --set …` would be given. */
  overrides: ScenarioOverride[];
  /** `cells/<folder>/seed-<s>`, relative to the sweep's folder. */
  dir: string;
}

export interface Grid {
  seeds: number[];
  set: ScenarioOverride[];
  vary: VaryAxis[];
  combinations: Combination[];
  cells: SweepCell[];
}

/**
 * Parses `--seeds`: `1..10`, `3`, `1,4,7`, `1..5,9`. Seeds come back ascending, each once.
 * @example parseSeeds("1..3,7") // [1, 2, 3, 7]
 */
export function parseSeeds(text: string): number[] {
  const bad = (why: string): never => {
    throw new ScfError("INVALID_FLAG", `--seeds "${text}": ${why} (e.g. 1..10, 3, 1,4,7 or 1..5,9)`);
  };
  const seeds = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (!m) bad(part.trim() === "" ? "an empty part" : `"${part.trim()}" is not a seed or a range a..b`);
    const from = Number(m![1]);
    const to = m![2] === undefined ? from : Number(m![2]);
    if (from > MAX_SEED || to > MAX_SEED) bad(`seeds go from 0 to ${MAX_SEED}`);
    if (to < from) bad(`the range ${from}..${to} runs backwards`);
    if (to - from + 1 > MAX_CELLS) tooMany(to - from + 1);
    for (let s = from; s <= to; s++) seeds.add(s);
    if (seeds.size > MAX_CELLS) tooMany(seeds.size);
  }
  return [...seeds].sort((a, b) => a - b);
}

/** Seeds written back compactly: [1, 2, 3, 7] → "1..3,7". */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length;) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j] + 1) j++;
    parts.push(j > i ? `${seeds[i]}..${seeds[j]}` : String(seeds[i]));
    i = j + 1;
  }
  return parts.join(",");
}

/**
 * Parses one `--vary path=v1,v2,…`. The values are split at commas outside quotes and brackets, so
 * `vouchers.termDays=[10, 20],[20, 40]` is two lists and `'lending.workingCapitalBenchmark="4.35%","4.85%"'`
 * two rates; each is a YAML value as in `--set`.
 */
export function parseVary(text: string): VaryAxis {
  const eq = text.indexOf("=");
  const path = eq < 0 ? text : text.slice(0, eq);
  if (eq < 0 || !isOverridePath(path)) {
    throw new ScfError(
      "INVALID_FLAG",
      `--vary "${text}": expected path=v1,v2,… with a dotted path, e.g. payments.eCnyAdoption=0.5,0.9`,
    );
  }
  const rest = text.slice(eq + 1);
  const parts = splitTopLevel(rest);
  if (parts.some((p) => p.trim() === "")) {
    throw new ScfError("INVALID_FLAG", `--vary ${path}: an empty value in "${rest}" (expected v1,v2,…)`);
  }
  const values = parts.map((p) => parseValue(p.trim(), `--vary ${path}`));
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) throw new ScfError("INVALID_FLAG", `--vary ${path}: the value ${valueText(v)} is given twice`);
    seen.add(key);
  }
  return { path, values };
}

/** Splits at the commas that are not inside quotes, [ ] or { }. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function tooMany(count: number): never {
  throw new ScfError(
    "SWEEP_TOO_LARGE",
    `the sweep would have ${count.toLocaleString("en-US")} cells: at most ${MAX_CELLS.toLocaleString("en-US")} (fewer seeds or values)`,
  );
}

/** A key as a folder name: letters, digits and `._=,%+-` kept, anything else `_`; long keys shortened with a hash. */
function folderName(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9._=,%+-]/g, "_").replace(/^\.+/, "_");
  if (safe.length <= 120) return safe;
  return `${safe.slice(0, 100)}~${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
}

/**
 * The grid: every combination of the `--vary` values (several flags make a cartesian product, the
 * first flag varying slowest) × every seed. The `--set` flags apply to every cell, before the varied
 * values. More than {@link MAX_CELLS} cells, a path both set and varied, or varied twice is refused.
 */
export function expandGrid(options: { seeds: number[]; set?: ScenarioOverride[]; vary?: VaryAxis[] }): Grid {
  const set = options.set ?? [];
  const vary = options.vary ?? [];
  const seeds = options.seeds;
  const varied = new Set<string>();
  for (const axis of vary) {
    if (varied.has(axis.path)) throw new ScfError("INVALID_FLAG", `--vary ${axis.path} is given twice`);
    varied.add(axis.path);
    if (set.some((o) => o.path === axis.path)) {
      throw new ScfError("INVALID_FLAG", `${axis.path} is both --set and --vary: give it once`);
    }
  }
  const count = vary.reduce((n, axis) => n * axis.values.length, 1) * seeds.length;
  if (count > MAX_CELLS) tooMany(count);
  let combos: ScenarioOverride[][] = [[]];
  for (const axis of vary)
    combos = combos.flatMap((c) => axis.values.map((value) => [...c, { path: axis.path, value }]));
  const folders = new Set<string>();
  const combinations = combos.map((values) => {
    const key = values.length === 0 ? "base" : values.map((v) => `${v.path}=${valueText(v.value)}`).join("+");
    let folder = folderName(key);
    for (let k = 2; folders.has(folder); k++) folder = `${folderName(key)}-${k}`;
    folders.add(folder);
    return { key, folder, values };
  });
  const cells = combinations.flatMap((combination) =>
    seeds.map((seed) => ({
      combination,
      seed,
      overrides: [...set, ...combination.values],
      dir: `cells/${combination.folder}/seed-${seed}`,
    })),
  );
  return { seeds, set, vary, combinations, cells };
}

/** A cell for people: `payments.eCnyAdoption=0.9, seed 3`. */
export function cellLabel(cell: SweepCell): string {
  return cell.combination.values.length === 0 ? `seed ${cell.seed}` : `${cell.combination.key}, seed ${cell.seed}`;
}
