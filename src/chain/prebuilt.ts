import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import hre from "hardhat";
import type { Artifact } from "hardhat/types/artifacts";
import { PROJECT_CONTRACTS } from "./contracts.js";

/**
 * The compiled contracts kept in the repository, so that a fresh clone runs without compiling
 * (the WebAssembly solc takes 10–30 s): ABI and bytecode of each contract a run deploys, under the
 * fingerprint of everything the compiler's output depends on. They are used only while that
 * fingerprint is the sources' own; `npm run prebuilt` writes them again, and `npm test` fails when
 * they no longer match the sources or what the compiler makes of them.
 */
export const PREBUILT_FILE = "prebuilt/contracts.json";

/** The contracts kept prebuilt: those a consortium deployment consists of, and the bench's reference. */
export const PREBUILT_CONTRACTS: readonly string[] = [...PROJECT_CONTRACTS, "ReferenceERC3525"];

/** The npm packages whose Solidity files the contracts import. */
const SOLIDITY_PACKAGES = ["@openzeppelin/contracts", "@solvprotocol/erc-3525"];

export interface Prebuilt {
  fingerprint: string;
  solc: string;
  artifacts: Record<string, Artifact>;
}

const require = createRequire(import.meta.url);

/**
 * A hash of what the compiler's output depends on: the solc version and settings, every Solidity
 * file under the sources folder `dir` (path in it and content) and the versions of the packages they
 * import.
 */
export function sourcesFingerprint(
  dir = hre.config.paths.sources.solidity[0] ?? join(hre.config.paths.root, "contracts"),
): string {
  const compiler = hre.config.solidity.profiles.default?.compilers[0];
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ solc: compiler?.version, settings: compiler?.settings }));
  const files = readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".sol"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) hash.update(`\0${relative(dir, file)}\0`).update(readFileSync(file));
  for (const pkg of SOLIDITY_PACKAGES) {
    const { version } = JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as {
      version: string;
    };
    hash.update(`\0${pkg}@${version}`);
  }
  return hash.digest("hex");
}

let kept: Prebuilt | null | undefined;

/** The prebuilt contracts in the repository (undefined if there are none). */
export function readPrebuilt(): Prebuilt | undefined {
  if (kept === undefined) {
    const path = join(hre.config.paths.root, PREBUILT_FILE);
    kept = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Prebuilt) : null;
  }
  return kept ?? undefined;
}

/** The prebuilt contracts if they are what the current sources compile to, else undefined. */
export function currentPrebuilt(): Prebuilt | undefined {
  const prebuilt = readPrebuilt();
  return prebuilt && prebuilt.fingerprint === sourcesFingerprint() ? prebuilt : undefined;
}
