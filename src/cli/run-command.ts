import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
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

/** What a file-system error on a path the user gave means, by its code. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "a folder, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "on a read-only file system",
  ENOSPC: "no space left on the device",
};

/**
 * A file-system error on a path (a folder that cannot be made, a file that cannot be written) as
 * one line, or undefined for any other error.
 */
function fileErrorMessage(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof e.code !== "string" || typeof e.path !== "string") return undefined;
  if (e.code === "EEXIST")
    return `${e.path}: ${e.syscall === "mkdir" ? "a file is in the way of a folder" : "already exists"}`;
  const reason = FILE_ERRORS[e.code];
  return reason ? `${e.path}: ${reason}${e.syscall ? ` (${e.syscall})` : ""}` : undefined;
}

/** Prints an error as one line and exits with status 1. */
export function fail(error: unknown): never {
  if (process.env.SCF_DEBUG === "1") console.error(error);
  const message =
    error instanceof ScfError
      ? error.message
      : (fileErrorMessage(error) ??
        (error instanceof Error
          ? `${error.message.split("\n")[0]} (unexpected; run with SCF_DEBUG=1 for details)`
          : String(error)));
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

/**
 * The folder a `--state` flag names, refused up front when it is a file or holds another command's
 * data (a checkpoint of `scf run`): the state of `scf node` and `scf serve` is checked by StateDir.
 */
export function stateFolder(path: string, command: "node" | "serve"): string {
  const dir = userPath(path);
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new ScfError("INVALID_FLAG", `--state ${dir}: a file, not a folder`);
  if (existsSync(join(dir, "checkpoint.json"))) {
    throw new ScfError(
      "STATE_OTHER_COMMAND",
      `${dir} holds a checkpoint of \`scf run\`, not the state of \`scf ${command}\``,
    );
  }
  return dir;
}

/** The folder a flag names for output (`--out`), refused up front when it is a file. */
export function outputFolder(flag: string, path: string): string {
  const dir = userPath(path);
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new ScfError("INVALID_FLAG", `${flag} ${dir}: a file, not a folder`);
  return dir;
}
