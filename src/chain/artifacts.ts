import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import hre from "hardhat";
import type { Artifact } from "hardhat/types/artifacts";
import { currentPrebuilt, type Prebuilt } from "./prebuilt.js";

let built: Promise<void> | undefined;
/** The repository's prebuilt contracts, when they stand in for a build this process did not need. */
let prebuilt: Prebuilt | undefined;

/** How many files under `dir` match `pattern`, and the newest modification time among them (0 if none). */
function scan(dir: string, pattern: RegExp): { files: number; newest: number } {
  const found = { files: 0, newest: 0 };
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !pattern.test(entry.name)) continue;
    found.files++;
    found.newest = Math.max(found.newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return found;
}

/** What {@link ensureBuilt} is about to compile: how many contract sources, with which solc. */
export interface BuildPlan {
  /** Solidity files under the sources folder (contracts/), without their npm imports. */
  files: number;
  solc: string;
}

/**
 * Compiles the contracts once per process if any source is newer than their artifacts (so that a
 * fresh clone works without a separate build step), and skips the compiler entirely otherwise.
 * Only contracts/ is compiled (`hardhat build --no-tests`): the Solidity tests (test/solidity and
 * their imports, three quarters of a fresh clone's compile time) are left to `npm run build` and
 * `hardhat test`; a later full build compiles them, and a later contracts-only build after a full
 * one is a cache hit. Before all that: while the repository's prebuilt contracts
 * (prebuilt/contracts.json) are what the current sources compile to, they are used and nothing is
 * compiled. `onCompile` hears that the compiler is about to run,
 * and on what.
 */
export function ensureBuilt(onCompile?: (plan: BuildPlan) => void): Promise<void> {
  built ??= (async () => {
    // Whenever the prebuilt contracts are the sources' own, every run deploys them, compiled or not:
    // a build's bytecode ends in a metadata hash that also depends on what else it compiled with
    // (the Solidity tests' remappings), and the deployment's gas depends on those bytes.
    prebuilt = currentPrebuilt();
    if (prebuilt) return;
    const { root, artifacts, cache } = hre.config.paths;
    const dir = hre.config.paths.sources.solidity[0] ?? join(root, "contracts");
    const sources = scan(dir, /\.sol$/);
    // artifacts/contracts/… mirrors contracts/…; artifacts/test/… (Solidity tests) does not count.
    const compiled = scan(join(artifacts, relative(root, dir)), /\.json$/);
    // Hardhat rewrites no artifact when a newer source has the same content (a `git checkout`, a
    // `touch`): the stamp says that such sources were checked, so that the next run does not.
    const stamp = join(cache, "scf-contracts-checked");
    const checked = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
    if (compiled.files > 0 && Math.max(compiled.newest, checked) >= sources.newest) return;
    const solc = hre.config.solidity.profiles.default?.compilers[0]?.version ?? "?";
    onCompile?.({ files: sources.files, solc });
    await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
    mkdirSync(cache, { recursive: true });
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
  })();
  return built;
}

const cache = new Map<string, Artifact>();

/** The compiled artifact (ABI and bytecode) of a project contract, by contract name. */
export async function readArtifact(contractName: string): Promise<Artifact> {
  const hit = cache.get(contractName);
  if (hit) return hit;
  await ensureBuilt();
  const artifact = prebuilt?.artifacts[contractName] ?? (await hre.artifacts.readArtifact(contractName));
  cache.set(contractName, artifact);
  return artifact;
}
