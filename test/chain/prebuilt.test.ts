import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hre from "hardhat";
import { describe, expect, it } from "vitest";
import { PREBUILT_CONTRACTS, readPrebuilt, sourcesFingerprint } from "../../src/chain/prebuilt.js";

/**
 * Bytecode without its trailing CBOR metadata (its length is the last two bytes). The metadata's
 * hash also covers the settings of the compile that made it, remappings included, so a build with
 * the Solidity tests ends some contracts in other bytes than a build of contracts/ alone.
 */
function withoutMetadata(bytecode: string): string {
  const length = parseInt(bytecode.slice(-4), 16);
  expect(bytecode.slice(-4 - 2 * length, -4 - 2 * length + 2)).toMatch(/^a[0-9a-f]$/); // a CBOR map
  return bytecode.slice(0, -4 - 2 * length);
}

/**
 * prebuilt/contracts.json lets a fresh clone run without compiling. It must always be what the
 * current sources compile to: after a contract changes, `npm run prebuilt` writes it again.
 */
describe("the prebuilt contracts", () => {
  it("are kept under the fingerprint of the current sources (run npm run prebuilt after changing a contract)", () => {
    const prebuilt = readPrebuilt();
    expect(prebuilt, "prebuilt/contracts.json is missing: npm run prebuilt").toBeDefined();
    expect(prebuilt!.fingerprint, "the contracts changed since npm run prebuilt").toBe(sourcesFingerprint());
  });

  it("hold the same ABI and bytecode as the compiler makes of the sources", async () => {
    const prebuilt = readPrebuilt()!;
    expect(Object.keys(prebuilt.artifacts).sort()).toEqual([...PREBUILT_CONTRACTS].sort());
    for (const name of PREBUILT_CONTRACTS) {
      const compiled = await hre.artifacts.readArtifact(name);
      expect(prebuilt.artifacts[name].abi, name).toEqual(compiled.abi);
      expect(withoutMetadata(prebuilt.artifacts[name].bytecode), name).toBe(withoutMetadata(compiled.bytecode));
      expect(withoutMetadata(prebuilt.artifacts[name].deployedBytecode), name).toBe(
        withoutMetadata(compiled.deployedBytecode),
      );
    }
  });

  it("get another fingerprint when any contract's text changes, and the same one for the same texts", () => {
    const dir = mkdtempSync(join(tmpdir(), "scf-prebuilt-"));
    try {
      cpSync(hre.config.paths.sources.solidity[0], dir, { recursive: true });
      expect(sourcesFingerprint(dir)).toBe(sourcesFingerprint());
      appendFileSync(join(dir, "money", "ECNY.sol"), "\n");
      expect(sourcesFingerprint(dir)).not.toBe(sourcesFingerprint());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
