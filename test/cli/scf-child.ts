import { spawn } from "node:child_process";

/** What a `scf` process said and how it ended. */
export interface Answer {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `scf …args` as a user would (a process of its own, no terminal on stdin, SCF_DEBUG unset);
 * resolves with its exit code and output. Killed after `timeoutMs`.
 */
export function runScf(args: string[], timeoutMs = 60_000): Promise<Answer> {
  const env = { ...process.env };
  delete env.SCF_DEBUG;
  const child = spawn(process.execPath, ["bin/scf.js", ...args], { stdio: ["ignore", "pipe", "pipe"], env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
