import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import hre from "hardhat";
import type { Artifact } from "hardhat/types/artifacts";

let built: Promise<void> | undefined;

/** The newest modification time of the files under `dir` matching `pattern` (0 if none). */
function newest(dir: string, pattern: RegExp): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !pattern.test(entry.name)) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * Compiles the contracts once per process if any source is newer than the artifacts (so that a
 * fresh clone works without a separate build step), and skips the compiler entirely otherwise.
 * `onCompile` hears that the compiler is about to run (it takes a minute or two with the wasm solc).
 */
export function ensureBuilt(onCompile?: () => void): Promise<void> {
  built ??= (async () => {
    const sources = newest(hre.config.paths.sources.solidity[0] ?? "contracts", /\.sol$/);
    const artifacts = newest(hre.config.paths.artifacts, /\.json$/);
    if (artifacts > 0 && artifacts >= sources) return;
    onCompile?.();
    await hre.tasks.getTask("build").run({ quiet: true });
  })();
  return built;
}

const cache = new Map<string, Artifact>();

/** The compiled artifact (ABI and bytecode) of a project contract, by contract name. */
export async function readArtifact(contractName: string): Promise<Artifact> {
  const hit = cache.get(contractName);
  if (hit) return hit;
  await ensureBuilt();
  const artifact = await hre.artifacts.readArtifact(contractName);
  cache.set(contractName, artifact);
  return artifact;
}
