import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { ScfError } from "../domain/errors.js";

/** What a state folder was made for, and what it takes to come back to the same chain. */
export interface StateMeta {
  version: 1;
  /** The command that made the folder: a folder belongs to one command. */
  command: "serve" | "node";
  createdAt: string;
  /** Genesis time of the in-process chain (Unix seconds); absent on an RPC chain. */
  genesis?: number;
  /** Seed of the participants' dev keys. */
  seed: string;
  chainId: string;
  /** The JSON-RPC chain the deployment lives on (absent: in-process, rebuilt from the journal). */
  rpcUrl?: string;
  /** The consortium's contracts (name → address). */
  addresses: Record<string, string>;
  /** The scenario simulated first, and the chain tip it left (checked when it is simulated again). */
  scenario?: { name: string; seed: number; digest: string; tip: { block: number; hash: string } };
}

/**
 * A `--state` folder: the facts to rebuild the chain (`state.json`), the journal of every accepted
 * state-changing call (`chain.jsonl`), the indexer's database (`index.sqlite`) and the API tokens
 * (`tokens.json`). One process at a time: a lock file names the process that holds it, and a lock
 * left by a process that died (kill -9) is taken over.
 */
export class StateDir {
  readonly dir: string;
  readonly meta?: StateMeta;

  private constructor(dir: string, meta: StateMeta | undefined) {
    this.dir = dir;
    this.meta = meta;
  }

  /**
   * Opens (or creates) a state folder for `command` and takes its lock. A folder made by another
   * command, or a first start that never finished (no `state.json`), is refused or started afresh.
   * @example const state = StateDir.open("./classroom-state", "serve");
   */
  static open(dir: string, command: StateMeta["command"]): StateDir {
    mkdirSync(dir, { recursive: true });
    takeLock(dir);
    const metaPath = join(dir, "state.json");
    let meta: StateMeta | undefined;
    if (existsSync(metaPath)) {
      try {
        meta = JSON.parse(readFileSync(metaPath, "utf8")) as StateMeta;
      } catch (cause) {
        throw new ScfError("STATE_CORRUPT", `${metaPath} is not a state file`, { cause });
      }
      if (meta.version !== 1)
        throw new ScfError("STATE_VERSION", `${metaPath} has version ${meta.version}, expected 1`);
      if (meta.command !== command) {
        throw new ScfError(
          "STATE_OTHER_COMMAND",
          `${dir} holds the state of \`scf ${meta.command}\`, not of \`scf ${command}\``,
        );
      }
    } else {
      // A first start that stopped before it finished acknowledged nothing: start it again.
      for (const file of ["chain.jsonl", "index.sqlite", "index.sqlite-wal", "index.sqlite-shm", "tokens.json"]) {
        rmSync(join(dir, file), { force: true });
      }
    }
    return new StateDir(dir, meta);
  }

  get journalPath(): string {
    return join(this.dir, "chain.jsonl");
  }

  get indexPath(): string {
    return join(this.dir, "index.sqlite");
  }

  get tokensPath(): string {
    return join(this.dir, "tokens.json");
  }

  /** Refuses to reopen a folder with settings other than those it was made with. */
  expect(field: string, stored: unknown, given: unknown, flag: string): void {
    if (stored !== given) {
      throw new ScfError(
        "STATE_MISMATCH",
        `${this.dir} was made with ${flag} ${String(stored ?? "(none)")}, not ${String(given ?? "(none)")}: use the same ${field} or another --state folder`,
      );
    }
  }

  /** Writes `state.json` atomically (the start is complete from then on). */
  writeMeta(meta: StateMeta): void {
    writeAtomically(join(this.dir, "state.json"), JSON.stringify(meta, null, 2) + "\n");
  }

  /** Reads the saved API tokens (participant id → token), if any. */
  readTokens(): Record<string, string> | undefined {
    if (!existsSync(this.tokensPath)) return undefined;
    return JSON.parse(readFileSync(this.tokensPath, "utf8")) as Record<string, string>;
  }

  /** Saves the API tokens, readable by the owner only. */
  writeTokens(tokens: Map<string, string>): void {
    writeAtomically(this.tokensPath, JSON.stringify(Object.fromEntries(tokens), null, 2) + "\n");
  }

  /** Gives the lock back (at a clean stop). */
  release(): void {
    rmSync(join(this.dir, "lock"), { force: true });
  }
}

/** Writes a file so that a crash leaves either the old or the new content, never a mix. */
export function writeAtomically(path: string, text: string | Uint8Array): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  writeSync(fd, typeof text === "string" ? Buffer.from(text) : text);
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
}

function takeLock(dir: string): void {
  const lock = join(dir, "lock");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8"));
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
      throw new ScfError(
        "STATE_IN_USE",
        `${dir} is in use by process ${pid}: stop it first, or use another --state folder`,
      );
    }
  }
  writeAtomically(lock, String(process.pid));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
