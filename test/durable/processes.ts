import { spawn, type ChildProcess } from "node:child_process";

/** A `scf` process started as a user would, with its output so far. */
export interface ScfProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `scf …args` (on this Node 22) and collects its output. */
export function startScf(args: string[], env: NodeJS.ProcessEnv = process.env): ScfProcess {
  const child = spawn(process.execPath, ["bin/scf.js", ...args], { stdio: ["ignore", "pipe", "pipe"], env });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Waits until `test` holds (polling), or fails after `timeoutMs` with the process output. */
export async function waitFor<T>(
  test: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  proc?: ScfProcess,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await test();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${proc?.output() ?? ""}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Kills a process at once (no chance to clean up), as a crash or an OOM killer would. */
export async function killHard(proc: ScfProcess): Promise<void> {
  proc.child.kill("SIGKILL");
  await proc.exited;
}

/** A small seeded random generator (mulberry32), so that the kill points repeat. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
