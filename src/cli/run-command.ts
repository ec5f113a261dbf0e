import { resolve } from "node:path";
import { ScfError } from "../domain/errors.js";

/** Resolves a path the user typed against the directory they typed the command in. */
export function userPath(path: string): string {
  return resolve(process.env.SCF_USER_CWD ?? process.cwd(), path);
}

/**
 * Runs a command's action: a mistake or a refusal prints one line `scf: <message>` and exits
 * non-zero; no stack trace unless SCF_DEBUG=1.
 */
export function runCommand<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      fail(error);
    }
  };
}

/** Prints an error as one line and exits with status 1. */
export function fail(error: unknown): never {
  if (process.env.SCF_DEBUG === "1") console.error(error);
  const message =
    error instanceof ScfError
      ? error.message
      : error instanceof Error
        ? `${error.message.split("\n")[0]} (unexpected; run with SCF_DEBUG=1 for details)`
        : String(error);
  console.error(`scf: ${message}`);
  process.exit(1);
}

/** Parses a whole number flag, refusing anything else with a one-line message. */
export function intFlag(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value)) throw new ScfError("INVALID_FLAG", `--${name} must be a whole number, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new ScfError("INVALID_FLAG", `--${name} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

/** Parses a positive decimal number flag (e.g. a scale factor). */
export function positiveNumber(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > 1_000) {
      throw new ScfError("INVALID_FLAG", `--${name} must be a positive number up to 1000, got "${value}"`);
    }
    return n;
  };
}
