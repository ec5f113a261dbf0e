import { Interface, type ErrorFragment, type Result } from "ethers";
import { ScfError } from "../domain/errors.js";
import { readArtifact } from "./artifacts.js";
import { PROJECT_CONTRACTS } from "./contracts.js";

/** A custom error decoded from revert data: its name and named arguments. */
export interface DecodedRevert {
  name: string;
  args: Record<string, unknown>;
  /** Selector and raw data, kept for errors no project ABI knows. */
  data: string;
}

/** A transaction or call that the chain refused, with the contract's custom error decoded. */
export class ChainRevertError extends ScfError {
  readonly revert: DecodedRevert;
  constructor(revert: DecodedRevert, context?: string) {
    super(revert.name, `${context ? `${context}: ` : ""}${formatRevert(revert)}`, {
      details: { error: revert.name, args: revert.args },
    });
    this.revert = revert;
  }
}

let errorInterface: Promise<Interface> | undefined;

/** One Interface holding every custom error of every project contract (deduplicated by selector). */
export function loadErrorInterface(): Promise<Interface> {
  errorInterface ??= (async () => {
    const seen = new Set<string>();
    const fragments: string[] = [];
    for (const name of PROJECT_CONTRACTS) {
      const artifact = await readArtifact(name);
      const iface = new Interface(artifact.abi);
      iface.forEachError((fragment: ErrorFragment) => {
        if (!seen.has(fragment.selector)) {
          seen.add(fragment.selector);
          fragments.push(fragment.format("full"));
        }
      });
    }
    fragments.push("error Error(string message)", "error Panic(uint256 code)");
    return new Interface(fragments);
  })();
  return errorInterface;
}

/** Decodes revert data (`0x` + selector + args) with the project's error ABI. */
export async function decodeRevertData(data: string | undefined): Promise<DecodedRevert> {
  if (!data || data === "0x") return { name: "Reverted", args: {}, data: data ?? "0x" };
  const iface = await loadErrorInterface();
  try {
    const parsed = iface.parseError(data);
    if (parsed) return { name: parsed.name, args: namedArgs(parsed.fragment.inputs, parsed.args), data };
  } catch {
    // fall through: unknown selector
  }
  return { name: "UnknownError", args: { selector: data.slice(0, 10) }, data };
}

function namedArgs(inputs: readonly { name: string }[], values: Result): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  inputs.forEach((input, i) => {
    out[input.name || `arg${i}`] = values[i];
  });
  return out;
}

/** `VoucherMatured(slotId=3, maturity=1767225600, now=1767312000)` */
export function formatRevert(revert: DecodedRevert): string {
  const args = Object.entries(revert.args)
    .map(([k, v]) => `${k}=${typeof v === "bigint" ? v.toString() : String(v)}`)
    .join(", ");
  return `${revert.name}(${args})`;
}

/** Finds revert data in the error objects that ethers, Hardhat and JSON-RPC nodes throw. */
export function revertDataOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length) {
    const e = stack.pop();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const rec = e as Record<string, unknown>;
    for (const key of ["data", "revertData"]) {
      const v = rec[key];
      if (typeof v === "string" && /^0x[0-9a-fA-F]*$/.test(v)) return v;
      if (v && typeof v === "object") stack.push(v);
    }
    for (const key of ["error", "info", "cause"]) stack.push(rec[key]);
  }
  return undefined;
}
