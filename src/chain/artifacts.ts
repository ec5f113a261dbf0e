import hre from "hardhat";
import type { Artifact } from "hardhat/types/artifacts";

let built: Promise<void> | undefined;

/**
 * Compiles the contracts once per process if anything changed (a no-op when the artifacts are
 * current), so that a fresh clone works without a separate build step.
 */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
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
